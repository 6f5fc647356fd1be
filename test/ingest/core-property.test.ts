// Property tests: random and mutated inputs fed through the walker to every registered importer.
// Whatever the bytes, reconstruction never throws; problems come back as warnings.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { IMPORTERS } from '../../src/ingest/registry.js';
import { reconstruct } from '../../src/ingest/index.js';
import { importInput } from '../../src/ingest/walk.js';
import { makeZip } from './core-zip.js';

const ROOT = fileURLToPath(new URL('../fixtures/incidents/', import.meta.url));
function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}
const corpus = walk(ROOT)
  .filter((p) => p.includes('/inputs/'))
  .map((p) => ({ name: p.split('/').pop()!, text: readFileSync(p, 'utf8') }));

const tmp = mkdtempSync(join(tmpdir(), 'debrief-prop-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
function file(data: string | Uint8Array, name = 'f'): string {
  const p = join(tmp, `${n++}-${name}`);
  writeFileSync(p, data);
  return p;
}

const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

async function assertSafe(path: string, tz: string | null = null): Promise<void> {
  const r = await importInput(path, IMPORTERS, { tz });
  expect(Array.isArray(r.events)).toBe(true);
  expect(Array.isArray(r.warnings)).toBe(true);
  for (const e of r.events) {
    expect(Number.isFinite(e.occurredAt)).toBe(true);
    expect(typeof e.text).toBe('string');
    expect(e.text).not.toMatch(CONTROL);
  }
  for (const w of r.warnings) expect(typeof w.message).toBe('string');
}

/** Replace a random JSON value somewhere in the tree with a random one. */
function mutateJson(v: unknown, path: number[], repl: unknown): unknown {
  if (!path.length || v === null || typeof v !== 'object') return repl;
  const [head, ...rest] = path;
  if (Array.isArray(v)) {
    if (!v.length) return repl;
    const i = head! % v.length;
    const copy = v.slice();
    copy[i] = mutateJson(v[i], rest, repl);
    return copy;
  }
  const keys = Object.keys(v as object);
  if (!keys.length) return repl;
  const k = keys[head! % keys.length]!;
  return { ...(v as object), [k]: mutateJson((v as Record<string, unknown>)[k], rest, repl) };
}

describe('importers never throw (property)', () => {
  it('random bytes and random text', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.uint8Array({ maxLength: 2000 }), fc.string({ maxLength: 2000 }), fc.json()), async (data) => {
        await assertSafe(file(data));
      }),
      { numRuns: 60 },
    );
  });

  it('fixture files cut, spliced and sprinkled with escapes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...corpus),
        fc.nat(),
        fc.nat(),
        fc.string({ maxLength: 40 }),
        fc.constantFrom('\u001b[31m', '\u001b]0;pwned\u0007', '\u0000', '\ufffd', '"', '}', ']', '\n', '9999999999999999999999'),
        async (doc, a, b, junk, esc) => {
          const t = doc.text;
          const i = a % (t.length + 1);
          const j = Math.min(t.length, i + (b % 200));
          const mutated = [t.slice(0, i), junk, esc, t.slice(j)].join('');
          await assertSafe(file(mutated, doc.name));
          await assertSafe(file(t.slice(0, i), doc.name));
        },
      ),
      { numRuns: 80 },
    );
  });

  it('fixture JSON with random values swapped in anywhere', async () => {
    const jsonDocs = corpus.filter((d) => d.name.endsWith('.json')).map((d) => ({ ...d, json: JSON.parse(d.text) as unknown }));
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...jsonDocs),
        fc.array(fc.nat(), { minLength: 1, maxLength: 6 }),
        fc.oneof(fc.anything(), fc.constant(null), fc.constant('0001-01-01T00:00:00Z'), fc.constant(1e308), fc.constant('\u001b[2J')),
        async (doc, path, repl) => {
          let m: unknown;
          try {
            m = mutateJson(doc.json, path, repl);
            const s = JSON.stringify(m);
            if (s === undefined) return;
            await assertSafe(file(s, doc.name), 'UTC');
          } catch (err) {
            // JSON.stringify of fc.anything() can throw (BigInt); that is the generator, not the importer
            if (err instanceof TypeError && /BigInt/.test(String(err.message))) return;
            throw err;
          }
        },
      ),
      { numRuns: 80 },
    );
  });

  it('zips with random entries and names', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ name: fc.oneof(fc.string({ minLength: 1, maxLength: 30 }), fc.constantFrom('../x.json', '/abs', 'a/b/c.json', 'C:\\x')), doc: fc.constantFrom(...corpus), cut: fc.nat(), deflate: fc.boolean(), corrupt: fc.boolean() }), { maxLength: 4 }),
        async (entries) => {
          const zip = makeZip(entries.map((e) => ({ name: e.name, data: e.doc.text.slice(0, e.cut % (e.doc.text.length + 1)), deflate: e.deflate, corrupt: e.corrupt })));
          await assertSafe(file(zip, 'x.zip'));
        },
      ),
      { numRuns: 40 },
    );
  });

  it('reconstruct of random inputs resolves with warnings, never rejects', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(fc.string({ maxLength: 300 }), fc.uint8Array({ maxLength: 300 })), { minLength: 1, maxLength: 3 }), async (docs) => {
        const paths = docs.map((d) => file(d));
        const r = await reconstruct([...paths, join(tmp, 'missing')], { tz: null });
        expect(r.warnings.some((w) => w.file.endsWith('missing'))).toBe(true);
      }),
      { numRuns: 30 },
    );
  });
});

// The walker and reconstruct() on bad input: every problem is a warning naming the file (and line or
// zip entry), and the other inputs still import. Nothing throws.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconstruct } from '../../src/ingest/index.js';
import { decodeBytes, looksBinary, safeEntryName } from '../../src/ingest/walk.js';
import { makeZip } from './core-zip.js';

const STATUSPAGE = readFileSync(
  fileURLToPath(new URL('../fixtures/incidents/checkout-pool-exhaustion/inputs/statuspage-incident.json', import.meta.url)),
  'utf8',
);
const LOG = readFileSync(fileURLToPath(new URL('../fixtures/incidents/hl7-queue-backlog/inputs/ie-engine-01.jsonl', import.meta.url)), 'utf8');

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'debrief-walk-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function put(name: string, data: string | Uint8Array): string {
  const p = join(dir, name);
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, data);
  return name;
}

const run = (inputs: string[], extra: Parameters<typeof reconstruct>[1] = {}) => reconstruct(inputs, { cwd: dir, ...extra });

describe('bad input', () => {
  it('a truncated JSON file is a warning with its line; the other input still imports', async () => {
    const cut = STATUSPAGE.slice(0, Math.floor(STATUSPAGE.length / 2));
    const a = put('bad/truncated.json', cut);
    const b = put('bad/statuspage.json', STATUSPAGE);
    const r = await run([a, b]);
    const w = r.warnings.find((x) => x.file === 'bad/truncated.json');
    expect(w?.message).toMatch(/truncated JSON/);
    expect(w?.line).toBe(cut.split('\n').length);
    expect(r.events.filter((e) => e.kind === 'status')).toHaveLength(4);
    expect(r.readAny).toBe(true);
  });

  it('malformed JSON names the line of the error', async () => {
    const a = put('bad/malformed.json', '{\n  "incident_updates": [\n    {"id": 1,,}\n  ]\n}\n');
    const r = await run([a]);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]!.message).toMatch(/malformed JSON/);
    expect(r.warnings[0]!.line).toBe(3);
    expect(r.readAny).toBe(false);
  });

  it('a binary file is skipped with a warning', async () => {
    const bytes = new Uint8Array(4096).map((_, i) => (i * 7919) % 256);
    const a = put('bad/image.png', bytes);
    const r = await run([a]);
    expect(r.warnings).toEqual([{ file: 'bad/image.png', message: expect.stringMatching(/binary/) }]);
    expect(r.events).toEqual([]);
    expect(r.readAny).toBe(false);
  });

  it('an empty folder, an empty file and a missing path each warn', async () => {
    mkdirSync(join(dir, 'empty'), { recursive: true });
    const f = put('bad/empty.json', '');
    const r = await run(['empty', f, 'nope/missing.json']);
    expect(r.warnings.map((w) => `${w.file}: ${w.message}`)).toEqual([
      'empty: empty folder: nothing to import',
      'bad/empty.json: empty file; skipped',
      'nope/missing.json: no such file or folder',
    ]);
    expect(r.readAny).toBe(false);
  });

  it('an unknown format is a warning, and a folder with several formats imports each', async () => {
    put('mixed/notes.md', '# Notes\n\nsome prose that is not an export\n');
    put('mixed/status.json', STATUSPAGE);
    put('mixed/engine.jsonl', LOG);
    const r = await run(['mixed']);
    expect(r.warnings).toEqual([{ file: 'mixed/notes.md', message: expect.stringMatching(/unknown format/) }]);
    const types = new Set(r.events.flatMap((e) => e.sources.map((s) => s.type)));
    expect([...types].sort()).toEqual(['log', 'statuspage']);
    expect(r.sources[0]!.types.sort()).toEqual(['log', 'statuspage']);
  });

  it('zone-less times without --tz are warnings naming file and line, never a guess; with --tz they convert', async () => {
    const a = put('local/app.jsonl', '{"time":"2024-03-12 09:07:00","msg":"merchant call: payments failing"}\n{"time":"2024-03-12T14:08:00Z","msg":"zoned line"}\n');
    const r = await run([a]);
    expect(r.warnings).toEqual([{ file: 'local/app.jsonl', line: 1, message: expect.stringMatching(/no time zone; pass --tz/) }]);
    expect(r.events.map((e) => e.text)).toEqual(['zoned line']);
    const z = await run([a], { tz: 'America/Chicago' });
    expect(z.warnings).toEqual([]);
    expect(z.events[0]!.occurredAt).toBe('2024-03-12T14:07:00Z');
  });

  it('strips a UTF-8 BOM and decodes UTF-16 with a BOM', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(STATUSPAGE, 'utf16le')]);
    const a = put('enc/utf16.json', utf16);
    const b = put('enc/bom.jsonl', `\ufeff${LOG}`);
    const r = await run([a, b]);
    expect(r.warnings).toEqual([]);
    expect(r.events.filter((e) => e.kind === 'status')).toHaveLength(4);
    expect(r.events.filter((e) => e.sources[0]!.type === 'log').length).toBeGreaterThan(40);
  });

  it('files above the read cap are skipped, but JSON lines stream at any size', async () => {
    // above the 64 KB head, so only the head is read
    const a = put('big/status.json', STATUSPAGE.replace('{', `{${' '.repeat(70_000)}`));
    const b = put('big/engine.jsonl', LOG);
    const r = await run([a, b], { limits: { maxReadBytes: 1024, maxJsonBytes: 1024 } });
    expect(r.warnings).toEqual([{ file: 'big/status.json', message: expect.stringMatching(/not a format that can be streamed|read cap/) }]);
    expect(r.events.length).toBeGreaterThan(40);
  });
});

describe('zips', () => {
  it('imports a zip like a folder and names entries in paths', async () => {
    const a = put('zip/export.zip', makeZip([
      { name: 'export/status.json', data: STATUSPAGE, deflate: true },
      { name: 'export/engine.jsonl', data: LOG },
    ]));
    const r = await run([a]);
    expect(r.warnings).toEqual([]);
    const files = new Set(r.events.flatMap((e) => e.sources.map((s) => s.file)));
    expect([...files].sort()).toEqual(['zip/export.zip/export/engine.jsonl', 'zip/export.zip/export/status.json']);
  });

  it('a broken entry warns with its name and the rest of the zip imports', async () => {
    const a = put('zip/broken.zip', makeZip([
      { name: 'status.json', data: STATUSPAGE, deflate: true, corrupt: true },
      { name: 'engine.jsonl', data: LOG, deflate: true },
    ]));
    const r = await run([a]);
    expect(r.warnings.map((w) => w.file)).toEqual(['zip/broken.zip/status.json']);
    expect(r.events.length).toBeGreaterThan(40);
  });

  it('rejects path-traversal and absolute entry names (zip slip) with a warning', async () => {
    const a = put('zip/slip.zip', makeZip([
      { name: '../../etc/evil.json', data: STATUSPAGE },
      { name: '/abs/evil.json', data: STATUSPAGE },
      { name: 'ok/engine.jsonl', data: LOG },
    ]));
    const r = await run([a]);
    expect(r.warnings.map((w) => w.message)).toEqual([
      expect.stringMatching(/unsafe path/),
      expect.stringMatching(/unsafe path/),
    ]);
    expect(r.events.every((e) => e.sources.every((s) => !s.file.includes('..')))).toBe(true);
    expect(r.events.length).toBeGreaterThan(40);
  });

  it('rejects entries with absurd compression ratios or sizes', async () => {
    const zeros = new Uint8Array(4 * 1024 * 1024);
    const a = put('zip/bomb.zip', makeZip([
      { name: 'bomb.jsonl', data: zeros, deflate: true },
      { name: 'engine.jsonl', data: LOG },
    ]));
    const r = await run([a]);
    expect(r.warnings).toEqual([{ file: 'zip/bomb.zip/bomb.jsonl', message: expect.stringMatching(/zip bomb/) }]);
    expect(r.events.length).toBeGreaterThan(40);
  });

  it('an entry that inflates past its declared size is stopped', async () => {
    const a = put('zip/liar.zip', makeZip([{ name: 'engine.jsonl', data: LOG, deflate: true, claimSize: 100 }]));
    const r = await run([a]);
    expect(r.warnings[0]?.file).toBe('zip/liar.zip/engine.jsonl');
    expect(r.warnings[0]?.message).toMatch(/larger than its header/);
  });

  it('a file that is not a zip despite its name is read by content; a damaged zip warns', async () => {
    const a = put('zip/actually-json.zip', STATUSPAGE);
    const b = put('zip/damaged.zip', makeZip([{ name: 'engine.jsonl', data: LOG }]).subarray(0, 200));
    const r = await run([a, b]);
    expect(r.events.filter((e) => e.kind === 'status')).toHaveLength(4);
    expect(r.warnings.some((w) => w.file.startsWith('zip/damaged.zip'))).toBe(true);
  });
});

describe('helpers', () => {
  it('safeEntryName keeps relative names and refuses traversal', () => {
    expect(safeEntryName('a/b/c.json')).toBe('a/b/c.json');
    expect(safeEntryName('./a//b.json')).toBe('a/b.json');
    expect(safeEntryName('a\\..\\..\\b.json')).toBeNull();
    expect(safeEntryName('../b.json')).toBeNull();
    expect(safeEntryName('C:/b.json')).toBeNull();
    expect(safeEntryName('/b.json')).toBeNull();
  });

  it('decodes BOMs and spots binary', () => {
    expect(decodeBytes(Buffer.from([0xef, 0xbb, 0xbf, 0x68, 0x69]))).toBe('hi');
    expect(decodeBytes(Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from([0, 0x68, 0, 0x69])]))).toBe('hi');
    expect(looksBinary(Buffer.from('plain text\nwith lines\n'))).toBe(false);
    expect(looksBinary(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]))).toBe(true);
    expect(looksBinary(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('text', 'utf16le')]))).toBe(false);
  });
});

describe('inputs', () => {
  it('an input given twice is read once', async () => {
    const a = put('twice/status.json', STATUSPAGE);
    const r = await run([a, `./${a}`]);
    expect(r.events).toHaveLength(4);
    expect(r.warnings).toEqual([{ file: `./${a}`, message: 'given more than once; read once' }]);
  });
});

// Hostile input for every importer (issue 10). A small committed seed corpus (test/fixtures/fuzz/seeds,
// one export per importer) is damaged at test time: truncated, byte-mutated, deeply nested, huge
// strings, wrong encodings, NUL bytes, zip bombs, nested zips and path-traversal entries. Every case
// must finish within a timeout, and either read events or warn naming the file; nothing may be
// written outside the temp folder; `debrief timeline` on the whole corpus stays within a memory bound.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconstruct, type ReconstructResult } from '../../src/ingest/index.js';
import { zip } from './zip.js';

const SEEDS = fileURLToPath(new URL('../fixtures/fuzz/seeds/', import.meta.url));
const BIN = fileURLToPath(new URL('../../dist/bundle/debrief.mjs', import.meta.url));
const base = mkdtempSync(path.join(tmpdir(), 'debrief-fuzz-'));
const corpus = path.join(base, 'corpus');
afterAll(() => rmSync(base, { recursive: true, force: true }));

const seedFiles = readdirSync(SEEDS).filter((f) => statSync(path.join(SEEDS, f)).isFile());

/** deterministic PRNG so a failure names a reproducible case */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

interface Case {
  name: string;
  /** the case must read events (a valid export in another encoding); otherwise events or a warning */
  mustRead?: boolean;
}
const cases: Case[] = [];
const add = (name: string, data: Buffer | string, c: Partial<Case> = {}) => {
  writeFileSync(path.join(corpus, name), data);
  cases.push({ name, ...c });
};

beforeAll(() => {
  mkdirSync(corpus, { recursive: true });
  const rand = rng(20261128);
  for (const f of seedFiles) {
    const bytes = readFileSync(path.join(SEEDS, f));
    const text = bytes.toString('utf8');
    const ext = path.extname(f);
    const stem = path.basename(f, ext);
    add(`${stem}.truncated${ext}`, bytes.subarray(0, Math.floor(bytes.length * 0.37)));
    for (let m = 0; m < 3; m++) {
      const b = Buffer.from(bytes);
      for (let k = 0; k < 12; k++) b[Math.floor(rand() * b.length)] = Math.floor(rand() * 256);
      add(`${stem}.mutated${m}${ext}`, b);
    }
    add(`${stem}.nul${ext}`, Buffer.concat([bytes.subarray(0, 200), Buffer.alloc(64), bytes.subarray(200)]));
    add(`${stem}.utf8bom${ext}`, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]), { mustRead: true });
    add(`${stem}.utf16le-bom${ext}`, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]), { mustRead: true });
    const be = Buffer.from(text, 'utf16le').swap16();
    add(`${stem}.utf16be-bom${ext}`, Buffer.concat([Buffer.from([0xfe, 0xff]), be]), { mustRead: true });
    add(`${stem}.utf16le${ext}`, Buffer.from(text, 'utf16le'));
    add(`${stem}.utf16be${ext}`, be);
    add(`${stem}.latin1${ext}`, Buffer.from(text.replace(/[^\x00-\xff]/g, '?'), 'latin1'));
  }
  add('deep-array.json', '['.repeat(100_000));
  add('deep-object.json', '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000));
  add('deep-closed.json', '['.repeat(100_000) + ']'.repeat(100_000));
  add('huge-line.txt', `2024-03-12T14:00:00Z ${'A'.repeat(10 * 1024 * 1024)}\n`);
  add('huge-string.json', `[{"ts":"1710252000.000100","type":"message","user":"U1","text":"${'B'.repeat(10 * 1024 * 1024)}"}]`);
  add('empty.json', '');
  add('only-bom.json', Buffer.from([0xef, 0xbb, 0xbf]));
  add('random.bin', Buffer.from(Array.from({ length: 4096 }, () => Math.floor(rand() * 256))));
  // zips: a bomb (a few hundred KB that expand to 300 MB), a nested zip, path-traversal entries
  const pd = readFileSync(path.join(SEEDS, 'pagerduty.json'));
  add('bomb.zip', zip([{ name: 'big.json', data: Buffer.alloc(300 * 1024 * 1024, 0x20) }]));
  let nested = zip([{ name: 'pagerduty.json', data: pd }]);
  for (let i = 0; i < 12; i++) nested = zip([{ name: `level${i}.zip`, data: nested, deflate: false }]);
  add('nested.zip', nested);
  add(
    'traversal.zip',
    zip([
      { name: '../../escaped.json', data: pd },
      { name: '/tmp/debrief-absolute-escape.json', data: pd },
      { name: 'ok/../../../x.json', data: pd },
      { name: 'C:\\Windows\\evil.json', data: pd },
    ]),
  );
});

/** reconstruct with a time limit: a hang fails the case instead of the suite */
async function within<T>(ms: number, p: Promise<T>, what: string): Promise<T> {
  let t: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<T>((_, rej) => (t = setTimeout(() => rej(new Error(`${what}: no answer in ${ms} ms`)), ms)))]);
  } finally {
    clearTimeout(t);
  }
}

const warned = (r: ReconstructResult, name: string) => r.warnings.some((w) => w.file.includes(name) && w.message.trim().length > 5);

describe('hostile input, every importer', () => {
  it('each seed reads cleanly (so the damaged copies test something)', async () => {
    for (const f of [...seedFiles, 'slack-export']) {
      const r = await reconstruct([path.join(SEEDS, f)], { tz: 'UTC', contentHash: false });
      expect(r.events.length + r.series.length, f).toBeGreaterThan(0);
    }
  });

  it('every damaged case finishes in time and reads events or warns naming the file', async () => {
    const outcomes: string[] = [];
    let warnings = 0;
    for (const c of cases) {
      const file = path.join(corpus, c.name);
      const r = await within(15_000, reconstruct([file], { tz: 'UTC', contentHash: false }), c.name);
      warnings += r.warnings.length;
      const read = r.events.length + r.series.length > 0;
      if (c.mustRead && !read) outcomes.push(`${c.name}: a valid export in another encoding was not read (${r.warnings.map((w) => w.message).join('; ')})`);
      if (!read && !warned(r, c.name)) outcomes.push(`${c.name}: nothing read and no warning naming the file`);
      for (const e of r.events) {
        // NUL bytes and other control characters never make it into event text
        if (/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(e.text + (e.actor ?? ''))) outcomes.push(`${c.name}: control characters in an event`);
      }
    }
    console.log(`fuzz: ${cases.length} cases, ${warnings} warnings`);
    expect(outcomes).toEqual([]);
  }, 120_000);

  it('zip path traversal and absolute entries write nothing outside, and are named in a warning or read as plain names', async () => {
    const r = await within(15_000, reconstruct([path.join(corpus, 'traversal.zip')], { tz: 'UTC', contentHash: false }), 'traversal.zip');
    expect(readdirSync(base).sort()).toEqual(['corpus']);
    expect(() => statSync('/tmp/debrief-absolute-escape.json')).toThrow();
    expect(() => statSync(path.join(base, '..', 'escaped.json'))).toThrow();
    for (const e of r.events) for (const s of e.sources) expect(s.file ?? '').not.toMatch(/(^|[\\/])\.\.([\\/]|$)|^[\\/]/);
    expect(r.events.length > 0 || warned(r, 'traversal.zip')).toBe(true);
  });

  it('a zip bomb is refused with a warning, not expanded', async () => {
    const before = process.memoryUsage().rss;
    const r = await within(20_000, reconstruct([path.join(corpus, 'bomb.zip')], { tz: 'UTC', contentHash: false }), 'bomb.zip');
    expect(warned(r, 'bomb.zip')).toBe(true);
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
  }, 30_000);

  it('debrief timeline on the whole corpus: bounded peak memory, one warning line per bad file, no stack trace', () => {
    // the binary under a wrapper that reports its own peak RSS on exit
    const wrapper = path.join(base, 'rss.mjs');
    writeFileSync(
      wrapper,
      `import { writeSync } from 'node:fs'; import { pathToFileURL } from 'node:url';
process.on('exit', () => writeSync(2, '\\nMAXRSS_KB ' + process.resourceUsage().maxRSS + '\\n'));
process.argv.splice(1, 1);
await import(pathToFileURL(process.argv[1]).href);\n`,
    );
    const copy = path.join(base, 'run');
    cpSync(corpus, copy, { recursive: true });
    const started = Date.now();
    const r = spawnSync(process.execPath, [wrapper, BIN, 'timeline', copy, '--tz', 'UTC', '--json'], {
      encoding: 'utf8',
      timeout: 90_000,
      maxBuffer: 256 * 1024 * 1024,
      env: { ...process.env, NO_COLOR: '1' },
    });
    const secs = (Date.now() - started) / 1000;
    expect(r.error).toBeUndefined();
    const rss = Number(/MAXRSS_KB (\d+)/.exec(r.stderr)?.[1] ?? NaN);
    const warningLines = r.stderr.split('\n').filter((l) => l.startsWith('warning: '));
    console.log(`timeline on the fuzz corpus: ${cases.length} files, ${warningLines.length} warning lines, peak RSS ${(rss / 1024).toFixed(0)} MB, ${secs.toFixed(1)} s`);
    expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/); // no stack trace
    expect(warningLines.length).toBeGreaterThan(0);
    expect(rss).toBeLessThan(1024 * 1024); // 1 GB: the corpus holds 20+ MB of huge strings and a 300 MB bomb
    expect(readdirSync(base).sort()).toEqual(['corpus', 'rss.mjs', 'run']);
  }, 120_000);

  it('debrief new on the hostile zips and files writes only its session inside the sessions folder', () => {
    const work = path.join(base, 'work');
    const sessions = path.join(work, 'sessions');
    mkdirSync(work, { recursive: true });
    const listAll = (d: string): string[] =>
      readdirSync(d, { recursive: true, encoding: 'utf8' }).map((f) => path.join(d, f)).sort();
    const before = listAll(base);
    const inputs = ['traversal.zip', 'bomb.zip', 'nested.zip', 'deep-array.json', 'pagerduty.nul.json'].map((f) => path.join(corpus, f));
    inputs.push(path.join(SEEDS, 'pagerduty.json'));
    const r = spawnSync(process.execPath, [BIN, 'new', ...inputs, '--title', 'Hostile', '--tz', 'UTC', '--id', 'hostile', '--no-open', '--sessions-dir', sessions], {
      cwd: work,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/traversal\.zip/);
    expect(r.stderr).toMatch(/bomb\.zip/);
    const added = listAll(base).filter((f) => !before.includes(f));
    const outside = added.filter((f) => f !== sessions && !f.startsWith(sessions + path.sep));
    expect(outside).toEqual([]);
    expect(added).toContain(path.join(sessions, 'hostile.json'));
    expect(() => statSync('/tmp/debrief-absolute-escape.json')).toThrow();
  }, 90_000);
});

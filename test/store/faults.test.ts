// Disk full, read-only folder, and the saver's queue: simulated through the store's fs seam (this
// machine runs as root, which ignores chmod, so a failing fs layer is injected instead).
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Session } from '../../src/domain/schema.js';
import { nodeFs, openStore, saver, type FsLayer, type SaveStatus } from '../../src/store/index.js';
import { makeSession, tempDir } from './helpers/sessions.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir('debrief-faults-')));
afterEach(() => cleanup());

/** nodeFs whose writes fail with `code` while `broken.code` is set; counts completed renames */
function faultyFs(): { fs: FsLayer; broken: { code: string | null }; renames: string[] } {
  const broken: { code: string | null } = { code: null };
  const renames: string[] = [];
  const fail = (): never => {
    const e = new Error(`${broken.code}: simulated`) as NodeJS.ErrnoException;
    e.code = broken.code ?? 'EIO';
    throw e;
  };
  const fs: FsLayer = {
    ...nodeFs,
    async open(p, flags) {
      if (broken.code === 'EACCES' || broken.code === 'EROFS') fail();
      const h = await nodeFs.open(p, flags);
      return {
        writeFile: async (d) => {
          if (broken.code === 'ENOSPC') {
            await h.writeFile(d.slice(0, 10)); // a partial temp file, as a full disk leaves
            fail();
          }
          return h.writeFile(d);
        },
        sync: () => h.sync(),
        close: () => h.close(),
      };
    },
    async rename(a, b) {
      await nodeFs.rename(a, b);
      renames.push(path.basename(b));
    },
  };
  return { fs, broken, renames };
}

/** wait for a condition (polling), failing after 5 s */
async function until(cond: () => boolean): Promise<void> {
  const end = Date.now() + 5000;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not reached in 5 s');
    await new Promise((r) => setTimeout(r, 5));
  }
}
const edit = (s: Session, note: string): Session => ({ ...s, review: { ...s.review, notes: [...s.review.notes, note] } });
const onDisk = (id: string): Session => JSON.parse(readFileSync(path.join(dir, `${id}.json`), 'utf8'));

describe.each([
  ['ENOSPC', /Disk full: could not save .*full\.json \(ENOSPC\); the meeting is kept in memory/],
  ['EACCES', /is not writable \(EACCES\).*saving resumes when the folder is writable/],
  ['EROFS', /is not writable \(EROFS\)/],
])('%s', (code, message) => {
  it('keeps the old file whole, reports one clear line, keeps the session and resumes when fixed', async () => {
    const { fs, broken } = faultyFs();
    const store = openStore(dir, { fs, releaseOnExit: false });
    let s = makeSession('full');
    await store.create(s);
    const sv = saver(store, 'full', { retryBaseMs: 20, retryMaxMs: 40 });
    const seen: SaveStatus[] = [];
    sv.onStatus((st) => seen.push(st));
    broken.code = code;
    s = edit(s, 'one');
    sv.save(s);
    s = edit(s, 'two');
    sv.save(s);
    const st = await sv.flush();
    expect(st.state).toBe('retrying');
    expect(st.message).toMatch(message);
    expect(st.message.split('\n')).toHaveLength(1);
    expect(st.retryInMs).toBeGreaterThan(0);
    // the file on disk is the previous version, intact; no temp files left
    expect(onDisk('full').review.notes).toEqual([]);
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    // more typing while the disk is broken: kept, never blocks
    s = edit(s, 'three');
    sv.save(s);
    // the problem goes away: the retry timer writes the latest state without another save()
    broken.code = null;
    await until(() => sv.status().state === 'saved');
    expect(onDisk('full').review.notes).toEqual(['one', 'two', 'three']);
    expect(seen.some((x) => x.state === 'retrying')).toBe(true);
    sv.dispose();
  });
});

describe('saver', () => {
  it('coalesces a burst into few writes, the latest state wins, and save() never blocks', async () => {
    const { fs, renames } = faultyFs();
    const store = openStore(dir, { fs, releaseOnExit: false, backupEveryMs: 3_600_000 });
    let s = makeSession('burst');
    await store.create(s);
    renames.length = 0;
    const sv = saver(store, 'burst');
    const t = performance.now();
    for (let i = 0; i < 200; i++) {
      s = edit(s, `n${i}`);
      sv.save(s);
    }
    expect(performance.now() - t).toBeLessThan(50); // 200 saves queued synchronously
    await sv.flush();
    const writes = renames.filter((n) => n === 'burst.json').length;
    expect(writes).toBeGreaterThanOrEqual(1);
    expect(writes).toBeLessThanOrEqual(2);
    expect(onDisk('burst').review.notes).toHaveLength(200);
    expect(sv.status()).toMatchObject({ state: 'saved', code: null });
    sv.dispose();
  });

  it('refuses (without retry loops) when the file on disk failed to load, and says so', async () => {
    const store = openStore(dir, { releaseOnExit: false });
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path.join(dir, 'bad.json'), '{');
    expect((await store.load('bad')).ok).toBe(false);
    const sv = saver(store, 'bad');
    sv.save(makeSession('bad'));
    const st = await sv.flush();
    expect(st).toMatchObject({ state: 'refused', code: 'refused', retryInMs: null });
    expect(st.message).toMatch(/bad\.json failed to load, so it is never written over/);
    expect(readFileSync(path.join(dir, 'bad.json'), 'utf8')).toBe('{');
    sv.dispose();
  });

  it('reports a warning on the status line when the file was deleted while open', async () => {
    const store = openStore(dir, { releaseOnExit: false });
    const s = makeSession('vanish');
    await store.create(s);
    const { unlinkSync } = await import('node:fs');
    unlinkSync(path.join(dir, 'vanish.json'));
    const sv = saver(store, 'vanish');
    sv.save(edit(s, 'x'));
    const st = await sv.flush();
    expect(st.state).toBe('saved');
    expect(st.warning).toMatch(/deleted while the session was open/);
    expect(onDisk('vanish').review.notes).toEqual(['x']);
    sv.dispose();
  });
});

describe('an unreadable sessions folder', () => {
  it('listing says which folder and what to do, in one line', async () => {
    const fs: FsLayer = {
      ...nodeFs,
      readdir: async () => {
        throw Object.assign(new Error('denied'), { code: 'EACCES' });
      },
    };
    const err = await openStore(dir, { fs, cwd: dir }).list().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'io' });
    expect((err as Error).message).toMatch(/^Cannot read the sessions folder .+ \(EACCES\): check its permissions or choose another with --sessions-dir\.$/);
  });
});

describe('retry backoff and a vanished folder', () => {
  it('retries double up to the cap while the disk stays full', async () => {
    const { fs, broken } = faultyFs();
    const store = openStore(dir, { fs, releaseOnExit: false });
    const s = makeSession('slow');
    await store.create(s);
    const sv = saver(store, 'slow', { retryBaseMs: 10, retryMaxMs: 40 });
    const delays: number[] = [];
    sv.onStatus((st) => {
      if (st.state === 'retrying' && st.retryInMs !== null) delays.push(st.retryInMs);
    });
    broken.code = 'ENOSPC';
    sv.save(edit(s, 'a'));
    await until(() => delays.length >= 4);
    expect(delays.slice(0, 4)).toEqual([10, 20, 40, 40]);
    broken.code = null;
    await until(() => sv.status().state === 'saved');
    expect(onDisk('slow').review.notes).toEqual(['a']);
    sv.dispose();
  });

  it('the whole sessions folder deleted while open: recreated and saved, with a warning', async () => {
    const { rmSync } = await import('node:fs');
    const sessions = path.join(dir, 'nested');
    const store = openStore(sessions, { releaseOnExit: false });
    const s = makeSession('gone-dir');
    await store.create(s);
    rmSync(sessions, { recursive: true });
    const rep = await store.save(edit(s, 'still here'));
    expect(rep.warnings.join(' ')).toMatch(/deleted while the session was open/);
    expect(JSON.parse(readFileSync(path.join(sessions, 'gone-dir.json'), 'utf8')).review.notes).toEqual(['still here']);
  });
});

// A session file deleted in the instant between the store's write and its check of what it wrote:
// the next save must still say the file was deleted while open (not re-create it silently).
import { mkdtempSync, readFileSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSession } from '../../src/domain/session.js';
import { nodeFs, openStore, type FsLayer } from '../../src/store/index.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'debrief-races-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('file deleted right after a save', () => {
  it('the next save warns that it was deleted while open, and writes it again', async () => {
    const trap = { armed: false };
    const fs: FsLayer = {
      ...nodeFs,
      async rename(a, b) {
        await nodeFs.rename(a, b);
        if (trap.armed && b.endsWith('race.json')) {
          trap.armed = false;
          unlinkSync(b); // another program removes it before the store looks at what it wrote
        }
      },
    };
    const store = openStore(dir, { fs, cwd: dir });
    const s = createSession({ id: 'race', now: '2026-11-20T10:00:00.000Z', incident: { title: 'Race' } });
    await store.create(s);
    const loaded = await store.load('race');
    expect(loaded.ok).toBe(true);
    trap.armed = true;
    await store.save({ ...s, incident: { ...s.incident, title: 'Race 2' } });
    const next = await store.save({ ...s, incident: { ...s.incident, title: 'Race 3' } });
    expect(next.warnings.join(' ')).toMatch(/deleted while the session was open/);
    expect(JSON.parse(readFileSync(path.join(dir, 'race.json'), 'utf8')).incident.title).toBe('Race 3');
  });
});

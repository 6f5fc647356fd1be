// Faults under a running console (issue 10): disk full, a read-only sessions folder, the session file
// deleted or replaced while open, a clock that jumps backwards. Each must show a clear message on the
// console's status line, keep the in-memory session, and saving must resume once the problem is gone.
// The real store and saver run under the App (ink-testing-library); faults come through the store's
// fs seam (this machine runs as root, so chmod cannot make a folder read-only).
import { mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cleanup } from 'ink-testing-library';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Session } from '../../src/domain/schema.js';
import { BACKUP_DIR, nodeFs, openStore, saver, type FsLayer, type Saver, type SessionStore } from '../../src/store/index.js';
import { ready, renderApp, sessionWith, T0, iso, raw, type, waitForFrame, waitForText, type Harness } from '../ui/helpers.js';

let dir: string;
let sv: Saver | null = null;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'debrief-console-faults-'));
});
afterEach(() => {
  cleanup();
  sv?.dispose();
  sv = null;
  rmSync(dir, { recursive: true, force: true });
});

/** nodeFs that fails writes with `fault.code` while it is set */
function faultyFs(): { fs: FsLayer; fault: { code: string | null } } {
  const fault: { code: string | null } = { code: null };
  const boom = (): never => {
    const e = new Error(`${fault.code}: simulated`) as NodeJS.ErrnoException;
    e.code = fault.code ?? 'EIO';
    throw e;
  };
  const fs: FsLayer = {
    ...nodeFs,
    async open(p, flags) {
      if (fault.code === 'EROFS' || fault.code === 'EACCES') boom();
      const h = await nodeFs.open(p, flags);
      return {
        async writeFile(d) {
          if (fault.code === 'ENOSPC') {
            await h.writeFile(d.slice(0, 7)); // a full disk leaves a partial temp file
            boom();
          }
          return h.writeFile(d);
        },
        sync: () => h.sync(),
        close: () => h.close(),
      };
    },
    async mkdir(p) {
      if (fault.code === 'EROFS' || fault.code === 'EACCES') boom();
      return nodeFs.mkdir(p);
    },
  };
  return { fs, fault };
}

const ID = 'fault-session';
const file = () => path.join(dir, `${ID}.json`);
const onDisk = (): Session => JSON.parse(readFileSync(file(), 'utf8')) as Session;

async function consoleOn(store: SessionStore): Promise<{ app: Harness; session: Session }> {
  const session = sessionWith([{ type: 'incident/update', patch: { title: 'Fault drill', severity: 'SEV2' } }], { id: ID, now: iso(T0) });
  await store.create(session);
  const loaded = await store.load(ID);
  if (!loaded.ok) throw new Error(loaded.message);
  sv = saver(store, ID, { retryBaseMs: 20, retryMaxMs: 40 });
  const s = sv;
  // a wide terminal: the status line clips long messages to the space the flash leaves
  const app = renderApp({ session: loaded.session, saveStatus: (cb) => s.onStatus(cb), size: { columns: 240, rows: 30 } });
  // the harness records saves; forward each one to the real saver, as src/cli/console.ts does
  const push = app.saves.push.bind(app.saves);
  app.saves.push = (...items: Session[]) => {
    for (const it of items) s.save(it);
    return push(...items);
  };
  await ready(app);
  return { app, session: loaded.session };
}

/** park a note from the console: p, text, Enter */
async function park(app: Harness, text: string): Promise<void> {
  await raw(app, 'p');
  await waitForText(app, 'Enter save');
  await type(app, text);
  await raw(app, '\r');
  await waitForFrame(app, (f) => !f.includes('Enter save'), 'the park field to close');
}

const parked = (s: Session) => s.meeting.parkingLot.map((n) => n.text);

describe.each([
  ['ENOSPC', /Disk full/],
  ["EROFS", /not writable \(EROFS\)/],
  ["EACCES", /not writable \(EACCES\)/],
])('%s while the meeting runs', (code, message) => {
  it('says so on the status line, keeps the session in memory, and saving resumes when it is gone', async () => {
    const { fs, fault } = faultyFs();
    const store = openStore(dir, { fs, cwd: path.dirname(dir) });
    const { app } = await consoleOn(store);
    await park(app, 'before the fault');
    await waitForText(app, '✓ saved');
    expect(parked(onDisk())).toEqual(['before the fault']);

    fault.code = code;
    await park(app, 'during the fault');
    const f = await waitForFrame(app, (fr) => message.test(fr), String(message));
    // the status line is one line: the message is there, the meeting is still on screen and in memory
    expect(f).toMatch(/⚠/);
    expect(parked(app.saves.at(-1)!)).toEqual(['before the fault', 'during the fault']);
    // the file on disk is the last good one, never torn
    expect(parked(onDisk())).toEqual(['before the fault']);

    fault.code = null;
    await waitForText(app, '✓ saved');
    await waitForFrame(app, () => parked(onDisk()).length === 2, 'the retry to write the file');
    expect(parked(onDisk())).toEqual(['before the fault', 'during the fault']);
    // and the next action saves as usual
    await park(app, 'after the fault');
    await waitForFrame(app, () => parked(onDisk()).length === 3, 'the next save');
  });
});

describe('the session file changes under the open console', () => {
  it('deleted while open: a clear message on the status line, and the file is written again', async () => {
    const store = openStore(dir, { cwd: path.dirname(dir) });
    const { app } = await consoleOn(store);
    await park(app, 'one');
    await waitForFrame(app, (f) => f.includes('✓ saved') && parked(onDisk()).length === 1, 'first save');
    unlinkSync(file());
    await park(app, 'two');
    await waitForFrame(app, (f) => /deleted while the session was open/.test(f), 'the deleted-file message');
    expect(parked(onDisk())).toEqual(['one', 'two']);
  });

  it('replaced while open: a clear message, the replacement kept aside, the meeting written', async () => {
    const store = openStore(dir, { cwd: path.dirname(dir) });
    const { app } = await consoleOn(store);
    await park(app, 'one');
    await waitForFrame(app, (f) => f.includes('✓ saved') && parked(onDisk()).length === 1, 'first save');
    const other = { ...onDisk(), incident: { ...onDisk().incident, title: 'Written by someone else' } };
    writeFileSync(file(), JSON.stringify(other, null, 2));
    await park(app, 'two');
    await waitForFrame(app, (f) => /changed by another program while open; its version was kept/.test(f), 'the replaced-file message');
    expect(parked(onDisk())).toEqual(['one', 'two']);
    expect(onDisk().incident.title).toBe('Fault drill');
    const kept = readdirSync(path.join(dir, BACKUP_DIR), { recursive: true, encoding: 'utf8' }).filter((n) => n.includes('replaced'));
    expect(kept).toHaveLength(1);
    expect(readFileSync(path.join(dir, BACKUP_DIR, kept[0]!), 'utf8')).toContain('Written by someone else');
  });

  it('a clock that jumps backwards: a clear message, saving continues', async () => {
    const clock = { t: Date.now() };
    const store = openStore(dir, { now: () => clock.t, cwd: path.dirname(dir) });
    const { app } = await consoleOn(store);
    await park(app, 'one');
    await waitForFrame(app, (f) => f.includes('✓ saved') && parked(onDisk()).length === 1, 'first save');
    clock.t -= 3 * 3600_000;
    await park(app, 'two');
    await waitForFrame(app, (f) => /clock went back/.test(f), 'the clock message');
    expect(parked(onDisk())).toEqual(['one', 'two']);
    await park(app, 'three');
    await waitForFrame(app, () => parked(onDisk()).length === 3, 'the next save');
  });
});

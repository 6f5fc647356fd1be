// The crash journal: written synchronously after every console action; a load after a kill takes it
// when it is valid and not older than the session file (beyond the in-flight save's slack); writers
// that keep no journal, restores and clean exits remove it.
import { existsSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { reduce } from '../../src/domain/reducer.js';
import { createSession } from '../../src/domain/session.js';
import type { Session } from '../../src/domain/schema.js';
import { openStore } from '../../src/store/index.js';
import { journalPath } from '../../src/store/journal.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'debrief-journal-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const park = (s: Session, n: number): Session => reduce(s, { type: 'meeting/park', id: `p${n}`, text: `point ${n}`, at: `2026-11-20T10:0${n}:00.000Z` });

async function console1() {
  const store = openStore(dir, { releaseOnExit: false });
  const s0 = createSession({ id: 'mtg', now: '2026-11-20T10:00:00.000Z' });
  await store.create(s0);
  return { store, s0 };
}

describe('crash journal', () => {
  it('a load after a kill gets the journal: the actions the file had not caught up with', async () => {
    const { store, s0 } = await console1();
    const s1 = park(s0, 1);
    expect(store.journal(s1)).toBeGreaterThan(100);
    await store.save(s1);
    const s2 = park(s1, 2);
    const s3 = park(s2, 3);
    store.journal(s2);
    store.journal(s3); // killed here: the file still has s1
    const other = openStore(dir, { releaseOnExit: false });
    const r = await other.load('mtg');
    expect(r.ok && r.session.meeting.parkingLot.map((p) => p.text)).toEqual(['point 1', 'point 2', 'point 3']);
    expect(r.ok && r.recoveredFrom).toBe(journalPath(dir, 'mtg'));
  });

  it('the journal wins over a save that landed just after it (the in-flight one), not over a later edit', async () => {
    const { store, s0 } = await console1();
    const s2 = park(park(s0, 1), 2);
    store.journal(s2);
    await store.save(park(s0, 1)); // the older state lands after the journal
    let r = await openStore(dir).load('mtg');
    expect(r.ok && r.session.meeting.parkingLot).toHaveLength(2);
    // the file edited a minute after the journal was last written: the file wins
    const old = (Date.now() - 60_000) / 1000;
    utimesSync(journalPath(dir, 'mtg'), old, old);
    r = await openStore(dir).load('mtg');
    expect(r.ok && r.session.meeting.parkingLot).toHaveLength(1);
    expect(r.ok && r.recoveredFrom).toBeUndefined();
  });

  it('an invalid or foreign journal is ignored; the file loads as it is', async () => {
    const { s0 } = await console1();
    writeFileSync(journalPath(dir, 'mtg'), '{"schemaVersion":1,"id":"mtg", broken');
    let r = await openStore(dir).load('mtg');
    expect(r.ok && r.session).toEqual(s0);
    writeFileSync(journalPath(dir, 'mtg'), JSON.stringify({ ...park(s0, 1), id: 'someone-else' }));
    r = await openStore(dir).load('mtg');
    expect(r.ok && r.session).toEqual(s0);
  });

  it('a writer without a journal (import, the CLI) makes the file the newest state and drops the journal', async () => {
    const { store, s0 } = await console1();
    store.journal(park(s0, 1));
    const cli = openStore(dir, { releaseOnExit: false });
    const loaded = await cli.load('mtg');
    expect(loaded.ok && loaded.session.meeting.parkingLot).toHaveLength(1);
    await cli.save(park(loaded.ok ? loaded.session : s0, 2));
    expect(existsSync(journalPath(dir, 'mtg'))).toBe(false);
  });

  it('the console’s own saves keep it; a clean close removes it, or keeps it when the file could not be saved', async () => {
    const { store, s0 } = await console1();
    store.journal(park(s0, 1));
    await store.save(park(s0, 1));
    expect(existsSync(journalPath(dir, 'mtg'))).toBe(true);
    store.closeJournal('mtg', true);
    expect(existsSync(journalPath(dir, 'mtg'))).toBe(true);
    store.closeJournal('mtg');
    expect(existsSync(journalPath(dir, 'mtg'))).toBe(false);
  });

  it('a restore from a backup drops the journal, so the restored file is what opens next', async () => {
    const { store, s0 } = await console1();
    const [backup] = await store.backups('mtg');
    expect(backup).toBeDefined();
    store.journal(park(s0, 1));
    await openStore(dir, { releaseOnExit: false }).restore('mtg', backup!);
    expect(existsSync(journalPath(dir, 'mtg'))).toBe(false);
    const r = await openStore(dir).load('mtg');
    expect(r.ok && r.session.meeting.parkingLot).toHaveLength(0);
  });

  it('is off with an injected file system (the fault tests) unless asked for', async () => {
    const { nodeFs } = await import('../../src/store/index.js');
    const s = openStore(dir, { fs: nodeFs });
    expect(s.journal(createSession({ id: 'x', now: '2026-11-20T10:00:00.000Z' }))).toBe(0);
    expect(existsSync(journalPath(dir, 'x'))).toBe(false);
  });
});

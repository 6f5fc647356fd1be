import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION, type Session } from '../../src/domain/schema.js';
import { openStore, resolveSessionsDir, StoreError, type SessionStore } from '../../src/store/index.js';
import { T0, iso, makeSession, tempDir } from './helpers/sessions.js';

let dir: string;
let cleanup: () => void;
let clock = T0;
let store: SessionStore;

beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  clock = T0;
  store = openStore(dir, { now: () => clock, releaseOnExit: false });
});
afterEach(() => cleanup());

const file = (id: string): string => path.join(dir, `${id}.json`);

describe('resolveSessionsDir', () => {
  it('prefers the flag, then DEBRIEF_SESSIONS_DIR, then ./sessions', () => {
    expect(resolveSessionsDir('x/y', { DEBRIEF_SESSIONS_DIR: '/env' }, '/cwd')).toBe('/cwd/x/y');
    expect(resolveSessionsDir(undefined, { DEBRIEF_SESSIONS_DIR: '/env' }, '/cwd')).toBe('/env');
    expect(resolveSessionsDir(undefined, {}, '/cwd')).toBe('/cwd/sessions');
    expect(resolveSessionsDir('  ', { DEBRIEF_SESSIONS_DIR: '' }, '/cwd')).toBe('/cwd/sessions');
  });
});

describe('save and load', () => {
  it('round-trips a session and resumes at the saved step', async () => {
    const s = makeSession('checkout-outage', { step: 'whys', services: ['checkout'], factors: [{ text: 'pool too small' }] });
    await store.create(s);
    const again = openStore(dir);
    const r = await again.load('checkout-outage');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.session).toEqual(s);
    expect(r.session.meeting.step).toBe('whys');
    expect(r.migratedFrom).toBeUndefined();
    // saved as readable JSON, one file per session, no temp files left behind
    expect(JSON.parse(readFileSync(file('checkout-outage'), 'utf8')).id).toBe('checkout-outage');
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('create refuses to overwrite an existing id; uniqueId counts up', async () => {
    await store.create(makeSession('db-failover'));
    await expect(store.create(makeSession('db-failover', { title: 'other' }))).rejects.toMatchObject({ code: 'exists' });
    expect(JSON.parse(readFileSync(file('db-failover'), 'utf8')).incident.title).toBe('Incident db-failover');
    expect(await store.uniqueId('DB failover!')).toBe('db-failover-2');
    await store.create(makeSession('db-failover-2'));
    expect(await store.uniqueId('db failover')).toBe('db-failover-3');
    expect(await store.uniqueId('Brand new')).toBe('brand-new');
    expect(await store.uniqueId('***')).toBe('incident');
  });

  it('never writes a session that fails validation', async () => {
    const s = makeSession('ok-one');
    await store.create(s);
    const before = readFileSync(file('ok-one'));
    const bad = { ...s, incident: { ...s.incident, severity: 'SEV9' } } as unknown as typeof s;
    await expect(store.save(bad)).rejects.toThrow(/field "incident\.severity"/);
    expect(readFileSync(file('ok-one')).equals(before)).toBe(true);
  });

  it('validates every new or changed timeline event before writing (unchanged ones are shared)', async () => {
    const s = makeSession('events');
    const ev = (i: number, kind = 'message'): Session['timeline']['events'][number] =>
      ({
        id: `e${i}`,
        occurredAt: iso(T0 + i * 1000),
        detectedAt: null,
        precision: 'second',
        kind,
        actor: 'alice',
        text: `event ${i}`,
        sources: [],
        conflicts: [],
        confirmed: false,
      }) as Session['timeline']['events'][number];
    const events = [ev(0), ev(1), ev(2)];
    const v1 = { ...s, timeline: { ...s.timeline, events } };
    await store.create(v1);
    // a new array sharing two events and replacing one with an invalid one
    const v2 = { ...v1, timeline: { ...v1.timeline, events: [events[0], ev(1, 'gossip'), events[2]] } } as Session;
    await expect(store.save(v2)).rejects.toThrow(/invalid field "timeline\.events\[1\]\.kind"/);
    const v3 = { ...v1, timeline: { ...v1.timeline, events: [...events, { ...ev(3), occurredAt: 'yesterday' }] } } as Session;
    await expect(store.save(v3)).rejects.toThrow(/timeline\.events\[3\]\.occurredAt/);
    expect(JSON.parse(readFileSync(file('events'), 'utf8')).timeline.events).toHaveLength(3);
    const v4 = { ...v1, timeline: { ...v1.timeline, events: [...events, ev(3)] } };
    await store.save(v4);
    const r = await openStore(dir).load('events');
    expect(r.ok && r.session.timeline.events.map((e) => e.id)).toEqual(['e0', 'e1', 'e2', 'e3']);
  });

  it('missing session is a clear miss, not a throw', async () => {
    const r = await store.load('nope');
    expect(r).toMatchObject({ ok: false, code: 'missing' });
    if (!r.ok) expect(r.message).toMatch(/No session "nope".*debrief list/);
  });
});

describe('unsafe ids', () => {
  const hostile = ['../x', '../../etc/passwd', '/etc/passwd', 'a\u0000b', 'a\\b', 'A-Caps', 'dot.json', '', 'x'.repeat(65), '-lead'];
  it.each(hostile)('refuses %j before any path is built', async (id) => {
    const r = await store.load(id);
    expect(r).toMatchObject({ ok: false, code: 'bad-id' });
    if (!r.ok) {
      expect(r.message).toMatch(/refused|required/);
      expect(r.message).not.toContain('\u0000');
      expect(r.message.split('\n')).toHaveLength(1);
    }
    expect(() => store.path(id)).toThrow(StoreError);
    await expect(store.lock(id)).rejects.toMatchObject({ code: 'bad-id' });
    await expect(store.backups(id)).rejects.toMatchObject({ code: 'bad-id' });
    const s = { ...makeSession('fine'), id };
    await expect(store.save(s)).rejects.toMatchObject({ code: 'bad-id' });
    expect(readdirSync(dir)).toEqual([]);
  });
  it('names the reason', async () => {
    const r = await store.load('../x');
    if (!r.ok) expect(r.message).toContain('path separator');
  });
});

describe('a file that fails to load is kept byte for byte', () => {
  it('bad JSON: message names the file and line, the file is never written over', async () => {
    const text = '{\n  "schemaVersion": 1,\n  "id": "broken",\n  oops\n}\n';
    writeFileSync(file('broken'), text);
    const r = await store.load('broken');
    expect(r).toMatchObject({ ok: false, code: 'invalid' });
    if (!r.ok) {
      expect(r.message).toContain('broken.json');
      expect(r.message).toMatch(/not valid JSON at line 4/);
      expect(r.message).toContain('debrief doctor broken');
      expect(r.message.split('\n')).toHaveLength(1);
    }
    await expect(store.save(makeSession('broken'))).rejects.toMatchObject({ code: 'refused' });
    expect(readFileSync(file('broken'), 'utf8')).toBe(text);
  });

  it('a bad field: message names the first bad field path and the value found', async () => {
    const s = makeSession('badfield');
    const raw = JSON.parse(JSON.stringify(s));
    raw.meeting.step = 'lunch';
    const text = JSON.stringify(raw, null, 2);
    writeFileSync(file('badfield'), text);
    const r = await store.load('badfield');
    expect(r).toMatchObject({ ok: false, code: 'invalid' });
    if (!r.ok) expect(r.message).toMatch(/badfield\.json: field "meeting\.step" is invalid .*found "lunch"/);
    // even a store that never loaded it refuses to write over it
    const other = openStore(dir);
    await expect(other.save(makeSession('badfield'))).rejects.toMatchObject({ code: 'refused' });
    expect(readFileSync(file('badfield'), 'utf8')).toBe(text);
  });

  it('array paths are shown with indexes', async () => {
    const s = makeSession('arr', { actions: [{ title: 'a' }, { title: 'b' }] });
    const raw = JSON.parse(JSON.stringify(s));
    raw.actions[1].due = 'next tuesday';
    writeFileSync(file('arr'), JSON.stringify(raw));
    const r = await store.load('arr');
    if (!r.ok) expect(r.message).toContain('field "actions[1].due"');
    else expect.unreachable();
  });

  it('an id that disagrees with the file name is refused', async () => {
    writeFileSync(file('one'), JSON.stringify(makeSession('two')));
    const r = await store.load('one');
    if (!r.ok) expect(r.message).toMatch(/field "id" is "two"/);
    else expect.unreachable();
  });
});

describe('versions', () => {
  it('a newer file is refused naming both versions and kept', async () => {
    const raw = { ...JSON.parse(JSON.stringify(makeSession('future'))), schemaVersion: SCHEMA_VERSION + 2 };
    const text = JSON.stringify(raw);
    writeFileSync(file('future'), text);
    const r = await store.load('future');
    expect(r).toMatchObject({ ok: false, code: 'newer' });
    if (!r.ok) expect(r.message).toContain(`v${SCHEMA_VERSION + 2}; this debrief reads up to v${SCHEMA_VERSION}`);
    await expect(store.save(makeSession('future'))).rejects.toMatchObject({ code: 'refused' });
    expect(readFileSync(file('future'), 'utf8')).toBe(text);
  });

  it('an older file is migrated and the original backed up beside it', async () => {
    const raw = JSON.parse(JSON.stringify(makeSession('old')));
    delete raw.schemaVersion; // version 0: the unversioned prototype
    const text = JSON.stringify(raw);
    writeFileSync(file('old'), text);
    const r = await store.load('old');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.migratedFrom).toBe(0);
    expect(r.session.schemaVersion).toBe(SCHEMA_VERSION);
    expect(r.backupPath).toBe(`${file('old')}.v0.bak`);
    expect(readFileSync(r.backupPath ?? '', 'utf8')).toBe(text);
    await store.save(r.session);
    expect(JSON.parse(readFileSync(file('old'), 'utf8')).schemaVersion).toBe(SCHEMA_VERSION);
    expect(readFileSync(`${file('old')}.v0.bak`, 'utf8')).toBe(text);
    // backups beside the file are not sessions
    expect((await store.list()).map((s) => s.id)).toEqual(['old']);
  });

  it('a read-only load migrates in memory without writing', async () => {
    const raw = JSON.parse(JSON.stringify(makeSession('old2')));
    delete raw.schemaVersion;
    writeFileSync(file('old2'), JSON.stringify(raw));
    const r = await store.load('old2', { readOnly: true });
    expect(r).toMatchObject({ ok: true, migratedFrom: 0 });
    expect(existsSync(`${file('old2')}.v0.bak`)).toBe(false);
  });
});

describe('list', () => {
  it('lists newest first, with broken files listed (not thrown)', async () => {
    await store.create(makeSession('older', { at: T0, severity: 'SEV1', step: 'actions' }));
    await store.create(makeSession('newer', { at: T0 + 3600_000 }));
    writeFileSync(file('junk'), '{"nope":');
    writeFileSync(path.join(dir, 'notes.txt'), 'ignored');
    writeFileSync(path.join(dir, '.hidden.json'), '{}');
    const rows = await store.list();
    // sorted by last change; a broken file's last change is its mtime (now, later than the others)
    expect(rows.map((r) => r.id)).toEqual(['junk', 'newer', 'older']);
    expect(rows.find((r) => r.id === 'older')).toMatchObject({ severity: 'SEV1', step: 'actions', updatedAt: iso(T0), path: file('older') });
    const junk = rows.find((r) => r.id === 'junk');
    expect(junk?.error).toMatch(/junk\.json: not valid JSON/);
    expect(rows).toHaveLength(3);
  });

  it('an empty or absent folder lists nothing', async () => {
    expect(await openStore(path.join(dir, 'not-there')).list()).toEqual([]);
  });

  it('caches summaries in .index.json and re-reads only changed files', async () => {
    for (let i = 0; i < 5; i++) await store.create(makeSession(`s${i}`));
    let reads = 0;
    const { nodeFs } = await import('../../src/store/fs.js');
    const counting = { ...nodeFs, readFile: (p: string) => ((reads += p.endsWith('.index.json') ? 0 : 1), nodeFs.readFile(p)) };
    const s2 = openStore(dir, { fs: counting });
    await s2.list(); // builds the index
    reads = 0;
    await s2.list();
    expect(reads).toBe(0);
    expect(existsSync(path.join(dir, '.index.json'))).toBe(true);
    await store.save({ ...makeSession('s3'), incident: { ...makeSession('s3').incident, title: 'Renamed' } });
    const rows = await s2.list();
    expect(reads).toBe(1);
    expect(rows.find((r) => r.id === 's3')?.title).toBe('Renamed');
    unlinkSync(file('s1'));
    expect((await s2.list()).map((r) => r.id).sort()).toEqual(['s0', 's2', 's3', 's4']);
  });
});

describe('a hostile or stale index file', () => {
  it('is a cache only: wrong shapes are dropped and re-read, and titles come out sanitised', async () => {
    const s = makeSession('real', { title: 'Real \u001b[2Jtitle\u202e' });
    await store.create(s);
    await store.list(); // writes the index
    const idxFile = path.join(dir, '.index.json');
    const idx = JSON.parse(readFileSync(idxFile, 'utf8'));
    const st = statSync(file('real'));
    // forge an entry that claims to be current but has the wrong shape, and one for a file that does not exist
    idx.entries['real.json'] = { ...idx.entries['real.json'], title: 'Forged', services: 'not-a-list', mtimeMs: st.mtimeMs, size: st.size, ino: st.ino };
    idx.entries['ghost.json'] = { id: 'ghost', file: 'ghost.json', title: 'Ghost' };
    writeFileSync(idxFile, JSON.stringify(idx));
    const rows = await openStore(dir).list();
    expect(rows.map((r) => r.id)).toEqual(['real']);
    expect(rows[0]?.title).toBe('Real title');
    writeFileSync(idxFile, '{{{ not json');
    expect((await openStore(dir).list()).map((r) => r.id)).toEqual(['real']);
  });
});

describe('backups', () => {
  it('keeps the last 5 distinct versions at least a minute apart, and restores', async () => {
    const s = makeSession('rolling');
    await store.create(s);
    for (let i = 1; i <= 15; i++) {
      clock = T0 + i * 30_000; // every 30 s: only every other save may take a backup
      await store.save({ ...s, updatedAt: iso(clock), review: { ...s.review, notes: [`v${i}`] } });
    }
    const bs = await store.backups('rolling');
    // backups at 0, 60, ..., 420 s: 8 taken, the newest 5 kept
    expect(bs).toHaveLength(5);
    expect(bs.map((b) => JSON.parse(readFileSync(b.path, 'utf8')).review.notes[0])).toEqual(['v14', 'v12', 'v10', 'v8', 'v6']);
    const times = bs.map((b) => Date.parse(b.takenAt));
    for (let i = 1; i < times.length; i++) expect((times[i - 1] ?? 0) - (times[i] ?? 0)).toBeGreaterThanOrEqual(60_000);
    // the current version (v15) is backed up a minute later; saving it unchanged again takes no new backup
    const last = JSON.parse(readFileSync(file('rolling'), 'utf8'));
    clock += 600_000;
    expect((await store.save(last)).backupPath).toBeDefined();
    clock += 600_000;
    expect((await store.save(last)).backupPath).toBeUndefined();
    expect((await store.backups('rolling')).map((b) => JSON.parse(readFileSync(b.path, 'utf8')).review.notes[0])).toEqual([
      'v15',
      'v14',
      'v12',
      'v10',
      'v8',
    ]);
    // corrupt the file, then restore from the newest backup; the broken bytes are kept aside
    writeFileSync(file('rolling'), 'garbage');
    expect((await store.load('rolling')).ok).toBe(false);
    const target = (await store.backups('rolling'))[0];
    if (!target) return expect.unreachable();
    const rep = await store.restore('rolling', target);
    expect(rep.keptAs && readFileSync(rep.keptAs, 'utf8')).toBe('garbage');
    const r = await store.load('rolling');
    expect(r.ok).toBe(true);
    await store.save(makeSession('rolling')); // no longer refused
  });

  it('restore refuses an invalid backup and an unknown name', async () => {
    await store.create(makeSession('rb'));
    mkdirSync(path.join(dir, '.backups', 'rb'), { recursive: true });
    writeFileSync(path.join(dir, '.backups', 'rb', '000009-20261120T100000Z.json'), '{bad');
    await expect(store.restore('rb', '000009-20261120T100000Z.json')).rejects.toMatchObject({ code: 'invalid' });
    await expect(store.restore('rb', '../../rb.json')).rejects.toMatchObject({ code: 'missing' });
  });
});

describe('the file changes under an open session', () => {
  it('deleted while open: written again with a warning', async () => {
    const s = makeSession('del');
    await store.create(s);
    unlinkSync(file('del'));
    const rep = await store.save(s);
    expect(rep.warnings.join(' ')).toMatch(/deleted while the session was open/);
    expect((await openStore(dir).load('del')).ok).toBe(true);
  });

  it('replaced while open: the other version is kept in backups, ours saved', async () => {
    const s = makeSession('rep');
    await store.create(s);
    const theirs = { ...s, incident: { ...s.incident, title: 'Edited elsewhere' } };
    writeFileSync(file('rep'), JSON.stringify(theirs));
    const rep = await store.save({ ...s, updatedAt: iso(T0 + 5000) });
    expect(rep.warnings.join(' ')).toMatch(/changed by another program/);
    const kept = (await store.backups('rep')).find((b) => b.kind === 'replaced');
    expect(kept && JSON.parse(readFileSync(kept.path, 'utf8')).incident.title).toBe('Edited elsewhere');
    expect(JSON.parse(readFileSync(file('rep'), 'utf8')).incident.title).toBe(s.incident.title);
  });

  it('a clock that jumps backwards is reported and saving continues in order', async () => {
    const s = makeSession('clk');
    clock = T0 + 3600_000;
    await store.create(s);
    clock = T0; // an hour back
    const rep = await store.save({ ...s, review: { ...s.review, notes: ['after jump'] } });
    expect(rep.warnings.join(' ')).toMatch(/clock went back by 3600 s/);
    expect(JSON.parse(readFileSync(file('clk'), 'utf8')).review.notes).toEqual(['after jump']);
    clock = T0 + 5000; // said once per jump, not on every save after it
    expect((await store.save({ ...s, review: { ...s.review, notes: ['later'] } })).warnings).toEqual([]);
  });

  it('remove keeps the bytes in backups', async () => {
    await store.create(makeSession('gone'));
    const size = statSync(file('gone')).size;
    await store.remove('gone');
    expect(existsSync(file('gone'))).toBe(false);
    const kept = (await store.backups('gone')).find((b) => b.kind === 'removed');
    expect(kept?.size).toBe(size);
  });
});

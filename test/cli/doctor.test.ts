import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import doctor from '../../src/cli/commands/doctor.js';
import { openStore, type SessionStore } from '../../src/store/index.js';
import { runCommand } from '../store/helpers/cli.js';
import { T0, iso, makeSession, tempDir } from '../store/helpers/sessions.js';
import { memoryIO } from './io.js';

let dir: string;
let sessions: string;
let cleanup: () => void;
let store: SessionStore;
let clock = T0;

beforeEach(async () => {
  ({ dir, cleanup } = tempDir('debrief-cli-doctor-'));
  sessions = path.join(dir, 'sessions');
  clock = T0;
  store = openStore(sessions, { now: () => clock, releaseOnExit: false });
  const s = makeSession('payments');
  await store.create(s); // backup 1 (empty notes)
  clock += 120_000;
  await store.save({ ...s, updatedAt: iso(clock), review: { ...s.review, notes: ['second'] } }); // backup 2
  await store.create(makeSession('healthy'));
});
afterEach(() => cleanup());

const run = async (argv: string[], opts: Parameters<typeof memoryIO>[0] = {}) => {
  const m = memoryIO({ cwd: dir, ...opts });
  const code = await runCommand(doctor, argv, m.io);
  return { code, out: m.out(), err: m.err() };
};
const file = (id: string): string => path.join(sessions, `${id}.json`);

describe('debrief doctor', () => {
  it('all healthy: exit 0, lock and backups reported', async () => {
    const r = await run([]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^healthy: ok\n {2}lock: not open\n {2}backups: 1, newest 2026-11-20 10:02 UTC$/m);
    expect(r.out).toMatch(/^payments: ok\n {2}lock: not open\n {2}backups: 2, newest 2026-11-20 10:02 UTC$/m);
    expect(r.out).toContain('2 sessions checked in sessions: all healthy.');
  });

  it('without a TTY, a broken session is not touched: it says what it would do', async () => {
    writeFileSync(file('payments'), '{"broken": tru');
    const r = await run(['payments']);
    expect(r.code).toBe(1);
    expect(r.out).toContain('payments: INVALID');
    expect(r.out).toMatch(/sessions\/payments\.json: not valid JSON at line 1/);
    expect(r.out).toMatch(/would restore from backup 000002-20261120T100200Z\.json .*run `debrief doctor payments --restore`/);
    expect(readFileSync(file('payments'), 'utf8')).toBe('{"broken": tru');
  });

  it('--restore restores the newest valid backup and keeps the broken file aside', async () => {
    // the newest backup is itself damaged: the one before it is used
    const bs = await store.backups('payments');
    writeFileSync(bs[0]?.path ?? '', 'damaged');
    const raw = JSON.parse(readFileSync(file('payments'), 'utf8'));
    raw.incident.severity = 'critical';
    writeFileSync(file('payments'), JSON.stringify(raw));
    const r = await run(['payments', '--restore', '--json']);
    expect(r.code).toBe(0);
    const data = JSON.parse(r.out);
    expect(data.healthy).toBe(true);
    const rep = data.sessions[0];
    expect(rep).toMatchObject({ id: 'payments', status: 'ok', action: 'restored' });
    expect(rep.message).toMatch(/field "incident\.severity"/);
    expect(path.basename(rep.restoredFrom)).toBe('000001-20261120T100000Z.json');
    expect(JSON.parse(readFileSync(rep.keptAs, 'utf8')).incident.severity).toBe('critical');
    const loaded = await openStore(sessions).load('payments');
    expect(loaded.ok).toBe(true);
  });

  it('with a TTY it asks, and "n" leaves the file alone while "y" restores', async () => {
    writeFileSync(file('payments'), 'nope');
    const no = await run(['payments'], { tty: true, stdin: 'n\n' });
    expect(no.out).toMatch(/payments: restore from backup 000002-.* \[y\/N\] /);
    expect(no.out).toContain('left as it is');
    expect(readFileSync(file('payments'), 'utf8')).toBe('nope');
    const yes = await run(['payments'], { tty: true, stdin: 'y\n' });
    expect(yes.code).toBe(0);
    expect(yes.out).toMatch(/restored from .*000002-20261120T100200Z\.json; the file it replaced was kept as /);
    expect(JSON.parse(readFileSync(file('payments'), 'utf8')).review.notes).toEqual(['second']);
  });

  it('refuses to restore under a live process, and reports stale locks', async () => {
    writeFileSync(file('payments'), 'nope');
    const child = spawn(process.execPath, ['-e', 'setInterval(()=>{}, 1e9)'], { stdio: 'ignore' });
    const startedAt = new Date().toISOString();
    try {
      writeFileSync(
        path.join(sessions, 'payments.lock'),
        JSON.stringify({ pid: child.pid, host: hostname(), startedAt, command: 'debrief resume payments', token: 't' }),
      );
      writeFileSync(path.join(sessions, 'healthy.lock'), JSON.stringify({ pid: 999_999_991, host: hostname(), startedAt: '2026-11-20T09:00:00.000Z' }));
      const r = await run(['--restore']);
      expect(r.code).toBe(1);
      expect(r.out).toContain(`lock: open in process ${child.pid} since ${startedAt} (debrief resume payments)`);
      expect(r.out).toMatch(/not restored: .*open in process \d+/);
      expect(r.out).toMatch(/healthy: ok\n {2}lock: stale lock from process 999999991/);
      expect(readFileSync(file('payments'), 'utf8')).toBe('nope');
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('a newer-version file is kept and the user told to upgrade; no backup means fix by hand', async () => {
    writeFileSync(file('healthy'), JSON.stringify({ ...makeSession('healthy'), schemaVersion: 99 }));
    writeFileSync(file('lonely'), '{}');
    const r = await run(['--restore']);
    expect(r.out).toMatch(/healthy: NEWER\n {2}.*session format v99; this debrief reads up to v1/);
    expect(r.out).toContain('kept as it is: open it with a newer debrief');
    expect(r.out).toMatch(/lonely: INVALID[\s\S]*no valid backup to restore from/);
    expect(JSON.parse(readFileSync(file('healthy'), 'utf8')).schemaVersion).toBe(99);
    expect(existsSync(file('lonely'))).toBe(true);
  });

  it('unsafe or unknown ids are one clear line, exit 2', async () => {
    const bad = await run(['../etc']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^debrief: Session id "\.\.\/etc" is refused: it contains a path separator/);
    const missing = await run(['ghost']);
    expect(missing.code).toBe(2);
    expect(missing.err.trim().split('\n')).toHaveLength(1);
    expect(missing.err).toContain('No session "ghost"');
  });
});

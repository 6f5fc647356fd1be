import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { processStartTicks } from '../../src/store/lock.js';
import { bundleChild } from './helpers/bundle.js';
import { makeSession, tempDir } from './helpers/sessions.js';

let dir: string;
let cleanup: () => void;
let holdLock: string;

beforeAll(async () => {
  ({ dir, cleanup } = tempDir('debrief-lock-'));
  holdLock = await bundleChild('hold-lock.ts', dir);
});
afterAll(() => cleanup());

function startHolder(sessions: string, id: string, ...extra: string[]): Promise<{ child: ChildProcess; line: string }> {
  const child = spawn(process.execPath, [holdLock, sessions, id, ...extra], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve({ child, line: out.trim() });
    });
    child.on('error', reject);
    child.on('exit', () => resolve({ child, line: out.trim() }));
  });
}

const exited = (c: ChildProcess): Promise<void> =>
  c.exitCode !== null || c.signalCode !== null ? Promise.resolve() : new Promise((r) => c.once('exit', () => r()));

describe('session lock', () => {
  it('a second process is told which live process holds the session, and cannot save', async () => {
    const sessions = path.join(dir, 'live');
    const store = openStore(sessions, { releaseOnExit: false });
    await store.create(makeSession('held'));
    const { child, line } = await startHolder(sessions, 'held');
    try {
      expect(line).toBe('locked');
      const r = await store.lock('held');
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.holder.pid).toBe(child.pid);
      expect(r.holder.host).toBe(hostname());
      expect(r.holder.command).toBe('hold-lock held');
      expect(Date.parse(r.holder.startedAt)).not.toBeNaN();
      expect(await store.lockState('held')).toMatchObject({ state: 'held', holder: { pid: child.pid } });
      // the read-only opener may load, but never writes
      expect((await store.load('held', { readOnly: true })).ok).toBe(true);
      const before = readFileSync(path.join(sessions, 'held.json'));
      await expect(store.save(makeSession('held', { title: 'mine' }))).rejects.toMatchObject({ code: 'locked' });
      expect(readFileSync(path.join(sessions, 'held.json')).equals(before)).toBe(true);
    } finally {
      child.kill('SIGKILL');
      await exited(child);
    }
    // the holder died without releasing: the lock is stale and is taken over
    expect((await store.lockState('held')).state).toBe('stale');
    const again = await store.lock('held');
    expect(again.ok).toBe(true);
    if (!again.ok) return;
    expect(again.tookOverFrom?.pid).toBe(child.pid);
    const content = JSON.parse(readFileSync(path.join(sessions, 'held.lock'), 'utf8'));
    expect(content.pid).toBe(process.pid);
    await store.save(makeSession('held', { title: 'mine' }));
    await again.release();
    expect(existsSync(path.join(sessions, 'held.lock'))).toBe(false);
  });

  it('a process that exits without releasing leaves no lock behind', async () => {
    const sessions = path.join(dir, 'exit');
    const { child, line } = await startHolder(sessions, 'quick', '--exit');
    await exited(child);
    expect(line).toBe('locked');
    expect(existsSync(path.join(sessions, 'quick.lock'))).toBe(false);
  });

  it('stale-lock takeover is exclusive when many contenders race', async () => {
    const sessions = path.join(dir, 'race');
    const first = openStore(sessions, { releaseOnExit: false });
    await first.create(makeSession('contended'));
    writeFileSync(
      path.join(sessions, 'contended.lock'),
      JSON.stringify({ pid: 999_999_991, host: hostname(), startedAt: '2026-11-20T09:00:00.000Z', token: 'dead' }),
    );
    // eight stores in this process, each with its own fake pid; only pid 999999991 is dead
    const stores = Array.from({ length: 8 }, (_, i) =>
      openStore(sessions, { pid: 500_000 + i, isAlive: (pid) => pid !== 999_999_991, releaseOnExit: false }),
    );
    const results = await Promise.all(stores.map((s) => s.lock('contended')));
    const winners = results.filter((r) => r.ok);
    expect(winners).toHaveLength(1);
    const holder = JSON.parse(readFileSync(path.join(sessions, 'contended.lock'), 'utf8'));
    for (const r of results) if (!r.ok) expect(r.holder.pid).toBe(holder.pid);
    expect(existsSync(path.join(sessions, 'contended.lock.break'))).toBe(false);
  });

  it('a lock from another host is never taken over', async () => {
    const sessions = path.join(dir, 'host');
    const store = openStore(sessions, { releaseOnExit: false });
    await store.create(makeSession('remote'));
    writeFileSync(path.join(sessions, 'remote.lock'), JSON.stringify({ pid: 1, host: 'elsewhere', startedAt: '2026-11-20T09:00:00.000Z' }));
    const r = await store.lock('remote');
    expect(r).toMatchObject({ ok: false, holder: { host: 'elsewhere', pid: 1 } });
  });

  it('release only removes our own lock', async () => {
    const sessions = path.join(dir, 'own');
    const a = openStore(sessions, { releaseOnExit: false });
    await a.create(makeSession('own'));
    const mine = await a.lock('own');
    if (!mine.ok) return expect.unreachable();
    // someone replaced the lock (e.g. took it over after we were thought dead)
    writeFileSync(path.join(sessions, 'own.lock'), JSON.stringify({ pid: 7, host: hostname(), startedAt: 'x', token: 'other' }));
    await mine.release();
    expect(existsSync(path.join(sessions, 'own.lock'))).toBe(true);
  });

  it('taking a lock clears temp files of dead writers, never a live one', async () => {
    const sessions = path.join(dir, 'tmpclean');
    const store = openStore(sessions, { releaseOnExit: false, isAlive: (pid) => pid !== 999_999_991 });
    await store.create(makeSession('tidy'));
    const dead = path.join(sessions, '.tidy.json.999999991.3.tmp');
    const live = path.join(sessions, '.tidy.json.12345.1.tmp');
    const other = path.join(sessions, '.other.json.999999991.1.tmp');
    for (const f of [dead, live, other]) writeFileSync(f, '{"partial":');
    const r = await store.lock('tidy');
    expect(r.ok).toBe(true);
    expect(existsSync(dead)).toBe(false);
    expect(existsSync(live)).toBe(true);
    expect(existsSync(other)).toBe(true);
    if (r.ok) await r.release();
  });

  it('a live pid whose start time differs from the one in the lock is a reused pid: the lock is stale', async () => {
    const sessions = path.join(dir, 'reuse');
    const store = openStore(sessions, { releaseOnExit: false });
    await store.create(makeSession('reused'));
    const child = spawn(process.execPath, ['-e', 'setInterval(()=>{}, 1e9)'], { stdio: 'ignore' });
    try {
      const ticks = processStartTicks(child.pid ?? 0);
      const lockFile = path.join(sessions, 'reused.lock');
      const write = (procStart?: number): void =>
        writeFileSync(lockFile, JSON.stringify({ pid: child.pid, host: hostname(), startedAt: '2026-11-20T10:00:00.000Z', token: 'x', procStart }));
      write(undefined); // an old-style lock: the live pid is trusted
      expect((await store.lockState('reused')).state).toBe('held');
      if (ticks === null) return; // not Linux: no start times to compare
      write(ticks);
      expect((await store.lockState('reused')).state).toBe('held');
      write(ticks - 1); // the pid now belongs to a process that started at another time
      expect((await store.lockState('reused')).state).toBe('stale');
      // and our own locks record our start time
      const mine = await openStore(path.join(dir, 'reuse-own'), { releaseOnExit: false }).lock('own');
      expect(JSON.parse(readFileSync(path.join(dir, 'reuse-own', 'own.lock'), 'utf8')).procStart).toBe(processStartTicks(process.pid));
      if (mine.ok) await mine.release();
    } finally {
      child.kill('SIGKILL');
      await exited(child);
    }
  });

  it('four processes racing for one stale lock: exactly one wins, the others name the winner', async () => {
    const sessions = path.join(dir, 'procrace');
    const store = openStore(sessions, { releaseOnExit: false });
    await store.create(makeSession('contest'));
    writeFileSync(
      path.join(sessions, 'contest.lock'),
      JSON.stringify({ pid: 999_999_991, host: hostname(), startedAt: '2026-11-20T09:00:00.000Z', token: 'dead' }),
    );
    const racers = await Promise.all([1, 2, 3, 4].map(() => startHolder(sessions, 'contest')));
    try {
      const winners = racers.filter((r) => r.line === 'locked');
      expect(winners).toHaveLength(1);
      const winnerPid = winners[0]?.child.pid;
      for (const r of racers) if (r.line !== 'locked') expect(r.line).toBe(`held-by ${winnerPid}`);
      expect(JSON.parse(readFileSync(path.join(sessions, 'contest.lock'), 'utf8')).pid).toBe(winnerPid);
    } finally {
      for (const r of racers) r.child.kill('SIGKILL');
      await Promise.all(racers.map((r) => exited(r.child)));
    }
  });
});

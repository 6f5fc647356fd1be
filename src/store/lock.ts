// One process per session: `<id>.lock` beside the session file, created with O_EXCL. A lock left by a
// dead process on this host is taken over under a second O_EXCL "break" file, so two processes
// breaking the same stale lock cannot both win; the new lock is renamed over the old one (the lock
// path never disappears during a takeover) and re-read to confirm ownership.
import { randomBytes } from 'node:crypto';
import { readFileSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { clip, oneLine } from '../domain/text.js';
import { atomicWrite, createComplete } from './atomic.js';
import { errCode, type FsLayer } from './fs.js';
import type { LockHolder, LockResult, LockState } from './types.js';

interface LockFile extends LockHolder {
  token: string;
  /** the holder's start time in ticks since boot (Linux), to tell a reused pid from the holder */
  procStart?: number;
}

export interface LockEnv {
  fs: FsLayer;
  pid: number;
  host: string;
  now: () => number;
  command?: string;
  isAlive: (pid: number) => boolean;
  releaseOnExit: boolean;
}

export function defaultIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return errCode(err) === 'EPERM';
  }
}

/**
 * A process's start time in clock ticks since boot (Linux, /proc/<pid>/stat field 22); null elsewhere.
 * It does not depend on the wall clock, so a lock records its holder's value and a checker compares:
 * a live pid with a different start time is a reused pid, not the holder.
 */
export function processStartTicks(pid: number): number | null {
  if (process.platform !== 'linux') return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // the command name (field 2) may hold spaces and parentheses: count fields after the last ')'
    const ticks = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
    return Number.isInteger(ticks) ? ticks : null;
  } catch {
    return null;
  }
}

/** the holder is alive: its pid runs and (where we can tell) is the same process that took the lock */
function holderAlive(env: LockEnv, lock: LockFile): boolean {
  if (!env.isAlive(lock.pid)) return false;
  if (env.isAlive !== defaultIsAlive || lock.procStart === undefined) return true; // an injected check is trusted as is
  const ticks = processStartTicks(lock.pid);
  return ticks === null || ticks === lock.procStart;
}

// Locks this process holds, released synchronously if the process exits without releasing them.
const held = new Map<string, string>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const [file, token] of held) {
      try {
        const cur = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockFile>;
        if (cur.token === token) unlinkSync(file);
      } catch {
        // already gone or unreadable: nothing of ours to remove
      }
    }
  });
}

function parseLock(text: string): LockFile | null {
  try {
    const v = JSON.parse(text) as Partial<LockFile>;
    if (typeof v.pid !== 'number' || typeof v.host !== 'string' || typeof v.startedAt !== 'string') return null;
    // a lock file is outside input: its strings are made safe to print here
    const safe = (x: string, n: number): string => clip(oneLine(x), n);
    return {
      pid: v.pid,
      host: safe(v.host, 80),
      startedAt: safe(v.startedAt, 40),
      token: typeof v.token === 'string' ? v.token : '',
      ...(typeof v.procStart === 'number' ? { procStart: v.procStart } : {}),
      ...(typeof v.command === 'string' ? { command: safe(v.command, 120) } : {}),
    };
  } catch {
    return null;
  }
}

function holderOf(l: LockFile): LockHolder {
  return { pid: l.pid, host: l.host, startedAt: l.startedAt, ...(l.command ? { command: l.command } : {}) };
}

async function readLock(fs: FsLayer, file: string): Promise<{ text: string; lock: LockFile | null } | null> {
  try {
    const text = (await fs.readFile(file)).toString('utf8');
    return { text, lock: parseLock(text) };
  } catch (err) {
    if (errCode(err) === 'ENOENT') return null;
    throw err;
  }
}

export async function lockState(env: LockEnv, file: string): Promise<LockState> {
  let cur: Awaited<ReturnType<typeof readLock>>;
  try {
    cur = await readLock(env.fs, file);
  } catch {
    return { state: 'unreadable' };
  }
  if (!cur) return { state: 'none' };
  if (!cur.lock) return { state: 'unreadable' };
  const holder = holderOf(cur.lock);
  if (cur.lock.host !== env.host) return { state: 'foreign-host', holder };
  return { state: holderAlive(env, cur.lock) ? 'held' : 'stale', holder };
}

/** true when this process (this store's pid) holds the lock file with a token we issued */
export function holdsLock(file: string): boolean {
  return held.has(file);
}

export async function acquireLock(env: LockEnv, file: string): Promise<LockResult> {
  const token = randomBytes(12).toString('hex');
  const procStart = env.pid === process.pid ? processStartTicks(process.pid) : null;
  const mine: LockFile = {
    pid: env.pid,
    host: env.host,
    startedAt: new Date(env.now()).toISOString(),
    token,
    ...(procStart !== null ? { procStart } : {}),
    ...(env.command ? { command: env.command } : {}),
  };
  const text = `${JSON.stringify(mine)}\n`;
  const release = async (): Promise<void> => {
    held.delete(file);
    const cur = await readLock(env.fs, file).catch(() => null);
    if (cur?.lock?.token === token) await env.fs.unlink(file).catch(() => undefined);
  };
  const granted = (tookOverFrom?: LockHolder): LockResult => {
    held.set(file, token);
    if (env.releaseOnExit) installExitHook();
    return { ok: true, release, ...(tookOverFrom ? { tookOverFrom } : {}) };
  };

  for (let attempt = 0; attempt < 25; attempt++) {
    try {
      await createComplete(env.fs, file, text);
      return granted();
    } catch (err) {
      if (errCode(err) !== 'EEXIST') throw err;
    }
    const cur = await readLock(env.fs, file);
    if (!cur) continue; // released between our two calls: try again
    const lock = cur.lock;
    if (lock && (lock.host !== env.host || holderAlive(env, lock))) return { ok: false, holder: holderOf(lock) };
    // Stale (dead pid on this host) or unreadable garbage: break it under a second exclusive file.
    const breakFile = `${file}.break`;
    try {
      await createComplete(env.fs, breakFile, `${JSON.stringify({ pid: env.pid, host: env.host })}\n`);
    } catch (err) {
      if (errCode(err) !== 'EEXIST') throw err;
      // someone else is breaking it; if that breaker died, clear its file, then look again
      const other = await readLock(env.fs, breakFile).catch(() => null);
      let bpid: number | undefined;
      try {
        bpid = other ? (JSON.parse(other.text) as { pid?: number }).pid : undefined;
      } catch {
        bpid = undefined;
      }
      if (typeof bpid === 'number' && !env.isAlive(bpid)) await env.fs.unlink(breakFile).catch(() => undefined);
      else await new Promise((r) => setTimeout(r, 20));
      continue;
    }
    try {
      const again = await readLock(env.fs, file);
      if (!again || again.text !== cur.text) continue; // changed under us: start over
      await atomicWrite(env.fs, file, text);
      const check = await readLock(env.fs, file);
      if (check?.lock?.token !== token) continue;
      return granted(lock ? holderOf(lock) : { pid: 0, host: env.host, startedAt: '(unreadable lock file)' });
    } finally {
      await env.fs.unlink(breakFile).catch(() => undefined);
    }
  }
  const last = await readLock(env.fs, file).catch(() => null);
  if (last?.lock) return { ok: false, holder: holderOf(last.lock) };
  return { ok: false, holder: { pid: 0, host: env.host, startedAt: `unknown (${path.basename(file)} keeps changing)` } };
}

/** lock file path for a session file path */
export function lockFileFor(sessionFile: string): string {
  return sessionFile.replace(/\.json$/, '.lock');
}

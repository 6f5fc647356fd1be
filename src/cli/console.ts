// Opening a session in the meeting console: lock it (or open read-only), save after every action,
// export from the Review step, release on exit. The Ink UI is imported lazily, only here.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Session } from '../domain/schema.js';
import type { SessionStore } from '../store/index.js';
import { saver as makeSaver, similarIncidents } from '../store/index.js';
import type { CliIO } from './command.js';
import { UserError } from './command.js';

/** Above this size (bytes of session text) the journal is written just after the frame instead of before
 *  the next key: ~3 ms at 1,000 events, ~30 ms at 10,000 (measured), and a keystroke must not wait that long. */
export const JOURNAL_SYNC_BYTES = 1_000_000;

export interface OpenOptions {
  io: CliIO;
  /** open without writing: another process holds the session, or the user asked */
  readOnly?: boolean;
  /** when the session is locked by someone else, open it read-only instead of failing */
  readOnlyIfLocked?: boolean;
  /** --ai offline|claude */
  ai?: 'offline' | 'claude';
  /** route console.* above the frame (default true; tests under vitest turn it off) */
  patchConsole?: boolean;
  /** a line for the status bar when the console opens */
  notice?: string;
}

/** The --ai flag of demo/new/resume: offline, claude, or absent (the config decides). */
export function aiFlag(value: unknown, command: string): 'offline' | 'claude' | undefined {
  if (value === undefined) return undefined;
  if (value === 'offline' || value === 'claude') return value;
  throw new UserError(`debrief ${command}: --ai takes offline or claude, not "${String(value)}".`);
}

/** Where the Review step's export writes: beside the session files, in `exports/`. */
export function exportPath(store: SessionStore, id: string): string {
  return join(store.dir, 'exports', `${id}.md`);
}

/** The lines printed when the console closes: the time per step, then what happened to the session
 *  (a read-only console changed nothing, so it says so instead of "Saved"). Pure; exported for tests. */
export function exitLines(id: string, r: { readOnly: boolean; timeSummary: string; unsaved?: string }): string[] {
  if (r.readOnly) return [`Closed ${id} (read-only: nothing was changed).`];
  const lines: string[] = [];
  if (r.timeSummary) lines.push(`Time per step (used/planned, ! over): ${r.timeSummary}`);
  lines.push(`Saved ${id}${r.unsaved ? ` (but ${r.unsaved})` : ''}. Resume with: debrief resume ${id}`);
  return lines;
}

export async function openConsole(store: SessionStore, session: Session, opts: OpenOptions): Promise<number> {
  const { io } = opts;
  let readOnly = opts.readOnly ?? false;
  let readOnlyReason: string | undefined = readOnly ? 'opened read-only' : undefined;
  let release: (() => Promise<void>) | null = null;
  if (!readOnly) {
    const lock = await store.lock(session.id);
    if (lock.ok) release = lock.release;
    else {
      const h = lock.holder;
      const who = `process ${h.pid} on ${h.host} since ${h.startedAt}${h.command ? ` (${h.command})` : ''}`;
      if (!opts.readOnlyIfLocked) {
        throw new UserError(`session "${session.id}" is open in ${who}. Close it there, or add --read-only to look without changing it.`);
      }
      readOnly = true;
      readOnlyReason = `read-only: open in ${who}`;
    }
  }
  const saver = makeSaver(store, session.id);
  // the crash journal: before the next key for a session of normal size; for a large one (its text
  // over JOURNAL_SYNC_BYTES, some thousands of events) right after the frame, so typing never waits on it
  let journalBytes = 0;
  let deferred: Session | null = null;
  const journalNow = (s: Session): void => {
    journalBytes = store.journal(s) || journalBytes;
  };
  const journal = (s: Session): void => {
    if (journalBytes < JOURNAL_SYNC_BYTES) return journalNow(s);
    if (!deferred)
      setImmediate(() => {
        const d = deferred;
        deferred = null;
        if (d) journalNow(d);
      });
    deferred = s;
  };
  const settleJournal = (saved: boolean): void => {
    if (!saved && deferred) journalNow(deferred);
    deferred = null;
    // saved: the journal is not needed; not saved: it keeps the latest state for the next resume
    store.closeJournal(session.id, !saved);
  };
  // Ctrl+C before the console takes the keyboard (a SIGINT), a closed terminal window (SIGHUP) or a
  // kill (SIGTERM): finish the save in flight, release the lock, then die of the same signal.
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  // (the listener stays registered until the save is done: Ink's signal-exit re-raises the signal at
  // once when it finds itself the only listener)
  let stopping = false;
  const onSignal = (sig: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    void (async () => {
      if (!readOnly) {
        const st = await saver.flush().catch(() => null);
        settleJournal(st?.state === 'saved' || st?.state === 'idle');
      }
      if (release) await release().catch(() => undefined);
      for (const s of signals) process.removeListener(s, onSignal);
      process.kill(process.pid, sig);
    })();
  };
  for (const s of signals) process.on(s, onSignal);
  try {
    const { launchConsole } = await import('../ui/launch.js');
    const { renderMarkdown } = await import('../report/markdown.js');
    const result = await launchConsole({
      session,
      readOnly,
      readOnlyReason,
      ...(opts.ai ? { ai: opts.ai } : {}),
      ...(opts.patchConsole !== undefined ? { patchConsole: opts.patchConsole } : {}),
      ...(opts.notice ? { notice: opts.notice } : {}),
      // the journal first, synchronously: a kill at any moment loses at most the action being applied
      onSave: (s) => {
        if (readOnly) return;
        journal(s);
        saver.save(s);
      },
      flush: () => saver.flush(),
      similarIncidents: (s) => similarIncidents(store, s),
      saveStatus: (cb) => saver.onStatus(cb),
      exportMarkdown: async (s) => {
        const path = exportPath(store, s.id);
        await mkdir(dirname(path), { recursive: true });
        await writeFile(path, renderMarkdown(s, Date.now()), 'utf8');
        return path;
      },
      stdin: io.stdin as NodeJS.ReadStream,
      stdout: io.stdout as NodeJS.WriteStream,
      env: io.env,
    });
    const status = await saver.flush();
    if (!readOnly && status.state !== 'saved' && status.state !== 'idle') {
      settleJournal(false);
      io.stderr.write(
        `debrief: the last changes could not be saved (${status.message}). Session file: ${store.path(session.id)}; they are kept in its crash journal, and \`debrief resume ${session.id}\` picks them up once the folder is writable.\n`,
      );
      return 1;
    }
    if (!readOnly) settleJournal(true);
    for (const line of exitLines(session.id, { readOnly, timeSummary: result.timeSummary, ...(result.unsaved ? { unsaved: result.unsaved } : {}) })) {
      io.stdout.write(`${line}\n`);
    }
    return result.exitCode;
  } finally {
    for (const s of signals) process.removeListener(s, onSignal);
    saver.dispose();
    if (release) await release();
  }
}

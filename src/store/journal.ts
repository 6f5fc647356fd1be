// The crash journal: the console writes the whole session here synchronously after every action,
// before the next key is read, so a process killed at any moment loses at most the action it was
// applying. The session file itself is written asynchronously (atomic, fsynced, with backups) and lags
// by at most one save; on load, a journal that is valid, of the same session and not older than the
// file (allowing for the save that was in flight when the process died) wins, and the next save makes
// the file catch up. A clean exit removes it. No fsync here: it guards against a killed process, the
// fsynced session file guards against a lost machine.
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';

/** how much newer the session file may be than the journal and the journal still win: the save that was
 *  in flight when the process died lands after the journal that is ahead of it */
export const JOURNAL_SLACK_MS = 10_000;

export function journalPath(dir: string, id: string): string {
  return path.join(dir, `.${id}.journal`);
}

/** Write the text as the journal of `id` (temp file, then rename: never torn). False when it failed. */
export function writeJournal(dir: string, id: string, text: string): boolean {
  const file = journalPath(dir, id);
  const tmp = `${file}.${process.pid}.0.tmp`;
  let fd: number | null = null;
  try {
    fd = openSync(tmp, 'w');
    writeSync(fd, text);
    closeSync(fd);
    fd = null;
    renameSync(tmp, file);
    return true;
  } catch {
    if (fd !== null) {
      try {
        closeSync(fd);
      } catch {
        /* already closed */
      }
    }
    try {
      unlinkSync(tmp);
    } catch {
      /* never written */
    }
    return false;
  }
}

/** The journal's text and modification time, or null when there is none (or it cannot be read). */
export function readJournal(dir: string, id: string): { text: string; mtimeMs: number } | null {
  const file = journalPath(dir, id);
  try {
    const st = statSync(file);
    return { text: readFileSync(file, 'utf8'), mtimeMs: st.mtimeMs };
  } catch {
    return null;
  }
}

export function dropJournal(dir: string, id: string): void {
  try {
    unlinkSync(journalPath(dir, id));
  } catch {
    /* none */
  }
}

/** Make the journal durable too (used before a clean exit that could not save the session file). */
export function syncJournal(dir: string, id: string): void {
  try {
    const fd = openSync(journalPath(dir, id), 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    /* none */
  }
}

// Where sessions live, and the one check that keeps user input from naming a path outside the folder.
import path from 'node:path';
import { isSafeSessionId } from '../domain/session.js';
import { clip, oneLine } from '../domain/text.js';

/** --sessions-dir, then DEBRIEF_SESSIONS_DIR, then ./sessions; always absolute. */
export function resolveSessionsDir(flag?: string, env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): string {
  const chosen = flag?.trim() || env.DEBRIEF_SESSIONS_DIR?.trim() || 'sessions';
  return path.resolve(cwd, chosen);
}

/** A printable rendering of an id that came from the user (escapes, NUL and long input neutralised). */
export function showId(id: string): string {
  const shown = clip(oneLine(id.replace(/\u0000/g, '\\0')), 70);
  return JSON.stringify(shown);
}

/** null when the id is safe, otherwise one line saying why and what to do. */
export function idProblem(id: unknown): string | null {
  if (typeof id !== 'string' || id.length === 0) return 'A session id is required: lowercase letters, digits and dashes (e.g. "checkout-outage").';
  if (isSafeSessionId(id)) return null;
  let why = 'it is not a safe file name';
  if (id.includes('\u0000')) why = 'it contains a NUL byte';
  else if (id.includes('/') || id.includes('\\')) why = 'it contains a path separator';
  else if (id.includes('..')) why = 'it points outside the sessions folder';
  else if (/[A-Z]/.test(id)) why = 'it has capital letters';
  else if (id.length > 64) why = 'it is longer than 64 characters';
  return `Session id ${showId(id)} is refused: ${why}. Use lowercase letters, digits and dashes (e.g. "checkout-outage"); "debrief list" shows the ids.`;
}

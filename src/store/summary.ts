// The summary index `<dir>/.index.json`: one small record per session file, keyed by the file's
// mtime, size and inode, so listing and searching 1,000 sessions reads one file plus a folder of stats
// instead of 1,000 JSON documents. Refreshed lazily; a missing or broken index is simply rebuilt.
import path from 'node:path';
import type { Session, Severity, StepId } from '../domain/schema.js';
import { isSafeSessionId } from '../domain/session.js';
import { atomicWrite } from './atomic.js';
import { StoreError } from './errors.js';
import { errCode, type FsLayer } from './fs.js';
import { parseSessionText } from './parse.js';

export const INDEX_FILE = '.index.json';
const INDEX_VERSION = 1;

export interface IndexedAction {
  id: string;
  title: string;
  status: 'open' | 'done';
  ownerRole: string;
  owner: string | null;
  due: string | null;
}

export interface IndexedSession {
  id: string;
  /** file name inside the folder */
  file: string;
  mtimeMs: number;
  size: number;
  ino: number;
  title: string;
  severity: Severity | null;
  step: StepId | null;
  updatedAt: string;
  services: string[];
  factors: { text: string; type: string; category: string | null }[];
  actions: IndexedAction[];
  error?: string;
}

interface IndexFile {
  version: number;
  entries: Record<string, IndexedSession>;
}

export function summarize(session: Session, file: string, st: { mtimeMs: number; size: number; ino: number }): IndexedSession {
  return {
    id: session.id,
    file,
    mtimeMs: st.mtimeMs,
    size: st.size,
    ino: st.ino,
    title: session.incident.title,
    severity: session.incident.severity,
    step: session.meeting.step,
    updatedAt: session.updatedAt,
    services: session.incident.services,
    factors: session.factors.map((f) => ({ text: f.text, type: f.type, category: f.category })),
    actions: session.actions.map((a) => ({
      id: a.id,
      title: a.title,
      status: a.status,
      ownerRole: a.ownerRole,
      owner: a.owner,
      due: a.due,
    })),
  };
}

export interface IndexEnv {
  fs: FsLayer;
  dir: string;
  /** how a file is named in messages */
  shown: (file: string) => string;
}

async function readIndex(env: IndexEnv): Promise<Record<string, IndexedSession>> {
  try {
    const raw = JSON.parse((await env.fs.readFile(path.join(env.dir, INDEX_FILE))).toString('utf8')) as Partial<IndexFile>;
    if (raw.version !== INDEX_VERSION || !raw.entries || typeof raw.entries !== 'object') return {};
    // the index is a cache: any entry that is not the shape we write is dropped (and re-read from its file)
    const out: Record<string, IndexedSession> = {};
    for (const [file, e] of Object.entries(raw.entries)) if (isEntry(file, e)) out[file] = e;
    return out;
  } catch {
    return {};
  }
}

/** Session files in the folder: `<id>.json` with a safe id (temp files, backups and the index are skipped). */
export async function sessionFiles(env: IndexEnv): Promise<string[]> {
  try {
    const names = await env.fs.readdir(env.dir);
    return names.filter((n) => n.endsWith('.json') && isSafeSessionId(n.slice(0, -5)));
  } catch (err) {
    if (errCode(err) === 'ENOENT' || errCode(err) === 'ENOTDIR') return [];
    throw new StoreError('io', `Cannot read the sessions folder ${env.shown(env.dir)} (${errCode(err) || 'error'}): check its permissions or choose another with --sessions-dir.`);
  }
}

/** The current index: unchanged files come from the cache, changed ones are re-read. */
export async function refreshIndex(env: IndexEnv, memo?: Record<string, IndexedSession>): Promise<IndexedSession[]> {
  const [files, cached] = await Promise.all([sessionFiles(env), memo ?? readIndex(env)]);
  let changed = Object.keys(cached).length !== files.length;
  const fulls = files.map((f) => path.join(env.dir, f));
  // when the seam has no batch stat (a test's fs layer), stat one by one through it
  const stats = env.fs.statMany
    ? await env.fs.statMany(fulls)
    : await Promise.all(fulls.map((f) => env.fs.stat(f).catch(() => null)));
  const entries = await Promise.all(
    files.map(async (file, i): Promise<IndexedSession | null> => {
      const full = fulls[i] as string;
      const id = file.slice(0, -5);
      const st = stats[i];
      if (!st) {
        changed = true;
        return null; // vanished since readdir
      }
      const hit = cached[file];
      const same = hit && hit.mtimeMs === st.mtimeMs && hit.size === st.size && hit.ino === st.ino;
      // a broken file is re-read each time (they are rare), so its message names the file as seen from here
      if (same && !hit.error) return hit;
      if (!same) changed = true;
      const key = { mtimeMs: st.mtimeMs, size: st.size, ino: st.ino };
      let text: string;
      try {
        text = (await env.fs.readFile(full)).toString('utf8');
      } catch (err) {
        return errorEntry(id, file, key, `${env.shown(full)}: cannot be read (${errCode(err) || 'error'}): check its permissions.`);
      }
      const parsed = parseSessionText(text, env.shown(full), id);
      if (!parsed.ok) {
        if (hit?.error !== parsed.message) changed = true;
        return errorEntry(id, file, key, parsed.message);
      }
      changed = true;
      return summarize(parsed.session, file, key);
    }),
  );
  const out = entries.filter((e): e is IndexedSession => e !== null);
  if (changed) {
    const idx: IndexFile = { version: INDEX_VERSION, entries: Object.fromEntries(out.map((e) => [e.file, e])) };
    // best effort: a read-only folder still lists, it just re-reads next time
    await atomicWrite(env.fs, path.join(env.dir, INDEX_FILE), JSON.stringify(idx)).catch(() => undefined);
  }
  return out;
}

function errorEntry(id: string, file: string, st: { mtimeMs: number; size: number; ino: number }, error: string): IndexedSession {
  return {
    id,
    file,
    ...st,
    title: '',
    severity: null,
    step: null,
    updatedAt: new Date(st.mtimeMs).toISOString(),
    services: [],
    factors: [],
    actions: [],
    error,
  };
}

const isStr = (x: unknown): x is string => typeof x === 'string';
const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

function isEntry(file: string, e: unknown): e is IndexedSession {
  if (!e || typeof e !== 'object') return false;
  const x = e as Record<string, unknown>;
  if (x.file !== file || !isStr(x.id) || `${x.id}.json` !== file || !isSafeSessionId(x.id)) return false;
  if (!isNum(x.mtimeMs) || !isNum(x.size) || !isNum(x.ino) || !isStr(x.title) || !isStr(x.updatedAt)) return false;
  if (x.error !== undefined && !isStr(x.error)) return false;
  if (!Array.isArray(x.services) || !x.services.every(isStr)) return false;
  if (!Array.isArray(x.factors) || !x.factors.every((f) => f && typeof f === 'object' && isStr((f as { text?: unknown }).text))) return false;
  return (
    Array.isArray(x.actions) &&
    x.actions.every((a) => {
      const y = a as Record<string, unknown> | null;
      return !!y && isStr(y.id) && isStr(y.title) && isStr(y.ownerRole) && (y.status === 'open' || y.status === 'done');
    })
  );
}

// The session store: one JSON file per session in a folder, loaded with validation and migration,
// saved atomically, locked per process, with rolling backups.
import { hostname } from 'node:os';
import path from 'node:path';
import type { Session } from '../domain/schema.js';
import { slugify } from '../domain/session.js';
import { clip, oneLine } from '../domain/text.js';
import { atomicWrite, createComplete, writeThroughLowdb } from './atomic.js';
import { StoreError } from './errors.js';
import { errCode, nodeFs, type FsLayer } from './fs.js';
import { acquireLock, defaultIsAlive, holdsLock, lockFileFor, lockState, type LockEnv } from './lock.js';
import { parseSessionText, sessionText, validateSession } from './parse.js';
import { idProblem } from './paths.js';
import { dropJournal, JOURNAL_SLACK_MS, journalPath, readJournal, syncJournal, writeJournal } from './journal.js';
import { refreshIndex, type IndexedSession } from './summary.js';
import type {
  BackupInfo,
  LoadOptions,
  LoadResult,
  LockResult,
  LockState,
  RestoreReport,
  SaveReport,
  SessionStore,
  SessionSummary,
  StoreOptions,
} from './types.js';

export const BACKUP_DIR = '.backups';
const BACKUP_RE = /^(\d{6,})-(\d{8}T\d{6}Z)(?:-([a-z-]+))?\.json$/;

interface Known {
  ino: number;
  size: number;
  mtimeMs: number;
  /** the text last read or written (compared only when the file's stat changed) */
  text: string;
}

function compactIso(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}
function fromCompact(s: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  return m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z` : s;
}

/** What a write failure means for the user, as one line and a code. */
export function describeWriteError(err: unknown, shown: string, dirShown: string, creating = false): StoreError {
  const code = errCode(err);
  if (creating) {
    // nothing is open yet: say what to do, not that saving will resume
    const why = code === 'ENOSPC' || code === 'EDQUOT' ? 'the disk is full' : code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? `${dirShown} is not writable` : `${dirShown} cannot hold it`;
    const kind = code === 'ENOSPC' || code === 'EDQUOT' ? 'no-space' : code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? 'read-only' : 'io';
    return new StoreError(kind, `Could not create ${shown} (${code || 'error'}): ${why}; nothing was written. Choose another folder with --sessions-dir.`);
  }
  const kept = 'the meeting is kept in memory';
  if (code === 'ENOSPC' || code === 'EDQUOT')
    return new StoreError('no-space', `Disk full: could not save ${shown} (${code}); ${kept} and saving resumes when space is freed.`);
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS')
    return new StoreError(
      'read-only',
      `${dirShown} is not writable (${code}): could not save ${shown}; ${kept} and saving resumes when the folder is writable again.`,
    );
  const why = err instanceof Error ? clip(oneLine(err.message), 100) : 'unknown error';
  return new StoreError('io', `Could not save ${shown} (${code || why}); ${kept} and saving will be retried.`);
}

export function openStore(dir: string, options: StoreOptions = {}): SessionStore {
  return new FileStore(path.resolve(dir), options);
}

class FileStore implements SessionStore {
  readonly dir: string;
  private readonly fs: FsLayer;
  private readonly now: () => number;
  private readonly lockEnv: LockEnv;
  private readonly keepBackups: number;
  private readonly backupEveryMs: number;
  /** ids whose file failed to load: never written over until restored */
  private readonly bad = new Set<string>();
  /** what we last read or wrote per id, to notice a file deleted or replaced while open */
  private readonly known = new Map<string, Known>();
  private lastNow = -Infinity;
  private readonly cwd: string | undefined;
  private readonly journalOn: boolean;
  /** ids this store keeps a crash journal for (the console's): its own saves leave the journal alone */
  private readonly journaling = new Set<string>();

  constructor(dir: string, o: StoreOptions) {
    this.dir = dir;
    this.fs = o.fs ?? nodeFs;
    this.now = o.now ?? Date.now;
    this.cwd = o.cwd;
    this.keepBackups = o.keepBackups ?? 5;
    this.backupEveryMs = o.backupEveryMs ?? 60_000;
    this.journalOn = o.journal ?? !o.fs;
    this.lockEnv = {
      fs: this.fs,
      pid: o.pid ?? process.pid,
      host: o.host ?? hostname(),
      now: this.now,
      isAlive: o.isAlive ?? defaultIsAlive,
      releaseOnExit: o.releaseOnExit ?? true,
      ...(o.command ? { command: o.command } : {}),
    };
  }

  /** a file as it appears in messages: relative to the working folder when inside it */
  shown(file: string): string {
    const rel = path.relative(this.cwd ?? process.cwd(), file);
    return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
  }

  private checkId(id: string): void {
    const problem = idProblem(id);
    if (problem) throw new StoreError('bad-id', problem);
  }

  path(id: string): string {
    this.checkId(id);
    return path.join(this.dir, `${id}.json`);
  }

  private backupDir(id: string): string {
    return path.join(this.dir, BACKUP_DIR, id);
  }

  async exists(id: string): Promise<boolean> {
    try {
      await this.fs.stat(this.path(id));
      return true;
    } catch (err) {
      if (err instanceof StoreError) throw err;
      return false;
    }
  }

  /** the last index this store saw, so repeated searches (the console's panel) skip re-reading it */
  private memo: Record<string, IndexedSession> | undefined;

  async index(): Promise<IndexedSession[]> {
    const entries = await refreshIndex({ fs: this.fs, dir: this.dir, shown: (f) => this.shown(f) }, this.memo);
    this.memo = Object.fromEntries(entries.map((e) => [e.file, e]));
    return entries;
  }

  async list(): Promise<SessionSummary[]> {
    const entries = await this.index();
    const rows = entries.map(
      (e): SessionSummary => ({
        id: e.id,
        title: oneLine(e.title),
        severity: e.severity,
        step: e.step,
        updatedAt: e.updatedAt,
        path: path.join(this.dir, e.file),
        ...(e.error ? { error: e.error } : {}),
      }),
    );
    return rows.sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : a.id.localeCompare(b.id)));
  }

  async load(id: string, opts: LoadOptions = {}): Promise<LoadResult> {
    const problem = idProblem(id);
    if (problem) return { ok: false, code: 'bad-id', message: problem };
    const file = this.path(id);
    const shown = this.shown(file);
    let buf: Buffer;
    try {
      buf = await this.fs.readFile(file);
    } catch (err) {
      const code = errCode(err);
      if (code === 'ENOENT')
        return { ok: false, code: 'missing', message: `No session "${id}" in ${this.shown(this.dir)}: "debrief list" shows the sessions there.` };
      this.bad.add(id);
      return { ok: false, code: 'unreadable', message: `${shown}: cannot be read (${code || 'error'}): check its permissions; the file was left untouched.` };
    }
    const parsed = parseSessionText(buf.toString('utf8'), shown, id);
    if (!parsed.ok) {
      this.bad.add(id);
      return { ok: false, code: parsed.code, message: parsed.message };
    }
    this.bad.delete(id);
    await this.remember(id, file, buf);
    if (!parsed.migrated) {
      const recovered = await this.fromJournal(id, file, buf);
      return recovered ? { ok: true, session: recovered, recoveredFrom: journalPath(this.dir, id) } : { ok: true, session: parsed.session };
    }
    const result: LoadResult = { ok: true, session: parsed.session, migratedFrom: parsed.from };
    if (opts.readOnly) return result;
    const backupPath = `${file}.v${parsed.from}.bak`;
    try {
      await createComplete(this.fs, backupPath, buf.toString('utf8'));
    } catch (err) {
      if (errCode(err) !== 'EEXIST') {
        // without the backup of the original we must not write the migrated version over it
        this.bad.add(id);
        return {
          ok: false,
          code: 'unreadable',
          message: `${shown} needs migrating from format v${parsed.from} but its backup ${this.shown(backupPath)} could not be written (${errCode(err) || 'error'}); the file was left untouched.`,
        };
      }
    }
    return { ...result, backupPath };
  }

  /** The journal's session when it is valid, of this id, different from the file and not older than it
   *  (beyond the in-flight save's slack); null otherwise. */
  private async fromJournal(id: string, file: string, buf: Buffer): Promise<Session | null> {
    if (!this.journalOn) return null;
    const j = readJournal(this.dir, id);
    if (!j || j.text === buf.toString('utf8')) return null;
    const parsed = parseSessionText(j.text, this.shown(journalPath(this.dir, id)), id);
    if (!parsed.ok || parsed.migrated || parsed.session.id !== id) return null;
    const st = await this.fs.stat(file).catch(() => null);
    if (st && j.mtimeMs < st.mtimeMs - JOURNAL_SLACK_MS) return null; // the file was written since, by someone else
    return parsed.session;
  }

  journal(session: Session): number {
    if (!this.journalOn || idProblem(session.id)) return 0;
    this.journaling.add(session.id);
    const text = sessionText(session);
    return writeJournal(this.dir, session.id, text) ? text.length : 0;
  }

  closeJournal(id: string, keep = false): void {
    if (!this.journalOn || idProblem(id)) return;
    this.journaling.delete(id);
    if (keep) syncJournal(this.dir, id);
    else dropJournal(this.dir, id);
  }

  private async remember(id: string, file: string, content: Buffer | string): Promise<void> {
    try {
      const st = await this.fs.stat(file);
      this.known.set(id, { ino: st.ino, size: st.size, mtimeMs: st.mtimeMs, text: typeof content === 'string' ? content : content.toString('utf8') });
    } catch {
      // gone already (deleted the instant after the write): still remember what this store wrote, so
      // the next save says the file was deleted while open instead of re-creating it silently
      this.known.set(id, { ino: -1, size: -1, mtimeMs: -1, text: typeof content === 'string' ? content : content.toString('utf8') });
    }
  }

  async create(session: Session): Promise<void> {
    await this.serial(session.id, () => this.write(session, true));
  }

  save(session: Session): Promise<SaveReport> {
    return this.serial(session.id, () => this.write(session, false));
  }

  /** writes to one id run one after another, so "what we last wrote" is always the last write */
  private readonly chains = new Map<string, Promise<unknown>>();
  private serial<T>(id: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.chains.get(id) ?? Promise.resolve();
    const next = prev.then(fn, fn);
    const settled = next.then(
      () => undefined,
      () => undefined,
    );
    this.chains.set(id, settled);
    void settled.then(() => {
      if (this.chains.get(id) === settled) this.chains.delete(id);
    });
    return next;
  }

  private async write(session: Session, create: boolean): Promise<SaveReport> {
    const id = session.id;
    this.checkId(id);
    const file = this.path(id);
    const shown = this.shown(file);
    const valid = validateSession(session);
    if (!valid.ok) {
      throw new StoreError('invalid', `Not saved: session "${id}" has an invalid field "${valid.field}" (${valid.message}); ${shown} was kept as it was.`);
    }
    if (this.bad.has(id))
      throw new StoreError(
        'refused',
        `${shown} failed to load, so it is never written over: run "debrief doctor ${id}" to check it or restore a backup.`,
      );
    const lockFile = lockFileFor(file);
    if (!holdsLock(lockFile)) {
      const ls = await lockState(this.lockEnv, lockFile);
      if ((ls.state === 'held' || ls.state === 'foreign-host') && ls.holder && ls.holder.pid !== this.lockEnv.pid) {
        throw new StoreError(
          'locked',
          `${shown} is open in process ${ls.holder.pid} on ${ls.holder.host} since ${ls.holder.startedAt}; not saved (this copy is read-only).`,
        );
      }
    }
    const warnings: string[] = [];
    const now = this.now();
    if (now < this.lastNow - 1000) {
      // said once per jump: the clock's new reading becomes the baseline
      warnings.push(`The system clock went back by ${Math.round((this.lastNow - now) / 1000)} s; saving continues and backups keep their order.`);
      this.lastNow = now;
    } else this.lastNow = Math.max(this.lastNow, now);

    let current: Awaited<ReturnType<FsLayer['stat']>> | null = null;
    try {
      current = await this.fs.stat(file);
    } catch (err) {
      const code = errCode(err);
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw describeWriteError(err, shown, this.shown(this.dir), create);
    }
    const known = this.known.get(id);
    if (current && create)
      throw new StoreError('exists', `A session "${id}" already exists (${shown}); choose another id or "debrief resume ${id}".`);
    if (current && !known) {
      // never loaded here: only write over it if it is a valid session file
      const bytes = await this.fs.readFile(file).catch(() => null);
      const check = bytes ? parseSessionText(bytes.toString('utf8'), shown, id) : null;
      if (!check?.ok) {
        this.bad.add(id);
        throw new StoreError('refused', `${check ? check.message : `${shown} cannot be read`}; not saved over it.`);
      }
    } else if (current && known && (current.ino !== known.ino || current.size !== known.size || current.mtimeMs !== known.mtimeMs)) {
      const bytes = await this.fs.readFile(file).catch(() => null);
      if (bytes && bytes.toString('utf8') !== known.text) {
        const kept = await this.keepCopy(id, bytes, 'replaced', now).catch(() => null);
        warnings.push(
          kept
            ? `${shown} was changed by another program while open; its version was kept as ${this.shown(kept)} and this meeting saved.`
            : `${shown} was changed by another program while open and this meeting was saved over it.`,
        );
      }
    } else if (!current && known) {
      warnings.push(`${shown} was deleted while the session was open; it has been written again.`);
    }

    const text = sessionText(session);
    try {
      try {
        await writeThroughLowdb(this.fs, file, text);
      } catch (err) {
        if (errCode(err) !== 'ENOENT') throw err;
        await this.fs.mkdir(this.dir); // the folder is new, or was deleted while open
        await writeThroughLowdb(this.fs, file, text);
      }
    } catch (err) {
      throw describeWriteError(err, shown, this.shown(this.dir), create);
    }
    await this.remember(id, file, text);
    // a writer that keeps no journal (import, restore, the CLI) has made the file the newest state
    if (this.journalOn && !this.journaling.has(id)) dropJournal(this.dir, id);
    const report: SaveReport = { warnings };
    try {
      const b = await this.maybeBackup(id, text, now);
      if (b) report.backupPath = b;
    } catch (err) {
      warnings.push(`Saved, but the backup could not be written (${errCode(err) || 'error'}).`);
    }
    return report;
  }

  async backups(id: string): Promise<BackupInfo[]> {
    this.checkId(id);
    const bdir = this.backupDir(id);
    let names: string[];
    try {
      names = await this.fs.readdir(bdir);
    } catch {
      return [];
    }
    const out: BackupInfo[] = [];
    for (const name of names) {
      const m = BACKUP_RE.exec(name);
      if (!m?.[1] || !m[2]) continue;
      let size = 0;
      try {
        size = (await this.fs.stat(path.join(bdir, name))).size;
      } catch {
        continue;
      }
      out.push({ name, path: path.join(bdir, name), seq: Number(m[1]), takenAt: fromCompact(m[2]), size, ...(m[3] ? { kind: m[3] } : {}) });
    }
    return out.sort((a, b) => b.seq - a.seq);
  }

  private async nextSeq(id: string): Promise<number> {
    const all = await this.backups(id);
    return (all[0]?.seq ?? 0) + 1;
  }

  async keep(id: string, label: string): Promise<string> {
    this.checkId(id);
    if (!/^[a-z]+(?:-[a-z]+)*$/.test(label)) throw new StoreError('bad-id', `A backup label is lower-case words with dashes, not "${clip(oneLine(label), 40)}".`);
    const file = this.path(id);
    let bytes: Buffer;
    try {
      bytes = await this.fs.readFile(file);
    } catch (err) {
      throw describeWriteError(err, this.shown(file), this.shown(this.dir));
    }
    return this.keepCopy(id, bytes, label, this.now());
  }

  /** keep bytes in the backups folder under a labelled name; returns the path */
  private async keepCopy(id: string, bytes: Buffer | string, label: string, now: number): Promise<string> {
    const bdir = this.backupDir(id);
    await this.fs.mkdir(bdir);
    const target = path.join(bdir, `${String(await this.nextSeq(id)).padStart(6, '0')}-${compactIso(now)}-${label}.json`);
    await atomicWrite(this.fs, target, typeof bytes === 'string' ? bytes : bytes.toString('utf8'));
    return target;
  }

  /** when this store last saw a rolling backup taken per id: most saves then skip the backups folder */
  private readonly lastBackupAt = new Map<string, number>();

  private async maybeBackup(id: string, text: string, now: number): Promise<string | null> {
    const seen = this.lastBackupAt.get(id);
    if (seen !== undefined && Math.abs(now - seen) < this.backupEveryMs) return null;
    const all = await this.backups(id);
    const rolling = all.filter((b) => !b.kind);
    const newest = rolling[0];
    if (newest) {
      const takenAt = Date.parse(newest.takenAt);
      if (Math.abs(now - takenAt) < this.backupEveryMs) {
        this.lastBackupAt.set(id, takenAt);
        return null;
      }
      const prev = await this.fs.readFile(newest.path).catch(() => null);
      if (prev && prev.toString('utf8') === text) {
        this.lastBackupAt.set(id, now); // unchanged: look again a minute from now
        return null;
      }
    }
    const bdir = this.backupDir(id);
    await this.fs.mkdir(bdir);
    const seq = (all[0]?.seq ?? 0) + 1;
    const target = path.join(bdir, `${String(seq).padStart(6, '0')}-${compactIso(now)}.json`);
    await atomicWrite(this.fs, target, text);
    // prune: keep the newest N rolling backups (labelled copies are kept)
    const excess = [{ path: target }, ...rolling].slice(this.keepBackups);
    for (const old of excess) await this.fs.unlink(old.path).catch(() => undefined);
    this.lastBackupAt.set(id, now);
    return target;
  }

  async restore(id: string, backup: BackupInfo | string): Promise<RestoreReport> {
    this.checkId(id);
    const file = this.path(id);
    const shown = this.shown(file);
    const name = typeof backup === 'string' ? path.basename(backup) : backup.name;
    const found = (await this.backups(id)).find((b) => b.name === name);
    if (!found) throw new StoreError('missing', `No backup "${clip(oneLine(name), 80)}" for session "${id}": "debrief doctor ${id}" lists them.`);
    const ls = await this.lockState(id);
    if ((ls.state === 'held' || ls.state === 'foreign-host') && ls.holder && !holdsLock(lockFileFor(file)))
      throw new StoreError(
        'locked',
        `${shown} is open in process ${ls.holder.pid} on ${ls.holder.host} since ${ls.holder.startedAt}: close it there first, then restore.`,
      );
    const bytes = await this.fs.readFile(found.path);
    const check = parseSessionText(bytes.toString('utf8'), this.shown(found.path), id);
    if (!check.ok) throw new StoreError('invalid', check.message);
    const report: RestoreReport = { restoredFrom: found.path };
    const now = this.now();
    const current = await this.fs.readFile(file).catch(() => null);
    try {
      if (current) report.keptAs = await this.keepCopy(id, current, 'before-restore', now);
      await atomicWrite(this.fs, file, bytes.toString('utf8'));
    } catch (err) {
      throw describeWriteError(err, shown, this.shown(this.dir));
    }
    this.bad.delete(id);
    await this.remember(id, file, bytes);
    if (this.journalOn) dropJournal(this.dir, id); // the restored file is what the next console opens
    return report;
  }

  async remove(id: string): Promise<void> {
    this.checkId(id);
    const file = this.path(id);
    const bytes = await this.fs.readFile(file).catch(() => null);
    if (!bytes) return;
    await this.keepCopy(id, bytes, 'removed', this.now());
    await this.fs.unlink(file);
    if (this.journalOn) dropJournal(this.dir, id);
    this.known.delete(id);
    this.bad.delete(id);
  }

  async lock(id: string): Promise<LockResult> {
    const file = this.path(id);
    await this.fs.mkdir(this.dir);
    const result = await acquireLock(this.lockEnv, lockFileFor(file));
    if (result.ok) await this.cleanTemp(id);
    return result;
  }

  /** remove temp files left by writers of this session that were killed mid-save (their pid is gone) */
  private async cleanTemp(id: string): Promise<void> {
    const re = new RegExp(`^\\.${id}\\.(?:json|lock|lock\\.break|journal)\\.(\\d+)\\.\\d+\\.tmp$`);
    const names = await this.fs.readdir(this.dir).catch(() => [] as string[]);
    for (const name of names) {
      const pid = Number(re.exec(name)?.[1] ?? NaN);
      if (!Number.isInteger(pid) || pid === this.lockEnv.pid || this.lockEnv.isAlive(pid)) continue;
      await this.fs.unlink(path.join(this.dir, name)).catch(() => undefined);
    }
  }

  async lockState(id: string): Promise<LockState> {
    return lockState(this.lockEnv, lockFileFor(this.path(id)));
  }

  async uniqueId(base: string): Promise<string> {
    const slug = slugify(base).slice(0, 56).replace(/-+$/, '') || 'incident';
    if (!(await this.exists(slug))) return slug;
    for (let n = 2; n < 10_000; n++) {
      const candidate = `${slug}-${n}`;
      if (!(await this.exists(candidate))) return candidate;
    }
    throw new StoreError('exists', `Too many sessions named "${slug}" in ${this.shown(this.dir)}: choose another title.`);
  }
}

// The session store's public types. Everything the console and the CLI call is declared here.
import type { Session, Severity, StepId } from '../domain/schema.js';
import type { FsLayer } from './fs.js';
import type { IndexedSession } from './summary.js';

/** One line per session file in the folder; files that fail to load are listed with `error`, never thrown. */
export interface SessionSummary {
  id: string;
  title: string;
  severity: Severity | null;
  step: StepId | null;
  /** the session's own updatedAt (ISO), or the file's mtime when the file cannot be read */
  updatedAt: string;
  /** absolute path of the session file */
  path: string;
  /** one clear line when the file fails to load */
  error?: string;
}

export type LoadErrorCode = 'missing' | 'invalid' | 'newer' | 'unreadable' | 'bad-id';

export type LoadResult =
  | {
      ok: true;
      session: Session;
      migratedFrom?: number;
      backupPath?: string;
      /** the session came from the crash journal (the process that had it open was killed): its path */
      recoveredFrom?: string;
    }
  | { ok: false; code: LoadErrorCode; message: string };

export interface LockHolder {
  pid: number;
  host: string;
  /** ISO instant the holder took the lock */
  startedAt: string;
  command?: string;
}

export type LockResult =
  | { ok: true; release(): Promise<void>; tookOverFrom?: LockHolder }
  | { ok: false; holder: LockHolder };

export interface LockState {
  state: 'none' | 'held' | 'stale' | 'foreign-host' | 'unreadable';
  holder?: LockHolder;
}

export interface BackupInfo {
  /** file name inside `<dir>/.backups/<id>/` */
  name: string;
  path: string;
  /** monotonic sequence number (ordering does not trust the clock) */
  seq: number;
  /** ISO instant the backup was taken (by the clock of the time) */
  takenAt: string;
  size: number;
  /** absent for rolling backups; 'replaced' | 'before-restore' | 'removed' for copies kept aside */
  kind?: string;
}

export interface SaveReport {
  /** non-fatal notes for the status line (file was deleted/replaced while open, clock went back, backup failed) */
  warnings: string[];
  backupPath?: string;
}

export interface RestoreReport {
  restoredFrom: string;
  /** where the file that was replaced was kept (never deleted) */
  keptAs?: string;
}

export interface StoreOptions {
  /** injectable fs (tests use it to simulate ENOSPC, EACCES, EROFS) */
  fs?: FsLayer;
  /** clock in epoch ms (backups, lock start times, clock-jump detection) */
  now?: () => number;
  pid?: number;
  host?: string;
  /** recorded in lock files, e.g. "debrief resume checkout-outage" */
  command?: string;
  /** process liveness check (default: process.kill(pid, 0)) */
  isAlive?: (pid: number) => boolean;
  /** backups kept per session (default 5) */
  keepBackups?: number;
  /** minimum spacing between two backups in ms (default 60 000) */
  backupEveryMs?: number;
  /** folder file names in messages are shown relative to (default process.cwd()) */
  cwd?: string;
  /** release held locks synchronously on process exit (default true) */
  releaseOnExit?: boolean;
  /** keep a crash journal (src/store/journal.ts; default: on with the real file system, off with an injected one) */
  journal?: boolean;
}

export interface LoadOptions {
  /** do not write anything (no migration backup): used by a read-only second opener, list and search */
  readOnly?: boolean;
}

export interface SessionStore {
  readonly dir: string;
  /** sorted by last change, newest first */
  list(): Promise<SessionSummary[]>;
  /** the cached summary index (titles, services, factors, action items) behind list and search */
  index(): Promise<IndexedSession[]>;
  load(id: string, opts?: LoadOptions): Promise<LoadResult>;
  /** refuses (StoreError 'exists') to overwrite an existing id */
  create(session: Session): Promise<void>;
  /** validates, then writes atomically; throws StoreError on failure */
  save(session: Session): Promise<SaveReport>;
  /** write the crash journal now, synchronously (the console, after every action): the bytes written,
   *  0 when it is off or failed */
  journal(session: Session): number;
  /** a clean close: the journal is no longer needed (kept, and made durable, when `keep` is true) */
  closeJournal(id: string, keep?: boolean): void;
  exists(id: string): Promise<boolean>;
  /** moves the session file and its lock into `.backups/<id>/` (never deletes bytes) */
  remove(id: string): Promise<void>;
  /** absolute path of the session file; throws StoreError 'bad-id' for unsafe ids */
  path(id: string): string;
  lock(id: string): Promise<LockResult>;
  lockState(id: string): Promise<LockState>;
  /** slug of base, then base-2, base-3 … the first id with no file */
  uniqueId(base: string): Promise<string>;
  /** newest first */
  backups(id: string): Promise<BackupInfo[]>;
  /** keep the session file as it is now under a labelled name in its backups (never pruned); the path */
  keep(id: string, label: string): Promise<string>;
  restore(id: string, backup: BackupInfo | string): Promise<RestoreReport>;
}

export type StoreErrorCode =
  | 'bad-id'
  | 'exists'
  | 'invalid'
  | 'refused'
  | 'locked'
  | 'no-space'
  | 'read-only'
  | 'io'
  | 'missing';

export type SaveState = 'idle' | 'pending' | 'saving' | 'saved' | 'retrying' | 'refused';

export interface SaveStatus {
  state: SaveState;
  /** one line for the status bar ('' when idle) */
  message: string;
  /** epoch ms of the last successful write */
  savedAt: number | null;
  /** a non-fatal note from the last save (deleted/replaced while open, clock went back) */
  warning: string | null;
  /** error code while retrying or refused */
  code: StoreErrorCode | null;
  /** ms until the next automatic retry, when retrying */
  retryInMs: number | null;
}

export interface Saver {
  /** never blocks: queues the latest state; bursts coalesce */
  save(session: Session): void;
  /** waits for the queued state to be written (tries once more now if it was failing) */
  flush(): Promise<SaveStatus>;
  status(): SaveStatus;
  /** returns an unsubscribe function */
  onStatus(cb: (status: SaveStatus) => void): () => void;
  /** stops retry timers */
  dispose(): void;
}

export interface SearchOptions {
  limit?: number;
  /** ids to leave out (the current session) */
  exclude?: string[];
}

export interface OpenAction {
  id: string;
  title: string;
  ownerRole: string;
  owner: string | null;
  due: string | null;
}

export interface SearchHit {
  id: string;
  title: string;
  severity: Severity | null;
  updatedAt: string;
  path: string;
  /** 0 (best) .. 1 */
  score: number;
  /** what matched, e.g. { field: 'services', value: 'payments-db' } */
  matches: { field: 'title' | 'services' | 'factors' | 'actions'; value: string }[];
  services: string[];
  openActions: OpenAction[];
}

export interface SearchResult {
  query: string;
  searched: number;
  results: SearchHit[];
}

export interface SimilarIncident {
  id: string;
  title: string;
  severity: Severity | null;
  updatedAt: string;
  path: string;
  /** higher is more similar */
  score: number;
  sharedServices: string[];
  similarFactors: { mine: string; theirs: string }[];
  openActions: OpenAction[];
}

// Save-after-every-action without ever blocking typing: the console calls save() on each change;
// writes are serialised, bursts coalesce (only the latest state is written), and a failing disk is
// retried with backoff while the in-memory session stays the source of truth.
import type { Session } from '../domain/schema.js';
import { isStoreError } from './errors.js';
import type { SaveStatus, Saver, SessionStore, StoreErrorCode } from './types.js';

export interface SaverOptions {
  /** first retry delay after a failed write (default 1 s), doubled per failure */
  retryBaseMs?: number;
  /** longest retry delay (default 30 s) */
  retryMaxMs?: number;
  now?: () => number;
}

const RETRYABLE: ReadonlySet<StoreErrorCode> = new Set(['no-space', 'read-only', 'io', 'missing']);

export function saver(store: SessionStore, id: string, opts: SaverOptions = {}): Saver {
  const base = opts.retryBaseMs ?? 1000;
  const max = opts.retryMaxMs ?? 30_000;
  const now = opts.now ?? Date.now;
  let pending: Session | null = null;
  let running: Promise<void> | null = null;
  let scheduled = false;
  let timer: NodeJS.Timeout | null = null;
  let failures = 0;
  let disposed = false;
  const listeners = new Set<(s: SaveStatus) => void>();
  let status: SaveStatus = { state: 'idle', message: '', savedAt: null, warning: null, code: null, retryInMs: null };

  const set = (next: Partial<SaveStatus>): void => {
    status = { ...status, ...next };
    for (const cb of listeners) {
      try {
        cb(status);
      } catch {
        // a listener's bug must not stop saving
      }
    }
  };

  const run = async (): Promise<void> => {
    while (pending && !disposed) {
      const s = pending;
      pending = null;
      set({ state: 'saving', retryInMs: null });
      try {
        const report = await store.save(s);
        failures = 0;
        const warning = report.warnings[0] ?? null;
        set({ state: pending ? 'pending' : 'saved', message: warning ?? 'Saved.', savedAt: now(), warning, code: null, retryInMs: null });
      } catch (err) {
        const code: StoreErrorCode = isStoreError(err) ? err.code : 'io';
        const message = err instanceof Error ? err.message : String(err);
        if (RETRYABLE.has(code)) {
          pending ??= s; // keep the newest state to write when the problem is gone
          failures += 1;
          const delay = Math.min(max, base * 2 ** (failures - 1));
          set({ state: 'retrying', message, code, retryInMs: delay, warning: null });
          if (!disposed) {
            timer = setTimeout(() => {
              timer = null;
              kick();
            }, delay);
            timer.unref?.();
          }
        } else {
          // not retried on its own (a locked or broken file, an invalid state): the next change tries again
          set({ state: 'refused', message, code, retryInMs: null, warning: null });
        }
        return;
      }
    }
  };

  function kick(): void {
    if (running || scheduled || timer || disposed || !pending) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      if (running || !pending) return;
      running = run().finally(() => {
        running = null;
        // a save that arrived during a refused write gets its own attempt
        if (pending && !timer && status.state !== 'retrying') kick();
      });
    });
  }

  return {
    save(session: Session): void {
      if (disposed) return;
      pending = session;
      if (status.state !== 'retrying' && status.state !== 'saving') set({ state: 'pending' });
      // a refused state (locked, invalid file) is tried again on each new change
      kick();
    },
    async flush(): Promise<SaveStatus> {
      if (timer) {
        clearTimeout(timer);
        timer = null;
      }
      for (let i = 0; i < 1000; i++) {
        if (running) {
          await running;
          continue;
        }
        if (!pending || disposed) break;
        running = run().finally(() => {
          running = null;
        });
        await running;
        if (status.state === 'retrying' || status.state === 'refused') break;
      }
      return status;
    },
    status: () => status,
    onStatus(cb) {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    dispose(): void {
      disposed = true;
      if (timer) clearTimeout(timer);
      timer = null;
      listeners.clear();
    },
  };
}

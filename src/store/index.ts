// The session store: load + validate + migrate, atomic save, lock, backups, listing and search.
//
//   const store = openStore(resolveSessionsDir(flag, env, cwd), { command: 'debrief resume x' });
//   const r = await store.load(id);            // { ok, session, migratedFrom?, backupPath? } | { ok: false, code, message }
//   const lock = await store.lock(id);         // { ok, release } | { ok: false, holder: { pid, host, startedAt, command } }
//   const sv = saver(store, id);               // sv.save(session) after every action (never blocks);
//   sv.onStatus((st) => ...);                  // st.message / st.warning for the status line
//   await sv.flush(); sv.dispose(); await lock.release();
//
// A file that failed to load is never written over by that store; nothing invalid is ever written.
export type * from './types.js';
export { StoreError, isStoreError } from './errors.js';
export { resolveSessionsDir, idProblem } from './paths.js';
export { nodeFs, type FsLayer, type FileHandleLike } from './fs.js';
export { openStore, describeWriteError, BACKUP_DIR } from './store.js';
export { saver, type SaverOptions } from './saver.js';
export { parseSessionText, sessionText, fieldPath } from './parse.js';
export { INDEX_FILE, type IndexedSession, type IndexedAction } from './summary.js';
export { atomicWrite } from './atomic.js';
export { searchSessions, similarIncidents, searchEntries, similarFromEntries, resetSearchCache } from './search.js';

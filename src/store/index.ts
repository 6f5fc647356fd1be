// The session store: load + validate + migrate, atomic save, lock, backups, listing and search.
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

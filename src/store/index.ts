// The session store: load + validate + migrate, atomic save, lock, backups, listing and search.
export type * from './types.js';
export { StoreError, isStoreError } from './errors.js';
export { resolveSessionsDir, idProblem } from './paths.js';
export { nodeFs, type FsLayer, type FileHandleLike } from './fs.js';

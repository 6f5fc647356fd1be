// The store's one error type: a one-line message the CLI prints as is and the status bar shows.
import type { StoreErrorCode } from './types.js';

export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}

export function isStoreError(err: unknown): err is StoreError {
  return err instanceof StoreError;
}

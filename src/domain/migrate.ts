// Session-file migrations: each entry lifts a file from version N to N+1. Pure.
import { SCHEMA_VERSION } from './schema.js';

export type Migration = (raw: Record<string, unknown>) => Record<string, unknown>;

/** MIGRATIONS[n] migrates a version-n file to n+1. Version 0 was the unversioned prototype. */
export const MIGRATIONS: Record<number, Migration> = {
  0: (raw) => ({ ...raw, schemaVersion: 1 }),
};

export type MigrationResult =
  | { ok: true; data: Record<string, unknown>; from: number; migrated: boolean }
  | { ok: false; reason: 'newer' | 'unknown'; found: number | null };

export function migrate(raw: unknown, target = SCHEMA_VERSION, steps: Record<number, Migration> = MIGRATIONS): MigrationResult {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, reason: 'unknown', found: null };
  let data = raw as Record<string, unknown>;
  const v = data.schemaVersion === undefined ? 0 : data.schemaVersion;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) return { ok: false, reason: 'unknown', found: null };
  if (v > target) return { ok: false, reason: 'newer', found: v };
  let cur = v;
  while (cur < target) {
    const step = steps[cur];
    if (!step) return { ok: false, reason: 'unknown', found: v };
    data = step(data);
    cur += 1;
  }
  return { ok: true, data, from: v, migrated: v !== target };
}

// From a reconstruction to session actions: one `timeline/import` per input that was read.
import type { Action } from '../domain/actions.js';
import type { Session } from '../domain/schema.js';
import type { ReconstructResult } from './index.js';

export function importActions(session: Session, result: ReconstructResult, now: string): Action[] {
  const known = new Set(session.sources.map((s) => s.hash));
  const actions: Action[] = [];
  for (const [i, src] of result.sources.entries()) {
    if (!src.read || !src.hash || known.has(src.hash)) continue;
    known.add(src.hash);
    actions.push({
      type: 'timeline/import',
      source: {
        id: `src-${src.hash.slice(0, 12)}`,
        path: src.path,
        types: src.types,
        hash: src.hash,
        importedAt: now,
        eventCount: src.eventCount,
        warnings: src.warnings.map((w) => ({ file: w.file, line: w.line ?? null, message: w.message })),
      },
      events: result.events,
      series: i === 0 ? result.series : [],
      moments: result.moments,
      precision: result.precision,
    });
  }
  return actions;
}

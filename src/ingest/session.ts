// From a reconstruction to session actions: one `timeline/import` per input that was read and is not
// already in the session (recognised by content hash). Used by `debrief new` and `debrief import`.
import type { Action } from '../domain/actions.js';
import type { MetricSeries, Moments, Precision, Session, TimelineEvent } from '../domain/schema.js';
import type { ReconstructResult } from './index.js';

/** The timeline the session ends up with: the reconstruction's own, or one merged with what it had. */
export interface ImportedTimeline {
  events: TimelineEvent[];
  /** series not yet in the session */
  series: MetricSeries[];
  moments: Moments;
  precision: Precision;
}

export function importActions(session: Session, result: ReconstructResult, now: string, timeline?: ImportedTimeline): Action[] {
  const t = timeline ?? { events: result.events, series: result.series, moments: result.moments, precision: result.precision };
  const known = new Set(session.sources.map((s) => s.hash));
  const actions: Action[] = [];
  for (const src of result.sources) {
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
      events: t.events,
      // the series travel with the first import action only
      series: actions.length === 0 ? t.series : [],
      moments: t.moments,
      precision: t.precision,
    });
  }
  return actions;
}

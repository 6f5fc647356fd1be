// The review rubric shown live at Review: an adapter over src/analysis/review.ts reviewSession,
// memoised on the session object (frames re-render often; the session changes less often).
import { reviewSession, type ReviewResult } from '../../../analysis/review.js';
import type { Session } from '../../../domain/schema.js';

export interface RubricView {
  score: number;
  /** "timeline 1.5/1.5 · root-cause-depth 0.8/2 · …" */
  summary: string;
  /** what blocks a good score, most important first */
  blockers: string[];
  improvements: string[];
  result: ReviewResult;
}

let cache: { session: Session; today: string; view: RubricView | null } | null = null;

function fmt(n: number): string {
  return String(Math.round(n * 10) / 10);
}

/** The live rubric for a session; null when the review cannot be computed. */
export function rubricOf(s: Session, now: number): RubricView | null {
  const today = new Date(now).toISOString().slice(0, 10);
  if (cache && cache.session === s && cache.today === today) return cache.view;
  let view: RubricView | null;
  try {
    const result = reviewSession(s, { today });
    view = {
      score: result.score,
      summary: result.rubric.map((r) => `${r.criterion} ${fmt(r.score)}/${fmt(r.max)}`).join(' · '),
      blockers: result.blockers.length ? result.blockers : result.improvements,
      improvements: result.improvements,
      result,
    };
  } catch {
    view = null;
  }
  cache = { session: s, today, view };
  return view;
}

// The review rubric shown live at Review. Adapter over src/analysis/review.ts (when it lands).
import type { Session } from '../../../domain/schema.js';

export interface RubricView {
  score: number;
  summary: string;
  /** what blocks a good score, most important first */
  blockers: string[];
}

/** null while the analysis module is not part of the build. */
export function rubricOf(_s: Session, _now: number): RubricView | null {
  return null;
}

// The step registry: one module per step, in meeting order.
import type { StepId } from '../../domain/schema.js';
import actions from './actions/index.js';
import comms from './comms/index.js';
import factors from './factors/index.js';
import impact from './impact/index.js';
import intake from './intake/index.js';
import review from './review/index.js';
import timeline from './timeline/index.js';
import type { AnyStep } from './types.js';
import whys from './whys/index.js';

export const STEP_MODULES: Record<StepId, AnyStep> = {
  intake,
  timeline,
  whys,
  factors,
  actions,
  impact,
  comms,
  review,
};

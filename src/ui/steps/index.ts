// The step registry: one module per step, in meeting order.
import type { StepId } from '../../domain/schema.js';
import intake from './intake/index.js';
import { placeholderStep } from './placeholder.js';
import type { AnyStep } from './types.js';

export const STEP_MODULES: Record<StepId, AnyStep> = {
  intake,
  timeline: placeholderStep('timeline'),
  whys: placeholderStep('whys'),
  factors: placeholderStep('factors'),
  actions: placeholderStep('actions'),
  impact: placeholderStep('impact'),
  comms: placeholderStep('comms'),
  review: placeholderStep('review'),
};

// A stand-in step used until a step's own module lands (keeps the console whole and testable).
import { Text } from 'ink';
import type { StepId } from '../../domain/schema.js';
import { STEP_LABELS } from '../../domain/schema.js';
import { defineStep, type AnyStep } from './types.js';

export function placeholderStep(id: StepId): AnyStep {
  return defineStep<null>({
    id,
    initialState: () => null,
    View: () => <Text dimColor>{STEP_LABELS[id]}: this step is not available in this build yet.</Text>,
    handleKey: () => false,
    keys: () => [],
  });
}

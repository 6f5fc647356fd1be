// Any session the reducer can produce renders every document without throwing or printing
// "undefined"/"NaN", whatever is missing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MOMENT_KEYS } from '../../src/domain/schema.js';
import { draftComms } from '../../src/report/comms.js';
import { renderExport, EXPORT_FORMATS } from '../../src/report/index.js';
import { checkoutSession, NOW } from './helpers/sessions.js';

describe('documents from partial sessions', () => {
  it('render with any subset of moments, inputs, SLO, factors, actions and events', () => {
    const full = checkoutSession();
    const inputKeys = Object.keys(full.impact.inputs) as Array<keyof typeof full.impact.inputs>;
    fc.assert(
      fc.property(
        fc.subarray([...MOMENT_KEYS]),
        fc.subarray(inputKeys),
        fc.boolean(),
        fc.boolean(),
        fc.nat({ max: full.timeline.events.length }),
        fc.constantFrom('UTC', 'America/Chicago', 'Asia/Kolkata', 'Not/AZone'),
        fc.constantFrom('second', 'minute', 'hour', 'day') as fc.Arbitrary<'second' | 'minute' | 'hour' | 'day'>,
        (moments, inputs, keepSlo, keepWork, nEvents, tz, precision) => {
          const m = { ...full.timeline.moments };
          for (const k of MOMENT_KEYS) if (!moments.includes(k)) m[k] = null;
          const s = {
            ...full,
            incident: { ...full.incident, timezone: tz },
            timeline: { ...full.timeline, moments: m, events: full.timeline.events.slice(0, nEvents), precision },
            impact: { inputs: Object.fromEntries(inputs.map((k) => [k, full.impact.inputs[k]])), slo: keepSlo ? full.impact.slo : null },
            factors: keepWork ? full.factors : [],
            actions: keepWork ? full.actions : [],
          };
          const texts = [
            ...EXPORT_FORMATS.map((f) => renderExport(s, f, NOW)),
            ...(['status', 'email', 'exec'] as const).flatMap((kind) => draftComms(s, { kind }).map((d) => `${d.title}\n${d.body}`)),
          ];
          for (const t of texts) expect(t).not.toMatch(/\bundefined\b|\bNaN\b|Invalid Date|\[object Object\]/);
        },
      ),
      { numRuns: 40 },
    );
  });
});

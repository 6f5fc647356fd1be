// Shared assertions for the chat importer tests: a fixture's expected.json checkpoints for one source
// type, checked against RawEvents the way check-timeline.mjs checks a timeline (time window,
// case-insensitive words, kind).
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { RawEvent } from '../../src/ingest/types.js';

interface Checkpoint {
  at: string;
  tolerance_s?: number;
  kind: string;
  source_type: string;
  match?: string[];
}

export interface Expected {
  checkpoints: Checkpoint[];
  noise: string[];
}

export function readExpected(path: string): Expected {
  return JSON.parse(readFileSync(path, 'utf8')) as Expected;
}

const norm = (s: string) => s.toLowerCase().replace(/[\u2018\u2019]/g, "'").replace(/[\u201C\u201D]/g, '"').replace(/\s+/g, ' ');

/** Every checkpoint of `sourceType` has an event of that kind within tolerance carrying all its words. */
export function expectCheckpoints(events: RawEvent[], expected: Expected, sourceType: string): number {
  const cps = expected.checkpoints.filter((c) => c.source_type === sourceType);
  expect(cps.length).toBeGreaterThan(0);
  for (const cp of cps) {
    const at = Date.parse(cp.at);
    const tol = (cp.tolerance_s ?? 120) * 1000;
    const hit = events.find(
      (e) =>
        Math.abs(e.occurredAt - at) <= tol &&
        e.kind === cp.kind &&
        (cp.match ?? []).every((w) => norm(e.text).includes(norm(w))),
    );
    expect(hit, `checkpoint ${cp.at} ${cp.kind} "${(cp.match ?? []).join('" "')}"`).toBeDefined();
  }
  return cps.length;
}

export function expectNoNoise(events: RawEvent[], noise: string[]): void {
  for (const n of noise) {
    const bad = events.filter((e) => norm(e.text).includes(norm(n)));
    expect(bad.map((e) => e.text), `noise "${n}"`).toEqual([]);
  }
}

/** Every event is well formed: finite time, string ref, sanitised text (no control characters). */
export function expectWellFormed(events: RawEvent[]): void {
  for (const e of events) {
    expect(Number.isFinite(e.occurredAt)).toBe(true);
    expect(typeof e.ref).toBe('string');
    expect(e.ref.length).toBeGreaterThan(0);
    expect(e.text.length).toBeGreaterThan(0);
    // eslint-disable-next-line no-control-regex
    expect(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(e.text + (e.excerpt ?? '') + (e.actor ?? ''))).toBe(false);
  }
}

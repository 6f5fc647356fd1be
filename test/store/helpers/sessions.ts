// Test sessions built with the real domain constructor.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Session, Severity, StepId } from '../../../src/domain/schema.js';
import { createSession } from '../../../src/domain/session.js';

export const T0 = Date.parse('2026-11-20T10:00:00Z');
export const iso = (ms: number): string => new Date(ms).toISOString();

export interface MakeOpts {
  title?: string;
  severity?: Severity;
  services?: string[];
  step?: StepId;
  at?: number;
  factors?: { text: string; category?: Session['factors'][number]['category'] }[];
  actions?: { title: string; status?: 'open' | 'done'; ownerRole?: string; due?: string | null }[];
}

export function makeSession(id: string, o: MakeOpts = {}): Session {
  const at = o.at ?? T0;
  const s = createSession({
    id,
    now: iso(at),
    incident: {
      title: o.title ?? `Incident ${id}`,
      severity: o.severity ?? 'SEV2',
      services: o.services ?? [],
    },
    ...(o.step ? { step: o.step } : {}),
  });
  s.factors = (o.factors ?? []).map((f, i) => ({
    id: `f${i + 1}`,
    text: f.text,
    type: 'contributing',
    category: f.category ?? null,
    whyNodes: [],
    evidence: [],
  }));
  s.actions = (o.actions ?? []).map((a, i) => ({
    id: `a${i + 1}`,
    title: a.title,
    doneWhen: 'verified in staging',
    ownerRole: a.ownerRole ?? 'payments on-call',
    owner: null,
    due: a.due === undefined ? '2026-12-15' : a.due,
    horizon: 'short',
    priority: 'P2',
    factors: s.factors[0] ? [s.factors[0].id] : [],
    tracker: null,
    status: a.status ?? 'open',
  }));
  return s;
}

/** a fresh temp folder, removed by the returned cleanup */
export function tempDir(prefix = 'debrief-store-'): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

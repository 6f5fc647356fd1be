// Creating sessions and reading facts off them. Pure: the clock and ids are passed in.
import {
  SCHEMA_VERSION,
  STEPS,
  type Incident,
  type Session,
  type Severity,
  type StepId,
  type WhyNode,
} from './schema.js';

/** Default minutes per step, by severity: a SEV1 review gets the most time on causes. */
export const DEFAULT_TIMEBOXES: Record<Severity, Record<StepId, number>> = {
  SEV1: { intake: 5, timeline: 20, whys: 25, factors: 10, actions: 15, impact: 5, comms: 5, review: 5 },
  SEV2: { intake: 5, timeline: 15, whys: 20, factors: 10, actions: 10, impact: 5, comms: 5, review: 5 },
  SEV3: { intake: 3, timeline: 10, whys: 15, factors: 5, actions: 10, impact: 3, comms: 2, review: 2 },
  SEV4: { intake: 2, timeline: 5, whys: 10, factors: 5, actions: 5, impact: 2, comms: 1, review: 2 },
};

export const ROOT_ID = 'root';

export interface NewSessionInput {
  id: string;
  now: string;
  incident?: Partial<Incident>;
  step?: StepId;
}

function zeroPerStep<T>(value: () => T): Record<StepId, T> {
  return Object.fromEntries(STEPS.map((s) => [s, value()])) as Record<StepId, T>;
}

export function problemStatement(incident: Incident): string {
  const what = incident.summary.trim() || incident.title.trim() || 'the incident';
  return `Why did this happen: ${what}`;
}

export function createSession({ id, now, incident, step }: NewSessionInput): Session {
  const inc: Incident = {
    title: 'Untitled incident',
    severity: 'SEV2',
    services: [],
    summary: '',
    customerImpact: '',
    timezone: 'UTC',
    status: 'draft',
    authors: [],
    ...incident,
  };
  const root: WhyNode = {
    id: ROOT_ID,
    parentId: null,
    children: [],
    mode: 'why',
    question: problemStatement(inc),
    answer: '',
    evidence: [],
    tags: [],
    mark: 'open',
    proposedBy: 'facilitator',
    factorId: null,
  };
  return {
    schemaVersion: SCHEMA_VERSION,
    id,
    createdAt: now,
    updatedAt: now,
    incident: inc,
    meeting: {
      step: step ?? 'intake',
      done: [],
      attendees: [],
      timeboxes: { ...DEFAULT_TIMEBOXES[inc.severity] },
      clock: { startedAt: null, spent: zeroPerStep(() => 0), enteredAt: null },
      parkingLot: [],
      decisions: [],
      spoken: zeroPerStep(() => [] as string[]),
      aiConsent: null,
    },
    sources: [],
    timeline: {
      events: [],
      moments: { impactStart: null, detected: null, acknowledged: null, mitigated: null, resolved: null },
      series: [],
      precision: 'minute',
    },
    whys: { rootId: ROOT_ID, nodes: { [ROOT_ID]: root } },
    factors: [],
    actions: [],
    impact: { inputs: {}, slo: null },
    comms: { edits: {} },
    review: { wentWell: [], couldBeBetter: [], gotLucky: [], notes: [], exportedAt: null },
  };
}

/** A session id from a title: lowercase, dashes, safe as a file name. */
export function slugify(text: string, fallback = 'incident'): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48)
    .replace(/-+$/g, '');
  return slug || fallback;
}

export const SESSION_ID_RE = /^[a-z0-9][a-z0-9-]{0,63}$/;
export function isSafeSessionId(id: string): boolean {
  return SESSION_ID_RE.test(id);
}

/** Milliseconds spent on a step, counting the running segment up to `now` when it is current. */
export function stepElapsed(session: Session, step: StepId, now: number): number {
  const { clock, step: current } = session.meeting;
  let ms = clock.spent[step] ?? 0;
  if (step === current && clock.enteredAt) ms += Math.max(0, now - Date.parse(clock.enteredAt));
  return ms;
}

/** Elapsed time as m:ss (h:mm:ss from an hour): the meeting clock, the agenda and the document. */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const ss = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

export function meetingElapsed(session: Session, now: number): number {
  return STEPS.reduce((sum, s) => sum + stepElapsed(session, s, now), 0);
}

// Building what would be sent to a model: redacted, labelled, JSON-encoded incident data first, the task
// after it, the policy in the system prompt. buildRequestPreview returns exactly that text, for consent.
import { CATEGORIES, type ActionItem, type Session, type TimelineEvent, type WhyNode } from '../domain/schema.js';
import { clip, sanitize } from '../domain/text.js';
import { depthOf, exploredCategories, formatDuration, sessionFacts } from '../analysis/questions.js';
import { Redactor } from './redact.js';
import { fillTemplate, loadPrompt, type PromptName } from './prompts.js';

/** The structured-output schema for next questions (additionalProperties false everywhere). */
export const QUESTIONS_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['proposals'],
  properties: {
    proposals: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['question', 'mode', 'category', 'rationale', 'evidence'],
        properties: {
          question: { type: 'string' },
          mode: { type: 'string', enum: ['why', 'how'] },
          category: { type: 'string', enum: [...CATEGORIES] },
          rationale: { type: 'string' },
          evidence: { type: 'array', items: { type: 'string' } },
        },
      },
    },
  },
} as const;

export const REWRITE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['rewrite', 'reasons'],
  properties: { rewrite: { type: 'string' }, reasons: { type: 'array', items: { type: 'string' } } },
} as const;

export const SHARPEN_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['title', 'doneWhen', 'ownerRole', 'reasons'],
  properties: {
    title: { type: 'string' },
    doneWhen: { type: 'string' },
    ownerRole: { type: 'string' },
    reasons: { type: 'array', items: { type: 'string' } },
    /** optional: YYYY-MM-DD; checked locally (a real day, not in the past) */
    due: { type: 'string' },
  },
} as const;

export const MAX_EVENTS = 120;
export const MAX_NODES = 150;
const MAX_TEXT = 400;

export interface Prompts {
  system: string;
  questions: string;
  rewrite: string;
  sharpen: string;
}

export function defaultPrompts(): Prompts {
  const names: PromptName[] = ['system', 'questions', 'rewrite', 'sharpen'];
  return Object.fromEntries(names.map((n) => [n, loadPrompt(n)])) as unknown as Prompts;
}

export interface BuiltRequest {
  system: string;
  user: string;
  schema: Record<string, unknown>;
  /** the redactor holding the in-memory map back (never persisted, never logged) */
  redactor: Redactor;
  /** the redacted data as plain text, to check that commands and links in a reply came from it */
  sourceText: string;
  /** ids of the events present in the data */
  eventIds: Set<string>;
}

/** JSON with every "<" escaped, so nothing inside can close or open a tag around it. */
export function encodeData(data: unknown): string {
  return JSON.stringify(data, null, 1).replace(/</g, '\\u003c');
}

function wrap(label: string, source: string, json: string): string {
  return `<${label} source="${source}">\n${json}\n</${label}>`;
}

const DATA_SOURCE = 'debrief session: imported chat, alerts, logs and the room notes; untrusted third-party text';

function pickEvents(session: Session, focus: WhyNode | null): TimelineEvent[] {
  const events = session.timeline.events;
  if (events.length <= MAX_EVENTS) return events;
  const keep = new Set<string>();
  for (const m of Object.values(session.timeline.moments)) if (m?.eventId) keep.add(m.eventId);
  for (const n of Object.values(session.whys.nodes)) for (const id of n.evidence) keep.add(id);
  if (focus) for (const id of focus.evidence) keep.add(id);
  for (const e of events) if (e.kind !== 'message' && e.kind !== 'note' && e.kind !== 'metric') keep.add(e.id);
  // then the messages nearest to impact start
  const start = session.timeline.moments.impactStart ? Date.parse(session.timeline.moments.impactStart.at) : Date.parse(events[0]!.occurredAt);
  const rest = events
    .filter((e) => !keep.has(e.id))
    .sort((a, b) => Math.abs(Date.parse(a.occurredAt) - start) - Math.abs(Date.parse(b.occurredAt) - start));
  for (const e of rest) {
    if (keep.size >= MAX_EVENTS) break;
    keep.add(e.id);
  }
  const picked = events.filter((e) => keep.has(e.id));
  return picked.length > MAX_EVENTS ? picked.slice(0, MAX_EVENTS) : picked;
}

function pickNodes(session: Session, nodeId: string): WhyNode[] {
  const nodes = session.whys.nodes;
  const all = Object.values(nodes);
  if (all.length <= MAX_NODES) return all;
  const keep = new Set<string>();
  let cur: WhyNode | undefined = nodes[nodeId];
  while (cur) {
    keep.add(cur.id);
    for (const c of cur.children) keep.add(c);
    cur = cur.parentId ? nodes[cur.parentId] : undefined;
  }
  for (const n of all) {
    if (keep.size >= MAX_NODES) break;
    keep.add(n.id);
  }
  return all.filter((n) => keep.has(n.id));
}

/**
 * Redact before clipping, so a secret that straddles the cut is still recognised whole (a clipped secret
 * no longer matches its pattern). Very long text is cut far beyond `max` first, to bound the work.
 */
export function redactThenClip(redactor: Redactor, text: string, max: number): string {
  return clip(redactor.redact(sanitize(text.length > 20 * max ? text.slice(0, 20 * max) : text)), max);
}

/** The incident as data: every string sanitised, redacted and clipped. */
function incidentData(session: Session, redactor: Redactor, nodeId: string | null) {
  const r = (text: string | null | undefined, max = MAX_TEXT) => (text ? redactThenClip(redactor, text, max) : text ?? null);
  const facts = sessionFacts(session);
  const moments = Object.fromEntries(
    Object.entries(session.timeline.moments).map(([k, m]) => [k, m ? { at: m.at, eventId: m.eventId } : null]),
  );
  const derived: string[] = [];
  if (facts.impactStart && facts.detected) derived.push(`time to detect: ${formatDuration(facts.detected.at - facts.impactStart.at)}`);
  if (facts.impactStart && facts.acknowledged)
    derived.push(`time to acknowledge: ${formatDuration(facts.acknowledged.at - facts.impactStart.at)}${facts.detected ? ` (${formatDuration(facts.acknowledged.at - facts.detected.at)} after detection)` : ''}`);
  if (facts.impactStart && facts.mitigated) derived.push(`time to mitigate: ${formatDuration(facts.mitigated.at - facts.impactStart.at)}`);
  if (facts.threshold) derived.push(`alert threshold: ${r(facts.threshold.label)}${facts.threshold.eventId ? ` (event ${facts.threshold.eventId})` : ''}`);
  const focus = nodeId ? (session.whys.nodes[nodeId] ?? null) : null;
  const nodes = nodeId ? pickNodes(session, nodeId) : [];
  const events = pickEvents(session, focus);
  return {
    incident: {
      title: r(session.incident.title),
      severity: session.incident.severity,
      services: session.incident.services.map((s) => r(s, 80)),
      summary: r(session.incident.summary, 1000),
      customerImpact: r(session.incident.customerImpact, 600),
      timezone: session.incident.timezone,
    },
    keyMoments: moments,
    derivedFacts: derived,
    whyTree: nodeId
      ? {
          selectedNodeId: nodeId,
          nodes: nodes.map((n) => ({
            id: n.id,
            parentId: n.parentId,
            depth: depthOf(session.whys.nodes, n.id),
            mode: n.mode,
            question: r(n.question),
            answer: r(n.answer),
            tags: n.tags,
            mark: n.mark,
            evidence: n.evidence,
          })),
        }
      : undefined,
    timeline: events.map((e) => ({
      id: e.id,
      at: e.occurredAt,
      kind: e.kind,
      actor: e.actor ? clip(redactor.actor(sanitize(e.actor).slice(0, 200)), 80) : null,
      text: r(e.text),
    })),
  };
}

function collectText(value: unknown, out: string[]): void {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) collectText(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) collectText(v, out);
}

function build(
  session: Session,
  data: Record<string, unknown>,
  redactor: Redactor,
  task: string,
  schema: Record<string, unknown>,
  prompts: Prompts,
): BuiltRequest {
  const strings: string[] = [];
  collectText(data, strings);
  const timeline = (data.timeline as { id: string }[] | undefined) ?? [];
  return {
    system: prompts.system,
    user: `${wrap('incident_data', DATA_SOURCE, encodeData(data))}\n\n${task}`,
    schema,
    redactor,
    sourceText: strings.join('\n'),
    eventIds: new Set(timeline.map((e) => e.id)),
  };
}

export interface BuildOptions {
  prompts?: Prompts;
  /** how many questions to ask for */
  count?: number;
}

export function buildQuestionsRequest(session: Session, nodeId: string, opts: BuildOptions = {}): BuiltRequest {
  const prompts = opts.prompts ?? defaultPrompts();
  const redactor = Redactor.forSession(session);
  const data = incidentData(session, redactor, nodeId);
  const explored = exploredCategories(session);
  const task = fillTemplate(prompts.questions, {
    nodeId,
    depth: String(depthOf(session.whys.nodes, nodeId)),
    explored: [...explored].join(', ') || 'none',
    unexplored: CATEGORIES.filter((c) => !explored.has(c)).join(', ') || 'none',
    count: String(opts.count ?? 3),
  });
  return build(session, data, redactor, task, QUESTIONS_SCHEMA as unknown as Record<string, unknown>, prompts);
}

export function buildRewriteRequest(session: Session, sentence: string, opts: BuildOptions = {}): BuiltRequest {
  const prompts = opts.prompts ?? defaultPrompts();
  const redactor = Redactor.forSession(session);
  const data = { ...incidentData(session, redactor, null), sentence: redactThenClip(redactor, sentence, 2000) };
  return build(session, data, redactor, prompts.rewrite, REWRITE_SCHEMA as unknown as Record<string, unknown>, prompts);
}

export function buildSharpenRequest(session: Session, item: ActionItem, opts: BuildOptions & { today?: string | null; proposedDue?: string | null } = {}): BuiltRequest {
  const prompts = opts.prompts ?? defaultPrompts();
  const redactor = Redactor.forSession(session);
  const r = (t: string) => redactThenClip(redactor, t, MAX_TEXT);
  const data = {
    ...incidentData(session, redactor, null),
    actionItem: {
      title: r(item.title),
      doneWhen: r(item.doneWhen),
      ownerRole: r(item.ownerRole),
      horizon: item.horizon,
      priority: item.priority,
      due: item.due,
      ...(opts.proposedDue && !item.due ? { proposedDue: opts.proposedDue } : {}),
    },
    ...(opts.today ? { today: opts.today } : {}),
  };
  return build(session, data, redactor, prompts.sharpen, SHARPEN_SCHEMA as unknown as Record<string, unknown>, prompts);
}

/** Redact every string in a value (objects, arrays), sanitised and clipped. */
export function redactValue(value: unknown, redactor: Redactor, max = 4000): unknown {
  if (typeof value === 'string') return redactThenClip(redactor, value, max);
  if (Array.isArray(value)) return value.map((v) => redactValue(v, redactor, max));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactValue(v, redactor, max)]));
  return value;
}

/** A generic structured task: the incident (optional) and the caller's data, redacted, then the task. */
export function buildStructuredRequest(
  session: Session,
  ask: { data: Record<string, unknown>; task: string; schema: Record<string, unknown>; withIncident?: boolean },
  opts: BuildOptions = {},
): BuiltRequest {
  const prompts = opts.prompts ?? defaultPrompts();
  const redactor = Redactor.forSession(session);
  const base = ask.withIncident === false ? {} : incidentData(session, redactor, null);
  const data = { ...base, task_data: redactValue(ask.data, redactor) };
  return build(session, data, redactor, sanitize(ask.task), ask.schema, prompts);
}

export interface RequestPreview {
  /** the system prompt, as sent */
  system: string;
  /** the user turn, as sent (redacted data, then the task) */
  user: string;
  /** both, as one text for the consent screen */
  text: string;
  /** how many values of each kind were replaced */
  redactions: Record<string, number>;
}

/** Exactly what proposeQuestions would send for this node with Claude, after redaction. */
export function buildRequestPreview(session: Session, nodeId: string, opts: BuildOptions = {}): RequestPreview {
  const req = buildQuestionsRequest(session, nodeId, opts);
  return {
    system: req.system,
    user: req.user,
    text: `--- system ---\n${req.system}\n\n--- user ---\n${req.user}\n`,
    redactions: { ...req.redactor.counts },
  };
}

// Communications drafts with Claude (issue 8): the confirmed fact sheet (src/report/comms.ts
// commsFactSheet, already stripped of hosts, people and internal names) is the only incident data sent,
// redacted again on the way out. Each draft that comes back runs the same checks as any edited draft
// (checkDraft: no leak, no speculation, no blame, no unsupported figure), and every figure and time in it
// must be in the fact sheet; a draft that fails keeps its offline version, with a note saying why.
// Drafts the room has edited are never sent or replaced.
import { checkDraft, commsFactSheet, draftComms, type CommsDraft, type CommsRequest, type DraftFinding } from '../report/comms.js';
import { buildFacts, type Facts } from '../report/facts.js';
import type { Session } from '../domain/schema.js';
import { clip, oneLine, sanitize } from '../domain/text.js';
import { fillTemplate, loadPrompt } from './prompts.js';
import { newFigures } from './rewrite.js';
import type { Assistant, ProviderId, StructuredAsk } from './types.js';

export interface ModelCommsDraft extends CommsDraft {
  /** who wrote this draft */
  provider: ProviderId;
  /** why Claude's version was not used (absent when it was, or when Claude was not asked) */
  note?: string;
  /** the checks Claude's version failed */
  findings?: DraftFinding[];
}

export interface CommsModelResult {
  /** "claude" when at least one draft is Claude's; per-draft `provider` says which */
  provider: ProviderId;
  drafts: ModelCommsDraft[];
  /** one line per fallback, for the status line or stderr */
  notes: string[];
}

export interface CommsModelOptions {
  assistant: Assistant;
  signal?: AbortSignal;
  facts?: Facts;
  /** the task template (tests); default prompts/comms.md */
  template?: string;
}

/** The structured-output schema for a set of drafts; keys limited to the ones asked for. */
export function commsSchema(keys: readonly string[]): Record<string, unknown> {
  return {
    type: 'object',
    additionalProperties: false,
    required: ['drafts'],
    properties: {
      drafts: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['key', 'title', 'body'],
          properties: { key: { type: 'string', enum: [...keys] }, title: { type: 'string' }, body: { type: 'string' } },
        },
      },
    },
  };
}

/**
 * What would be asked of Claude for `req` (null when every draft is edited by the room): the fact sheet
 * as lines, the wanted drafts, the task, the schema. `debrief comms --preview` prints the request built from it.
 */
export function commsAsk(session: Session, req: CommsRequest, opts: { facts?: Facts; template?: string } = {}): { ask: StructuredAsk; offline: CommsDraft[]; sheet: string } | null {
  const facts = opts.facts ?? buildFacts(session, req.tz ? { tz: req.tz } : {});
  const offline = draftComms(session, req, facts);
  const wanted = offline.filter((d) => !d.edited);
  if (wanted.length === 0) return null;
  const sheet = commsFactSheet(session, req, facts);
  const keys = wanted.map((d) => d.key);
  const task = fillTemplate(opts.template ?? loadPrompt('comms'), { keys: keys.join(', '), zone: facts.clock.zone(facts.moment.impactStart?.at) });
  return {
    ask: {
      data: {
        factSheet: sheet.split('\n'),
        wanted: wanted.map((d) => ({ key: d.key, kind: d.kind, ...(d.phase ? { phase: d.phase } : {}), ...(d.tier ? { tier: d.tier } : {}) })),
      },
      task,
      schema: commsSchema(keys),
      withIncident: false,
      draft: true,
    },
    offline,
    sheet,
  };
}

const PLACEHOLDER = /\[(?:[A-Z_]+_\d+|redacted)\]|\b(?:person|responder|incident commander|facilitator|scribe|observer)\s+[A-Z]\b/;

/** The problems with one model draft (title and body), or [] when it can be shown. */
export function checkModelDraft(session: Session, title: string, body: string, sheet: string, facts?: Facts): DraftFinding[] {
  const text = `${title}\n\n${body}`;
  const out: DraftFinding[] = [];
  if (!body.trim()) out.push({ rule: 'unsupported-figure', span: '', message: 'the draft is empty' });
  const ph = PLACEHOLDER.exec(text);
  if (ph) out.push({ rule: 'leak', span: ph[0], message: 'a redaction placeholder or pseudonym is left in the draft' });
  out.push(...checkDraft(text, session, facts));
  // stricter than checkDraft: every figure and time must be in the fact sheet (single digits aside)
  for (const fig of newFigures(text, [sheet])) {
    if (/^\d$/.test(fig) || out.some((f) => f.span.replace(/,/g, '') === fig)) continue;
    out.push({ rule: 'unsupported-figure', span: fig, message: 'this number or time is not in the fact sheet' });
  }
  return out;
}

function describe(f: DraftFinding): string {
  const what = f.rule === 'leak' ? 'names something internal' : f.rule === 'speculation' ? 'speculates' : f.rule === 'blame' ? 'blames' : 'uses a figure not in the facts';
  return f.span ? `${what} ("${clip(oneLine(f.span), 30)}")` : what;
}

/**
 * Drafts for `req` from Claude when the assistant can (askStructured), each checked; otherwise, and for
 * every draft that fails, the offline draft. Never throws for model trouble.
 */
export async function draftCommsWithModel(session: Session, req: CommsRequest, opts: CommsModelOptions): Promise<CommsModelResult> {
  const facts = opts.facts ?? buildFacts(session, req.tz ? { tz: req.tz } : {});
  const built = commsAsk(session, req, { facts, ...(opts.template ? { template: opts.template } : {}) });
  const offlineAll = built?.offline ?? draftComms(session, req, facts);
  const asOffline = (d: CommsDraft, note?: string): ModelCommsDraft => ({ ...d, provider: 'offline', ...(note ? { note } : {}) });
  if (!built || !opts.assistant.askStructured) return { provider: 'offline', drafts: offlineAll.map((d) => asOffline(d)), notes: [] };

  const res = await opts.assistant.askStructured(built.ask, { session, ...(opts.signal ? { signal: opts.signal } : {}) });
  if (!res.ok) {
    const note = clip(oneLine(res.note), 200);
    return { provider: 'offline', drafts: offlineAll.map((d) => asOffline(d, d.edited ? undefined : note)), notes: [note] };
  }
  const answers = new Map<string, { title: string; body: string }>();
  for (const d of (res.value as { drafts: { key: string; title: string; body: string }[] }).drafts) {
    if (!answers.has(d.key)) answers.set(d.key, { title: sanitize(d.title).trim(), body: sanitize(d.body).trim() });
  }
  const notes: string[] = [];
  const drafts = offlineAll.map((d): ModelCommsDraft => {
    if (d.edited) return asOffline(d);
    const a = answers.get(d.key);
    if (!a) {
      const note = `Claude did not draft ${d.key}; offline draft shown`;
      notes.push(note);
      return asOffline(d, note);
    }
    const findings = checkModelDraft(session, a.title, a.body, built.sheet, facts);
    if (findings.length) {
      const note = `Claude's ${d.key} draft ${describe(findings[0]!)}${findings.length > 1 ? ` (+${findings.length - 1} more)` : ''}; offline draft shown`;
      notes.push(note);
      return { ...asOffline(d, note), findings };
    }
    // a status update's heading carries its posted time and the summary's is fixed: only an email's subject is Claude's
    return { ...d, title: d.kind === 'email' ? clip(oneLine(a.title), 200) || d.title : d.title, body: a.body, provider: 'claude' };
  });
  return { provider: drafts.some((d) => d.provider === 'claude') ? 'claude' : 'offline', drafts, notes };
}

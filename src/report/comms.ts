// Communications drafts: status-page updates per phase, customer emails per tier, an executive summary.
// Built only from confirmed events, key moments and computed figures (buildFacts); when a fact is
// missing the draft says so instead of inventing it. Edits in session.comms.edits override a draft.
// Pure.
import { formatInt, formatPercent } from '../domain/impact.js';
import type { Session } from '../domain/schema.js';
import { sanitize } from '../domain/text.js';
import { buildFacts, findLeaks, PHASES, type Facts, type Phase } from './facts.js';

export { PHASES, type Phase } from './facts.js';
export const TIERS = ['enterprise', 'api', 'free'] as const;
export type Tier = (typeof TIERS)[number];
export const TIER_LABELS: Record<Tier, string> = {
  enterprise: 'Enterprise customers',
  api: 'API integrators',
  free: 'Free-plan users',
};
export const PHASE_LABELS: Record<Phase, string> = {
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
};

export type CommsKind = 'status' | 'email' | 'exec';

export interface CommsDraft {
  /** the comms.edits key: "status:investigating", "email:enterprise", "exec" */
  key: string;
  kind: CommsKind;
  phase?: Phase;
  tier?: Tier;
  /** heading: "Investigating (posted 14:19 UTC)", the email subject, or "Executive summary" */
  title: string;
  /** the text (the edit when there is one) */
  body: string;
  /** when a status update is (or would be) posted, ISO */
  at?: string | null;
  edited: boolean;
  /** facts the draft needed and did not have */
  missing: string[];
}

export interface CommsRequest {
  kind: CommsKind;
  tier?: Tier;
  phase?: Phase;
  /** audience zone (IANA); default the incident's */
  tz?: string;
}

export function commsKey(kind: CommsKind, which?: Phase | Tier): string {
  return kind === 'exec' ? 'exec' : `${kind}:${which}`;
}

// ---------- shared sentences ----------

interface Ctx {
  f: Facts;
  missing: string[];
}

function startStamp({ f, missing }: Ctx): string | null {
  const m = f.moment.impactStart;
  if (!m) {
    missing.push('the impact start time');
    return null;
  }
  return f.clock.stamp(m.at);
}

function endStamp({ f, missing }: Ctx): string | null {
  const m = f.moment.mitigated;
  if (!m) {
    missing.push('the time the fix took effect (mitigated)');
    return null;
  }
  return f.clock.stamp(m.at);
}

/** "Between 14:02 UTC and 14:41 UTC (38 min 27 s)" or what is known of it. */
function windowSentence(c: Ctx): string {
  const a = startStamp(c);
  const b = endStamp(c);
  const dur = c.f.impact.byKey.timeToMitigate?.display;
  if (a && b) return `Between ${a} and ${b} (${dur})`;
  if (a) return `From ${a}`;
  return 'During this incident';
}

/** "9.60% of requests to the checkout service failed (9,498 of 98,910)" or a statement that it is not known. */
function failureSentence(c: Ctx, withCounts: boolean): string {
  const { f } = c;
  const failed = f.impact.byKey.failedRequests;
  const req = f.impact.byKey.requests;
  if (failed && req && failed.formula !== 'entered by the room') {
    const share = formatPercent(failed.value / req.value, 2);
    return `${share} of requests to ${f.servicePhrase} failed${withCounts ? ` (${formatInt(failed.value)} of ${formatInt(req.value)} requests)` : ''}`;
  }
  if (failed) return `${formatInt(failed.value)} requests to ${f.servicePhrase} failed or were delayed`;
  c.missing.push('the number of failed requests');
  return `some requests to ${f.servicePhrase} failed (the number is not confirmed yet)`;
}

function customerImpact(f: Facts): string {
  const t = f.redact(f.session.incident.customerImpact).trim();
  return t ? (/[.!?]$/.test(t) ? t : `${t}.`) : '';
}

function joinWords(xs: string[]): string {
  return xs.length <= 1 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`;
}

function join(...xs: Array<string | null | false | undefined>): string {
  return xs.filter((x): x is string => !!x && x.trim() !== '').join(' ');
}

// ---------- status updates ----------

function statusBody(phase: Phase, c: Ctx): string {
  const { f } = c;
  switch (phase) {
    case 'investigating': {
      const a = startStamp(c);
      return join(
        a ? `Since ${a}, some requests to ${f.servicePhrase} have been failing.` : `Some requests to ${f.servicePhrase} are failing.`,
        // posted while it is happening: the room's impact summary only when it carries no figures or
        // times (those were known later: how many, until when)
        /\d/.test(customerImpact(f)) ? '' : customerImpact(f),
        'We are investigating and will post an update here as soon as we know more.',
      );
    }
    case 'identified': {
      if (!f.causePhrase) c.missing.push('a confirmed trigger factor (the cause, in plain words)');
      return join(
        f.causePhrase ? `We have identified the cause of the errors affecting ${f.servicePhrase}: ${f.causePhrase}.` : `We have identified the cause of the errors affecting ${f.servicePhrase}.`,
        'We are applying a fix.',
      );
    }
    case 'monitoring': {
      const b = endStamp(c);
      return join(
        b ? `A fix took effect at ${b}, and ${f.servicePhrase} is working normally again.` : `A fix is being applied to ${f.servicePhrase}; the time it took effect is not confirmed yet.`,
        'We are monitoring closely.',
      );
    }
    case 'resolved': {
      const r = f.moment.resolved;
      if (!r) c.missing.push('the resolved time');
      return join(
        r ? `This incident was resolved at ${f.clock.stamp(r.at)}.` : 'This incident is resolved; the exact time is not confirmed yet.',
        `${windowSentence(c)}, ${failureSentence(c, false)}.`,
        'We are sorry for the disruption this caused.',
      );
    }
  }
}

function statusDraft(phase: Phase, f: Facts): CommsDraft {
  const c: Ctx = { f, missing: [] };
  const body = statusBody(phase, c);
  const at = f.phaseAt[phase];
  if (!at) c.missing.push(`the time of the ${phase} update`);
  return {
    key: commsKey('status', phase),
    kind: 'status',
    phase,
    title: at ? `${PHASE_LABELS[phase]} (posted ${f.clock.stamp(at)})` : PHASE_LABELS[phase],
    body,
    at,
    edited: false,
    missing: c.missing,
  };
}

// ---------- emails ----------

function actionsSentence(f: Facts): string {
  const items = f.session.actions;
  if (!items.length) return 'We are reviewing what to change so this does not happen again.';
  const n = (h: string) => items.filter((a) => a.horizon === h).length;
  const cats = [...new Set(items.flatMap((a) => a.factors.map((id) => f.session.factors.find((x) => x.id === id)?.category).filter((x): x is NonNullable<typeof x> => !!x)))];
  const parts = [n('immediate') && `${n('immediate')} this week`, n('short') && `${n('short')} this month`, n('long') && `${n('long')} this quarter`].filter(Boolean);
  return join(
    `We have committed to ${items.length} follow-up action${items.length === 1 ? '' : 's'} (${parts.join(', ')})`,
    cats.length ? `covering ${joinWords(cats.slice(0, 4))}.` : '.',
  ).replace(' .', '.');
}

function slaSentence(c: Ctx): string {
  const f = c.f.impact.byKey.slaAvailability;
  if (!f) {
    if (c.f.session.impact.slo?.sla) c.missing.push('the downtime needed for the SLA figure');
    return '';
  }
  const target = formatPercent(Number(f.inputs.target), 2);
  const avail = formatPercent(f.value / 100, 3);
  if (!f.breached) return `Availability for the service period was ${avail}, within our ${target} commitment to you.`;
  const credit = f.inputs['credit (%)'];
  return join(
    `Availability for the service period was ${avail}, below our ${target} commitment to you.`,
    credit !== undefined ? `A ${credit}% service credit applies under your agreement.` : 'The service credit terms are being confirmed.',
  );
}

function emailDraft(tier: Tier, f: Facts): CommsDraft {
  const c: Ctx = { f, missing: [] };
  const day = f.moment.impactStart ? f.clock.longDate(f.moment.impactStart.at) : null;
  if (!day) c.missing.push('the impact start time');
  const subject = `Incident report: errors affecting ${f.servicePhrase}${day ? ` on ${day}` : ''}`;
  const resolved = f.moment.resolved ? `The incident was resolved at ${f.clock.stamp(f.moment.resolved.at)}.` : 'The incident is resolved; the exact time is not confirmed yet.';
  const cause = f.causePhrase ? `The errors were caused by ${f.causePhrase}.` : 'We have confirmed the cause and are completing our review.';
  let body: string;
  if (tier === 'enterprise') {
    body = [
      'Hello,',
      join(`${windowSentence(c)}, ${failureSentence(c, true)}.`, customerImpact(f), resolved),
      join(cause, actionsSentence(f)),
      slaSentence(c),
      'We are sorry for the disruption to your business. Your account team is available to go through this report with you.',
    ]
      .filter(Boolean)
      .join('\n\n');
  } else if (tier === 'api') {
    const a = f.moment.impactStart?.at;
    const b = f.moment.mitigated?.at;
    const utc = a && b ? `In UTC, for matching against your logs: ${a.replace('.000Z', 'Z')} to ${b.replace('.000Z', 'Z')}.` : '';
    const peak = f.impact.byKey.peakErrorRatio;
    body = [
      'Hello,',
      join(`${windowSentence(c)}, ${failureSentence(c, true)}.`, peak ? `At its peak, ${peak.display} of requests failed.` : '', utc),
      join(cause, resolved),
      'If your integration does not retry failed requests automatically, you may want to check for requests that received an error during this window.',
      actionsSentence(f),
      'We are sorry for the disruption.',
    ]
      .filter(Boolean)
      .join('\n\n');
  } else {
    body = [
      'Hello,',
      join(`${windowSentence(c)}, ${failureSentence(c, false)}.`, customerImpact(f), resolved),
      'We are sorry for the disruption, and we are making changes so it does not happen again.',
    ].join('\n\n');
  }
  return { key: commsKey('email', tier), kind: 'email', tier, title: subject, body, edited: false, missing: [...new Set(c.missing)] };
}

// ---------- executive summary ----------

function execDraft(f: Facts): CommsDraft {
  const c: Ctx = { f, missing: [] };
  const k = f.impact.byKey;
  const s = f.session;
  const day = f.moment.impactStart ? f.clock.longDate(f.moment.impactStart.at) : null;
  const p1 = join(
    `On ${day ?? 'the day of the incident'}, ${f.servicePhrase} was degraded (a ${s.incident.severity} incident).`,
    `${windowSentence(c)}, ${failureSentence(c, true)}.`,
    k.timeToDetect ? `We detected it ${k.timeToDetect.display} after it began` : (c.missing.push('the detected moment'), ''),
    k.timeToDetect && k.timeToAcknowledge ? `and responders acknowledged it ${k.timeToAcknowledge.display} after it began.` : k.timeToDetect ? '.' : '',
    f.moment.resolved ? `It was resolved at ${f.clock.stamp(f.moment.resolved.at)}.` : '',
  ).replace(' .', '.');

  const money: string[] = [];
  if (k.usersAffected) money.push(`${k.usersAffected.display} users were affected.`);
  else c.missing.push('the number of users affected');
  if (k.failedTransactions) money.push(`${k.failedTransactions.display} transactions failed.`);
  if (k.revenueAtRisk) money.push(`Revenue at risk: ${k.revenueAtRisk.display} (${k.revenueAtRisk.formula}).`);
  else {
    const m = f.impact.missing.find((x) => x.key === 'revenueAtRisk');
    money.push(`Revenue at risk is not computed (missing: ${m?.missing.join(' and ') ?? 'inputs'}).`);
  }
  if (k.sloBudgetConsumed) money.push(`SLO (${f.redact(s.impact.slo?.name ?? 'availability')}): ${k.sloBudgetConsumed.display}.`);
  if (k.slaAvailability) money.push(`SLA: ${k.slaAvailability.display}.`);
  const p2 = money.join(' ');

  const types = (t: string) => s.factors.filter((x) => x.type === t).length;
  const items = s.actions;
  const p3 = join(
    s.factors.length
      ? `The review found ${types('trigger')} trigger, ${types('contributing')} contributing and ${types('systemic')} systemic factor${types('systemic') === 1 ? '' : 's'}.`
      : 'The review has not recorded contributing factors yet.',
    f.causePhrase ? `The trigger was ${f.causePhrase}.` : '',
    items.length
      ? `${items.length} action item${items.length === 1 ? '' : 's'} are owned and dated: ${items.filter((a) => a.priority === 'P1').length} at P1, ${items.filter((a) => a.horizon === 'immediate').length} due this week.`
      : 'No action items have been agreed yet.',
  );
  return { key: 'exec', kind: 'exec', title: 'Executive summary', body: [p1, p2, p3].join('\n\n'), edited: false, missing: [...new Set(c.missing)] };
}

// ---------- entry point ----------

function withEdit(d: CommsDraft, s: Session): CommsDraft {
  const e = s.comms.edits[d.key];
  return e !== undefined ? { ...d, body: sanitize(e), edited: true } : d;
}

/** Drafts for one kind: a phase or all four status updates in order; a tier or every tier; the exec summary. */
export function draftComms(session: Session, req: CommsRequest, facts?: Facts): CommsDraft[] {
  const f = facts ?? buildFacts(session, req.tz ? { tz: req.tz } : {});
  switch (req.kind) {
    case 'status':
      return (req.phase ? [req.phase] : [...PHASES]).map((p) => withEdit(statusDraft(p, f), session));
    case 'email':
      return (req.tier ? [req.tier] : [...TIERS]).map((t) => withEdit(emailDraft(t, f), session));
    case 'exec':
      return [withEdit(execDraft(f), session)];
  }
}

/** Plain text of drafts, for the CLI. */
export function commsText(drafts: CommsDraft[]): string {
  return drafts.map((d) => `${d.kind === 'email' ? `Subject: ${d.title}` : `## ${d.title}`}\n\n${d.body}\n`).join('\n');
}

// ---------- checks on a draft written elsewhere (an edit, or a model's draft) ----------

export interface DraftFinding {
  rule: 'leak' | 'speculation' | 'blame' | 'unsupported-figure';
  span: string;
  message: string;
}

const SPECULATION =
  /\b(probably|likely|unlikely|possibly|perhaps|presumably|might|may have|could have|we (?:think|believe|suspect|assume)|it seems|seems to|appears? to|should be (?:fixed|resolved|fine))\b/gi;
const BLAME = /\b(human error|(?:engineer|operator|developer|employee|staff)(?:'s)? (?:error|mistake)|careless(?:ly|ness)?|negligen\w*|fault of|was to blame|blamed?)\b/gi;
const FIGURE = /\b\d{1,2}:\d{2}(?::\d{2})?\b|\d[\d,]*(?:\.\d+)?%?/g;

function figureTokens(text: string): string[] {
  return (text.match(FIGURE) ?? []).map((t) => t.replace(/,$/, ''));
}

/**
 * Checks a comms draft against the fact base: internal names, hosts, addresses or people; speculation;
 * blame; and any number or time that none of the confirmed facts or computed figures contain.
 */
export function checkDraft(text: string, session: Session, facts?: Facts): DraftFinding[] {
  const f = facts ?? buildFacts(session);
  const out: DraftFinding[] = [];
  for (const leak of findLeaks(text, session)) out.push({ rule: 'leak', span: leak, message: 'looks like an internal name, host, address or person: leave it out of outside communications' });
  for (const m of text.matchAll(SPECULATION)) out.push({ rule: 'speculation', span: m[0], message: 'speculation: state only what is confirmed' });
  for (const m of text.matchAll(BLAME)) out.push({ rule: 'blame', span: m[0], message: 'blames people: describe what happened in the system instead' });
  const allowed = new Set<string>();
  const addAll = (t: string) => figureTokens(t).forEach((x) => allowed.add(x));
  for (const kind of ['status', 'email', 'exec'] as const) for (const d of draftComms(session, { kind }, f)) addAll(`${d.title}\n${d.body}`);
  for (const fig of f.impact.figures) {
    addAll(fig.display);
    for (const v of Object.values(fig.inputs)) addAll(typeof v === 'number' ? `${v} ${formatInt(v)}` : v);
  }
  for (const e of f.events) addAll(`${f.clock.time(e.occurredAt)} ${oneLineText(e.text)}`);
  for (const m of [...f.moments]) addAll(f.clock.time(m.at));
  addAll(`${session.incident.summary} ${session.incident.customerImpact}`);
  for (const tok of figureTokens(text)) {
    if (allowed.has(tok)) continue;
    const n = Number(tok.replace(/[,%]/g, ''));
    const isTime = tok.includes(':');
    if (!isTime && !tok.endsWith('%') && Number.isFinite(n) && (n < 10 || (n >= 1990 && n <= 2100))) continue;
    out.push({ rule: 'unsupported-figure', span: tok, message: 'this number or time is not in the confirmed facts or computed figures' });
  }
  return out;
}

function oneLineText(t: string): string {
  return sanitize(t).replace(/\s+/g, ' ');
}

// ---------- for a model that drafts comms (the assistant wires the call; this stays pure) ----------

/**
 * The confirmed facts a model may use for one draft, as plain lines, already redacted (no hosts,
 * addresses, people or internal service names), with the offline draft as a starting point.
 */
export function commsFactSheet(session: Session, req: CommsRequest & { kind: CommsKind }, facts?: Facts): string {
  const f = facts ?? buildFacts(session, req.tz ? { tz: req.tz } : {});
  const k = f.impact.byKey;
  const lines: string[] = [
    `Audience zone: ${f.clock.zone(f.moment.impactStart?.at)} (write every time in it, with the zone named)`,
    `Service, as customers know it: ${f.servicePhrase}`,
    `Severity: ${session.incident.severity}`,
  ];
  const ci = f.redact(session.incident.customerImpact);
  if (ci) lines.push(`Customer impact, as the room wrote it: ${ci}`);
  for (const m of f.moments) lines.push(`Key moment, ${m.label}: ${f.clock.stamp(m.at)}`);
  for (const fig of f.impact.figures) lines.push(`${fig.label}: ${fig.display}`);
  for (const m of f.impact.missing) lines.push(`Not known (do not guess): ${m.label.toLowerCase()}`);
  lines.push(f.causePhrase ? `Cause, in customer words: ${f.causePhrase}` : 'Cause: not confirmed for customers (do not describe one)');
  if (k.slaAvailability) lines.push(`SLA: ${k.slaAvailability.display}`);
  const drafts = draftComms(session, req, f);
  for (const d of drafts) lines.push('', `Offline draft (${d.key}): ${d.title}`, d.body);
  return lines.map((l) => sanitize(l)).join('\n');
}

/** Run the checks on a model's draft: accept it when clean, otherwise keep the offline draft. */
export function reviewModelDraft(session: Session, offline: CommsDraft, modelText: string, facts?: Facts): { accepted: boolean; draft: CommsDraft; findings: DraftFinding[] } {
  const text = sanitize(modelText).trim();
  const findings = text ? checkDraft(text, session, facts) : [{ rule: 'unsupported-figure' as const, span: '', message: 'the model returned nothing' }];
  if (findings.length) return { accepted: false, draft: offline, findings };
  return { accepted: true, draft: { ...offline, body: text }, findings: [] };
}

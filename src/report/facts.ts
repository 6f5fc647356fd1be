// The one fact base every document is derived from: confirmed events, key moments, computed figures,
// one clock. Also the redaction used by outward-facing documents. Pure.
import { computeImpact, type ImpactReport } from '../domain/impact.js';
import {
  MOMENT_KEYS,
  MOMENT_LABELS,
  type Category,
  type MomentKey,
  type Moments,
  type Session,
  type TimelineEvent,
} from '../domain/schema.js';
import { oneLine } from '../domain/text.js';
import { makeClock, type Clock } from './format.js';

export const PHASES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;
export type Phase = (typeof PHASES)[number];

export interface MomentFact {
  key: MomentKey;
  label: string;
  at: string;
  /** the clock's display of `at` */
  time: string;
}

export interface Facts {
  session: Session;
  impact: ImpactReport;
  clock: Clock;
  /** confirmed events in time order */
  events: TimelineEvent[];
  /** events not yet confirmed (left out of every document) */
  unconfirmed: number;
  /** confirmed key moments (a moment proposed by an import and not confirmed is left out) */
  moments: MomentFact[];
  moment: Partial<Record<MomentKey, MomentFact>>;
  /** key moments proposed but not confirmed: shown as such in the post-mortem, never used */
  proposed: MomentFact[];
  /** "the checkout service": the first service, as a customer would name it */
  servicePhrase: string;
  /** "Checkout": a short customer-facing component name */
  componentName: string;
  /** when each status phase was (or would be) posted */
  phaseAt: Record<Phase, string | null>;
  /** a plain cause phrase for customers, from the confirmed trigger factor; null when none */
  causePhrase: string | null;
  /** redact internal names, hosts, addresses and people from text meant for outside readers */
  redact(text: string): string;
}

export interface FactsOptions {
  /** audience zone (default: the incident's) */
  tz?: string;
}

const DROP = new Set(['api', 'svc', 'service', 'srv', 'worker', 'gateway', 'out', 'in', 'prod', 'server', 'backend', 'frontend', 'app', 'web']);

/** "checkout-api" -> "checkout", "EHR_RESULTS_OUT" -> "EHR results". */
export function customerName(service: string): string {
  const tokens = oneLine(service)
    .split(/[-_.\s/]+/)
    .filter((t) => t && !DROP.has(t.toLowerCase()) && !/^v?\d+$/i.test(t));
  const words = tokens.map((t) => (/^[A-Z0-9]{2,4}$/.test(t) && /[A-Z]/.test(t) ? t : t.toLowerCase()));
  return words.join(' ') || oneLine(service).toLowerCase();
}

const CAUSE_BY_CATEGORY: Partial<Record<Category, string>> = {
  deployment: 'a software change we deployed',
  configuration: 'a configuration change',
  capacity: 'a capacity limit in one of our systems',
  dependency: 'a problem in a system we depend on',
  testing: 'a software change we deployed',
};

const IPV4 = /\b(?:\d{1,3}\.){3}\d{1,3}(?::\d+)?\b/g;
const IPV6 = /\b(?:[0-9a-f]{1,4}:){3,7}[0-9a-f]{1,4}\b/gi;
// host.name.tld or host.internal; at least one dot, a letter-led last label
const HOST = /\b(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z][a-z0-9-]{1,62})\b/gi;
// kubernetes pod / replica-set names: name-<hash>-<5 chars> or name-<digits>
const POD = /\b[a-z][a-z0-9]*(?:-[a-z0-9]+)*-[a-z0-9]{5,10}-[a-z0-9]{5}\b/g;
const CHANNEL = /(^|\s)#[a-z0-9][a-z0-9_-]*/gi;
const MENTION = /(^|\s)@[a-z0-9._-]+/gi;

const NOT_PEOPLE = new Set([
  'support', 'system', 'sre', 'ops', 'oncall', 'on-call', 'admin', 'bot', 'kubelet', 'alertmanager', 'pagerduty', 'opsgenie',
  'statuspage', 'github', 'grafana', 'datadog', 'prometheus', 'slack', 'team', 'customer', 'customers', 'engineer', 'unknown',
]);

/** Person names known to the session: attendees, authors, action owners, and event actors that look like people. */
export function peopleNames(session: Session): string[] {
  const names = new Set<string>();
  const add = (n: string | null | undefined) => {
    const v = oneLine(n ?? '');
    if (v.length >= 3 && !NOT_PEOPLE.has(v.toLowerCase())) names.add(v);
  };
  for (const a of session.meeting.attendees) add(a.name);
  for (const a of session.incident.authors) add(a);
  for (const a of session.actions) add(a.owner);
  for (const e of session.timeline.events) {
    // "zoe (finance ops)" -> "zoe"; bots, services and controllers ("deploy-bot[bot]", "checkout-api") are not people
    const actor = oneLine(e.actor ?? '').replace(/\s*\(.*\)\s*$/, '');
    if (actor && !/[-_\d[\]@/:.]/.test(actor)) add(actor);
  }
  // each capitalised part of a multi-word name too ("Alice Chen" -> "Alice", "Chen")
  for (const n of [...names]) for (const part of n.split(/\s+/)) if (/^[A-Z][\p{L}'-]{2,}$/u.test(part) && !NOT_PEOPLE.has(part.toLowerCase())) names.add(part);
  return [...names].sort((a, b) => b.length - a.length);
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function makeRedactor(session: Session): (text: string) => string {
  const people = peopleNames(session);
  const peopleRe = people.length ? new RegExp(`\\b(?:${people.map(escapeRe).join('|')})\\b`, 'g') : null;
  const services = session.incident.services.map((s) => oneLine(s)).filter((s) => /[-_.]/.test(s));
  return (text: string) => {
    let t = oneLine(text);
    for (const s of services) t = t.split(s).join(customerName(s));
    t = t.replace(IPV4, '[address]').replace(IPV6, '[address]');
    t = t.replace(HOST, (m) => (/^\d+(\.\d+)*$/.test(m) || /^(e\.g|i\.e|etc)$/i.test(m) ? m : '[host]'));
    t = t.replace(POD, '[host]');
    t = t.replace(CHANNEL, '$1[channel]').replace(MENTION, '$1[someone]');
    if (peopleRe) t = t.replace(peopleRe, 'a team member');
    return t;
  };
}

/** What in `text` looks like an internal name, host, address or person (for checking drafts). */
export function findLeaks(text: string, session: Session): string[] {
  const out: string[] = [];
  for (const re of [IPV4, IPV6, POD, CHANNEL]) for (const m of text.matchAll(new RegExp(re.source, re.flags))) out.push(m[0].trim());
  for (const m of text.matchAll(new RegExp(HOST.source, HOST.flags))) {
    if (!/^\d+(\.\d+)*$/.test(m[0]) && !/^(e\.g|i\.e|etc)$/i.test(m[0])) out.push(m[0]);
  }
  for (const p of peopleNames(session)) if (new RegExp(`\\b${escapeRe(p)}\\b`).test(text)) out.push(p);
  for (const s of session.incident.services) if (/[-_.]/.test(s) && text.includes(s)) out.push(s);
  return [...new Set(out)];
}

function statusPhase(e: TimelineEvent): Phase | null {
  if (e.kind !== 'status') return null;
  const t = e.text.toLowerCase();
  for (const p of PHASES) if (t.includes(p)) return p;
  return null;
}

export function buildFacts(session: Session, opts: FactsOptions = {}): Facts {
  const impact = computeImpact(session, { confirmedOnly: true });
  const events = session.timeline.events.filter((e) => e.confirmed);
  const all = session.timeline.moments;
  const mo: Moments = { ...all };
  for (const k of MOMENT_KEYS) if (all[k]?.confirmed === false) mo[k] = null;
  const momentTimes = MOMENT_KEYS.map((k) => mo[k]?.at).filter((x): x is string => !!x);
  // with no key moments, the confirmed events decide whether times need their dates
  const span = momentTimes.length ? momentTimes : events.map((e) => e.occurredAt);
  const clock = makeClock(opts.tz ?? session.incident.timezone, session.timeline.precision, span);
  const moments: MomentFact[] = [];
  const proposed: MomentFact[] = [];
  const moment: Partial<Record<MomentKey, MomentFact>> = {};
  for (const key of MOMENT_KEYS) {
    const m = all[key];
    if (!m) continue;
    const f = { key, label: MOMENT_LABELS[key], at: m.at, time: clock.time(m.at) };
    if (mo[key]) {
      moments.push(f);
      moment[key] = f;
    } else proposed.push(f);
  }
  // the first service listed is the one customers use; the others are internal
  const first = session.incident.services.map(customerName).find(Boolean) ?? null;
  const servicePhrase = first ? `the ${first} service` : 'our service';
  const componentName = first ? first.charAt(0).toUpperCase() + first.slice(1) : 'Service';

  const phaseAt: Record<Phase, string | null> = { investigating: null, identified: null, monitoring: null, resolved: null };
  for (const e of events) {
    const p = statusPhase(e);
    if (p && !phaseAt[p]) phaseAt[p] = e.occurredAt;
  }
  phaseAt.investigating ??= mo.detected?.at ?? mo.acknowledged?.at ?? mo.impactStart?.at ?? null;
  phaseAt.identified ??= mo.acknowledged?.at ?? null;
  phaseAt.monitoring ??= mo.mitigated?.at ?? null;
  phaseAt.resolved ??= mo.resolved?.at ?? null;

  const trigger = session.factors.find((f) => f.type === 'trigger');
  let causePhrase: string | null = null;
  if (trigger) {
    const base = (trigger.category && CAUSE_BY_CATEGORY[trigger.category]) || 'an internal fault';
    if (base === 'a software change we deployed') {
      const start = mo.impactStart ? Date.parse(mo.impactStart.at) : NaN;
      const deploy = [...events].reverse().find((e) => e.kind === 'deploy' && !Number.isNaN(start) && Date.parse(e.occurredAt) <= start);
      causePhrase = deploy ? `${base} at ${clock.stamp(deploy.occurredAt)}` : base;
    } else causePhrase = base;
  }

  return {
    session,
    impact,
    clock,
    events,
    unconfirmed: session.timeline.events.length - events.length,
    moments,
    moment,
    proposed,
    servicePhrase,
    componentName,
    phaseAt,
    causePhrase,
    redact: makeRedactor(session),
  };
}

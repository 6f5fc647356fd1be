// The offline next-question engine and the why-tree warnings. Pure and deterministic: no I/O, no clock.
// Every proposal names the rule that produced it, asks what or how (never who), and never names a person.
import { CATEGORIES, type Category, type Session, type TimelineEvent, type WhyNode } from '../domain/schema.js';
import { clip, oneLine } from '../domain/text.js';

// ---------------------------------------------------------------------------------------------
// Shapes (structurally identical to src/assistant/types.ts Proposal; analysis may not import assistant)

export interface QuestionProposal {
  question: string;
  mode: 'why' | 'how';
  category: Category;
  rationale: string;
  rule: string;
  evidence: string[];
}

export interface TreeWarning {
  kind: 'shallow-chain' | 'ends-at-person' | 'single-chain';
  /** the node the warning is about (the leaf of a shallow chain, the blaming node), null for the whole tree */
  nodeId: string | null;
  message: string;
  /** for ends-at-person: a question that asks about conditions instead */
  reframe?: string;
}

// ---------------------------------------------------------------------------------------------
// People: who must never be named in a question (also used by the redaction before sending)

export interface PersonRef {
  name: string;
  /** attendee role, or null for a timeline actor */
  role: string | null;
  /** the strings that identify the person in text: full name, name parts, handle forms */
  tokens: string[];
}

const NOT_PEOPLE =
  /\b(?:bot|\[bot\]|pagerduty|opsgenie|alertmanager|prometheus|grafana|datadog|cloudwatch|statuspage|github|gitlab|argo ?cd|argocd|kubernetes|k8s|kubelet|jenkins|circleci|system|slackbot|webhook|automation|monitor|scheduler|cron|cert-manager|integration|engine|service|deploy|server|nagios|sentry|zabbix|teams|slack|discord|support|on-?call|unknown)\b/i;

/** Words that look like name parts but are ordinary English: never treated as a name on their own. */
const NAME_STOPWORDS = new Set([
  'will', 'mark', 'may', 'june', 'april', 'august', 'bill', 'rob', 'pat', 'sun', 'ops', 'team', 'admin', 'root', 'user',
  'the', 'and', 'van', 'von', 'der', 'den', 'del', 'des', 'mac', 'art', 'page', 'grant', 'rose', 'dawn', 'hope', 'joy',
  'sky', 'max', 'ray', 'lee', 'dev', 'sre', 'lead', 'chief', 'ward', 'amber', 'faith', 'case', 'hunter', 'summer',
  'head', 'duty', 'engineer', 'manager', 'support', 'desk', 'service', 'incident', 'commander',
]);

function nameTokens(name: string): string[] {
  const clean = oneLine(name).replace(/^@/, '');
  if (!clean) return [];
  // "zoe (finance ops)": the parenthetical is a role, not part of the name
  const base = clean.replace(/\s*[([][^)\]]*[)\]]\s*/g, ' ').trim() || clean;
  const parts = base.split(/[^\p{L}\p{N}']+/u).filter(Boolean);
  const out = new Set<string>();
  // a single word that is also an ordinary word ("dev", "will") is matched only as an @handle
  if (parts.length > 1 || !NAME_STOPWORDS.has(base.toLowerCase())) out.add(clean);
  if (base !== clean && (parts.length > 1 || !NAME_STOPWORDS.has(base.toLowerCase()))) out.add(base);
  for (const p of parts) if (p.length >= 3 && !NAME_STOPWORDS.has(p.toLowerCase()) && /\p{L}/u.test(p)) out.add(p);
  if (parts.length > 1) {
    out.add(parts.join('.'));
    out.add(parts.join('_'));
    out.add(parts.join('-'));
    out.add(parts.join('').toLowerCase());
  }
  return [...out].filter((t) => t.length >= 2);
}

/** Names of programs and services: "checkout-api", "deployment-controller", "ledger svc". */
const SYSTEM_NAME =
  /(?:^|[-_.\s])(?:api|svc|service|server|controller|worker|operator|manager|scheduler|agent|proxy|gateway|daemon|job|cron|runner|exporter|ingress|cluster|db|database|queue|lambda|function|pipeline|actions|ci|cd)(?:$|[-_.\s\[])/i;

function looksLikePerson(actor: string, services: string[]): boolean {
  const a = actor.trim();
  if (a.length < 2 || a.length > 60) return false;
  if (NOT_PEOPLE.test(a)) return false;
  if (/^[\d\W]+$/.test(a)) return false;
  if (/^(?:facilitator|scribe|incident commander|responder|observer|ic|sre|l[12]|primary|secondary)$/i.test(a)) return false;
  if (services.some((s) => s.toLowerCase() === a.toLowerCase())) return false;
  // "checkout-api", "deployment-controller": programs, not people (a doubt counts as a person)
  return !SYSTEM_NAME.test(a);
}

/** Attendees and the timeline's human actors, each once. */
export function peopleOf(session: Session): PersonRef[] {
  const byKey = new Map<string, PersonRef>();
  const add = (name: string, role: string | null) => {
    const key = oneLine(name).toLowerCase();
    if (!key) return;
    const existing = byKey.get(key);
    if (existing) {
      if (!existing.role && role) existing.role = role;
      return;
    }
    byKey.set(key, { name: oneLine(name), role, tokens: nameTokens(name) });
  };
  for (const a of session.meeting.attendees) add(a.name, a.role);
  const services = session.incident.services;
  const attendeeParts = new Set(session.meeting.attendees.flatMap((a) => a.name.toLowerCase().split(/[^\p{L}\p{N}']+/u)));
  const person = (actor: string) =>
    looksLikePerson(actor, services) || actor.toLowerCase().split(/[-_.]/).every((p) => p.length > 1 && attendeeParts.has(p));
  for (const e of session.timeline.events) if (e.actor && person(e.actor)) add(e.actor, null);
  for (const author of session.incident.authors) if (person(author)) add(author, null);
  return [...byKey.values()];
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** One regular expression matching any token of any person, plus any @handle. Longest tokens first. */
export function personPattern(people: PersonRef[]): RegExp {
  const tokens = [...new Set(people.flatMap((p) => p.tokens))].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  const alts = tokens.map((t) => escapeRe(t));
  const handle = '(?<![\\p{L}\\p{N}_\\]/:.@-])@[\\p{L}\\p{N}][\\p{L}\\p{N}._-]*';
  const body = alts.length ? `${handle}|(?<![\\p{L}\\p{N}_])(?:${alts.join('|')})(?![\\p{L}\\p{N}_])` : handle;
  return new RegExp(body, 'giu');
}

/** Replace every person mention by `replacement` (default "a responder"). */
export function scrubPeople(text: string, pattern: RegExp, replacement = 'a responder'): string {
  pattern.lastIndex = 0;
  return text.replace(pattern, replacement);
}

// ---------------------------------------------------------------------------------------------
// Categories from text

const CATEGORY_WORDS: Record<Category, RegExp> = {
  testing: /\b(?:test(?:s|ed|ing)?|staging|qa|load[- ]test|coverage|pre-?prod|fixture|index(?:es|ed)?|query plan|seq(?:uential)? scan|explain)\b/i,
  monitoring: /\b(?:monitor(?:ing|ed)?|metrics?|dashboards?|logs?|logging|observab\w*|visibility|signal|tracing|slo|latency|graphs?)\b/i,
  alerting: /\b(?:alert(?:s|ed|ing)?|pag(?:e|ed|es|ing)|threshold|on-?call|notif\w*|warning|p[1-5]|escalat\w*|pagerduty|opsgenie)\b/i,
  deployment: /\b(?:deploy\w*|roll(?:ed)?[- ]?(?:out|back)s?|release[sd]?|canary|ci\/cd|pipeline|ship(?:ped)?|rebuild|image|sync(?:ed)?|version)\b/i,
  configuration: /\b(?:config\w*|setting|flag|feature flag|parameter|timeout|limit|rbac|namespace|secret|certificate|cert|tls|policy|toggle)\b/i,
  capacity: /\b(?:capacity|pool|connections?|saturat\w*|scal(?:e|ed|ing)|replicas?|headroom|threads?|queue|backlog|throughput|cpu|memory|load|peak|traffic)\b/i,
  dependency: /\b(?:dependenc\w*|upstream|downstream|vendor|third[- ]party|provider|library|external|partner|database|db|api)\b/i,
  documentation: /\b(?:docs?|documentation|runbooks?|playbooks?|wiki|procedure|readme|inventory|written down)\b/i,
  communication: /\b(?:communicat\w*|status ?page|status update|customers? (?:were )?(?:told|informed)|announce\w*|hand-?off|hand-?over|told|informed|channel|support ticket|tickets?)\b/i,
  process: /\b(?:process|review(?:ed)?|approv\w*|change management|checklist|sign-?off|policy|planned|maintenance window|workflow)\b/i,
  organisation: /\b(?:owner(?:ship)?|owned|team|teams|staffing|rota|roster|priorit\w*|budget|org\w*|responsib\w*|silo)\b/i,
};

/** Categories a piece of text talks about, in the canonical order. */
export function inferCategories(text: string): Category[] {
  if (!text) return [];
  return CATEGORIES.filter((c) => CATEGORY_WORDS[c].test(text));
}

// ---------------------------------------------------------------------------------------------
// Facts read off the session

interface At {
  at: number;
  eventId: string | null;
}

export interface SessionFacts {
  tz: string;
  /** the day (YYYY-MM-DD in the incident zone) of impact start, or of the first event: times on it show without a date */
  anchorDay: string | null;
  impactStart: At | null;
  detected: At | null;
  acknowledged: At | null;
  mitigated: At | null;
  resolved: At | null;
  detectedKind: TimelineEvent['kind'] | null;
  threshold: { label: string; eventId: string | null } | null;
  deploysBefore: TimelineEvent[];
  deploysAfterDetection: TimelineEvent[];
  silentWarnings: TimelineEvent[];
  customerFirst: TimelineEvent | null;
  escalations: TimelineEvent[];
  statusUpdates: TimelineEvent[];
  service: string | null;
}

function momentAt(session: Session, key: keyof Session['timeline']['moments']): At | null {
  const m = session.timeline.moments[key];
  if (!m) return null;
  const at = Date.parse(m.at);
  return Number.isNaN(at) ? null : { at, eventId: m.eventId };
}

const UNIT_WORDS: Record<string, string> = { s: 'second', sec: 'second', m: 'minute', min: 'minute', h: 'hour', hr: 'hour' };

/** "ratio > 5% for 3m" -> "5%-for-3-minutes threshold"; "queue depth above 500" -> "threshold of 500". */
export function thresholdLabel(text: string): string | null {
  const m =
    /(?:>=?|≥|above|over|exceed(?:s|ed|ing)?|greater than|more than)\s*(\d+(?:[.,]\d+)?)\s*(%|ms\b|s\b|seconds?\b|minutes?\b)?(?:[^.;\n]{0,40}?\bfor\s+(\d+)\s*(s|sec|seconds?|m|min|minutes?|h|hr|hours?)\b)?/i.exec(
      text,
    );
  if (!m) return null;
  const value = `${m[1]}${m[2] === '%' ? '%' : m[2] ? ` ${m[2]}` : ''}`;
  if (m[3] && m[4]) {
    const unitKey = m[4].toLowerCase().replace(/s$/, '');
    const word = UNIT_WORDS[unitKey] ?? unitKey;
    const n = Number(m[3]);
    return `${value.replace(/ /g, '-')}-for-${n}-${word}${n === 1 ? '' : 's'} threshold`;
  }
  return `threshold of ${value}`;
}

const CUSTOMER_WORDS = /\b(?:customers?|merchants?|tenants?|clients?|users?|shoppers?|support|tickets?|ward|patients?|complain\w*|report(?:ed|s)?|calls?|called)\b/i;
const ROLLBACK_WORDS = /\b(?:roll(?:ed|ing)?[- ]?back|revert\w*|rollback|fix|hotfix|drain\w*|cordon\w*)\b/i;

export function sessionFacts(session: Session): SessionFacts {
  const tz = session.incident.timezone || 'UTC';
  const events = session.timeline.events;
  const impactStart = momentAt(session, 'impactStart');
  const detected = momentAt(session, 'detected');
  const acknowledged = momentAt(session, 'acknowledged');
  const mitigated = momentAt(session, 'mitigated');
  const resolved = momentAt(session, 'resolved');
  const byId = new Map(events.map((e) => [e.id, e]));
  const detectedEvent = detected?.eventId ? byId.get(detected.eventId) ?? null : null;

  // the threshold: first from the detecting event, then from alerts around detection, then from a series
  let threshold: SessionFacts['threshold'] = null;
  const alertCandidates = [
    ...(detectedEvent ? [detectedEvent] : []),
    ...events.filter((e) => e.kind === 'alert' || e.kind === 'page'),
  ];
  for (const e of alertCandidates) {
    const label = thresholdLabel(e.text);
    if (label) {
      threshold = { label, eventId: e.id };
      break;
    }
  }
  if (!threshold) {
    const s = session.timeline.series.find((x) => typeof x.threshold === 'number');
    if (s && typeof s.threshold === 'number') {
      const t = s.threshold;
      const value = s.unit === 'ratio' ? `${Number((t * 100).toFixed(2))}%` : s.unit === 'percent' ? `${t}%` : `${t}`;
      threshold = { label: `threshold of ${value} on ${clip(oneLine(s.name), 40)}`, eventId: detected?.eventId ?? null };
    }
  }

  const start = impactStart?.at ?? null;
  const det = detected?.at ?? null;
  const deploysBefore =
    start === null
      ? []
      : events.filter((e) => e.kind === 'deploy' && Date.parse(e.occurredAt) <= start && start - Date.parse(e.occurredAt) <= 3 * 3600_000);
  // the way back: a rollback or fix deployed between detection and mitigation (a later fix is not the mitigation)
  const mitigatedAt = mitigated?.at ?? Infinity;
  const deploysAfterDetection =
    det === null
      ? []
      : events.filter((e) => {
          const t = Date.parse(e.occurredAt);
          return e.kind === 'deploy' && t > det && t <= mitigatedAt + 5 * 60_000 && ROLLBACK_WORDS.test(e.text);
        });
  const silentWarnings =
    start === null || det === null
      ? []
      : events.filter((e) => {
          const t = Date.parse(e.occurredAt);
          return (
            (e.kind === 'alert' || e.kind === 'metric') &&
            t >= start &&
            t < det &&
            e.id !== detected?.eventId &&
            /\b(?:warn\w*|alert\w*|firing|saturat\w*|slow|latency|queue)\b/i.test(e.text)
          );
        });
  const customerFirst =
    det === null
      ? null
      : (events.find((e) => {
          const t = Date.parse(e.occurredAt);
          return e.kind === 'message' && t < det && (start === null || t >= start) && CUSTOMER_WORDS.test(e.text);
        }) ?? null);
  const escalations = events.filter((e) => e.kind === 'escalation');
  const statusUpdates = events.filter((e) => e.kind === 'status');
  const anchor = start ?? (events[0] ? Date.parse(events[0].occurredAt) : null);
  return {
    tz,
    anchorDay: anchor === null || Number.isNaN(anchor) ? null : dayKey(anchor, tz),
    impactStart,
    detected,
    acknowledged,
    mitigated,
    resolved,
    detectedKind: detectedEvent?.kind ?? null,
    threshold,
    deploysBefore,
    deploysAfterDetection,
    silentWarnings,
    customerFirst,
    escalations,
    statusUpdates,
    service: session.incident.services[0] ? oneLine(session.incident.services[0]) : null,
  };
}

// ---------------------------------------------------------------------------------------------
// Formatting (deterministic; formatters cached per zone)

const FORMATTERS = new Map<string, Intl.DateTimeFormat>();
function formatter(tz: string, kind: 'time' | 'full' | 'day'): Intl.DateTimeFormat {
  const key = `${tz}|${kind}`;
  let f = FORMATTERS.get(key);
  if (!f) {
    const opts: Intl.DateTimeFormatOptions =
      kind === 'day'
        ? { year: 'numeric', month: '2-digit', day: '2-digit' }
        : { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', ...(kind === 'full' ? { weekday: 'short', day: 'numeric', month: 'short' } : {}) };
    const locale = kind === 'day' ? 'en-CA' : 'en-GB';
    try {
      f = new Intl.DateTimeFormat(locale, { ...opts, timeZone: tz });
    } catch {
      f = new Intl.DateTimeFormat(locale, { ...opts, timeZone: 'UTC' });
    }
    FORMATTERS.set(key, f);
  }
  return f;
}

function dayKey(ms: number, tz: string): string {
  return formatter(tz, 'day').format(ms);
}

/** "14:02" on the day impact started, "Wed 8 May 09:10" on any other day, in the incident's zone. */
export function formatClock(ms: number, facts: Pick<SessionFacts, 'tz' | 'anchorDay'>): string {
  if (facts.anchorDay !== null && dayKey(ms, facts.tz) === facts.anchorDay) return formatter(facts.tz, 'time').format(ms);
  return formatter(facts.tz, 'full').format(ms).replace(',', '');
}

/** "45 seconds", "8 minutes", "1 h 11 min", "54 hours". */
export function formatDuration(ms: number): string {
  const s = Math.round(Math.abs(ms) / 1000);
  if (s < 90) return `${s} second${s === 1 ? '' : 's'}`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} minute${m === 1 ? '' : 's'}`;
  const h = Math.floor(m / 60);
  if (h >= 24) return `${Math.round(m / 60)} hours`;
  const rest = m - h * 60;
  return rest ? `${h} h ${rest} min` : `${h} hour${h === 1 ? '' : 's'}`;
}

// ---------------------------------------------------------------------------------------------
// Tree helpers

export function depthOf(nodes: Record<string, WhyNode>, id: string): number {
  let d = 0;
  let cur = nodes[id];
  const seen = new Set<string>();
  while (cur?.parentId && !seen.has(cur.id)) {
    seen.add(cur.id);
    d++;
    cur = nodes[cur.parentId];
  }
  return d;
}

function pathTo(nodes: Record<string, WhyNode>, id: string): WhyNode[] {
  const out: WhyNode[] = [];
  let cur = nodes[id];
  const seen = new Set<string>();
  while (cur && !seen.has(cur.id)) {
    seen.add(cur.id);
    out.push(cur);
    cur = cur.parentId ? nodes[cur.parentId] : undefined;
  }
  return out.reverse();
}

// Memo caches keyed by immutable session parts (the reducer shares unchanged structure), so repeated
// calls during a meeting do not re-scan what did not change. Results are the same with or without them.
const NODE_CATS = new WeakMap<WhyNode, Category[]>();
const EXPLORED = new WeakMap<Record<string, WhyNode>, Set<Category>>();

function nodeCategories(n: WhyNode): Category[] {
  let cats = NODE_CATS.get(n);
  if (!cats) {
    cats = n.parentId === null ? [...n.tags] : [...new Set([...n.tags, ...inferCategories(`${n.question} ${n.answer}`)])];
    NODE_CATS.set(n, cats);
  }
  return cats;
}

/** Categories the tree has explored: tags anywhere, and what the room's answers talk about. */
export function exploredCategories(session: Session): Set<Category> {
  const nodes = session.whys.nodes;
  const hit = EXPLORED.get(nodes);
  if (hit) return new Set(hit);
  const out = new Set<Category>();
  for (const n of Object.values(nodes)) for (const c of nodeCategories(n)) out.add(c);
  EXPLORED.set(nodes, out);
  return new Set(out);
}

function norm(q: string): string {
  return q.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
}

// ---------------------------------------------------------------------------------------------
// Rules

interface Ctx {
  session: Session;
  node: WhyNode;
  depth: number;
  facts: SessionFacts;
  people: RegExp;
  nodeText: string;
  nodeCats: Set<Category>;
  explored: Set<Category>;
  cited: TimelineEvent[];
  eventIds: Set<string>;
  systemicOnPath: boolean;
  /** the tree already discusses these events elsewhere (cited, or their distinctive words appear) */
  covered(evidence: string[]): boolean;
  t(ms: number): string;
  quote(e: TimelineEvent, max?: number): string;
}

interface Candidate extends QuestionProposal {
  score: number;
  /** another branch of the tree already discusses its evidence */
  covered: boolean;
}

type Rule = { id: string; run(ctx: Ctx): Candidate[] };

const BLAME =
  /\b(?:human error|operator error|user error|careless\w*|forgot|neglect\w*|should(?:n't| not)? have|failed to|didn't (?:check|notice|follow|read)|mistake|fat[- ]finger\w*|typo|sloppy|lazy|incompeten\w*|not paying attention|someone|somebody)\b/i;
const WHY_DID_PERSON = /\b[Ww]hy (?:did|didn't|did not|would|was|wasn't)\s+(@?[\p{Lu}][\p{L}.'-]+(?:\s[\p{Lu}][\p{L}'-]+)?)\s+(.+?)\s*\??$/u;
const HUMAN_VERBS =
  /^(?:not\s+)?(?:run|ran|deploy|push|merge|approve|ignore|miss|forget|delete|drop|change|restart|decide|choose|type|skip|click|apply|execute|turn|disable|enable|roll|ack|acknowledge|escalate|page|make|do)\w*\b/i;
const NON_PEOPLE_SUBJECTS = new Set(['the', 'we', 'it', 'this', 'that', 'they', 'our', 'kubernetes', 'postgres', 'argo', 'terraform']);

function addBonus(ctx: Ctx, category: Category, base: number): number {
  let s = base;
  if (ctx.nodeCats.has(category)) s += 3;
  if (!ctx.explored.has(category)) s += 2;
  else if (!ctx.nodeCats.has(category)) s -= 2;
  return s;
}

function mk(
  ctx: Ctx,
  rule: string,
  category: Category,
  mode: 'why' | 'how',
  question: string,
  rationale: string,
  evidence: (string | null | undefined)[],
  base: number,
): Candidate {
  const ev = [...new Set(evidence.filter((x): x is string => !!x && ctx.eventIds.has(x)))];
  return {
    question: scrubPeople(question, ctx.people),
    mode,
    category,
    rationale: scrubPeople(rationale, ctx.people),
    rule,
    evidence: ev,
    score: addBonus(ctx, category, base),
    // a fact another branch already discusses is only proposed here when nothing else is left
    covered: ctx.covered(ev),
  };
}

const RULES: Rule[] = [
  {
    id: 'ends-at-person',
    run(ctx) {
      if (!blames(ctx.nodeText, ctx.people)) return [];
      return [
        mk(
          ctx,
          'ends-at-person',
          'process',
          'how',
          'What made that step look like the right thing to do at the time, and what in the tooling or procedure allowed it to go through unchecked?',
          'The chain points at a person; asking about the conditions keeps it blameless and finds something the system can change.',
          ctx.node.evidence,
          12,
        ),
      ];
    },
  },
  {
    id: 'detection-gap',
    run(ctx) {
      const { impactStart, detected, threshold } = ctx.facts;
      if (!impactStart || !detected) return [];
      const gap = detected.at - impactStart.at;
      if (gap < 60_000) return [];
      const what = ctx.facts.detectedKind === 'page' ? 'The first page' : ctx.facts.detectedKind === 'alert' ? 'The first alert' : 'Detection';
      const question = threshold
        ? `${what} came ${formatDuration(gap)} after impact began (${ctx.t(impactStart.at)} to ${ctx.t(detected.at)}): what decided the ${threshold.label}?`
        : `${what} came ${formatDuration(gap)} after impact began (${ctx.t(impactStart.at)} to ${ctx.t(detected.at)}): what signal could have shown it sooner, and what kept it from paging?`;
      const base = /\b(?:detect\w*|notic\w*|alert\w*|page\w*|threshold|monitor\w*|late)\b/i.test(ctx.nodeText) ? 9 : 6;
      return [
        mk(ctx, 'detection-gap', 'alerting', 'why', question, `Time to detect was ${formatDuration(gap)}; the alert design decides it.`, [impactStart.eventId, detected.eventId, threshold?.eventId], base),
      ];
    },
  },
  {
    id: 'silent-warning',
    run(ctx) {
      const w = ctx.facts.silentWarnings[0];
      const det = ctx.facts.detected;
      if (!w || !det) return [];
      const t = Date.parse(w.occurredAt);
      return [
        mk(
          ctx,
          'silent-warning',
          'alerting',
          'how',
          `A signal ("${ctx.quote(w, 60)}") showed at ${ctx.t(t)}, ${formatDuration(det.at - t)} before the page: how was it routed, and what made it easy to pass over?`,
          'An earlier signal existed but did not lead to a response; its routing and priority are conditions the team controls.',
          [w.id, det.eventId],
          8,
        ),
      ];
    },
  },
  {
    id: 'customer-before-alert',
    run(ctx) {
      const c = ctx.facts.customerFirst;
      const det = ctx.facts.detected;
      if (!c || !det) return [];
      return [
        mk(
          ctx,
          'customer-before-alert',
          'monitoring',
          'how',
          `A report from outside came in at ${ctx.t(Date.parse(c.occurredAt))}, before the first alert at ${ctx.t(det.at)}: what did the people affected see that our monitoring did not measure?`,
          'When customers notice first, the monitored signal and the experienced symptom differ.',
          [c.id, det.eventId],
          7,
        ),
      ];
    },
  },
  {
    id: 'deploy-before-impact',
    run(ctx) {
      const start = ctx.facts.impactStart;
      const out: Candidate[] = [];
      const d = ctx.facts.deploysBefore[ctx.facts.deploysBefore.length - 1];
      if (!start || !d) return out;
      const t = Date.parse(d.occurredAt);
      const lead = formatDuration(start.at - t);
      const relevant = /\b(?:deploy\w*|change\w*|release\w*|version|query|code|index|commit)\b/i.test(ctx.nodeText);
      out.push(
        mk(
          ctx,
          'deploy-before-impact',
          'testing',
          'why',
          `The change "${ctx.quote(d, 50)}" went out at ${ctx.t(t)}, ${lead} before impact began: what in testing differed from production so that it did not show this?`,
          'A change shortly before impact is a candidate trigger; the gap between test and production conditions is the systemic part.',
          [d.id, start.eventId],
          relevant ? 9 : 6,
        ),
      );
      out.push(
        mk(
          ctx,
          'deploy-rollout',
          'deployment',
          'how',
          `How was the ${ctx.t(t)} change rolled out (canary, stages, automatic checks), and what would have stopped it at a small share of traffic?`,
          'The rollout strategy decides how far a bad change spreads before anyone can react.',
          [d.id],
          relevant ? 7 : 4,
        ),
      );
      return out;
    },
  },
  {
    id: 'slow-mitigation',
    run(ctx) {
      const { impactStart, mitigated, detected } = ctx.facts;
      if (!impactStart || !mitigated) return [];
      const total = mitigated.at - impactStart.at;
      if (total < 15 * 60_000) return [];
      const back = ctx.facts.deploysAfterDetection[0];
      const relevant = /\b(?:mitigat\w*|roll\w*|revert\w*|recover\w*|fix\w*|slow|took|rebuild|restor\w*)\b/i.test(ctx.nodeText);
      if (back) {
        const t = Date.parse(back.occurredAt);
        return [
          mk(
            ctx,
            'slow-mitigation',
            'deployment',
            'how',
            `Mitigation came ${formatDuration(total)} after impact began, and the way back ("${ctx.quote(back, 40)}") started at ${ctx.t(t)}: what made undoing the change slower than making it?`,
            'Recovery time is set by how easy the way back is, which is a property of the pipeline.',
            [back.id, mitigated.eventId],
            relevant ? 9 : 5,
          ),
        ];
      }
      const since = detected ? ` (${formatDuration(mitigated.at - detected.at)} after detection)` : '';
      return [
        mk(
          ctx,
          'slow-mitigation',
          'process',
          'how',
          `Mitigation came ${formatDuration(total)} after impact began${since}: what did responders need to know or to have ready to mitigate sooner?`,
          'The time from detection to mitigation shows what the response lacked: diagnosis tools, levers, or a procedure.',
          [detected?.eventId, mitigated.eventId],
          relevant ? 8 : 4,
        ),
      ];
    },
  },
  {
    id: 'ack-gap',
    run(ctx) {
      const { detected, acknowledged } = ctx.facts;
      const esc = ctx.facts.escalations[0];
      if (!detected || !acknowledged) return [];
      const gap = acknowledged.at - detected.at;
      if (gap < 5 * 60_000 && !esc) return [];
      const via = esc ? `, after an escalation at ${ctx.t(Date.parse(esc.occurredAt))}` : '';
      const tail =
        gap > 2 * 3600_000
          ? 'what priority and routing did it have, and how did they shape the response?'
          : 'how does the on-call arrangement cover that time of day?';
      return [
        mk(
          ctx,
          'ack-gap',
          'organisation',
          'how',
          `The ${ctx.facts.detectedKind === 'page' ? 'page' : 'alert'} at ${ctx.t(detected.at)} was acknowledged at ${ctx.t(acknowledged.at)}, ${formatDuration(gap)} later${via}: ${tail}`,
          'Slow acknowledgement usually reflects rota, hand-over and escalation design rather than any one responder.',
          [detected.eventId, esc?.id, acknowledged.eventId],
          /\b(?:ack\w*|on-?call|escalat\w*|respond\w*|reach\w*)\b/i.test(ctx.nodeText) ? 9 : 5,
        ),
      ];
    },
  },
  {
    id: 'cited-evidence',
    run(ctx) {
      const e = ctx.cited[0];
      if (!e) return [];
      const cat = [...ctx.nodeCats][0] ?? 'monitoring';
      return [
        mk(
          ctx,
          'cited-evidence',
          cat,
          'how',
          `At ${ctx.t(Date.parse(e.occurredAt))} the record shows "${ctx.quote(e, 60)}": what did the responders know at that moment, and what were their tools showing them?`,
          'Reconstructing what was known at the time (local rationality) explains decisions without hindsight.',
          [e.id],
          5,
        ),
      ];
    },
  },
  {
    id: 'deepen',
    run(ctx) {
      const answer = oneLine(ctx.node.answer);
      if (!answer || ctx.node.mark === 'systemic' || blames(ctx.nodeText, ctx.people)) return [];
      const cat = [...ctx.nodeCats][0] ?? firstUnexplored(ctx) ?? 'process';
      const q = `"${clip(scrubPeople(answer, ctx.people), 70)}": what condition made that possible, and what kept it from being caught earlier?`;
      return [mk(ctx, 'deepen', cat, 'why', q, `This chain is ${ctx.depth} level${ctx.depth === 1 ? '' : 's'} deep; causes usually sit a few levels below the first answer.`, ctx.node.evidence, ctx.depth < 4 ? 8 : 5)];
    },
  },
  {
    id: 'what-changed',
    run(ctx) {
      if (ctx.node.parentId !== null && ctx.node.answer.trim()) return [];
      const start = ctx.facts.impactStart;
      const q = start
        ? `What changed in the system or its load in the hours before impact began at ${ctx.t(start.at)}?`
        : 'What changed in the system or its load shortly before the impact began?';
      return [mk(ctx, 'what-changed', ctx.facts.deploysBefore.length ? 'deployment' : 'configuration', 'why', q, 'Most incidents start at a change: a deploy, a configuration, a traffic shift or a dependency.', [start?.eventId, ...ctx.facts.deploysBefore.map((d) => d.id)], 7)];
    },
  },
  {
    id: 'other-cause',
    run(ctx) {
      const answer = oneLine(ctx.node.answer);
      if (ctx.node.parentId === null || !answer || blames(ctx.nodeText, ctx.people)) return [];
      const cat = [...ctx.nodeCats][0] ?? 'process';
      return [
        mk(
          ctx,
          'other-cause',
          cat,
          'why',
          `Besides "${clip(scrubPeople(answer, ctx.people), 50)}", what else had to be true for this to happen?`,
          'Incidents rarely have one cause: a sibling answer at this level often holds a second contributing condition.',
          [],
          4,
        ),
      ];
    },
  },
  {
    id: 'systemic-guard',
    run(ctx) {
      if (ctx.node.mark !== 'systemic') return [];
      const cat = [...ctx.nodeCats][0] ?? 'process';
      return [
        mk(
          ctx,
          'systemic-guard',
          cat,
          'how',
          'How would this condition become visible, or be stopped, before the next change reaches production?',
          'A systemic condition is where an action item helps most; asking how it would be caught shapes that action.',
          ctx.node.evidence,
          7,
        ),
      ];
    },
  },
  {
    id: 'systemic-turn',
    run(ctx) {
      if (ctx.depth < 3 || ctx.systemicOnPath) return [];
      return [
        mk(
          ctx,
          'systemic-turn',
          'organisation',
          'why',
          'What about how this work is planned, owned or reviewed let that condition exist for as long as it did?',
          `The chain is ${ctx.depth} levels deep with nothing marked systemic yet; the organisational layer is usually one step further.`,
          [],
          8,
        ),
      ];
    },
  },
];

function mentionsPerson(text: string, people: RegExp): boolean {
  people.lastIndex = 0;
  if (people.test(text)) return true;
  const m = WHY_DID_PERSON.exec(text);
  return !!m && !NON_PEOPLE_SUBJECTS.has(m[1]!.toLowerCase()) && HUMAN_VERBS.test(m[2]!);
}

function blames(text: string, people: RegExp): boolean {
  return mentionsPerson(text, people) || BLAME.test(text);
}

function firstUnexplored(ctx: Ctx): Category | undefined {
  return CATEGORIES.find((c) => !ctx.explored.has(c));
}

/** Category questions for parts of the system the tree has not looked at yet. */
function categoryQuestion(ctx: Ctx, c: Category): Candidate {
  const start = ctx.facts.impactStart;
  const at = start ? ` at ${ctx.t(start.at)}` : '';
  const svc = ctx.facts.service ?? 'the affected service';
  const rule = `unexplored-${c}`;
  const why = `No part of the tree looks at ${c} yet.`;
  switch (c) {
    case 'testing':
      return mk(ctx, rule, c, 'how', 'How would a test or a staging run have shown this, and what differs between staging and production for it?', why, [], 3);
    case 'monitoring':
      return mk(ctx, rule, c, 'how', `Which signal moved first when impact began${at}, and was it on a dashboard anyone was watching?`, why, [start?.eventId], 3);
    case 'alerting': {
      const det = ctx.facts.detected;
      return mk(ctx, rule, c, 'how', 'What does the alert that fired actually measure, and how close is that to what customers felt?', why, [det?.eventId], 3);
    }
    case 'deployment':
      return mk(ctx, rule, c, 'how', `What changed in production in the hours before impact began${at}, and how was each change rolled out?`, why, [start?.eventId], 3);
    case 'configuration':
      return mk(ctx, rule, c, 'why', 'Which configuration values shaped this (limits, timeouts, pool sizes, priorities), and when were they last reviewed?', why, [], 3);
    case 'capacity':
      return mk(ctx, rule, c, 'how', `How much headroom did ${svc} have at the peak, and how was that limit chosen?`, why, [], 3);
    case 'dependency':
      return mk(ctx, rule, c, 'how', 'Which upstream or downstream dependency behaved differently from what the design assumed, and how would we have known?', why, [], 3);
    case 'documentation':
      return mk(ctx, rule, c, 'how', 'What did the runbook say about this failure mode, and how did responders find it during the incident?', why, [], 3);
    case 'communication': {
      const s = ctx.facts.statusUpdates[0];
      if (s && start) {
        const t = Date.parse(s.occurredAt);
        return mk(ctx, rule, c, 'how', `The first status update went out at ${ctx.t(t)}, ${formatDuration(t - start.at)} after impact began: how was the decision to post it made?`, why, [s.id, start.eventId], 3);
      }
      return mk(ctx, rule, c, 'how', 'How did customers and the support team learn about the impact, and when?', why, [], 3);
    }
    case 'process':
      return mk(ctx, rule, c, 'how', 'What in the change process (review, approval, rollout checklist) looked at this risk, and what did it see?', why, [], 3);
    case 'organisation':
      return mk(ctx, rule, c, 'how', `How is ownership of ${svc} and its dependencies split between teams, and how did that shape the response?`, why, [], 3);
  }
}

const FACTS = new WeakMap<Session['timeline'], { incident: Session['incident']; facts: SessionFacts }>();
const PEOPLE = new WeakMap<Session['timeline']['events'], { meeting: Session['meeting']['attendees']; authors: string[]; re: RegExp }>();

function cachedFacts(session: Session): SessionFacts {
  const hit = FACTS.get(session.timeline);
  if (hit && hit.incident === session.incident) return hit.facts;
  const facts = sessionFacts(session);
  FACTS.set(session.timeline, { incident: session.incident, facts });
  return facts;
}

function cachedPeople(session: Session): RegExp {
  const hit = PEOPLE.get(session.timeline.events);
  if (hit && hit.meeting === session.meeting.attendees && hit.authors === session.incident.authors) return hit.re;
  const re = personPattern(peopleOf(session));
  PEOPLE.set(session.timeline.events, { meeting: session.meeting.attendees, authors: session.incident.authors, re });
  return re;
}

const TREE_INDEX = new WeakMap<Record<string, WhyNode>, { text: string; cited: Set<string> }>();
function treeIndex(session: Session): { text: string; cited: Set<string> } {
  const nodes = session.whys.nodes;
  let hit = TREE_INDEX.get(nodes);
  if (!hit) {
    const all = Object.values(nodes).filter((n) => n.parentId !== null);
    hit = { text: all.map((n) => `${n.question} ${n.answer}`).join('\n').toLowerCase(), cited: new Set(all.flatMap((n) => n.evidence)) };
    TREE_INDEX.set(nodes, hit);
  }
  return hit;
}

const SIGNATURE = /\b(?=[A-Za-z_]*\d)(?=\d*[A-Za-z])[A-Za-z0-9_]{4,}\b|\b\d{3,}\b|\b[A-Z][a-z]+(?:[A-Z][a-z0-9]*){2,}\b/g;
/** Distinctive words of an event: ids and numbers ("4821", "Checkout5xx"), CamelCase names. */
function signature(e: TimelineEvent): string[] {
  return [...new Set((e.text.match(SIGNATURE) ?? []).map((w) => w.toLowerCase()))].slice(0, 4);
}

const RULE_ORDER = new Map<string, number>(RULES.map((r, i) => [r.id, i]));

/**
 * Two to four next questions for the selected node. Deterministic: the same session and node always
 * give the same proposals in the same order. Returns [] for an unknown node.
 */
export function proposeNextQuestions(session: Session, nodeId: string, max = 4): QuestionProposal[] {
  const nodes = session.whys.nodes;
  const node = nodes[nodeId];
  if (!node) return [];
  const facts = cachedFacts(session);
  const people = cachedPeople(session);
  const nodeText = `${node.question} ${node.answer}`;
  const byId = new Map(session.timeline.events.map((e) => [e.id, e]));
  const path = pathTo(nodes, nodeId);
  const nodeCats = new Set<Category>([...node.tags, ...inferCategories(node.parentId === null ? node.answer : nodeText)]);
  const ctx: Ctx = {
    session,
    node,
    depth: path.length - 1,
    facts,
    people,
    nodeText,
    nodeCats,
    explored: exploredCategories(session),
    cited: node.evidence.map((id) => byId.get(id)).filter((e): e is TimelineEvent => !!e),
    eventIds: new Set(byId.keys()),
    systemicOnPath: path.some((n) => n.mark === 'systemic'),
    covered: (evidence) => {
      const tree = treeIndex(session);
      const own = new Set(node.evidence);
      const text = nodeText.toLowerCase();
      const start = facts.impactStart?.eventId;
      return evidence.some((id) => {
        if (id === start || own.has(id)) return false;
        if (tree.cited.has(id)) return true;
        const e = byId.get(id);
        return !!e && signature(e).some((w) => tree.text.includes(w) && !text.includes(w));
      });
    },
    t: (ms) => formatClock(ms, facts),
    quote: (e, max = 60) => clip(scrubPeople(oneLine(e.text), people).replace(/"/g, "'"), max),
  };

  const existing = new Set<string>();
  for (const n of Object.values(nodes)) existing.add(norm(n.question));

  const candidates: Candidate[] = [];
  for (const r of RULES) candidates.push(...r.run(ctx));
  for (const c of CATEGORIES) if (!ctx.explored.has(c)) candidates.push(categoryQuestion(ctx, c));

  const fresh = candidates.filter((c) => !existing.has(norm(c.question)));
  fresh.sort(
    (a, b) =>
      b.score - a.score ||
      (RULE_ORDER.get(a.rule) ?? 99) - (RULE_ORDER.get(b.rule) ?? 99) ||
      CATEGORIES.indexOf(a.category) - CATEGORIES.indexOf(b.category),
  );

  const limit = Math.max(2, Math.min(4, max));
  const picked: Candidate[] = [];
  const cats = new Set<Category>();
  for (const c of fresh) {
    if (picked.length >= limit) break;
    // one proposal per category, except the structural "what else" question
    const structural = c.rule === 'other-cause';
    if (c.covered || (cats.has(c.category) && !structural) || picked.some((p) => p.rule === c.rule)) continue;
    picked.push(c);
    if (!structural) cats.add(c.category);
  }
  // coverage: at least one proposal opens a category the tree has not explored, when one is left
  if (!picked.some((p) => !ctx.explored.has(p.category))) {
    const open = fresh.find((c) => !ctx.explored.has(c.category) && !cats.has(c.category));
    if (open) {
      if (picked.length >= limit) picked.pop();
      picked.push(open);
    }
  }
  // at least two: relax the one-per-category rule, then take facts other branches already discuss
  for (const pass of [false, true]) {
    for (const c of fresh) {
      if (picked.length >= 2) break;
      if (c.covered === pass && !picked.includes(c) && !picked.some((p) => p.rule === c.rule)) picked.push(c);
    }
  }
  return picked.map(({ score: _score, covered: _covered, ...p }) => p);
}

// ---------------------------------------------------------------------------------------------
// Tree warnings

/** Warnings the room sees: shallow chains, chains that end at a person, a tree with a single chain. */
export function treeWarnings(session: Session): TreeWarning[] {
  const nodes = session.whys.nodes;
  const rootId = session.whys.rootId;
  const all = Object.values(nodes);
  const out: TreeWarning[] = [];
  if (all.length <= 1) return out;
  const people = cachedPeople(session);

  for (const n of all) {
    if (n.id === rootId) continue;
    const text = `${n.question} ${n.answer}`;
    if (blames(text, people)) {
      out.push({
        kind: 'ends-at-person',
        nodeId: n.id,
        message: 'This node ends at a person. Ask about the conditions that made the action reasonable at the time.',
        reframe: reframeQuestion(n.question, people),
      });
    }
  }

  for (const n of all) {
    if (n.id === rootId || n.children.some((c) => nodes[c])) continue;
    const path = pathTo(nodes, n.id);
    const depth = path.length - 1;
    if (depth < 4 && !path.some((p) => p.mark === 'systemic')) {
      out.push({
        kind: 'shallow-chain',
        nodeId: n.id,
        message: `This chain stops after ${depth} level${depth === 1 ? '' : 's'} with nothing marked systemic: it probably ends at a proximate cause. Ask why at least ${4 - depth} more time${4 - depth === 1 ? '' : 's'}.`,
      });
    }
  }

  const branching = all.some((n) => n.children.filter((c) => nodes[c]).length > 1);
  if (!branching && all.length >= 3) {
    out.push({
      kind: 'single-chain',
      nodeId: null,
      message: 'The tree is a single chain. Incidents rarely have one cause: look for other answers at some level (detection, response, conditions).',
    });
  }
  return out;
}

/** "Why did Sam run the command?" -> "What made "run the command" look like the right step at the time, ...?" */
export function reframeQuestion(question: string, people: RegExp): string {
  const q = oneLine(question);
  const m = WHY_DID_PERSON.exec(q);
  if (m && !NON_PEOPLE_SUBJECTS.has(m[1]!.toLowerCase())) {
    const action = scrubPeople(m[2]!.replace(/[?.!]+$/, ''), people, 'a responder');
    return `What made "${action}" look like the right step at the time, and what in the tooling or procedure allowed it?`;
  }
  return 'What conditions made this action reasonable at the time, and what in the system would have caught it?';
}

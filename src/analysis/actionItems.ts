// Action-item specificity rules (issue 6): vague verbs, fixes aimed at people, no owner, no date, no
// verifiable end state, symptom-only fixes. Works on a structured ActionItem and on a free-text line.
// Each finding carries one sharpened rewrite built from the facts given (owner role, a due date from
// severity and horizon, a done-when). Pure: no I/O, no clock (today is passed in).
import type { ActionItem, FactorType, Horizon, Severity as IncidentSeverity } from '../domain/schema.js';
import type { Finding, Severity } from './blame.js';
import { IMPERATIVE_VERBS, classifySubject, isPersonKind, looksLikeName, words } from './lexicon.js';

export const ACTION_RULES = ['vague-action', 'people-fix-action', 'no-owner', 'no-date', 'not-verifiable', 'symptom-only', 'no-factor'] as const;
export type ActionRule = (typeof ACTION_RULES)[number];

/** Days from today to the due date, per severity and horizon. */
export type DueTable = Record<IncidentSeverity, Record<Horizon, number>>;

export const DEFAULT_DUE_TABLE: DueTable = {
  SEV1: { immediate: 7, short: 30, long: 90 },
  SEV2: { immediate: 14, short: 45, long: 90 },
  SEV3: { immediate: 14, short: 60, long: 120 },
  SEV4: { immediate: 30, short: 90, long: 180 },
};

/** A due date (YYYY-MM-DD) `table[severity][horizon]` days after `today` (YYYY-MM-DD or ISO instant). */
export function proposeDueDate(severity: IncidentSeverity, horizon: Horizon, today: string, table: Partial<DueTable> = DEFAULT_DUE_TABLE): string {
  const days = table[severity]?.[horizon] ?? DEFAULT_DUE_TABLE[severity][horizon];
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(today);
  if (!m) throw new Error(`proposeDueDate: "${today}" is not a date (YYYY-MM-DD)`);
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/** Facts a sharpened rewrite can be built from; all optional. */
export interface ActionFacts {
  ownerRole?: string | null;
  owner?: string | null;
  severity?: IncidentSeverity;
  horizon?: Horizon;
  /** YYYY-MM-DD, for a proposed due date */
  today?: string;
  dueTable?: Partial<DueTable>;
  /** a checkable end state to propose */
  doneWhen?: string;
}

/** Session context for the symptom-only rule. */
export interface ActionContext {
  factors: { id: string; type: FactorType; text: string }[];
  /** ids of the factors this item addresses */
  addresses?: string[];
  /** ids of factors other items already address */
  coveredElsewhere?: string[];
}

// ---------------------------------------------------------------------------------------------
// Patterns

const LIST_MARKER = /^\s*(?:[-*+•]\s+(?:\[[ xX]\]\s+)?|\d+[.)]\s+|\|\s*)/;
const VAGUE_VERB =
  /^(improve|investigate|look\s+(?:into|at)|revisit|consider|follow[- ]?up(?:\s+(?:on|with))?|explore|evaluate|assess|discuss|think\s+about|research|analy[sz]e|check\s+on|work\s+on|enhance|optimi[sz]e|address|tackle|handle|strengthen|streamline|clean\s+up|sort\s+out|figure\s+out|review|rethink|re-?evaluate|re-?assess|understand|study|try\s+to|harden|work\s+(?:with|on)|partner\s+with|coordinate\s+with|align\s+(?:with|on)|ensure\s+(?:proper|adequate|sufficient|appropriate|good|better|robust)|provide\s+(?:better\s+)?(?:visibility|support)|talk\s+(?:to|with)|sync\s+(?:up\s+)?with|chat\s+with|reach\s+out\s+to|touch\s+base|circle\s+back|keep\s+(?:an\s+eye|track)|monitor\s+(?:the\s+)?situation|be\s+mindful)\b/i;
const VAGUE_ANYWHERE =
  /\b(make\s+(?:\S+\s+){0,3}?(?:better|more\s+\w+|faster|safer|smarter|cleaner|simpler|easier|stronger|tighter|robust|resilient|reliable)|better|more\s+(?!than\b|of\b)[a-z]+|(?:ensure|make\s+sure)\s+(?:this|it|that\s+this)\s+(?:never|doesn['’]t|does\s+not|won['’]t|will\s+not)\s+happens?(?:\s+again)?|prevent\s+(?:this|it|recurrence|a\s+recurrence|similar\s+(?:incidents|issues|outages))(?:\s+from\s+happening(?:\s+again)?)?|(?:where|as)\s+(?:needed|appropriate|possible)|fix\s+(?:the|this|that)\s+(?:issue|problem|bug|outage|incident)|properly|robustly|generally|somehow)\b/i;
const PEOPLE_FIX =
  /\b(provide\s+(?:\w+\s+)?(?:guidance|guidelines|training|education)\s+(?:to|for)\s+(?:the\s+)?(?:engineers?|people|devs?|developers?|team|on-?call|staff|operators?)|re-?train(?:ing)?|train(?:ing)?\s+(?:the\s+)?(?:\w+\s+)?(?:team|engineers?|people|staff|developers?|devs|on-?call|humans|operators?|support|everyone|new\s+hires?)|train\b(?=\s+\S)|remind(?:ers?)?|educate|coach|tell\s+(?:people|engineers|everyone|the\s+team|devs|developers)|be\s+(?:more\s+|extra\s+)?(?:careful|vigilant|aware|diligent|mindful|cautious|attentive)|pay\s+(?:closer|more|better|extra)\s+attention|keep\s+an\s+eye\s+on|double[- ]?check|make\s+sure\s+(?:that\s+)?(?:engineers?|people|everyone|devs?|developers?|on-?call|we|you|the\s+team|staff|operators?|they|reviewers?|the\s+on-?call)|ensure\s+(?:that\s+)?(?:engineers?|people|everyone|devs?|developers?|on-?call|staff|operators?|the\s+team|reviewers?|we|you)\b|remember\s+to|don['’]t\s+forget|raise\s+awareness|awareness\s+(?:session|training)|training\s+(?:session|course|workshop)s?|lunch[- ]and[- ]learn|manually\s+(?:check|verify|review|watch))\b/i;
const SHOULD_PERSON = /^(.{1,60}?)\s+(?:should|must|need\s+to|needs\s+to|have\s+to|has\s+to|ought\s+to)\s+(check|review|watch|monitor|read|remember|verify|look|be|pay|follow|double[- ]?check|keep|make|ensure|think|stop|avoid|not)\b/i;
const SYMPTOM =
  /\b(restart(?:ing)?|reboot(?:ing)?|bounce|bump(?:ing)?|kill(?:ing)?|re-?run(?:ning)?|clear(?:ing)?|flush(?:ing)?|scale\s+up|increase|raise|roll\s+back|retry|delete|purge|re-?deploy)\b[^.]*\b(?:if|when(?:ever)?|each\s+time|every\s+time|as\s+soon\s+as)\b[^.]*\b(?:come\s+back|comes\s+back|recurs?|happens?|rises?|spikes?|appears?|again|fails?|errors?|alerts?|pages?|goes\s+up|grows?|(?:gets?|is|are|becomes?)\s+(?:too\s+)?(?:long|high|big|full|slow|large|backed\s+up))\b|\bwhenever\b/i;
const BARE_FIX = /^(fix|repair|restore|patch|resolve|sort)\s+(?:the\s+|this\s+)?([\w-]+(?:\s+[\w-]+){0,2})(?:\s+(?:asap|now|quickly|immediately|soon))?\s*[.!]?\s*$/i;

const OWNER_LABEL = /\b(?:owner|owners|owned\s+by|assignee|assigned\s+to|responsible|dri|lead)\s*[:=—–-]\s*([^.;\n]+)|\b(?:owned\s+by|assigned\s+to)\s+([^.;,\n]+)/i;
const OWNER_PREFIX = /^((?:@[\w.-]+|[\p{L}][\p{L}&/ -]{1,30}?\s(?:team|squad|on-?call|ops|engineering|sre|dbre)|[A-Z]{2,6}|(?:Platform|Security|Support|Infra(?:structure)?|Networking|Network|Database|Data|Backend|Frontend|Mobile|Release|Billing|Payments|Ops|DevOps|SRE|QA))|\((@[\w.-]+)(?:,[^)]*)?\))\s*:\s+\S/u;
const OWNER_BARE = /\bowner\s+((?:the\s+)?[\p{L}@][\p{L}\p{N}@ ._-]{1,40}?)(?=\s*[;,.)]|$)/iu;
const WILL_DO = /(?:^|[,;:]\s*)((?:the\s+)?[@\p{L}][\p{L}\p{N}._ -]{1,40}?)\s+(?:will|shall|(?:is|are)\s+going\s+to|(?:is|are)\s+to)\s+[a-z]/u;
const HANDLE = /(?:^|\s)@[\w.-]+/;
const X_TO = /^(.{1,40}?)\s+to\s+(?!(?:the|a|an|our|their|this|that|these|those|all|each|every|my|your|his|her|its|them|him|us|me)\b)([a-z][\w-]*)\b/i;
const PAREN = /\(([^)]{2,80})\)|\[([^\]]{2,80})\]|\s[—–-]\s+([^.]{2,60})$/g;
const ROLEISH = /\b(?:team|sre|sres|dbre|dba|on-?call|platform|ops|devops|engineering|support|security|release|infra(?:structure)?|backend|frontend|data|qa|owner|lead|manager|coordinator|oncall|squad|operations|services|integration)\b/i;

const MONTHS = 'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';
const DATE = new RegExp(
  String.raw`\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b|\b\d{1,2}(?:st|nd|rd|th)?\s+(?:${MONTHS})\b|\b(?:${MONTHS})\s+\d{1,2}(?:st|nd|rd|th)?\b|\b(?:end\s+of\s+|by\s+|before\s+|in\s+)(?:Q[1-4]|H[12]|(?:${MONTHS})\b)|\bQ[1-4]\s+\d{4}\b|\bby\s+(?:next\s+)?(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\b(?:due|by|before|until)\s+(?:the\s+)?(?:end\s+of\s+)?(?:Q[1-4]|(?:${MONTHS})\b|week\s+\d+|sprint\s+\d+|\d{1,2}(?:st|nd|rd|th)?\b(?!\s+(?:${MONTHS})))`,
  'i',
);
const VAGUE_DATE =
  /\b(asap|a\.s\.a\.p\.?|as\s+soon\s+as\s+possible|next\s+(?:sprint|week|month|quarter|cycle|release)|this\s+(?:sprint|week|month|quarter)|soon|later|eventually|someday|some\s+day|tbd|tba|when\s+(?:possible|we\s+can|there\s+is\s+time)|in\s+the\s+future|at\s+some\s+point|from\s+time\s+to\s+time)\b/i;
const DONE_WHEN =
  /\b(done\s+when|complete(?:d)?\s+when|finished\s+when|verified\s+(?:by|when|with)|verify\s+(?:by|that|with)|tested\s+(?:by|with)|test\s*:|acceptance(?:\s+criteria)?\s*:|success(?:\s+criteria)?\s*:|measured\s+by|evidence\s*:|proven\s+by|checked\s+by|(?:test|check|alert|rule|job|probe)\s+that\s+(?:asserts|fails|checks|blocks|pages|fires|verifies|rejects)|fails?\s+the\s+build|blocks?\s+(?:the\s+)?(?:merge|deploy|pr)|until\s+\w+\s+(?:is|are|shows?|reports?))\b/i;
const QUANTITY_UNIT =
  /\d\s*(?:%|ms\b|s\b|secs?\b|seconds?\b|mins?\b|minutes?\b|h\b|hrs?\b|hours?\b|days?\b|weeks?\b|rows?\b|[kKmM]\b|x\b|rps\b|qps\b|requests?\b|errors?\b|retries\b|times\b|connections?\b|replicas?\b|[gmt]b\b|messages?\b|pods?\b|nodes?\b|percent\b|images?\b|releases?\b|failures?\b|checks?\b|attempts?\b|runs?\b|samples?\b|regions?\b|consecutive\b|scrapes?\b|intervals?\b|builds?\b|deploys?\b|rows?\b)/i;
const QUANTITY_CMP = /\b(?:p\d{2,3}|(?:above|below|over|under|exceeds?|more\s+than|less\s+than|at\s+least|at\s+most|within)\s+\d)/i;
const CONDITION =
  /\b(?:alert|page|warn|notify|fail|block|reject|fire)s?\s+(?:\w+\s+){0,4}?(?:when|if|whenever|on|after|within)\b|\bno\s+(?:workload|pod|service|job|one|deploy)s?\s+\w+|\bfails?\s+(?:when|if|on)\b/i;

const LEAD_TAG = /^(?:\[(?:P[0-4]|SEV\d|[A-Z]{2,10}-\d+|todo|action|ai)\]\s*|\((?:P[0-4])\)\s*|P[0-4]\s*[:—–-]\s*|todo(?=\())/i;

function stripMarker(text: string): string {
  let t = text.replace(LIST_MARKER, '').replace(/\|\s*$/, '').trim();
  for (let i = 0; i < 3 && LEAD_TAG.test(t); i++) t = t.replace(LEAD_TAG, '').trim();
  return t;
}

/** Who an item names as its owner, or null. */
export function ownerOf(text: string): string | null {
  const t = stripMarker(text);
  const lab = OWNER_LABEL.exec(t);
  if (lab) {
    const v = (lab[1] ?? lab[2] ?? '').trim();
    if (v && !/^(?:tbd|tba|none|n\/a|unknown|\?+|someone|anyone)$/i.test(v)) return v;
  }
  const bare = OWNER_BARE.exec(t);
  if (bare && (ROLEISH.test(bare[1]!) || bare[1]!.startsWith('@') || bare[1]!.split(/\s+/).every((w) => looksLikeName(w, false)))) return bare[1]!.trim();
  const h = HANDLE.exec(t);
  if (h) return h[0].trim();
  const will = WILL_DO.exec(t);
  if (will) {
    const sub = classifySubject(will[1]!, false);
    if ((sub.kind === 'group' || sub.kind === 'name' || sub.kind === 'handle' || (sub.kind === 'person' && !/^(?:someone|somebody|anyone|nobody|everyone|we|you|they|i)$/i.test(will[1]!.trim()))) && words(will[1]!).length <= 4) return will[1]!.trim();
  }
  const xto = X_TO.exec(t);
  if (xto) {
    const who = xto[1]!.trim();
    const firstWord = (words(who)[0] ?? '').toLowerCase();
    const sub = classifySubject(who, true);
    const acronym = /^[A-Z]{2,6}$/.test(who);
    if ((IMPERATIVE_VERBS.has(firstWord) && !acronym) || /\b(?:should|must|will|would|could|can|need|needs)\b/i.test(who) || /^(?:everyone|everybody|someone|somebody|anyone|people|all|nobody)$/i.test(firstWord)) {
      // "Remind on-call to …": an imperative, not an owner
    } else if (acronym || ((sub.kind === 'name' || sub.kind === 'group' || sub.kind === 'handle' || (sub.kind === 'person' && !/^(?:someone|somebody|anyone|nobody|everyone|we|you|they|i)$/i.test(who))) && words(who).length <= 4)) return who;
  }
  const colon = OWNER_PREFIX.exec(t);
  if (colon) return (colon[1] ?? colon[2] ?? '').trim();
  for (const m of t.matchAll(PAREN)) {
    const inner = (m[1] ?? m[2] ?? m[3] ?? '').trim();
    if (ROLEISH.test(inner) || HANDLE.test(` ${inner}`)) return inner.split(/[,;]/)[0]!.trim();
    // "(Alice Chen, 2024-05-01)": a person's name first in a trailing parenthesis
    const firstPart = inner.split(/[,;]/)[0]!.trim();
    const ws = firstPart.split(/\s+/);
    if (ws.length <= 3 && ws.every((w) => looksLikeName(w, false))) return firstPart;
  }
  return null;
}

/** The due date the item names (a date, a quarter, …), or null; `vague` when it only says ASAP, soon, … */
export function dueOf(text: string): { due: string | null; vague: string | null } {
  const t = stripMarker(text);
  const d = DATE.exec(t);
  const v = VAGUE_DATE.exec(t);
  return { due: d ? d[0] : null, vague: d ? null : v ? v[0] : null };
}

/** Whether the text states a checkable end state (a done-when, a threshold, a test that fails). */
export function isVerifiable(text: string): boolean {
  const t = text.replace(/\b\d{4}-\d{2}-\d{2}\b/g, ' ').replace(/\b\d{1,2}:\d{2}\b/g, ' ');
  return DONE_WHEN.test(t) || (/\d/.test(t) && (QUANTITY_UNIT.test(t) || QUANTITY_CMP.test(t))) || CONDITION.test(t);
}

/** The first sentence of an item (its title). */
function titleOf(text: string): string {
  const t = stripMarker(text);
  const m = /^(.+?[.!?])(?:\s+(?=[A-Z(])|$)/.exec(t);
  return (m ? m[1]! : t).trim();
}

/** The verb phrase after an owner prefix ("SRE to build …" → "build …"). */
function actionPart(title: string, owner: string | null): string {
  if (owner) {
    const colon = OWNER_PREFIX.exec(title);
    if (colon && (colon[1] ?? colon[2] ?? '').trim() === owner) return title.slice(title.indexOf(':') + 1).trim();
    const xto = X_TO.exec(title);
    if (xto && xto[1]!.trim() === owner) return title.slice(xto[0].length - xto[2]!.length);
  }
  return title;
}

const TOPIC_REWRITES: [RegExp, string][] = [
  [/\b(?:monitor|alert|page|paging|observab|dashboard|signal|warning)/i, 'Alert when <signal> stays above <threshold> for <N> minutes'],
  [/\b(?:tests?|testing|ci|coverage|query\s+plans?|quer(?:y|ies))\b/i, 'Add a CI check that fails the build when <the condition behind this incident> occurs'],
  [/\b(?:doc|docs|document|runbook|process|procedure|playbook)/i, 'Write a runbook for <the procedure> and rehearse it in a drill'],
  [/\b(?:rollback|roll\s+back|recovery|restore|faster|slow|latency|performance)\b/i, 'Bring <the operation> under <N> minutes'],
  [/\b(?:cert|certificate|expir)/i, 'Alert when any certificate has fewer than <N> days of validity left'],
  [/\b(?:escalat|on-?call|handover|hand-over)/i, 'Page the next escalation level automatically after <N> minutes without an acknowledgement'],
  [/\b(?:thread|capacity|pool|connections?|scal)/i, 'Alert when <resource> utilisation stays above <N>% for <M> minutes, and set a tested limit'],
  [/\b(?:vendor|third[- ]party|patch|supplier)/i, 'Agree a written notice period of <N> days for <vendor> changes'],
];

/** A sharpened version of an item's action: a concrete change to the system, not to people. */
function sharpenAction(action: string, peopleFix: boolean, vague: boolean): string {
  const body = action.replace(/[.!\s]+$/, '');
  if (!peopleFix && !vague) return body;
  for (const [re, rewrite] of TOPIC_REWRITES) if (re.test(body)) return rewrite;
  return peopleFix ? `Add an automated check that does what "${body}" asks of people` : `<a concrete change to the system> so that <an observable condition> holds (instead of "${body}")`;
}

function sharpened(text: string, parts: { action: string; owner: string | null; due: string | null; verifiable: boolean; peopleFix: boolean; vague: boolean }, facts: ActionFacts): string {
  const action = sharpenAction(parts.action, parts.peopleFix, parts.vague);
  const owner = parts.owner ?? facts.owner ?? facts.ownerRole ?? '<owner role>';
  const due =
    parts.due ??
    (facts.severity && facts.horizon && facts.today ? proposeDueDate(facts.severity, facts.horizon, facts.today, facts.dueTable) : '<YYYY-MM-DD>');
  const doneWhen = facts.doneWhen?.trim() || '<an observable check, e.g. a staging test that triggers it and sees the expected result>';
  const existingDone = parts.verifiable ? '' : ` Done when ${doneWhen.replace(/\.$/, '')}.`;
  void text;
  return `${action}. Owner: ${owner}. Due ${due}.${existingDone}`;
}

function f(rule: ActionRule, severity: Severity, span: string, message: string, suggestion: string | null, trigger?: string): Finding {
  return { rule, kind: 'action', severity, span, message, suggestion, ...(trigger ? { trigger } : {}) };
}

/** Specificity findings for one free-text action item ("Improve monitoring.", "Owner: SRE. Due …"). */
export function checkActionText(text: string, facts: ActionFacts = {}, ctx?: ActionContext): Finding[] {
  const t = stripMarker(text);
  if (!t) return [];
  const out: Finding[] = [];
  const owner = ownerOf(t);
  const { due, vague: vagueDate } = dueOf(t);
  const title = titleOf(t);
  const action = actionPart(title, owner);
  const verifiable = isVerifiable(t);
  const vm = VAGUE_VERB.exec(action) ?? VAGUE_ANYWHERE.exec(action);
  const pm = PEOPLE_FIX.exec(t);
  let peopleSpan = pm ? pm[0] : null;
  if (!peopleSpan) {
    const sp = /\b(?:should|must|need|needs|have to|has to|ought)\b/i.test(title) ? SHOULD_PERSON.exec(title) : null;
    if (sp && isPersonKind(classifySubject(sp[1]!, true).kind)) peopleSpan = sp[0].slice(sp[1]!.length).trim();
  }
  if (!peopleSpan && owner) {
    // "Bob to double-check …" style: a named person asked to be more careful
    const sp = /^(?:double[- ]?check|check|watch|review|remember)\b/i.exec(action);
    if (sp && !verifiable && isPersonKind(classifySubject(owner, true).kind)) peopleSpan = sp[0];
  }
  let vagueVerb = vm && !(/^review$/i.test(vm[1] ?? '') && verifiable) ? vm[0] : null;
  // "Reduce toil", "Increase test coverage": a direction with no target number
  if (!vagueVerb && !/\d/.test(t)) {
    const dir = /^(reduce|increase|decrease|minimi[sz]e|maximi[sz]e|lower|raise|cut|grow|boost|limit)\b/i.exec(action);
    if (dir) vagueVerb = dir[0];
  }
  // "be more careful": the comparative belongs to the people-fix, not to a vague verb
  if (vagueVerb && peopleSpan && /^(?:more|better)\b/i.test(vagueVerb) && peopleSpan.toLowerCase().includes(vagueVerb.toLowerCase().split(/\s+/)[1] ?? '')) vagueVerb = null;
  const symptomHint = SYMPTOM.test(t) || BARE_FIX.test(title);
  const needed = Boolean(vagueVerb || peopleSpan || symptomHint || ctx || !owner || !due || !verifiable);
  const rewrite = needed ? sharpened(t, { action, owner, due, verifiable, peopleFix: Boolean(peopleSpan), vague: Boolean(vagueVerb) || symptomHint }, facts) : '';

  if (vagueVerb)
    out.push(f('vague-action', 'error', t, `"${vagueVerb}" has no end point: nobody can tell when it is done. Name the concrete change and the condition that proves it.`, rewrite, vagueVerb));
  if (peopleSpan)
    out.push(f('people-fix-action', 'error', t, `"${peopleSpan}" tries to change people, which does not hold under pressure; change the system so the right thing happens without vigilance.`, rewrite, peopleSpan));
  const sm = SYMPTOM.exec(t) ?? BARE_FIX.exec(title);
  const symptom: string | null = sm ? sm[0] : null;
  if (symptom)
    out.push(f('symptom-only', 'warning', t, `"${symptom}" works around the symptom or the trigger; add an item for the condition that let it cause harm.`, rewrite, symptom));
  else if (ctx) {
    const s = symptomOnly(ctx);
    if (s) out.push(f('symptom-only', 'warning', t, s, rewrite));
  }
  if (!owner) out.push(f('no-owner', 'warning', t, 'No owner: name a role or team (SRE, platform team, …) so the item has someone to drive it.', rewrite));
  if (!due)
    out.push(
      f('no-date', 'warning', t, vagueDate ? `"${vagueDate}" is not a date; give a due date so the item can be tracked.` : 'No due date; give one (immediate items this week, short-term this month, long-term this quarter).', rewrite, vagueDate ?? undefined),
    );
  if (!verifiable)
    out.push(f('not-verifiable', 'warning', t, 'No checkable end state: add "done when …" with a threshold, a test or an observable condition.', rewrite));
  return out;
}

function symptomOnly(ctx: ActionContext): string | null {
  const addresses = ctx.addresses ?? [];
  if (addresses.length === 0) return null;
  const types = new Map(ctx.factors.map((x) => [x.id, x.type]));
  const onlyTrigger = addresses.every((id) => types.get(id) === 'trigger' || types.get(id) === 'mitigator');
  if (!onlyTrigger) return null;
  const covered = new Set([...(ctx.coveredElsewhere ?? []), ...addresses]);
  const open = ctx.factors.filter((x) => (x.type === 'systemic' || x.type === 'contributing') && !covered.has(x.id));
  if (open.length === 0) return null;
  const first = open[0]!;
  return `Addresses only the trigger while ${open.length === 1 ? 'a' : `${open.length}`} ${first.type} factor${open.length === 1 ? ' is' : 's are'} left uncovered ("${first.text.slice(0, 60)}"); add an item for the condition beneath.`;
}

/** A sharpened title for a vague, people-aimed or symptom-only item (no owner, date or done-when), or null. */
export function sharpenTitle(text: string): string | null {
  const t = stripMarker(text);
  const title = titleOf(t);
  const action = actionPart(title, ownerOf(t));
  const vague = VAGUE_VERB.test(action) || VAGUE_ANYWHERE.test(action) || SYMPTOM.test(t) || BARE_FIX.test(title);
  const people = PEOPLE_FIX.test(t);
  if (!vague && !people) return null;
  const out = sharpenAction(action, people, vague);
  return out === action.replace(/[.!\s]+$/, '') ? null : out;
}

/** A finding about one field of a structured action item. */
export type ItemFinding = Finding & { field: 'title' | 'doneWhen' | 'owner' | 'due' | 'factors' };

/** Specificity findings for a structured action item of the session. */
export function checkActionItem(item: ActionItem, facts: ActionFacts = {}, ctx?: Omit<ActionContext, 'addresses'>): ItemFinding[] {
  const out: ItemFinding[] = [];
  const title = item.title.trim();
  const done = item.doneWhen.trim();
  const ownerRole = item.ownerRole.trim() || item.owner?.trim() || '';
  const verifiable = Boolean(done) && (isVerifiable(done) || (!VAGUE_ANYWHERE.test(done) && !VAGUE_VERB.test(done) && words(done).length >= 4));
  const horizon = item.horizon;
  const due = item.due ?? (facts.severity && facts.today ? proposeDueDate(facts.severity, horizon, facts.today, facts.dueTable) : null);
  const titleFindings = title ? checkActionText(title, { ...facts, horizon }) : [];
  const sharp = `${sharpenAction(title, titleFindings.some((x) => x.rule === 'people-fix-action'), titleFindings.some((x) => x.rule === 'vague-action'))}`;
  for (const x of titleFindings) {
    if (x.rule === 'vague-action' || x.rule === 'people-fix-action' || x.rule === 'symptom-only') out.push({ ...x, suggestion: sharp === title.replace(/[.!\s]+$/, '') ? x.suggestion : sharp, field: 'title' });
  }
  if (ctx) {
    const s = symptomOnly({ ...ctx, addresses: item.factors });
    if (s && !out.some((x) => x.rule === 'symptom-only')) out.push({ ...f('symptom-only', 'warning', title, s, null), field: 'factors' });
  }
  if (!ownerRole) out.push({ ...f('no-owner', 'warning', title, 'No owner role: name the team or role that drives this item.', facts.ownerRole ?? null), field: 'owner' });
  if (!item.due)
    out.push({
      ...f('no-date', 'warning', title, `No due date${facts.severity ? `; for a ${facts.severity} ${horizon} item the default is ${due}` : ''}.`, due),
      field: 'due',
    });
  if (!done)
    out.push({ ...f('not-verifiable', 'warning', title, 'No done-when: how will anyone check this is finished?', facts.doneWhen ?? 'Done when <an observable check, e.g. a staging test that triggers it and sees the expected result>'), field: 'doneWhen' });
  else if (!verifiable)
    out.push({ ...f('not-verifiable', 'warning', done, `"${done.slice(0, 60)}" is not checkable: add a threshold, a test or an observable condition.`, facts.doneWhen ?? null), field: 'doneWhen' });
  if (item.factors.length === 0) out.push({ ...f('no-factor', 'info', title, 'Not tied to a contributing factor: which cause does it address?', null), field: 'factors' });
  return out;
}

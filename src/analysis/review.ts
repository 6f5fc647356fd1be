// The review rubric: any Markdown post-mortem (reviewMarkdown) or the current session (reviewSession),
// scored 0..10 over timeline, root-cause depth, contributing factors, blameless language, action items,
// impact, detection and lessons, with per-criterion notes, the findings, and the most important
// improvements. Pure: no I/O, no clock.
import type { Session } from '../domain/schema.js';
import { checkActionItem, checkActionText, dueOf, isVerifiable, ownerOf } from './actionItems.js';
import { lintBlame, type Finding } from './blame.js';
import { isActionLine, lintForConsole } from './lint.js';
import { parseMarkdown, plain, rowAsItem, type MdLine, type MdSection, type SectionKind } from './markdown.js';

export const CRITERIA = ['timeline', 'root-cause-depth', 'contributing-factors', 'blameless', 'action-items', 'impact', 'detection', 'lessons'] as const;
export type Criterion = (typeof CRITERIA)[number];

/** Points per criterion; they sum to 10. */
export const CRITERION_MAX: Record<Criterion, number> = {
  timeline: 1.5,
  'root-cause-depth': 1.5,
  'contributing-factors': 1,
  blameless: 1.5,
  'action-items': 2,
  impact: 1,
  detection: 0.75,
  lessons: 0.75,
};

export interface RubricEntry {
  criterion: Criterion;
  score: number;
  max: number;
  notes: string;
}

export interface ReviewResult {
  /** 0..10, one decimal */
  score: number;
  rubric: RubricEntry[];
  findings: Finding[];
  /** the three most important changes, most important first */
  improvements: string[];
  /** everything that keeps the score from being good, most important first */
  blockers: string[];
  /** one line for a status bar: "6.5 / 10 · weakest: action-items 1.2/2, impact 0.4/1" */
  summary: string;
}

interface Check {
  ok: boolean | number; // a number is a fraction 0..1
  points: number;
  good: string;
  bad: string;
  fix: string;
}

function round(n: number, step = 0.05): number {
  return Math.round(n / step) * step;
}

function evaluate(criterion: Criterion, checks: Check[], cap?: { max: number; why: string; fix: string }): { entry: RubricEntry; lost: { lost: number; fix: string }[] } {
  const max = CRITERION_MAX[criterion];
  let score = 0;
  const notes: string[] = [];
  const lost: { lost: number; fix: string }[] = [];
  for (const c of checks) {
    const frac = typeof c.ok === 'number' ? Math.max(0, Math.min(1, c.ok)) : c.ok ? 1 : 0;
    score += c.points * frac;
    notes.push(frac >= 1 ? c.good : c.bad);
    if (frac < 1) lost.push({ lost: c.points * (1 - frac), fix: c.fix });
  }
  if (cap) {
    notes.push(cap.why);
    if (score > cap.max) {
      lost.push({ lost: score - cap.max, fix: cap.fix });
      score = cap.max;
    }
  }
  score = Math.min(max, Math.max(0, round(score)));
  return { entry: { criterion, score: Number(score.toFixed(2)), max, notes: notes.join('; ') }, lost };
}

function blamelessCriterion(findings: Finding[]): { entry: RubricEntry; lost: { lost: number; fix: string }[] } {
  const blame = findings.filter((f) => f.kind === 'blame');
  const errors = blame.filter((f) => f.severity === 'error');
  const warnings = blame.filter((f) => f.severity !== 'error');
  const max = CRITERION_MAX.blameless;
  const penalty = Math.min(max, errors.length * 0.5 + warnings.length * 0.15);
  const score = Number(round(max - penalty).toFixed(2));
  const rules = [...new Set(errors.map((f) => f.rule))];
  const notes =
    blame.length === 0
      ? 'no blameful framing found'
      : `${errors.length} blameful phrase${errors.length === 1 ? '' : 's'}${rules.length ? ` (${rules.join(', ')})` : ''}${warnings.length ? ` and ${warnings.length} milder warning${warnings.length === 1 ? '' : 's'} (an exclamation, capitals)` : ''}`;
  const first = errors[0] ?? warnings[0];
  const fix = first
    ? `Rewrite the blameful framing in systems language${first.line ? ` (line ${first.line}: "${first.span.slice(0, 50)}")` : ` ("${first.span.slice(0, 50)}")`}: describe conditions and what people could see, not who failed.`
    : '';
  return { entry: { criterion: 'blameless', score, max, notes }, lost: penalty > 0 ? [{ lost: penalty, fix }] : [] };
}

function finish(parts: { entry: RubricEntry; lost: { lost: number; fix: string }[] }[], findings: Finding[]): ReviewResult {
  const rubric = parts.map((p) => p.entry);
  const total = rubric.reduce((a, r) => a + r.score, 0);
  const all = parts.flatMap((p) => p.lost).filter((l) => l.lost > 0.001 && l.fix);
  all.sort((a, b) => b.lost - a.lost);
  const seen = new Set<string>();
  const blockers: string[] = [];
  for (const l of all) {
    if (seen.has(l.fix)) continue;
    seen.add(l.fix);
    blockers.push(l.fix);
  }
  // a perfect score is never shown next to something still to fix (9.96 would round to 10.0)
  const rounded = Number(Math.min(10, Math.max(0, total)).toFixed(1));
  const score = blockers.length && rounded >= 10 ? 9.9 : rounded;
  const weakest = [...rubric]
    .filter((r) => r.score < r.max)
    .sort((a, b) => b.max - b.score - (a.max - a.score))
    .slice(0, 2)
    .map((r) => `${r.criterion} ${r.score}/${r.max}`);
  const summary = `${score.toFixed(1)} / 10${weakest.length ? ` · weakest: ${weakest.join(', ')}` : ''}`;
  return { score, rubric, findings, improvements: blockers.slice(0, 3), blockers, summary };
}

// ---------------------------------------------------------------------------------------------
// Markdown drafts

const TIME = /\b(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?\b/;
const SOURCE =
  /\]\(|\bsource\s*:|\bvia\s|\bper\s+(?:the\s+)?\w+\s+(?:log|graph|dashboard)|\b(?:slack|pagerduty|opsgenie|grafana|datadog|alertmanager|prometheus|github|gitlab|argo\s*cd|argocd|kubectl|k8s|cloudwatch|statuspage|jira|zoom|sentry|splunk|kibana|log|logs|graph|dashboard|deploy\s+log|audit\s+log|ticket)\b|(?:^|\s)#[a-z][\w-]+|\[[a-z][\w -]{1,20}\]/i;
const ONSET = /\b(?:began|begins|started|starts|start\s+of|impact\s+start|onset|first\s+(?:errors?|failures?|5xx|timeouts?)|errors?\s+(?:rose|rise|climb|spike)|deploy(?:ed)?|rolled\s+out|shipped|expired)\b/i;
const DETECTED = /\b(?:detect\w*|alert(?:s|ed)?\s+fir\w*|fir(?:es|ed)|pag(?:es|ed)|page\s+(?:went|sent)|notic\w*|report(?:s|ed)|acknowledg\w*|acked|first\s+alert|spot(?:s|ted)|escalat\w*|calls?\s+(?:the\s+)?(?:service\s+desk|support|on-?call)|ticket)\b/i;
const SYSTEMIC =
  /\b(?:no\s+(?:check|test|alert|owner|ownership|process|validation|guard(?:rail)?|review|runbook|limit|signal|monitoring|procedure|documentation)|lacked|lack\s+of|missing|did\s+not\s+(?:cover|measure|check|detect|alert|page|include)|policy|ownership|design|gap|assum\w*|incentive|pressure|staffing|nothing\s+in|not\s+(?:tested|covered|monitored|documented)|only\s+(?:control|check)|systemic|underlying|latent|organi[sz]ational|process)\b/i;
const FACTOR_TYPES_RE = /\b(?:systemic|contributing|latent|underlying|condition|trigger|mitigat)\w*/i;
const NUMBER_WITH_UNIT =
  /(?:[$€£]\s?\d[\d,.]*|\d[\d,.]*\s*(?:%|percent|ms|s\b|sec|seconds?|min|minutes?|h\b|hours?|days?|users?|customers?|merchants?|requests?|orders?|transactions?|payments?|calls?|errors?|messages?|accounts?|patients?|results?|[km]\b|rps|qps))/gi;
const SLO = /\b(?:slo|sla|error\s+budget|budget\s+burn|burn\s+rate|availability\s+target|objective)\b/i;
const WHO_AFFECTED = /\b(?:users?|customers?|merchants?|requests?|orders?|transactions?|payments?|revenue|clinicians?|patients?|accounts?|tenants?)\b/i;
const HOW_FOUND = /\b(?:detected|noticed|alert(?:ed)?|paged|reported\s+by|found\s+by|first\s+(?:alert|report|page)|customer\s+reports?|support\s+tickets?|spotted|monitoring|synthetic)\b/i;
const HOW_LONG = /\b(?:time\s+to\s+(?:detect|detection|acknowledge)|ttd|mttd|tta|detected\s+(?:after|within|in)|\d+\s*(?:min|minutes?|hours?|h|s|seconds?)\s+(?:after|before|later|to\s+(?:detect|notice|page))|(?:after|within)\s+\d+\s*(?:min|minutes?|hours?|h|s|seconds?))\b/i;
const HORIZON = /\b(?:immediate|short[- ]term|long[- ]term|this\s+week|this\s+month|this\s+quarter|P[0-4]\b|priority|prevent(?:ion|ive)?|mitigat\w*|detect(?:ion)?\s+items?|horizon)\b/i;
const TIED = /\b(?:address(?:es)?|factor|cause[sd]?|because|for\s+(?:the\s+)?(?:trigger|condition)|fixes\s+#?|F\d+|C\d+|why\s+\d)\b/i;
const WHY_STEP = /^\s*(?:[-*+]\s+|\d+[.)]\s+)?(?:\*\*)?\s*(?:why\b|because\b|\d+[.)]?\s*why)/i;

const PLACEHOLDER = /^(?:tbd|tba|todo|to do|n\/?a|none|nothing|-+|…|\.{2,}|\?+|fill (?:me )?in|coming soon|pending|\[.*\])\.?$/i;

/** Sections of these kinds that say something (not only "TBD"). */
function sectionsOf(secs: MdSection[], ...kinds: SectionKind[]): MdSection[] {
  return secs.filter((s) => kinds.includes(s.kind) && s.lines.some((l) => !l.heading && !l.code && isContent(l)));
}
function isContent(l: MdLine): boolean {
  const t = l.row ? (l.cells ?? []).join(' ').trim() : plain(l.text);
  return t.length > 0 && !PLACEHOLDER.test(t) && !/^\|?[\s:|-]*$/.test(t);
}
function bodyLines(secs: MdSection[]): MdLine[] {
  return secs.flatMap((s) => s.lines.filter((l) => !l.heading && !l.code && l.text.trim() && isContent(l)));
}
function textOf(lines: MdLine[]): string {
  return lines.map((l) => (l.row ? (l.cells ?? []).join(' ') : plain(l.text))).join('\n');
}
function contentWords(s: string): Set<string> {
  return new Set((s.toLowerCase().match(/[a-z][a-z0-9]{4,}/g) ?? []).filter((w) => !/^(?:which|there|their|about|after|before|because|would|could|should|these|those|other|where|while|every|until)$/.test(w)));
}

/** Review any Markdown post-mortem against the rubric. */
export function reviewMarkdown(md: string): ReviewResult {
  const secs = parseMarkdown(md);
  const all = bodyLines(secs);
  const findings: Finding[] = [];
  for (const s of secs) {
    for (const l of s.lines) {
      if (l.code || !l.text.trim()) continue;
      for (const body of l.row ? (l.cells ?? []) : [l.text]) for (const f of lintBlame(body)) findings.push({ ...f, line: l.n });
      if (isActionLine(l, s)) for (const f of checkActionText(l.row ? rowAsItem(l) : plain(l.text))) findings.push({ ...f, line: l.n });
    }
  }
  findings.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));

  // timeline
  const tlSecs = sectionsOf(secs, 'timeline');
  const tlLines = tlSecs.length ? bodyLines(tlSecs) : all.filter((l) => TIME.test(l.text) && (l.item || l.row));
  const timed = tlLines.filter((l) => TIME.test(l.text));
  const sourced = timed.filter((l) => SOURCE.test(l.text));
  const tlText = textOf(tlLines);
  const timeline = evaluate('timeline', [
    { ok: tlSecs.length > 0, points: 0.3, good: 'timeline section present', bad: 'no timeline section', fix: 'Add a timeline section: timestamped facts from before the onset to resolution.' },
    { ok: timed.length >= 5 ? 1 : timed.length / 5, points: 0.4, good: `${timed.length} timestamped entries`, bad: `only ${timed.length} timestamped entr${timed.length === 1 ? 'y' : 'ies'}`, fix: 'Give the timeline at least five timestamped entries (onset, detection, acknowledgement, mitigation, resolution).' },
    { ok: timed.length ? Math.min(1, sourced.length / timed.length / 0.6) : 0, points: 0.4, good: 'entries cite their sources', bad: `${sourced.length} of ${timed.length} entries cite a source`, fix: 'Cite a source for each timeline entry (alert, log, chat message, graph link).' },
    { ok: ONSET.test(tlText) && DETECTED.test(tlText), points: 0.4, good: 'occurrence and detection told apart', bad: 'the timeline does not separate when it began from when it was detected', fix: 'Mark in the timeline when the impact began and when it was detected, separately.' },
  ]);

  // root cause depth
  const rcSecs = sectionsOf(secs, 'root-cause', 'trigger', 'contributing');
  const rcLines = bodyLines(rcSecs);
  const rcText = textOf(rcLines);
  const whySteps = rcLines.filter((l) => WHY_STEP.test(plain(l.text)) || /\bbecause\b/i.test(l.text)).length;
  const itemsInRc = rcLines.filter((l) => l.item || l.row).length;
  const depth = Math.max(whySteps, sectionsOf(secs, 'root-cause').length ? Math.min(itemsInRc, 5) : 0);
  const rcFindings = findings.filter((f) => f.kind === 'blame' && f.severity === 'error' && rcLines.some((l) => l.n === f.line));
  const rootCause = evaluate(
    'root-cause-depth',
    [
      { ok: sectionsOf(secs, 'root-cause', 'trigger').length > 0, points: 0.3, good: 'root-cause analysis present', bad: 'no root-cause or "why" section', fix: 'Add a root-cause analysis (a why-tree or five whys) that goes beyond the proximate cause.' },
      { ok: depth >= 4 ? 1 : depth / 4, points: 0.4, good: `analysis goes ${depth} steps deep`, bad: `analysis is ${depth} step${depth === 1 ? '' : 's'} deep`, fix: 'Take the analysis deeper: keep asking how the condition came to exist until you reach process or organisational conditions.' },
      { ok: /\btrigger/i.test(rcText) || sectionsOf(secs, 'trigger').length > 0, points: 0.35, good: 'trigger told apart from conditions', bad: 'the trigger is not told apart from the conditions beneath it', fix: 'Name the trigger separately from the conditions that let it cause harm.' },
      { ok: SYSTEMIC.test(rcText), points: 0.45, good: 'reaches systemic conditions', bad: 'stops at the proximate cause', fix: 'Go past the proximate cause: which missing check, signal, ownership or process let it happen?' },
    ],
    rcFindings.length > 0 ? { max: 0.5, why: 'a person or "human error" is given as the cause', fix: 'Replace the person or "human error" as the cause with the conditions that made the action likely and harmful.' } : undefined,
  );

  // contributing factors
  const cfSecs = sectionsOf(secs, 'contributing');
  const cfItems = bodyLines(cfSecs).filter((l) => l.item || l.row);
  const rcItems = bodyLines(sectionsOf(secs, 'root-cause')).filter((l) => l.item || l.row);
  const nFactors = cfItems.length || (rcItems.length >= 2 ? Math.min(rcItems.length, 3) - 1 : 0);
  const typedSecs = cfSecs.length ? cfSecs : rcSecs;
  const typedText = `${typedSecs.map((x) => x.heading).join('\n')}\n${textOf(bodyLines(typedSecs))}`;
  const factorsTyped = FACTOR_TYPES_RE.test(typedText) && (SYSTEMIC.test(typedText) || /\bsystemic\b/i.test(typedText));
  const singleRoot = /\bthe\s+root\s+cause\s+(?:was|is)\b/i.test(textOf(all)) && nFactors < 2;
  const contributing = evaluate('contributing-factors', [
    { ok: nFactors >= 3 ? 1 : nFactors / 3, points: 0.6, good: `${nFactors} contributing factors`, bad: nFactors ? `only ${nFactors} contributing factor${nFactors === 1 ? '' : 's'}` : 'no contributing factors listed', fix: singleRoot ? 'Replace the single "root cause" with several contributing factors (incidents need more than one condition).' : 'List several contributing factors, not one root cause.' },
    { ok: factorsTyped, points: 0.4, good: 'factors typed, with a systemic one', bad: 'factors are not typed (trigger / contributing / systemic)', fix: 'Type the factors (trigger, contributing, systemic) and include at least one systemic condition.' },
  ]);

  // action items
  const acSecs = sectionsOf(secs, 'actions');
  const acLines = acSecs.flatMap((s) => s.lines.filter((l) => !l.heading && !l.code && (l.item || l.row) && isContent(l)));
  const items = acLines.map((l) => (l.row ? rowAsItem(l) : plain(l.text)));
  const actionFindings = items.map((t) => checkActionText(t));
  const n = items.length;
  const frac = (pred: (fs: Finding[], t: string) => boolean) => (n ? actionFindings.filter((fs, i) => pred(fs, items[i]!)).length / n : 0);
  const specific = frac((fs) => !fs.some((f) => f.rule === 'vague-action' || f.rule === 'people-fix-action'));
  const owned = frac((_fs, t) => ownerOf(t) !== null);
  const dated = frac((_fs, t) => dueOf(t).due !== null);
  const verifiable = frac((_fs, t) => isVerifiable(t));
  const factorWords = contentWords(textOf(bodyLines(rcSecs)));
  const tiedFrac = frac((_fs, t) => TIED.test(t) || [...contentWords(t)].filter((w) => factorWords.has(w)).length >= 2);
  const actions = evaluate('action-items', [
    { ok: n >= 3 ? 1 : n / 3, points: 0.3, good: `${n} action items`, bad: n ? `only ${n} action item${n === 1 ? '' : 's'}` : 'no action items', fix: 'Add action items for the contributing factors, not only the trigger.' },
    { ok: specific, points: 0.45, good: 'items are specific and aimed at the system', bad: `${Math.round((1 - specific) * n)} item(s) vague or aimed at people`, fix: 'Make the vague items specific: a concrete system change, not "improve", "investigate" or "be careful".' },
    { ok: owned, points: 0.3, good: 'every item has an owner', bad: `${Math.round((1 - owned) * n)} item(s) without an owner`, fix: 'Give every action item an owner (a role or team).' },
    { ok: dated, points: 0.3, good: 'every item has a due date', bad: `${Math.round((1 - dated) * n)} item(s) without a due date`, fix: 'Give every action item a due date.' },
    { ok: verifiable, points: 0.35, good: 'every item has a checkable end state', bad: `${Math.round((1 - verifiable) * n)} item(s) without a checkable end state`, fix: 'Add "done when …" to each action item: a threshold, a test or an observable condition.' },
    { ok: n > 0 && HORIZON.test(textOf(bodyLines(acSecs))), points: 0.15, good: 'typed by horizon or priority', bad: 'items not typed by horizon or priority', fix: 'Type action items by horizon (immediate / short term / long term) or priority.' },
    { ok: tiedFrac, points: 0.15, good: 'items tied to causes', bad: 'items not tied to the factors they address', fix: 'Say which contributing factor each action item addresses.' },
  ]);

  // impact
  const imSecs = sectionsOf(secs, 'impact', 'summary');
  const imText = textOf(bodyLines(sectionsOf(secs, 'impact')));
  const imAny = imText || textOf(bodyLines(imSecs));
  const nums = (imAny.match(NUMBER_WITH_UNIT) ?? []).length;
  const impact = evaluate('impact', [
    { ok: sectionsOf(secs, 'impact').length > 0, points: 0.25, good: 'impact section present', bad: 'no impact section', fix: 'Add an impact section: who was affected, how many, for how long.' },
    { ok: nums >= 3 ? 1 : nums / 3, points: 0.4, good: 'impact quantified', bad: nums ? 'impact only partly quantified' : 'impact not quantified', fix: 'Quantify the impact: duration, affected users or requests, failed transactions.' },
    { ok: SLO.test(imAny) || SLO.test(textOf(all)), points: 0.2, good: 'SLO / error-budget status given', bad: 'no SLO or error-budget status', fix: 'State the SLO and error-budget status (how much budget the incident used).' },
    { ok: WHO_AFFECTED.test(imAny), points: 0.15, good: 'says who was affected', bad: 'does not say who was affected', fix: 'Say who was affected (customers, users, internal teams).' },
  ]);

  // detection
  const deText = textOf(bodyLines(sectionsOf(secs, 'detection')));
  const anyText = textOf(all);
  const detection = evaluate('detection', [
    { ok: sectionsOf(secs, 'detection').length > 0 ? HOW_FOUND.test(deText) || deText.length > 30 : HOW_FOUND.test(anyText), points: 0.35, good: 'says how it was detected', bad: 'does not say how the incident was detected', fix: 'Say how the incident was detected (which alert, report or person) and whether monitoring caught it.' },
    { ok: HOW_LONG.test(deText || anyText) || (timed.some((l) => ONSET.test(l.text)) && timed.some((l) => DETECTED.test(l.text))), points: 0.4, good: 'time to detect given', bad: 'time to detect not given', fix: 'Give the time to detect: how long from the onset until someone knew.' },
  ]);

  // lessons
  const lessons = evaluate('lessons', [
    { ok: sectionsOf(secs, 'went-well').length > 0 || /\bwent\s+well\b/i.test(anyText), points: 0.3, good: 'what went well', bad: 'no "what went well"', fix: 'Add what went well, not only what went wrong.' },
    { ok: sectionsOf(secs, 'went-wrong', 'lessons').length > 0, points: 0.15, good: 'what went wrong / lessons', bad: 'no lessons or "what went wrong"', fix: 'Add lessons learned: what went wrong and what the team learned.' },
    { ok: sectionsOf(secs, 'lucky').length > 0 || /\b(?:got\s+lucky|where\s+we\s+were\s+lucky|fortunately|luckily)\b/i.test(anyText), points: 0.3, good: 'where we got lucky', bad: 'no "where we got lucky"', fix: 'Add where we got lucky: what limited the damage by chance, which may not be there next time.' },
  ]);

  return finish([timeline, rootCause, contributing, blamelessCriterion(findings), actions, impact, detection, lessons], findings);
}

// ---------------------------------------------------------------------------------------------
// The current session

function treeDepth(nodes: Session['whys']['nodes'], rootId: string): number {
  const seen = new Set<string>();
  const walk = (id: string, d: number): number => {
    if (seen.has(id)) return d;
    seen.add(id);
    const n = nodes[id];
    if (!n) return d;
    const answered = n.answer.trim() ? d + 1 : d;
    let best = answered;
    for (const c of n.children) best = Math.max(best, walk(c, answered));
    return best;
  };
  return walk(rootId, 0);
}

export interface ReviewSessionOptions {
  /** YYYY-MM-DD, for proposed due dates in the action-item findings */
  today?: string;
}

/** Review the current session's structured data with the same rubric (the console's Review step). */
export function reviewSession(session: Session, opts: ReviewSessionOptions = {}): ReviewResult {
  const findings: Finding[] = [];
  const texts: { where: string; text: string }[] = [
    { where: 'summary', text: session.incident.summary },
    { where: 'customer impact', text: session.incident.customerImpact },
    ...Object.values(session.whys.nodes).flatMap((n) => [
      { where: 'why-tree question', text: n.question },
      { where: 'why-tree answer', text: n.answer },
    ]),
    ...session.factors.map((f) => ({ where: 'factor', text: f.text })),
    ...session.actions.flatMap((a) => [
      { where: 'action item', text: a.title },
      { where: 'action done-when', text: a.doneWhen },
    ]),
    ...session.review.wentWell.map((t) => ({ where: 'went well', text: t })),
    ...session.review.couldBeBetter.map((t) => ({ where: 'could be better', text: t })),
    ...session.review.gotLucky.map((t) => ({ where: 'got lucky', text: t })),
    ...session.review.notes.map((t) => ({ where: 'review note', text: t })),
    ...session.meeting.parkingLot.map((n) => ({ where: 'parking lot', text: n.text })),
    ...session.meeting.decisions.map((n) => ({ where: 'decision', text: n.text })),
  ];
  for (const t of texts) if (t.text.trim()) for (const f of lintForConsole(t.text, 'prose')) findings.push({ ...f, message: `${t.where}: ${f.message}` });

  const factors = session.factors.map((f) => ({ id: f.id, type: f.type, text: f.text }));
  const facts = { severity: session.incident.severity, ...(opts.today ? { today: opts.today } : {}) };
  const actionFindings = session.actions.map((a) => {
    const others = session.actions.filter((b) => b.id !== a.id).flatMap((b) => b.factors);
    return checkActionItem(a, facts, { factors, coveredElsewhere: others });
  });
  for (const fs of actionFindings) findings.push(...fs);

  // timeline
  const ev = session.timeline.events;
  const confirmed = ev.filter((e) => e.confirmed);
  const m = session.timeline.moments;
  const timeline = evaluate('timeline', [
    { ok: ev.length > 0, points: 0.3, good: `${ev.length} events`, bad: 'no timeline events', fix: 'Import the chat, paging and deploy exports to build the timeline.' },
    { ok: confirmed.length >= 5 ? 1 : confirmed.length / 5, points: 0.4, good: `${confirmed.length} confirmed events`, bad: `${confirmed.length} confirmed event${confirmed.length === 1 ? '' : 's'}`, fix: 'Confirm the key timeline events with the room (at least five).' },
    { ok: ev.length ? ev.filter((e) => e.sources.length > 0).length / ev.length : 0, points: 0.4, good: 'events cite sources', bad: 'some events have no source', fix: 'Give every timeline event a source.' },
    { ok: Boolean(m.impactStart && m.detected), points: 0.4, good: 'impact start and detection set', bad: 'impact start or detection moment not set', fix: 'Set the impact-start and detected moments on the timeline.' },
  ]);

  // root cause depth (why-tree)
  const nodes = Object.values(session.whys.nodes);
  const depth = treeDepth(session.whys.nodes, session.whys.rootId);
  const rootCause = evaluate('root-cause-depth', [
    { ok: nodes.some((n) => n.answer.trim()), points: 0.3, good: 'why-tree started', bad: 'the why-tree has no answers', fix: 'Start the why-tree at 5 Whys.' },
    { ok: depth >= 4 ? 1 : depth / 4, points: 0.4, good: `why-tree ${depth} levels deep`, bad: `why-tree only ${depth} level${depth === 1 ? '' : 's'} deep`, fix: 'Take the why-tree deeper: at least four levels on the main branch.' },
    { ok: nodes.some((n) => n.mark === 'trigger') || session.factors.some((f) => f.type === 'trigger'), points: 0.35, good: 'trigger marked', bad: 'no node marked as the trigger', fix: 'Mark the trigger in the why-tree, apart from the conditions.' },
    { ok: nodes.some((n) => n.mark === 'systemic') || session.factors.some((f) => f.type === 'systemic'), points: 0.45, good: 'systemic condition reached', bad: 'no systemic condition marked', fix: 'Follow a branch to a systemic condition (process, ownership, design) and mark it.' },
  ]);

  // factors
  const byType = (t: string) => session.factors.filter((f) => f.type === t).length;
  const nf = byType('contributing') + byType('systemic') + byType('trigger');
  const contributing = evaluate('contributing-factors', [
    { ok: nf >= 3 ? 1 : nf / 3, points: 0.6, good: `${nf} factors`, bad: nf ? `only ${nf} factor${nf === 1 ? '' : 's'}` : 'no factors yet', fix: 'Promote why-tree nodes to factors: several contributing factors, not one.' },
    { ok: byType('systemic') > 0, points: 0.4, good: 'a systemic factor', bad: 'no systemic factor', fix: 'Add at least one systemic factor (the condition beneath the others).' },
  ]);

  // actions
  const acts = session.actions;
  const na = acts.length;
  const ratio = (pred: (i: number) => boolean) => (na ? acts.filter((_a, i) => pred(i)).length / na : 0);
  const has = (i: number, rule: string) => actionFindings[i]!.some((f) => f.rule === rule);
  const covered = new Set(acts.flatMap((a) => a.factors));
  const needCover = session.factors.filter((f) => f.type === 'systemic' || f.type === 'contributing');
  const uncovered = needCover.filter((f) => !covered.has(f.id));
  const horizons = new Set(acts.map((a) => a.horizon));
  const actions = evaluate('action-items', [
    { ok: na >= 3 ? 1 : na / 3, points: 0.3, good: `${na} action items`, bad: na ? `only ${na} action item${na === 1 ? '' : 's'}` : 'no action items', fix: 'Add action items for the contributing and systemic factors.' },
    { ok: ratio((i) => !has(i, 'vague-action') && !has(i, 'people-fix-action')), points: 0.45, good: 'items specific and aimed at the system', bad: 'some items are vague or aimed at people', fix: 'Sharpen the vague action items (Ctrl+F accepts the rewrite at Actions).' },
    { ok: ratio((i) => !has(i, 'no-owner')), points: 0.3, good: 'all owned', bad: 'some items have no owner role', fix: 'Give every action item an owner role.' },
    { ok: ratio((i) => !has(i, 'no-date')), points: 0.3, good: 'all dated', bad: 'some items have no due date', fix: 'Give every action item a due date (proposed from severity and horizon).' },
    { ok: ratio((i) => !has(i, 'not-verifiable')), points: 0.35, good: 'all verifiable', bad: 'some items have no checkable done-when', fix: 'Write a checkable done-when for every action item.' },
    { ok: na > 0 && horizons.size >= 2 ? 1 : na > 0 ? 0.5 : 0, points: 0.15, good: 'horizons mixed', bad: 'all items on one horizon', fix: 'Mix horizons: something this week, and a longer-term fix for the systemic factor.' },
    { ok: needCover.length === 0 ? (na > 0 ? 1 : 0) : 1 - uncovered.length / needCover.length, points: 0.15, good: 'every contributing and systemic factor is covered', bad: `${uncovered.length} factor(s) without an item${uncovered[0] ? ` ("${uncovered[0].text.slice(0, 40)}")` : ''}`, fix: `Cover every contributing and systemic factor with an action item${uncovered[0] ? ` (first: "${uncovered[0].text.slice(0, 40)}")` : ''}.` },
  ]);

  // impact
  const inp = session.impact.inputs;
  const figures = [inp.usersAffected, inp.failedRequests, inp.failedTransactions, inp.errorRatio, inp.requestRate].filter((x) => typeof x === 'number').length;
  const impact = evaluate('impact', [
    { ok: Boolean(session.incident.customerImpact.trim()), points: 0.25, good: 'customer impact described', bad: 'customer impact not described', fix: 'Describe the customer impact at Intake.' },
    { ok: figures >= 2 ? 1 : figures / 2, points: 0.4, good: 'impact figures given', bad: 'impact figures missing', fix: 'Enter impact figures at Impact (affected users or requests, error ratio).' },
    { ok: session.impact.slo !== null, points: 0.2, good: 'SLO set', bad: 'no SLO', fix: 'Set the SLO at Impact so the error-budget use can be computed.' },
    { ok: typeof inp.usersAffected === 'number' || typeof inp.failedTransactions === 'number', points: 0.15, good: 'who was affected', bad: 'affected users not given', fix: 'Give the number of affected users or transactions.' },
  ]);

  // detection
  const ttd = m.impactStart && m.detected ? Date.parse(m.detected.at) - Date.parse(m.impactStart.at) : null;
  const detection = evaluate('detection', [
    { ok: Boolean(m.detected), points: 0.35, good: 'detection moment set', bad: 'detection moment not set', fix: 'Set when the incident was detected (the alert, report or page).' },
    { ok: ttd !== null && ttd >= 0, points: 0.4, good: `time to detect ${ttd !== null ? Math.round(ttd / 60000) : '?'} min`, bad: 'time to detect unknown', fix: 'Set the impact-start moment so the time to detect is known.' },
  ]);

  // lessons
  const lessons = evaluate('lessons', [
    { ok: session.review.wentWell.length > 0, points: 0.3, good: 'what went well', bad: 'no "went well" entries', fix: 'Note what went well at Review.' },
    { ok: session.review.couldBeBetter.length > 0, points: 0.15, good: 'what could be better', bad: 'no "could be better" entries', fix: 'Note what could be better at Review.' },
    { ok: session.review.gotLucky.length > 0 || byType('mitigator') > 0, points: 0.3, good: 'where we got lucky', bad: 'no "got lucky" entries or mitigators', fix: 'Note where we got lucky (or add a mitigator factor).' },
  ]);

  return finish([timeline, rootCause, contributing, blamelessCriterion(findings), actions, impact, detection, lessons], findings);
}

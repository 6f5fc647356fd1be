// Blameless-language rules: offline, explainable, one pass per sentence with precompiled patterns.
// Each finding says which words read as blame, why, and offers a systems-language rewrite (or a question).
// A system as the subject of a failure verb is not blame ("the health check failed to detect…"), "error"
// meaning failed requests is not blame, and a named person in a plain factual entry is not blame.
// Pure: no I/O, no clock.
import { baseForm, classifySubject, isParticiple, isPersonKind, looksLikeName, sentences, words, type Subject } from './lexicon.js';

export type Severity = 'error' | 'warning' | 'info';

/** One finding: the shape of `debrief lint --json` findings (docs/cli-contract.md), plus offsets. */
export interface Finding {
  /** 1-based line in the input (set by lint) */
  line?: number;
  rule: string;
  kind: 'blame' | 'action';
  severity: Severity;
  /** the words flagged (a rewrite in `suggestion` replaces exactly these words) */
  span: string;
  message: string;
  /** a rewrite of the span (or of the whole text when the span is not in it), or a question */
  suggestion: string | null;
  /** offsets of the span in the checked text, when known */
  start?: number;
  end?: number;
  /** the marker that fired ("should have", "failed to", …), for explanations */
  trigger?: string;
}

export const BLAME_RULES = [
  'counterfactual',
  'person-as-cause',
  'human-error',
  'judgemental',
  'animated',
  'hindsight',
  'group-blame',
  'leading-question',
] as const;
export type BlameRule = (typeof BLAME_RULES)[number];

// ---------------------------------------------------------------------------------------------
// Patterns (compiled once)

const BOUNDARY =
  /[,;:()\u2014\u2013]|\s-\s|\b(?:because|although|though|whenever|when|while|after|before|since|until|unless|so|but|and|or|then|that|which|who|where|whereas|as)\b/gi;

const BOUNDARY_ONE = /[,;:()\u2014\u2013]|\s-\s|\b(?:because|although|though|whenever|when|while|after|before|since|until|unless|so|but|and|or|then|that|which|who|where|whereas|as)\b/i;
const COUNTERFACTUAL =
  /\b(?:(should|could|would|might|must)(?:n['’]t|\s+not|\s+never)?\s+have|ought(?:n['’]t|\s+not|\s+never)?\s+to\s+have|failed\s+to|fail(?:s|ing)?\s+to|neglected\s+to|forgot\s+to|omitted\s+to|didn['’]t|did\s+not|never)\s+(?!been\s+(?:obvious|clear|evident|caught|noticed|spotted)\b)([\p{L}'’-]+)/giu;
const IF_HAD = /\b(if\s+only|if|had)\s+((?:[@\p{L}][\p{L}\p{N}'’._-]*\s+){0,4}?)(?:had\s+)?(?:(?:just|only|not|actually|even|really)\s+)*(been|[\p{L}'’-]+ed|read|run|kept|made|taken|known|seen|done|gone|caught|left|told|paid|thought|put)\b/giu;

const HUMAN_ERROR =
  /\b(?:(human|operator|user|engineer|engineering|manual|personnel|staff|people|pilot|admin)\s+(error|mistake|slip|fault|failure|blunder|problem|issue|factor)s?|(pebkac|pebcak|layer\s*8|id10t|skill\s+issue))\b(?!\s+(?:rates?|ratios?|counts?|codes?|budgets?|responses?|pages?|logs?|messages?|spikes?|metrics?|%))/gi;
const TYPO_BY =
  /\b(?:a|the|one)\s+(?:simple\s+|silly\s+|single\s+|stupid\s+|small\s+)?(typo|mistake|slip|blunder|goof|fat[- ]finger(?:ing)?|brain\s*fart)\s+(?:by|from|of)\s+((?:the|an?|our|their)\s+)?([@\p{L}][\p{L}'’-]*(?:\s+(?:on[- ]call|engineer|admin|developer))?)/giu;
const FAT_FINGER = /\b(fat[- ]finger(?:ed|ing)?|typo['’]?d|mistyped|brain\s*fart)\b/gi;

const JUDGEMENTAL =
  /\b(careless(?:ly|ness)?|sloppy|sloppily|sloppiness|lazy(?!\s+(?:load\w*|evaluat\w*|initiali[sz]\w*|import\w*|iterat\w*|eval\w*|mode|consumer|fetch\w*|instantiat\w*))|laziness|negligen(?:t|ce|tly)|incompeten(?:t|ce|tly)|ignoran(?:t|ce)|stupid(?:ity|ly)?|(?<![=`'"])dumb(?!\s+(?:terminal|pipe|client|proxy|switch|component)s?)|idiotic|idiots?|ridiculous(?:ly)?|reckless(?:ly|ness)?|irresponsible|irresponsibly|inexcusabl[ey]|unprofessional|clueless|foolish(?:ly)?|boneheaded|pathetic|embarrassing(?:ly)?|shameful|disgraceful|unforgivable|absurd|laughable|amateur(?:ish)?|rookie\s+mistake|complacen(?:t|cy)|inattentive|asleep\s+at\s+the\s+wheel|(?:couldn['’]t|could\s+not|didn['’]t|did\s+not)\s+be\s+bothered|(?:didn['’]t|did\s+not|never)\s+bother(?:ed)?\s+to|bothered\s+to|should\s+(?:have\s+)?know(?:n)?\s+better|(?:not\s+)?paying\s+(?:more\s+|enough\s+|proper\s+|closer\s+)?attention|pa(?:y|id)\s+(?:more|closer|better|proper)\s+attention|(?:lost|lacked|lack\s+of|loss\s+of)\s+situation(?:al)?\s+awareness|rubber[- ]stamp(?:ed|ing|s)?|(?:engineers?|people|devs?|developers?|operators?|staff|folks|admins?)\s+(?:who|that)\s+(?:don['’]t|do\s+not|doesn['’]t|does\s+not|can['’]t|cannot)\s+(?:understand|know|read|follow|handle|get)|(?:is|was|are|were|will\s+be|has\s+been|have\s+been)\s+(?:being\s+)?(?:re-?trained|disciplined|fired|let\s+go|reprimanded|written\s+up|suspended|demoted|banned|held\s+accountable)|went\s+rogue|cowboy(?:s|ed|ing)?|yolo(?:['’]?d|ed|ing)?|winged\s+it|half[- ]ass(?:ed)?|(?:lack\s+of|no)\s+(?:attention|care|diligence|discipline|effort|competence|professionalism|rigou?r)|inattention|not\s+(?:competent|careful|skilled|smart|good|diligent|attentive|experienced)\s+enough|(?:nobody|no\s+one|never)\s+thought\s+to|(?:didn['’]t|did\s+not)\s+(?:think|care)\s+to|tired|exhausted|distracted)\b/gi;
const JUDGE_ADVERB = /\b(obviously|clearly|of\s+course|honestly|frankly|simply|just|as\s+usual|as\s+always|as\s+(?:they|he|she|you|we)\s+always\s+(?:do|does|did)|yet\s+again|once\s+again|typical(?:ly)?)\b/gi;

const HINDSIGHT =
  /\b(it\s+(?:was|is|should\s+have\s+been|must\s+have\s+been)\s+(?:obvious|clear|evident|plain)(?:\s+(?:that|to\s+(?:anyone|everyone|anybody)))?|(?:should|would|must)\s+have\s+been\s+(?:obvious|clear|evident|caught|noticed|spotted)|(?:any(?:one|body)|everyone)\s+(?:could|would|should)\s+have\s+(?:seen|known|noticed|spotted|predicted)|was\s+(?:always\s+going|bound)\s+to\s+(?:happen|fail|break)|in\s+hindsight,?\s+(?:it\s+is|it['’]s)\s+obvious|(?:obvious|clear)\s+in\s+retrospect|(?:was|were|is|are|looked|seemed|being)\s+(?:obviously|clearly|plainly)\s+(?:broken|wrong|bad|faulty|buggy|unsafe|dangerous|incorrect))/gi;

const ANIMATED_PHRASE =
  /\b(what\s+a\s+(?:mess|disaster|joke|nightmare|shambles)|unbelievable|(?:i|we)\s+(?:can['’]t|cannot|could\s+not|couldn['’]t)\s+believe|insane|facepalm|ugh+|wtf|omg|seriously\?*|total\s+(?:mess|disaster|failure)|complete\s+(?:mess|disaster|failure)|shambles|(?:a|the)\s+(?:joke|farce|fiasco))\b/gi;
const EXCLAIM = /(?<=[\p{L}\p{N})"'’])(?:[!?]*![!?]*)(?=\s|$)/gu;
const COURTESY = /^(?:thanks|thank|thx|ty|morning|evening|afternoon|hi|hello|hey|great|nice|welcome|cheers|congrats|done|ok|okay|yes|awesome|perfect|brilliant|good|well|lovely|sure|everyone|all|team|folks|you)$/i;
const SHOUTED = /\b(AGAIN|NEVER|ALWAYS|NOBODY|EVERYONE|EVERY|STILL|SERIOUSLY|REALLY|TOTALLY|COMPLETELY|NOTHING|ANYONE|WHY|WHO|YET|NOT|NO\s+ONE)\b/g;

const FAILURE_VERB =
  /\b(broke|breaks|broken|took\s+down|takes\s+down|brought\s+down|brings\s+down|caused|messed\s+up|screwed\s+up|botched|blew\s+up|forgot|ignored|ignores|missed|overlooked|skipped|dismissed|neglected|wasted|squandered|fumbled|bungled|flubbed|mistyped|misconfigured|misread|misjudged|misinterpreted|misunderstood|mishandled|misclicked|misdiagnosed|misapplied|fat[- ]fingered|typo['’]?d|dropped\s+the\s+ball|(?:got|had|set|typed|entered|picked|read)\b(?=\s+(?:the|a|an|it|that|this|their|his|her)\b(?:\s+[\w-]+){0,2}\s+wrong\b)|(?:deleted|dropped|removed|ran|pushed|deployed|merged|changed|applied|restarted|killed|shut\s+down|turned\s+off|disabled|overwrote|wiped|truncated)\b(?=[^,;.]*\b(?:by\s+(?:accident|mistake)|accidentally|inadvertently|mistakenly|erroneously|unintentionally|carelessly)\b))\b/gi;
const WRONG_OBJECT =
  /\b(pushed|deployed|merged|ran|shipped|let|allowed|signed\s+off\s+on|greenlit|okayed|chased|chasing|gave|made|applied|chose|used|typed|entered|picked|sent|set|wrote|committed|approved|changed|deleted|dropped|ran|restarted|configured|released|rolled\s+out|published)((?:\s+[\p{L}\p{N}#@'’_.-]+){0,4}?)\s+(the\s+wrong|a\s+bad|bad|the\s+bad|wrong|an?\s+incorrect|the\s+incorrect|an?\s+broken|a\s+faulty|a\s+buggy|an\s+invalid|an\s+untested|untested|an?\s+\w+\s+that\s+was\s+(?:obviously\s+|clearly\s+)?(?:broken|wrong|bad|faulty|buggy))\b/giu;
const CAUSED_BY =
  /\b(caused|triggered|started|introduced|broken|created)\s+by\s+((?:the|an?|our|their)\s+)?([@\p{L}][\p{L}\p{N}'’._-]*)((?:\s+[\p{L}'’-]+){0,2})/giu;
const DUE_TO_PERSON = /\b(?:due\s+to|because\s+of|thanks\s+to|blame\s+(?:goes\s+)?(?:to|on))\s+((?:the|an?|our)\s+)?([@\p{L}][\p{L}\p{N}'’._-]*)((?:\s+[\p{L}'’-]+){0,2})/giu;
const ROOT_CAUSE = /\b(?:root\s+cause|the\s+cause|cause)\s*(?::|was|is|were)\s*((?:the|an?)\s+)?([@\p{L}][\p{L}\p{N}'’._-]*)((?:\s+[\p{L}'’-]+){0,3})/giu;
const POSSESSIVE_MISTAKE = /(@[\w.-]+|\b\p{Lu}[\p{Ll}-]+)['’]s\s+(mistake|error|fault|screw-?up|blunder|typo|slip|oversight|negligence|carelessness|bad\s+(?:deploy|change|call|commit|config))\b/gu;
const ON_SOMEONE = /\b(?:is|was|['’]s)\s+(?:all\s+|entirely\s+|squarely\s+|totally\s+)?on\s+((?:the\s+|our\s+)?[@\p{L}][\p{L}\p{N}'’._-]*(?:\s+[\p{L}-]+){0,2})/giu;
const TYPICAL_OF = /\b(?:typical|classic|so\s+like|just\s+like)\s+(?:of\s+)?((?:the\s+)?[@\p{L}][\p{L}'’-]*(?:\s+team)?)\b/giu;
const ROLE_POSSESSIVE_MISTAKE = /\b((?:the|an?|our|their|one)\s+[\p{L}-]+(?:\s+[\p{L}-]+)?)['’]s\s+(mistake|error|fault|screw-?up|blunder|typo|slip|oversight|negligence|carelessness)\b/giu;
const FAULT_BY = /\b(mistakes?|errors?|blunders?|slips?|oversights?|lapses?|misjudge?ments?|poor\s+judge?ments?|bad\s+(?:decisions?|calls?|judge?ments?)|negligence|screw-?ups?)(?:\s+(?:were|was|got))?(?:\s+made)?\s+(?:by|from|of)\s+((?:the|an?|our|their)\s+[\p{L}-]+(?:\s+[\p{L}-]+)?|@[\w.-]+|\p{Lu}[\p{Ll}-]+)/giu;
const PRE_FAULT_BY = /(?:mistake|error|blunder|slip|oversight|lapse|judge?ment|decision|call|negligence|screw-?up)s?\s+(?:(?:were|was|got)\s+)?(?:made\s+)?(?:by|from|of)\s/i;
const PRE_PASSIVE_BY = /(?:botched|mishandled|broken|bungled|up|ignored|missed|overlooked|fumbled|misconfigured|misread|mistyped|neglected|dismissed)\s+by\s/i;
const PRE_LIES_WITH = /\b(?:lies|lay|rests|rested|falls|fell|sits)\s+(?:\w+\s+)?(?:with|on)\s/i;
const PASSIVE_BY = /\b(?:was|were|got|been|being)\s+(botched|mishandled|broken|bungled|messed\s+up|screwed\s+up|ignored|missed|overlooked|fumbled|misconfigured|misread|mistyped|neglected|dismissed)\s+by\s+((?:the|an?|our|their)\s+[\p{L}-]+(?:\s+[\p{L}-]+)?|@[\w.-]+|\p{Lu}[\p{Ll}-]+)/giu;
const LIES_WITH = /\b(?:lies|lay|rests|rested|falls|fell|sits)\s+(?:squarely\s+|entirely\s+|solely\s+)?(?:with|on)\s+((?:the|our|their)\s+[\p{L}-]+(?:\s+[\p{L}-]+)?|@[\w.-]+|\p{Lu}[\p{Ll}-]+)/giu;
const BLAME_WORD = /\b(whose\s+(?:fault|idea|call|decision|change|bright\s+idea|responsibility)|(?:his|her|their|your)\s+fault|(?:is|was|are|were)\s+to\s+blame|blame\s+(?:him|her|them|you)|fault\s+of)\b/gi;

const WHO_Q = /(?:^|[;:,]\s*)\s*who(?:['’]s)?\s+([\p{L}'’-]+)\b([^?]*)\?/iu;
const WHY_Q =
  /(?:^|[;:,]\s*)\s*(?:but\s+|so\s+)?why\s+(?:on\s+earth\s+|the\s+hell\s+|exactly\s+|again\s+)?(didn['’]t|did|wasn['’]t|weren['’]t|aren['’]t|isn['’]t|don['’]t|do|does|doesn['’]t|would|wouldn['’]t|couldn['’]t|could|hadn['’]t|has|hasn['’]t|was|were|is|are)\s+((?:[@\p{L}][\p{L}\p{N}'’._-]*\s+){1,4}?)([\p{L}'’-]+)([^?]*)\?/iu;
const WHO_NEUTRAL = /^(?:is|are|was|were|has|have|can|could|should|will|would|owns|own|else|knows|know|needs|saw|noticed|joined|else|decides|approves)$/i;

const SYSTEM_VERBS =
  /^(?:load|loaded|serve|served|respond|responded|boot|booted|connect|connected|compile|compiled|render|rendered|return|returned|scale|scaled|replicate|replicated|fire|fired|converge|converged|propagate|propagated|authenticate|authenticated|parse|parsed|flush|flushed|drain|drained|persist|persisted|index|indexed|start\s+up|come\s+up)$/i;

// Cheap keyword checks that gate the costlier patterns (most lines have none of these words).
const PRE_COUNTERFACTUAL = /should|could|would|ought|fail|neglect|forgot|omitted|didn|did not|never/i;
const PRE_IF_HAD = /\b(?:if|had)\b/i;
const PRE_HUMAN = /error|mistake|slip|fault|failure|blunder|typo|finger|brain|problem|issue|factor|pebkac|pebcak|layer|id10t/i;
const PRE_WRONG = /\b(?:wrong|bad|incorrect|broken|faulty|buggy|invalid|untested)\b/i;
const PRE_CAUSE = /cause|trigger|started|introduced|broken|created|due to|because of|thanks to|blame/i;
const PRE_HINDSIGHT = /obvious|clear|evident|plain|anyone|anybody|everyone|bound|going|hindsight|retrospect|been/i;
const PRE_QUESTION = /\b(?:who|why)\b/i;
const PRE_FAILURE = /wast|squander|fumbl|bungl|flub|brok|down|caus|mess|screw|botch|blew|forgot|ignor|miss|overlook|skip|dismiss|neglect|mis[a-z]|finger|typo|ball|accident|mistak|inadvertent|erroneous|unintentional|careless|wrong/i;
const PRE_ANIMATED = /mess|disaster|joke|nightmare|shambles|believ|insane|facepalm|ugh|wtf|omg|serious|total|complete|farce|fiasco/i;
const PRE_ADVERB = /obvious|clear|course|honest|frank|usual|again|typical|always/i;
const PRE_BLAME_WORD = /fault|blame|whose/i;

// ---------------------------------------------------------------------------------------------

interface Clause {
  text: string;
  start: number;
}

/** The subject of the clause that contains `at` in `s`, with coordination and relative words handled. */
function subjectAt(s: string, at: number): Subject & { start: number; coordinated?: boolean } {
  const before = s.slice(0, at);
  let lastEnd = 0;
  let lastStart = 0;
  let lastWord = '';
  let prevEnd = 0;
  const bounds: { start: number; end: number; word: string }[] = [];
  for (const m of before.matchAll(BOUNDARY)) {
    prevEnd = lastEnd;
    lastStart = m.index ?? 0;
    lastEnd = lastStart + m[0].length;
    lastWord = m[0].toLowerCase().trim();
    bounds.push({ start: lastStart, end: lastEnd, word: lastWord });
  }
  const prefix = before.slice(lastEnd);
  const trimmed = prefix.trim();
  const start = lastEnd + (prefix.length - prefix.trimStart().length);
  if (trimmed) {
    const sub = classifySubject(trimmed, lastEnd === 0 || lastWord === ':');
    // "the pods restarted, but they failed to …": "they"/"it" takes the sentence's first subject
    if (/^(?:they|them)$/i.test(trimmed) && lastEnd > 0) {
      const head = classifySubject(s.slice(0, s.search(BOUNDARY_ONE) > 0 ? s.search(BOUNDARY_ONE) : lastStart), true);
      if (head.kind === 'system') return { ...head, text: trimmed, start };
    }
    return { ...sub, start };
  }
  if (lastWord === 'which') return { kind: 'system', text: 'which', start: lastStart };
  if (lastWord === 'who') return { kind: 'person', text: 'who', start: lastStart };
  if (lastWord === 'that') {
    const ante = words(before.slice(prevEnd, lastStart)).slice(-2).join(' ');
    return { ...classifySubject(ante, false), start: lastStart };
  }
  if (lastEnd === 0) return { kind: 'unknown', text: '', start: 0 };
  // "Luis, who was on call, overlooked …": the subject is the word before the relative clause
  const n = bounds.length;
  if (lastWord === ',' && n >= 3 && (bounds[n - 2]!.word === 'who' || bounds[n - 2]!.word === 'which') && bounds[n - 3]!.word === ',') {
    const from = n >= 4 ? bounds[n - 4]!.end : 0;
    const ante = before.slice(from, bounds[n - 3]!.start).trim();
    if (ante) return { ...classifySubject(ante, from === 0), start: from + (before.slice(from).length - before.slice(from).trimStart().length) };
    return { kind: bounds[n - 2]!.word === 'who' ? 'person' : 'system', text: bounds[n - 2]!.word, start: bounds[n - 2]!.start };
  }
  // coordination ("X posted … and did not page"): the subject of the clause before
  const clause = before.slice(prevEnd, lastStart).trim();
  if (!clause) return { kind: 'unknown', text: '', start: 0 };
  return { ...classifySubject(clause, prevEnd === 0), start: prevEnd, coordinated: true };
}

/** End of the clause that starts at `from`: next clause boundary or the sentence end (without punctuation). */
function clauseEnd(s: string, from: number): number {
  const re = /[,;:)\u2014\u2013]|\s\(|\s-\s|\s(?:because|although|though|whenever|while|but|so that|which|whereas)\s|[.!?]+\s*$/g;
  re.lastIndex = from;
  const m = re.exec(s);
  return m ? m.index : s.replace(/[.!?\s]+$/, '').length;
}

const ROLE_FOR: Record<string, string> = {
  name: 'the responder',
  handle: 'the responder',
};

/** How to refer to the subject in a rewrite: names and handles become a role, roles and teams stay. */
export function roleOf(sub: Subject): string {
  if (sub.kind === 'name' || sub.kind === 'handle') return ROLE_FOR[sub.kind]!;
  const t = sub.text.trim();
  if (!t) return 'the people involved';
  const lower = t.toLowerCase();
  if (/^(?:he|she|him|her|you|i)$/.test(lower)) return 'the responder';
  if (/^(?:someone|somebody|anyone|anybody|nobody|no one)$/.test(lower)) return 'anyone';
  if (/^(?:we|us)$/.test(lower)) return 'us';
  if (/^(?:they|them)$/.test(lower)) return 'them';
  if (/^(?:a|an|the|our|their)\s/i.test(t)) return t.replace(/^\S+/, (d) => (d.toLowerCase() === 'our' ? 'the' : d.toLowerCase()));
  if (/^(?:support|ops|sre|security|engineering|management|on-?call)$/i.test(t)) return `the ${lower === 'sre' ? 'SRE team' : `${lower} team`}`;
  return `the ${t}`;
}

function possessive(role: string): string {
  return role === 'us' ? 'our' : role === 'them' ? 'their' : `${role}'s`;
}

function cap(s: string): string {
  return s ? s[0]!.toUpperCase() + s.slice(1) : s;
}
function capLike(model: string, s: string): string {
  return /^\p{Lu}/u.test(model) ? cap(s) : s;
}

/** "validate" → "validating", "run" → "running". */
export function gerund(base: string): string {
  const b = base.toLowerCase();
  if (/ie$/.test(b)) return `${b.slice(0, -2)}ying`;
  if (/[^aeiou]e$/.test(b) && b !== 'be') return `${b.slice(0, -1)}ing`;
  if (/^[^aeiou]*[aeiou][bdgmnprt]$/.test(b)) return `${b}${b.at(-1)}ing`;
  return `${b}ing`;
}

/** "check" → "checked", "run" → "ran". */
export function pastTense(base: string): string {
  const b = base.toLowerCase();
  const irregular: Record<string, string> = { run: 'ran', read: 'read', do: 'did', see: 'saw', take: 'took', make: 'made', get: 'got', give: 'gave', write: 'wrote', tell: 'told', think: 'thought', find: 'found', keep: 'kept', send: 'sent', set: 'set', put: 'put', go: 'went', pay: 'paid', say: 'said', know: 'knew', catch: 'caught', build: 'built' };
  if (irregular[b]) return irregular[b]!;
  if (/e$/.test(b)) return `${b}d`;
  if (/[^aeiou]y$/.test(b)) return `${b.slice(0, -1)}ied`;
  if (/^[^aeiou]*[aeiou][bdgmnprt]$/.test(b)) return `${b}${b.at(-1)}ed`;
  return `${b}ed`;
}

function finding(
  rule: BlameRule,
  severity: Severity,
  s: Clause,
  from: number,
  to: number,
  message: string,
  suggestion: string | null,
  trigger?: string,
): Finding {
  return {
    rule,
    kind: 'blame',
    severity,
    span: s.text.slice(from, to).trim(),
    message,
    suggestion,
    start: s.start + from,
    end: s.start + to,
    ...(trigger ? { trigger } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Rules over one sentence

function counterfactuals(s: Clause, out: Finding[]): void {
  const t = s.text;
  if (PRE_COUNTERFACTUAL.test(t)) for (const m of t.matchAll(COUNTERFACTUAL)) {
    const at = m.index ?? 0;
    const marker = m[0].slice(0, m[0].length - m[2]!.length).trim();
    const verb = m[2]!;
    const lowerMarker = marker.toLowerCase();
    // "never" needs a verb after it; "didn't" followed by a pronoun is a question form, handled elsewhere
    if (/^never$/.test(lowerMarker) && /^(?:been|a|an|the|again|once|more|any|too|in|on|at|for|ever|intended|meant|expected|thought|imagined)$/i.test(verb)) continue;
    if (/^(?:didn['’]t|did not)$/.test(lowerMarker) && /^(?:you|he|she|they|we|i|anyone|someone|somebody|anybody)$/i.test(verb)) continue;
    if (/^(?:might|must)/.test(lowerMarker)) continue; // speculation, not a counterfactual judgement
    // "should have access": a recommendation about the present, not a counterfactual
    if (/^(?:should|could|would|ought)/.test(lowerMarker) && !isParticiple(verb)) continue;
    // "didn't have access", "did not receive the page": a condition imposed on them, not blame
    if (/^(?:didn['’]t|did not|never)$/.test(lowerMarker) && /^(?:have|had|receive|received|get|got)$/i.test(verb)) continue;
    // "did not know the patch had shipped": what they could know at the time (local rationality)
    if (/^(?:didn['’]t|did not)$/.test(lowerMarker) && /^(?:know|realise|realize|expect|hear)$/i.test(verb)) continue;
    const sub = subjectAt(t, at);
    if (!isPersonKind(sub.kind)) continue;
    // "a dashboard that the on-call rotation did not use": the clause describes the thing, not the people
    const rel = /\b([\p{L}-]+)\s+(?:that|which)\s+$/u.exec(t.slice(0, sub.start));
    if (rel && classifySubject(`the ${rel[1]}`, false).kind === 'system' && !/^(?:time|one|thing|way|fact)$/i.test(rel[1]!)) continue;
    // "Checkout failed to load": a capitalised service with a verb only systems do
    if (sub.kind === 'name' && SYSTEM_VERBS.test(verb)) continue;
    const wouldStyle = /^(?:should|could|would|ought)/.test(lowerMarker);
    let end = clauseEnd(t, at + m[0].length);
    let rest = t.slice(at + m[0].length, end).trim();
    // "didn't dig deeper and closed the alert": the second verb is a fact, outside the counterfactual
    const coord = /\s+and\s+([\p{L}'’-]+)/u.exec(rest);
    if (coord && !wouldStyle && isParticiple(coord[1]!)) {
      end = at + m[0].length + (t.slice(at + m[0].length).length - t.slice(at + m[0].length).trimStart().length) + coord.index;
      rest = rest.slice(0, coord.index);
    } else if (coord && wouldStyle && isParticiple(coord[1]!)) {
      // "could have run X and caught Y" → "to run X and catch Y"
      rest = rest.replace(/(\s+and\s+)([\p{L}'’-]+)/u, (_a, sep: string, v: string) => `${sep}${baseForm(v)}`);
    }
    const role = roleOf(sub);
    const base = wouldStyle || /^never/.test(lowerMarker) ? baseForm(/^never/.test(lowerMarker) && /[^s]s$/i.test(verb) ? verb.slice(0, -1) : verb) : verb.toLowerCase();
    let rewrite: string;
    if (base === 'be' || base === 'been') rewrite = `nothing at the time drew ${possessive(role)} attention to it`;
    else if (wouldStyle) rewrite = `nothing at the time prompted ${role} to ${base}${rest ? ` ${rest}` : ''}`;
    else rewrite = `nothing in the process required ${gerund(base)}${rest ? ` ${rest}` : ''}`;
    const group = sub.kind === 'group';
    const who = sub.kind === 'name' || sub.kind === 'handle' ? 'a named person' : group ? 'a team as a whole' : 'a person';
    const from = sub.coordinated ? at : sub.start;
    out.push(
      finding(
        group ? 'group-blame' : 'counterfactual',
        'error',
        s,
        from,
        end,
        `"${marker}" with ${who} as the subject describes what did not happen instead of explaining why the action made sense at the time (counterfactual${group ? ' aimed at a group' : ''}).`,
        capLike(t.slice(from), rewrite),
        marker,
      ),
    );
  }
  if (PRE_IF_HAD.test(t)) for (const m of t.matchAll(IF_HAD)) {
    const at = m.index ?? 0;
    const lead = m[1]!.toLowerCase().replace(/\s+/g, ' ');
    if (lead === 'had' && at > 0 && !/[,;:]\s*$/.test(t.slice(0, at)) && !/^\s*(?:but|and)?\s*$/i.test(t.slice(0, at))) continue;
    const np = m[2]!.trim();
    if (!np) continue;
    const sub = classifySubject(np, at === 0);
    if (!isPersonKind(sub.kind)) continue;
    const verb = m[3]!;
    const end = clauseEnd(t, at + m[0].length);
    const rest = t.slice(at + m[0].length, end).trim();
    const base = baseForm(verb);
    const role = roleOf(sub);
    const rewrite = base === 'be' ? `nothing at the time drew ${possessive(role)} attention to it` : `nothing at the time prompted ${role} to ${base}${rest ? ` ${rest}` : ''}`;
    const group = sub.kind === 'group';
    out.push(
      finding(
        group ? 'group-blame' : 'counterfactual',
        'error',
        s,
        at,
        end,
        `"${m[1]} … had" imagines a different past for ${group ? 'a team' : 'a person'}; it says what they did not do instead of what made their actions reasonable then (counterfactual).`,
        capLike(t.slice(at), rewrite),
        lead === 'had' ? 'had …' : `${lead} … had`,
      ),
    );
  }
}

function personAsCause(s: Clause, out: Finding[]): void {
  const t = s.text;
  const push = (from: number, to: number, sub: Subject, what: string, suggestion: string | null) => {
    const group = sub.kind === 'group';
    out.push(
      finding(
        group ? 'group-blame' : 'person-as-cause',
        'error',
        s,
        from,
        to,
        `${what} puts the cause in ${group ? 'a team' : sub.kind === 'name' || sub.kind === 'handle' ? 'a named person' : 'a person'} instead of the conditions that let the change do harm; ask what in the system allowed it.`,
        suggestion,
      ),
    );
  };
  if (PRE_FAILURE.test(t)) for (const m of t.matchAll(FAILURE_VERB)) {
    const at = m.index ?? 0;
    if (/^(?:neglected|forgot)$/i.test(m[0]) && /^\s+to\s/.test(t.slice(at + m[0].length))) continue; // counterfactual form
    const sub = subjectAt(t, at);
    if (words(sub.text)[0] === 'I') continue; // a first-person account ("I missed the calls") is testimony, not blame
    let person = isPersonKind(sub.kind);
    // "Bob's deploy took down checkout": a possessive name in the subject
    if (!person && /\p{Lu}[\p{Ll}]+['’]s\b/u.test(sub.text)) {
      const w = sub.text.match(/(\p{Lu}[\p{Ll}]+)['’]s\b/u)![1]!;
      if (looksLikeName(w, false)) person = true;
    }
    if (!person) continue;
    const end = clauseEnd(t, at + m[0].length);
    const span = t.slice(sub.start, end);
    out.push(
      finding(
        sub.kind === 'group' ? 'group-blame' : 'person-as-cause',
        'error',
        s,
        sub.start,
        end,
        `"${m[0]}" with ${sub.kind === 'group' ? 'a team' : 'a person'} as the subject makes their action the cause; describe the conditions that let it do harm.`,
        capLike(span, neutralise(span)),
        m[0],
      ),
    );
  }
  if (PRE_WRONG.test(t)) for (const m of t.matchAll(WRONG_OBJECT)) {
    const at = m.index ?? 0;
    const sub = subjectAt(t, at);
    if (!isPersonKind(sub.kind)) continue;
    if (out.some((f) => f.start !== undefined && f.start <= s.start + at && (f.end ?? 0) > s.start + at)) continue;
    const end = clauseEnd(t, at + m[0].length);
    const span = t.slice(sub.start, end);
    push(sub.start, end, sub, `"${m[1]} … ${m[3]}"`, capLike(span, neutralise(span)));
  }
  if (PRE_CAUSE.test(t)) for (const re of [CAUSED_BY, DUE_TO_PERSON, ROOT_CAUSE]) {
    for (const m of t.matchAll(re)) {
      const at = m.index ?? 0;
      const isRoot = re === ROOT_CAUSE;
      const det = (re === CAUSED_BY ? m[2] : m[1]) ?? '';
      const word = (re === CAUSED_BY ? m[3] : m[2])!;
      const tail = (re === CAUSED_BY ? m[4] : m[3]) ?? '';
      let sub: Subject;
      if (word.startsWith('@')) sub = { kind: 'handle', text: word };
      else if (/['’]s$/.test(word) && looksLikeName(word, false)) sub = { kind: 'name', text: word };
      else if (!det && looksLikeName(word, false) && !/^\s+(?:error|errors|mistake)/i.test(tail)) sub = { kind: 'name', text: word };
      else {
        // "the engineer ignoring …": the head noun first, then the longer phrase
        const short = classifySubject(`${det}${word}`, false);
        sub = isPersonKind(short.kind) ? short : classifySubject(`${det}${word}${tail}`, false);
      }
      if (!isPersonKind(sub.kind)) continue;
      if (sub.kind === 'person' && /^(?:user|users|customer|customers)$/i.test(word)) continue;
      const end = clauseEnd(t, at + m[0].length);
      const span = t.slice(at, end);
      if (out.some((f) => f.start !== undefined && f.start <= s.start + at && (f.end ?? 0) > s.start + at)) continue;
      push(at, end, sub, isRoot ? 'Naming a person as the root cause' : `"${m[0].trim()}"`, capLike(span, neutralise(span)));
    }
  }
  if (t.includes("'") || t.includes('’'))
    for (const m of t.matchAll(POSSESSIVE_MISTAKE)) {
      const at = m.index ?? 0;
      if (!m[1]!.startsWith('@') && !looksLikeName(m[1]!, false)) continue;
      if (out.some((f) => f.start !== undefined && f.start <= s.start + at && (f.end ?? 0) > s.start + at)) continue;
      const end = at + m[0].length;
      out.push(
        finding('person-as-cause', 'error', s, at, end, `"${m[0]}" makes one person's action the cause; describe the conditions that let it do harm.`, capLike(m[0], `a ${m[2]!.replace(/^bad\s+/, '')} the tooling did not catch`), m[2]),
      );
    }
  if (/\bon\b/i.test(t) && /\b(?:outage|incident|failure|this|that|it|mess|one)\b/i.test(t))
    for (const m of t.matchAll(ON_SOMEONE)) {
      const at = m.index ?? 0;
      const before = t.slice(0, at);
      if (!/\b(?:outage|incident|failure|this|that|it|mess|one)\s*$/i.test(before)) continue;
      const np = m[1]!.replace(/[,.!?]+$/, '');
      const sub = np.startsWith('@') ? ({ kind: 'handle', text: np } as Subject) : classifySubject(np, false);
      if (!isPersonKind(sub.kind) && !(words(np).length === 1 && looksLikeName(np, false))) continue;
      const kind = sub.kind === 'group' ? 'group-blame' : 'person-as-cause';
      out.push(finding(kind, 'error', s, at, at + m[0].length, `"${m[0].trim()}" assigns the incident to ${sub.kind === 'group' ? 'a team' : 'a person'}; describe the conditions instead.`, null, m[0].trim()));
    }
  if (/typical|classic|like/i.test(t))
    for (const m of t.matchAll(TYPICAL_OF)) {
      const at = m.index ?? 0;
      const sub = classifySubject(m[1]!, false);
      if (!isPersonKind(sub.kind) && !looksLikeName(m[1]!, false)) continue;
      out.push(finding('group-blame', 'error', s, at, at + m[0].length, `"${m[0]}" generalises about people's habits instead of describing this incident's conditions.`, null, m[0]));
    }
  if (t.includes("'s") || t.includes('’s'))
    for (const m of t.matchAll(ROLE_POSSESSIVE_MISTAKE)) {
      const at = m.index ?? 0;
      if (!isPersonKind(classifySubject(m[1]!, false).kind)) continue;
      if (out.some((f) => f.start !== undefined && f.start <= s.start + at && (f.end ?? 0) > s.start + at)) continue;
      out.push(finding('person-as-cause', 'error', s, at, at + m[0].length, `"${m[0]}" makes one person's action the cause; describe the conditions that let it do harm.`, capLike(m[0], `a ${m[2]!} the tooling did not catch`), m[2]));
    }
  const gates: [RegExp, RegExp][] = [
    [FAULT_BY, PRE_FAULT_BY],
    [PASSIVE_BY, PRE_PASSIVE_BY],
    [LIES_WITH, PRE_LIES_WITH],
  ];
  for (const [re, gate] of gates) {
    if (!gate.test(t)) continue;
    {
      for (const m of t.matchAll(re)) {
        const at = m.index ?? 0;
        const who = (re === LIES_WITH ? m[1] : m[2])!;
        const sub = who.startsWith('@') ? ({ kind: 'handle', text: who } as Subject) : classifySubject(who, false);
        if (!isPersonKind(sub.kind) && !(words(who).length === 1 && looksLikeName(who, false))) continue;
        if (sub.kind === 'person' && /\b(?:users?|customers?)$/i.test(who)) continue;
        if (out.some((f) => f.start !== undefined && f.start <= s.start + at && (f.end ?? 0) > s.start + at)) continue;
        const group = sub.kind === 'group';
        out.push(
          finding(
            group ? 'group-blame' : 'person-as-cause',
            'error',
            s,
            at,
            at + m[0].length,
            `"${m[0]}" puts the cause in ${group ? 'a team' : 'a person'}; describe the conditions (tools, signals, process) that made the outcome likely.`,
            re === FAULT_BY ? capLike(m[0], `a ${m[1]!.toLowerCase().replace(/s$/, '')} the process did not catch`) : null,
            m[0],
          ),
        );
      }
    }
  }
  if (PRE_BLAME_WORD.test(t)) for (const m of t.matchAll(BLAME_WORD)) {
    const at = m.index ?? 0;
    out.push(finding('person-as-cause', 'error', s, at, at + m[0].length, `"${m[0]}" looks for someone to hold responsible instead of conditions to change.`, null));
  }
}

const NEUTRAL: [RegExp, string][] = [
  [/\b(?:broke|broken)\b/gi, 'changed'],
  [/\b(?:took|brought)\s+down\b/gi, 'preceded the failure of'],
  [/\bcaused\b/gi, 'preceded'],
  [/\b(?:messed|screwed)\s+up\b/gi, 'changed'],
  [/\bbotched\b/gi, 'ran'],
  [/\bforgot\b/gi, 'had no reminder for'],
  [/\bignored\b/gi, 'did not act on'],
  [/\bmissed\b/gi, 'had no signal for'],
  [/\boverlooked\b/gi, 'had no prompt to check'],
  [/\bskipped\b/gi, 'was not required to run'],
  [/\bneglected\b/gi, 'was not prompted to handle'],
  [/\b(?:mistyped|fat[- ]fingered|typo['’]?d)\b/gi, 'entered a value the tool accepted without a check in'],
  [/\bdropped the ball\b/gi, 'had no prompt to follow up'],
  [/\b(?:the|a)\s+wrong\b/gi, 'an unintended'],
  [/\b(?:a\s+)?bad\b/gi, 'an unvalidated'],
  [/\ban?\s+(?:incorrect|broken|faulty|buggy|invalid)\b/gi, 'an unvalidated'],
  [/\b(?:he|she)\b/gi, 'they'],
];

/** Replace names and @handles with a role and failure verbs with neutral ones. */
export function neutralise(text: string, role = 'an engineer'): string {
  let out = text.replace(/@[\w.-]+/g, role);
  out = out.replace(/\b(\p{Lu}[\p{Ll}]+)(['’]s)?\b/gu, (all, name: string, poss: string | undefined, off: number) => {
    if (!looksLikeName(name, off === 0)) return all;
    return poss ? 'a' : role;
  });
  for (const [re, rep] of NEUTRAL) out = out.replace(re, rep);
  return out.replace(/\ban unvalidated\s+an unvalidated\b/g, 'an unvalidated').replace(/\ba an\b/g, 'an').replace(/\ba (?=[aeiou])/g, 'an ');
}

function humanError(s: Clause, out: Finding[]): void {
  const t = s.text;
  if (!PRE_HUMAN.test(t)) return;
  for (const m of t.matchAll(HUMAN_ERROR)) {
    const at = m.index ?? 0;
    // a mention in quotes ("only 1% cited "human error"") is not a use
    if (/["“'‘]$/.test(t.slice(0, at)) && /^["”'’]/.test(t.slice(at + m[0].length))) continue;
    // "user errors on the form": errors users saw, counted, not a cause
    if (m[1] && /^user$/i.test(m[1]) && /s$/i.test(m[0])) continue;
    // "manual failure", "engineering issue" and the like are not about people; "human factors" as a field is fine
    if (m[1] && /^(?:manual|engineering|user|operator|admin|pilot|engineer)$/i.test(m[1]) && /^(?:problem|issue|factor)/i.test(m[2] ?? '')) continue;
    if (m[1] && /^human$/i.test(m[1]) && /^factors$/i.test(m[0].split(/\s+/)[1] ?? '')) continue;
    const end = at + m[0].length;
    // take a leading article or label ("an operator error", "Classic user error") into the span
    const lead = /(?:\b(?:a|an|the)\s+(?:(?:simple|pure|plain|classic|typical|obvious)\s+)?|\b(?:simple|pure|plain|classic|typical|just)\s+)$/i.exec(t.slice(0, at));
    const from = lead ? at - lead[0].length : at;
    out.push(
      finding(
        'human-error',
        'error',
        s,
        from,
        end,
        `"${m[0]}" given as a cause ends the inquiry at a person; it hides the conditions (tooling, process, signals) that made the action likely and harmful.`,
        capLike(t.slice(from), /user/i.test(m[1] ?? '') ? 'a step the interface allowed without a check' : 'a step the tooling did not guard against'),
        m[0],
      ),
    );
  }
  for (const m of t.matchAll(TYPO_BY)) {
    const at = m.index ?? 0;
    const who = classifySubject(`${m[2] ?? ''}${m[3]!}`, false);
    if (!isPersonKind(who.kind) && !looksLikeName(m[3]!, false)) continue;
    out.push(
      finding('human-error', 'error', s, at, at + m[0].length, `A "${m[1]}" by a person given as the cause shrinks a systemic failure to one keystroke.`, capLike(m[0], `a ${m[1]!.toLowerCase()} the tooling accepted without a check`), m[1]),
    );
  }
  for (const m of t.matchAll(FAT_FINGER)) {
    const at = m.index ?? 0;
    if (out.some((f) => f.start !== undefined && f.start <= s.start + at && (f.end ?? 0) > s.start + at)) continue;
    out.push(finding('human-error', 'error', s, at, at + m[0].length, `"${m[0]}" puts the cause in a person's keystroke instead of the tool that accepted it.`, 'entered a value the tool accepted without a check', m[0]));
  }
}

const SOFTER: Record<string, string> = {
  careless: 'risky, and nothing flagged it',
  carelessly: 'without a safeguard',
  carelessness: 'a missing safeguard',
  sloppy: 'inconsistent',
  sloppily: 'inconsistently',
  lazy: 'quick',
  lazily: 'quickly',
  negligent: 'unguarded',
  negligence: 'a missing safeguard',
  ignorance: 'a gap in what was visible',
  ignorant: 'unaware',
  reckless: 'risky',
  recklessly: 'without a safeguard',
  ridiculous: 'a gap',
  irresponsible: 'risky',
  complacent: 'used to the usual behaviour',
  complacency: 'normalised behaviour',
  tired: 'on a long shift',
  exhausted: 'on a long shift',
  distracted: 'handling several things',
};

function judgemental(s: Clause, out: Finding[]): void {
  const t = s.text;
  for (const m of t.matchAll(JUDGEMENTAL)) {
    const at = m.index ?? 0;
    const w = m[0].toLowerCase().replace(/\s+/g, ' ');
    if (/^(?:tired|exhausted|distracted)$/.test(w)) {
      // only as a description of a person ("the tired admin", "Sam was tired")
      const near = words(t.slice(Math.max(0, at - 30), at + m[0].length + 30)).map((x) => x.toLowerCase());
      if (!near.some((x) => /^(?:admin|engineer|operator|on-?call|developer|he|she|they|responder|dba|reviewer)$/.test(x))) continue;
    }
    let suggestion: string | null = SOFTER[w] ?? null;
    let from = at;
    let to = at + m[0].length;
    const bother = /^(?:bothered to|(?:didn['’]t|did not|never) bother(?:ed)? to)$/.exec(w);
    if (bother) {
      const next = /^\s+([\p{L}'’-]+)/u.exec(t.slice(to));
      if (next) {
        to += next[0].length;
        suggestion = /^(?:didn|did not|never)/.test(w) ? `did not ${next[1]}` : pastTense(next[1]!);
      }
    } else if (/attention|awareness|asleep|bother|know better/.test(w)) {
      suggestion = null;
    }
    out.push(
      finding(
        'judgemental',
        'error',
        s,
        from,
        to,
        `"${m[0]}" judges a person's character or attention; it explains nothing about the conditions and makes people less willing to share what they saw.`,
        suggestion ? capLike(m[0], suggestion) : 'What could the people involved see at the time, and what made the signal easy to miss?',
        m[0],
      ),
    );
  }
  if (PRE_ADVERB.test(t)) for (const m of t.matchAll(JUDGE_ADVERB)) {
    const at = m.index ?? 0;
    const w = m[0].toLowerCase();
    // only when it colours a statement about people: the clause subject is a person, or it says "as usual"
    const after = t.slice(at + m[0].length);
    const nextClause = after.replace(/^[,\s]+/, '');
    const subAfter = classifySubject(nextClause.split(/\s+(?:bothered|failed|didn['’]t|did|never|should|could|would|was|were|is|are|had|has)\b/i)[0] ?? '', false);
    const subBefore = subjectAt(t, at);
    const negative = /\b(?:not|never|n['’]t|failed|missed|ignored|wrong|bothered|forgot|skipped|careless|should|could)\b/i.test(after);
    const person = (isPersonKind(subBefore.kind) && negative) || (at === 0 && isPersonKind(subAfter.kind));
    if (/^(?:just|simply)$/.test(w)) continue; // too common to flag alone
    const habit = /^(?:as usual|as always|yet again|once again|typical|typically)$/.test(w) || /^as \w+ always/.test(w);
    if (/again$/.test(w) && (at > 0 || !isPersonKind(subAfter.kind))) continue; // only "Once again the team …"
    if (!person && !habit) continue;
    if (habit && !isPersonKind(subBefore.kind) && !isPersonKind(subAfter.kind)) continue;
    const next = /^(,?\s+)([\p{L}@'’-]+)/u.exec(after);
    const to = at + m[0].length + (next ? next[0].length : 0);
    const sug = next ? capLike(m[0], next[2]!) : null;
    const group = habit;
    out.push(
      finding(
        group ? 'group-blame' : 'judgemental',
        'error',
        s,
        at,
        to,
        group
          ? `"${m[0]}" generalises about people's habits instead of describing this incident's conditions.`
          : `"${m[0]}" about what people did reads as a judgement made with hindsight; state the fact and what was visible at the time.`,
        group ? (next ? null : null) : sug,
        m[0],
      ),
    );
  }
}

function hindsight(s: Clause, out: Finding[]): void {
  const t = s.text;
  if (!PRE_HINDSIGHT.test(t)) return;
  for (const m of t.matchAll(HINDSIGHT)) {
    const at = m.index ?? 0;
    const w = m[0].toLowerCase();
    const suggestion = /^it\s/.test(w)
      ? /that$/.test(w)
        ? 'we now know that'
        : 'in hindsight it is clear'
      : /have been/.test(w)
        ? /^(?:should|would|must)/.test(w)
          ? 'was not visible at the time'
          : null
        : /bound|going/.test(w)
          ? 'was likely to fail under these conditions'
          : null;
    out.push(
      finding(
        'hindsight',
        'error',
        s,
        at,
        at + m[0].length,
        `"${m[0]}" is hindsight: knowing the outcome makes the signal look clear; describe what was visible at the time instead.`,
        suggestion ? capLike(m[0], suggestion) : 'What was visible at the time, and what made it easy to miss?',
        m[0],
      ),
    );
  }
}

function animated(s: Clause, out: Finding[]): void {
  const t = s.text;
  if (PRE_ANIMATED.test(t)) for (const m of t.matchAll(ANIMATED_PHRASE)) {
    const at = m.index ?? 0;
    const after = t.slice(at + m[0].length);
    const next = /^(\s+that)?(,?\s+)([\p{L}@'’-]+)/u.exec(after);
    const lead = /^(?:unbelievable|insane)$/i.test(m[0]) && next;
    out.push(
      finding(
        'animated',
        'error',
        s,
        at,
        lead ? at + m[0].length + next[0].length : at + m[0].length,
        `"${m[0]}" is animated language: it carries frustration, not information, and erodes the room's safety.`,
        lead ? capLike(m[0], next[3]!) : 'State the effect in numbers instead: who was affected, how many, for how long?',
        m[0],
      ),
    );
  }
  if (t.includes('!')) for (const m of t.matchAll(EXCLAIM)) {
    const at = m.index ?? 0;
    // a single "!" after a greeting or thanks, or in a two-word aside, is friendliness, not frustration
    if (m[0] === '!') {
      const before = words(t.slice(0, at));
      if (before.length <= 2 || COURTESY.test(before.at(-1) ?? '')) continue;
    }
    out.push(finding('animated', m[0].length > 1 ? 'error' : 'warning', s, at, at + m[0].length, 'Exclamation marks read as frustration or blame; state the fact plainly.', m[0].includes('?') ? '?' : '.', m[0]));
  }
  if (/[A-Z]{3}/.test(t)) for (const m of t.matchAll(SHOUTED)) {
    const at = m.index ?? 0;
    // shouting only when the sentence is not all capitals (headings, acronyms)
    if (t.replace(/[^\p{L}]/gu, '').length > 0 && t === t.toUpperCase()) break;
    out.push(finding('animated', 'warning', s, at, at + m[0].length, `"${m[0]}" in capitals reads as shouting.`, m[0].toLowerCase(), m[0]));
  }
}

function leadingQuestion(s: Clause, out: Finding[]): void {
  const t = s.text;
  if (!t.includes('?') || !PRE_QUESTION.test(t)) return;
  const duty = /(?:^|[;:,]\s*)\s*who\s+(?:was|were|is|are)\s+(supposed\s+to|meant\s+to|responsible\s+for|in\s+charge\s+of|on\s+the\s+hook\s+for)\b([^?]*)\?/i.exec(t);
  if (duty) {
    out.push(
      finding('leading-question', 'error', s, 0, t.length, 'A "who was supposed to …?" question looks for a person to hold responsible; ask how the work was set up and what the process showed at the time.', `How was "${`${duty[1]}${duty[2]}`.trim().replace(/^supposed to |^meant to /, '')}" set up at the time, and what made it easy to miss?`, 'who … supposed to'),
    );
    return;
  }
  const who = WHO_Q.exec(t);
  if (who && !WHO_NEUTRAL.test(who[1]!) && (/(?:ed|ke|ew|ote|oke|an|ent|ook|ave|ade|ut|et|ushed|ipped)$/i.test(who[1]!) || /^(?:let|allowed|approved|signed|decided|thought|made|broke|pushed|merged|shipped|deployed|wrote|forgot|missed|ignored|caused|did)$/i.test(who[1]!))) {
    const rest = `${who[1]}${who[2]}`.trim();
    out.push(
      finding(
        'leading-question',
        'error',
        s,
        0,
        t.length,
        'A "who …?" question looks for a person to hold responsible; ask how the decision was made and what the process showed at the time.',
        `What did the process show at the time, and what made "${rest}" look reasonable then?`,
        'who',
      ),
    );
    return;
  }
  const why = WHY_Q.exec(t);
  if (why) {
    // the subject is the longest run of words after the auxiliary that reads as a person ("the on-call")
    const after = `${why[2]}${why[3]}${why[4]}`.trim().split(/\s+/);
    let sub: Subject = { kind: 'unknown', text: '' };
    let k = 0;
    for (let n = Math.min(4, after.length - 1); n >= 1; n--) {
      const c = classifySubject(after.slice(0, n).join(' '), false);
      if (isPersonKind(c.kind)) {
        sub = c;
        k = n;
        break;
      }
    }
    if (!isPersonKind(sub.kind)) return;
    const rest = after.slice(k).join(' ').replace(/\?+$/, '');
    out.push(
      finding(
        'leading-question',
        'error',
        s,
        0,
        t.length,
        `"Why did${/n['’]t/.test(why[1]!) ? "n't" : ''} <person> …?" puts the listener on the defensive; ask what they saw and what made their action reasonable.`,
        `What was visible at the time, and what made "${rest}" look ${/n['’]t|not/.test(why[1]!) ? 'unnecessary' : 'reasonable'} then?`,
        `why ${why[1]}`,
      ),
    );
  }
}

/** Blameless-language findings for one line of text (one pass per sentence). */
export function lintBlame(line: string): Finding[] {
  if (!line.trim()) return [];
  const out: Finding[] = [];
  for (const s of sentences(line)) {
    const local: Finding[] = [];
    humanError(s, local);
    personAsCause(s, local);
    counterfactuals(s, local);
    hindsight(s, local);
    judgemental(s, local);
    animated(s, local);
    leadingQuestion(s, local);
    out.push(...dedupe(local));
  }
  return out;
}

/** Drop findings whose span sits inside another finding of the same or stronger rule. */
function dedupe(fs: Finding[]): Finding[] {
  const rank = (f: Finding) => (f.severity === 'error' ? 0 : f.severity === 'warning' ? 1 : 2);
  const sorted = [...fs].sort((a, b) => (a.start ?? 0) - (b.start ?? 0) || rank(a) - rank(b));
  const out: Finding[] = [];
  for (const f of sorted) {
    const dup = out.some(
      (g) => g.rule === f.rule && (g.start ?? 0) <= (f.start ?? 0) && (g.end ?? 0) >= (f.end ?? 0),
    );
    const overlapCause = out.some(
      (g) =>
        (g.rule === 'counterfactual' || g.rule === 'person-as-cause' || g.rule === 'group-blame') &&
        (f.rule === 'counterfactual' || f.rule === 'person-as-cause' || f.rule === 'group-blame') &&
        (g.start ?? 0) <= (f.start ?? 0) &&
        (g.end ?? 0) > (f.start ?? 0),
    );
    if (!dup && !overlapCause) out.push(f);
  }
  return out;
}

/** What had and had not fired by a time, for a local-rationality rewrite. */
export interface SignalFacts {
  /** clock time as shown to the room, e.g. "14:32" */
  at: string;
  fired?: string[];
  notFired?: string[];
  /** how to call the person ("the on-call engineer"); defaults to the finding's subject role */
  role?: string;
}

function list(xs: string[]): string {
  if (xs.length <= 1) return xs[0] ?? '';
  return `${xs.slice(0, -1).join(', ')} and ${xs.at(-1)}`;
}

/**
 * A blameless rewrite of `text` for one finding. With facts (what had and had not fired by a time) the
 * rewrite is a local-rationality framing: "Given the dashboards available at 14:32, the on-call engineer
 * had no signal that …". Without facts the finding's own suggestion is applied to the text.
 */
export function rewriteBlame(text: string, f: Finding, facts?: SignalFacts): string {
  const person = f.rule === 'counterfactual' || f.rule === 'person-as-cause' || f.rule === 'group-blame' || f.rule === 'human-error';
  if (facts && person) {
    const sub = classifySubject(f.span.split(/\s+(?:should|could|would|ought|failed|neglected|forgot|didn['’]t|did|never|broke|caused|ignored|missed)\b/i)[0] ?? '', true);
    const role = facts.role ?? (isPersonKind(sub.kind) ? roleOf(sub) : 'the on-call engineer');
    const notFired = (facts.notFired ?? []).filter((x) => x.trim());
    const fired = (facts.fired ?? []).filter((x) => x.trim());
    const what = notFired.length > 0 ? `: ${list(notFired)} had not fired` : ' pointing at the cause';
    const had = fired.length > 0 ? `${notFired.length > 0 ? ', and' : '; '} the only signal${fired.length > 1 ? 's' : ''} by then ${fired.length > 1 ? 'were' : 'was'} ${list(fired)}` : '';
    return `Given the dashboards available at ${facts.at}, ${role} had no signal${what}${had}.`;
  }
  if (!f.suggestion || f.suggestion.trim().endsWith('?')) return text;
  const i = f.start !== undefined && text.slice(f.start, f.end) === f.span ? f.start : text.toLowerCase().indexOf(f.span.toLowerCase());
  if (i < 0) return f.suggestion;
  return text.slice(0, i) + f.suggestion + text.slice(i + f.span.length);
}

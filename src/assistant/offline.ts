// The offline provider: deterministic, explainable, no network. The default, and every fallback.
import type { ActionItem, Session } from '../domain/schema.js';
import { oneLine } from '../domain/text.js';
import { personPattern, peopleOf, proposeNextQuestions, scrubPeople } from '../analysis/questions.js';
import { rulesRewrite } from './rewrite.js';
import { rulesSharpen } from './sharpen.js';
import type { Assistant, AssistContext, ProposalResult, RewriteResult, SharpenResult } from './types.js';

const IRREGULAR: Record<string, string> = {
  run: 'run', ran: 'run', seen: 'see', done: 'do', taken: 'take', known: 'know', gone: 'go', written: 'write',
  read: 'read', caught: 'catch', sent: 'send', built: 'build', set: 'set', put: 'put', paid: 'pay', made: 'make',
  told: 'tell', found: 'find', kept: 'keep', left: 'leave', shut: 'shut', been: 'be', had: 'have', given: 'give',
  added: 'add', begun: 'begin', chosen: 'choose', driven: 'drive', felt: 'feel', got: 'get', gotten: 'get',
  heard: 'hear', held: 'hold', let: 'let', meant: 'mean', rung: 'ring', spoken: 'speak', thought: 'think',
  understood: 'understand', woken: 'wake', withdrawn: 'withdraw', rebuilt: 'rebuild', rolled: 'roll',
};

/** The base form of a past participle ("checked" -> "check", "escalated" -> "escalate"): good enough for rules. */
export function baseVerb(participle: string): string {
  const v = participle.toLowerCase();
  if (IRREGULAR[v]) return IRREGULAR[v]!;
  if (v.endsWith('ied')) return `${v.slice(0, -3)}y`;
  if (v.endsWith('eed')) return v.slice(0, -1);
  if (!v.endsWith('ed')) return v;
  let w = v.slice(0, -2);
  if (/([b-df-hj-np-tv-z])\1$/.test(w) && !/(?:ll|ss|ff|zz)$/.test(w)) return w.slice(0, -1);
  if (/(?:[^aeiou]c|[aeiou][cvsz]|at|ut|ot|ur|ir|[rnl]g|[aeiou]g|iz|dg|rs|ns|rv|lv)$/.test(w) && !/(?:ee)$/.test(w)) w += 'e';
  return w;
}

type Fix = [RegExp, (m: string, ...g: string[]) => string, string];

const FIXES: Fix[] = [
  // "should not have restarted" -> "restarted": the action happened; the judgement goes
  [/\b(?:should(?: not|n't| never)|shouldn't) have\s+/gi, () => '', 'counterfactual wording judges with hindsight'],
  // "should have checked" / "could have checked" -> "did not check": the fact, without the judgement
  [/\b(?:should|could|would|ought to) have\s+([A-Za-z]+)/gi, (_m, v) => `did not ${baseVerb(v!)}`, 'counterfactual wording describes what did not happen'],
  [/\b(?:failed|neglected|forgot) to\b/gi, () => 'did not', '"failed to" and "forgot" judge attention, not conditions'],
  [/\b(?:careless(?:ly)?|sloppy|lazy|ridiculous|stupid|incompetent)\s*/gi, () => '', 'evaluative words about people'],
  [/\b(?:human|operator|user) error\b/gi, () => 'a step the tooling allowed', '"human error" names a person, not a condition'],
  [/!+/g, () => '.', 'exclamation marks read as blame'],
];

/** Blameless rewrite by rules: names to roles, counterfactuals to facts, loaded words out. */
export function offlineRewrite(session: Session, text: string): RewriteResult {
  const people = personPattern(peopleOf(session));
  let out = oneLine(text);
  const reasons: string[] = [];
  const named = scrubPeople(out, people, 'a responder');
  if (named !== out) reasons.push('people replaced by roles');
  out = named;
  for (const [re, rep, why] of FIXES) {
    re.lastIndex = 0;
    const next = out.replace(re, rep as (substring: string, ...args: string[]) => string);
    if (next !== out && !reasons.includes(why)) reasons.push(why);
    out = next;
  }
  out = out.replace(/\s{2,}/g, ' ').replace(/\.{2,}/g, '.').trim();
  out = out.charAt(0).toUpperCase() + out.slice(1);
  return { provider: 'offline', rewrite: { original: oneLine(text), rewrite: out, reasons } };
}

const VAGUE = /^(?:improve|look into|investigate|make sure|ensure|review|consider|try to|be more careful|remind|train)\b\s*/i;

/** Sharpen by rules: flag vague verbs and people-focused fixes; ask for a verifiable end state. */
export function offlineSharpen(session: Session, item: ActionItem): SharpenResult {
  const people = personPattern(peopleOf(session));
  const reasons: string[] = [];
  let title = scrubPeople(oneLine(item.title), people, 'the owning team');
  const m = VAGUE.exec(title);
  if (m) {
    reasons.push(`"${m[0].trim()}" is vague: start with a verb that names the change (add, alert, limit, automate)`);
    title = `Add ${title.slice(m[0].length)}`.trim();
  }
  const doneWhen = item.doneWhen.trim() || `a check shows "${title}" is in place (a test, an alert rule or a config value anyone can inspect)`;
  if (!item.doneWhen.trim()) reasons.push('no verifiable end state: add what "done" looks like');
  const ownerRole = item.ownerRole.trim() || 'owning team';
  return { provider: 'offline', item: { title, doneWhen, ownerRole, reasons } };
}

export function createOfflineAssistant(): Assistant & Required<Pick<Assistant, 'rewriteBlameless' | 'sharpenAction'>> {
  return {
    id: 'offline',
    async proposeQuestions(session, nodeId, opts): Promise<ProposalResult> {
      const proposals = proposeNextQuestions(session, nodeId);
      opts?.onPartial?.(proposals);
      return { provider: 'offline', proposals };
    },
    // the analysis rules (src/analysis/blame.ts, actionItems.ts), the same ones that check Claude's answers
    async rewriteBlameless(text: string, ctx: AssistContext) {
      return rulesRewrite(ctx.session, text);
    },
    async sharpenAction(item: ActionItem, ctx: AssistContext) {
      return rulesSharpen(ctx.session, item, ctx.today);
    },
  };
}

// The offline provider: deterministic, explainable, no network. The default, and every fallback.
import type { ActionItem, Session } from '../domain/schema.js';
import { oneLine } from '../domain/text.js';
import { personPattern, peopleOf, proposeNextQuestions, scrubPeople } from '../analysis/questions.js';
import type { Assistant, AssistContext, ProposalResult, RewriteResult, SharpenResult } from './types.js';

const COUNTERFACTUALS: [RegExp, string, string][] = [
  [/\b(?:should(?: not|n't)? have|could have|failed to|neglected to)\s+/gi, '', 'counterfactual wording describes what did not happen'],
  [/\b(?:careless(?:ly)?|sloppy|lazy|ridiculous|stupid)\s*/gi, '', 'evaluative words about people'],
  [/\bhuman error\b/gi, 'a step the tooling allowed', '"human error" names a person, not a condition'],
  [/\bforgot to\b/gi, 'did not', '"forgot" judges attention'],
];

/** Blameless rewrite by rules: names to roles, counterfactuals and loaded words out. */
export function offlineRewrite(session: Session, text: string): RewriteResult {
  const people = personPattern(peopleOf(session));
  let out = oneLine(text);
  const reasons: string[] = [];
  const named = scrubPeople(out, people, 'a responder');
  if (named !== out) reasons.push('people replaced by roles');
  out = named;
  for (const [re, rep, why] of COUNTERFACTUALS) {
    re.lastIndex = 0;
    if (re.test(out)) {
      re.lastIndex = 0;
      out = out.replace(re, rep);
      reasons.push(why);
    }
  }
  out = out.replace(/\s{2,}/g, ' ').replace(/^\s*a responder/, 'A responder').trim();
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
    async rewriteBlameless(text: string, ctx: AssistContext) {
      return offlineRewrite(ctx.session, text);
    },
    async sharpenAction(item: ActionItem, ctx: AssistContext) {
      return offlineSharpen(ctx.session, item);
    },
  };
}

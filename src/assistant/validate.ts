// Checking what comes back from a model before anyone sees it: the schema again (locally), length caps,
// no commands, links or injected instructions that were not in the data we sent, people's names kept out,
// everything sanitised. Pure.
import { z } from 'zod';
import { CATEGORIES } from '../domain/schema.js';
import { clip, oneLine, sanitize } from '../domain/text.js';
import type { Proposal } from './types.js';
import type { Redactor } from './redact.js';

export const ProposalSchema = z
  .object({
    question: z.string().min(3).max(600),
    mode: z.enum(['why', 'how']),
    category: z.enum(CATEGORIES),
    rationale: z.string().max(1200),
    evidence: z.array(z.string().max(200)).max(30),
  })
  .strict();

export const ProposalsSchema = z.object({ proposals: z.array(ProposalSchema).min(1).max(10) }).strict();

const URL_RE = /\b(?:https?|ftp|file|ssh|git):\/\/[^\s)"'<>\]]+|\bwww\.[a-z0-9-]+\.[^\s)"'<>\]]+/gi;
/** Command lines, not words: "ssh access" or "bash scripts" pass, "ssh root@host" and "rm -rf /" do not. */
const COMMAND_RE =
  /(?:^|[\s`'"(;|&])(?:sudo\s+\S+|rm\s+-[a-z]*[rf][a-z]*\b(?:\s+[^\s?!,;]+)?|curl\s+(?:-\S+|https?:\/\/\S+)|wget\s+(?:-\S+|https?:\/\/\S+)|bash\s+(?:-c\b|\S+\.sh\b)|sh\s+-c\b|zsh\s+-c\b|powershell(?:\.exe)?\s+-\S+|chmod\s+(?:[0-7]{3,4}|[ugoa]*[+-=][rwx]+)\s+\S+|chown\s+\S+:\S*\s+\S+|kubectl\s+(?:delete|exec|apply|scale|drain|cordon|patch|edit|rollout)\b(?:\s+[^\s?!,;]+)?|docker\s+(?:run|exec|rm|kill)\b(?:\s+[^\s?!,;]+)?|ssh\s+(?:-\S+|\S+@\S+)|scp\s+\S+\s+\S+:|nc\s+-\S+|eval\s*\(|exec\s*\(|drop\s+(?:table|database)\s+\S+|delete\s+from\s+\S+|truncate\s+table\s+\S+|mkfs\.\S+|dd\s+if=\S+|shutdown\s+-\S+|systemctl\s+(?:start|stop|restart|disable|enable|mask)\s+\S+|pip\s+install\s+\S+|npm\s+(?:install|i)\s+\S+|git\s+push\b(?:\s+[^\s?!,;]+)?|:\(\)\s*\{)/gi;
const SHELL_META = /\$\([^)]*\)|`[^`]+`|\|\s*(?:ba|z)?sh\b|```/g;
const INJECTION =
  /\b(?:ignore|disregard|forget)\s+(?:all\s+|any\s+|the\s+|your\s+)*(?:previous|prior|above|earlier|system)\s+(?:instructions?|prompts?|rules?|messages?)|\bsystem prompt\b|\byou are now\b|\bnew instructions?\b|\bact as\b|\bjailbreak\b/i;
const MARKDOWN_LINK = /\[[^\]]*\]\([^)]*\)/;

/** Why a reply was refused, for the visible note. */
export type RejectReason = 'not-json' | 'out-of-schema' | 'unsafe' | 'empty';

export interface CheckContext {
  /** the redacted data that was sent */
  sourceText: string;
  /** ids of events in the data */
  eventIds: Set<string>;
  redactor: Redactor;
}

/** A command, link or injected instruction in `text` that did not come from the source, or null. */
export function unsafeContent(text: string, sourceText: string): string | null {
  const source = sourceText.toLowerCase();
  const inSource = (s: string) => source.includes(s.trim().toLowerCase());
  if (INJECTION.test(text)) return 'an instruction aimed at the assistant';
  if (MARKDOWN_LINK.test(text)) return 'a link';
  for (const m of text.matchAll(URL_RE)) if (!inSource(m[0])) return 'a link that is not in the incident data';
  for (const m of text.matchAll(COMMAND_RE)) {
    const cmd = m[0].replace(/^[\s`'"(;|&]/, '');
    if (!inSource(cmd)) return 'a command that is not in the incident data';
  }
  for (const m of text.matchAll(SHELL_META)) if (!inSource(m[0])) return 'shell syntax';
  return null;
}

const WHO = /(?:^|[.?!:;]\s*|\s)who(?:'s|se|m)?\b/i;

export type ItemCheck = { ok: true; proposal: Proposal } | { ok: false; reason: RejectReason; detail: string };

/** One proposal: schema, safety, then restored (placeholders back, people as roles), sanitised. */
export function checkProposal(raw: unknown, ctx: CheckContext): ItemCheck {
  const parsed = ProposalSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, reason: 'out-of-schema', detail: parsed.error.issues[0]?.message ?? 'invalid' };
  // terminal escapes, control characters and bidi overrides go first: what is checked is what would show
  const p = { ...parsed.data, question: sanitize(parsed.data.question), rationale: sanitize(parsed.data.rationale) };
  const unsafe = unsafeContent(`${p.question}\n${p.rationale}\n${p.evidence.join(' ')}`, ctx.sourceText);
  if (unsafe) return { ok: false, reason: 'unsafe', detail: unsafe };
  const restore = (t: string) => oneLine(ctx.redactor.restore(t, { names: false, secrets: false }));
  const question = clip(restore(p.question), 300);
  if (WHO.test(question)) return { ok: false, reason: 'out-of-schema', detail: 'a "who" question' };
  return {
    ok: true,
    proposal: {
      question,
      mode: p.mode,
      category: p.category,
      rationale: clip(restore(p.rationale), 400),
      evidence: [...new Set(p.evidence.filter((id) => ctx.eventIds.has(id)))],
    },
  };
}

export type AnswerCheck = { ok: true; proposals: Proposal[]; dropped: number } | { ok: false; reason: RejectReason; detail: string };

/**
 * The whole answer text. Unsafe content anywhere rejects the whole answer (a sign the data steered the
 * model); a single out-of-schema or "who" proposal is dropped; no proposal left rejects the answer.
 */
export function checkQuestionsAnswer(text: string, ctx: CheckContext): AnswerCheck {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'not-json', detail: 'not valid JSON' };
  }
  const parsed = ProposalsSchema.safeParse(json);
  if (!parsed.success) return { ok: false, reason: 'out-of-schema', detail: parsed.error.issues[0]?.message ?? 'invalid' };
  const proposals: Proposal[] = [];
  let dropped = 0;
  for (const item of parsed.data.proposals) {
    const r = checkProposal(item, ctx);
    if (r.ok) proposals.push(r.proposal);
    else if (r.reason === 'unsafe') return r;
    else dropped++;
  }
  if (!proposals.length) return { ok: false, reason: 'empty', detail: 'no usable proposal' };
  return { ok: true, proposals: proposals.slice(0, 4), dropped };
}

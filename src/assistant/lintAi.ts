// Claude's rewrites for `debrief lint --ai claude`: the lines with a blame finding that has a rewrite are
// sent one by one (redacted: names the text itself reveals become roles, secrets, emails and addresses
// become placeholders), and Claude's rewrite replaces the rules' suggestion on that line only when it
// passes the same blame rules (rewrite.ts). No I/O here: the caller passes the assistant and the time.
import { looksLikeName } from '../analysis/lexicon.js';
import type { Finding } from '../analysis/blame.js';
import { reduce } from '../domain/reducer.js';
import type { Session } from '../domain/schema.js';
import { createSession } from '../domain/session.js';
import { buildRewriteRequest } from './request.js';
import type { Assistant, ProviderId } from './types.js';

/** At most this many lines are sent per run; the rest keep the rules' suggestions. */
export const MAX_LINT_REWRITES = 25;

const VERBISH = /^(?:should|shouldn['’]t|could|couldn['’]t|would|must|was|were|is|had|has|did|didn['’]t|forgot|failed|broke|neglected|ignored|missed|caused|deployed|ran|pushed|made|never|just|clearly|obviously|decided|chose|merged|approved|skipped|dropped|deleted|ran)$/i;

/**
 * People's names a free text reveals (there is no session to list them): capitalised words that read as
 * names mid-sentence, and at the start of a sentence when a failure verb or a surname follows. Errs on
 * the side of redacting: a product name taken for a person costs a little quality, a name sent costs privacy.
 */
export function namesInText(text: string): string[] {
  const out = new Set<string>();
  // emails, URLs and host names are redacted on their own; "priya" in priya.nair@… says nothing about "Priya"
  const prose = text.replace(/\S+@\S+|\S+:\/\/\S+|\b[\w-]+(?:\.[\w-]+){2,}\b/g, ' ');
  for (const m of text.matchAll(/(?<![\p{L}\p{N}_@.-])(\p{Lu}[\p{Ll}'’-]+)(?:\s+(\p{Lu}[\p{Ll}'’-]+))?/gu)) {
    const word = m[1]!.replace(/['’]s$/, '');
    const before = text.slice(0, m.index).replace(/[*_`>#\s-]+$/, '');
    const initial = before === '' || /[.!?:;\n|]$/.test(before) || /^\s*(?:[-*+]|\d+[.)])?\s*$/.test(before.split('\n').at(-1) ?? '');
    if (!looksLikeName(word, initial)) continue;
    if (initial) {
      const next = text.slice(m.index + m[0].length).trimStart().split(/\s+/)[0] ?? '';
      const surname = m[2] && looksLikeName(m[2], false);
      // "Checkout failed" is a product when "checkout" also appears in lower case
      if (new RegExp(`(?<![\\p{L}])${word.toLowerCase()}(?![\\p{L}])`, 'u').test(prose.replace(new RegExp(word, 'g'), '').toLowerCase())) continue;
      if (!surname && !VERBISH.test(next)) continue;
    }
    out.add(m[2] && looksLikeName(m[2], false) ? `${word} ${m[2]}` : word);
  }
  return [...out];
}

/** A throwaway session for text outside any session: the names found become attendees (so they are redacted). */
export function lintSession(text: string, now: string): Session {
  let s = createSession({ id: 'lint', now, incident: { title: 'Text checked by debrief lint' } });
  for (const name of namesInText(text)) s = reduce(s, { type: 'meeting/addAttendee', attendee: { name, role: 'responder' } });
  return s;
}

/** The text of a line as it would be rewritten: list markers, quote marks and emphasis markers off. */
export function lineText(line: string): string {
  return line
    .replace(/^\s*(?:>\s*)*(?:[-*+]\s+(?:\[[ xX]\]\s+)?|\d+[.)]\s+)?/, '')
    .replace(/[*_`]{1,3}/g, '')
    .trim();
}

/** 1-based line numbers whose blame findings carry a rewrite, in order, capped. */
export function linesToRewrite(findings: readonly Finding[], max = MAX_LINT_REWRITES): { lines: number[]; skipped: number } {
  const all = [...new Set(findings.filter((f) => f.kind === 'blame' && f.line !== undefined && f.suggestion && !f.suggestion.trim().endsWith('?')).map((f) => f.line!))];
  return { lines: all.slice(0, max), skipped: Math.max(0, all.length - max) };
}

/** Exactly what would be sent for each line (system prompt once, then one user turn per line). */
export function lintPreview(session: Session, text: string, findings: readonly Finding[]): { system: string; requests: { line: number; user: string }[] } {
  const src = text.split('\n');
  const { lines } = linesToRewrite(findings);
  let system = '';
  const requests = lines.map((n) => {
    const req = buildRewriteRequest(session, lineText(src[n - 1] ?? ''));
    system = req.system;
    return { line: n, user: req.user };
  });
  return { system, requests };
}

export type LintFinding = Finding & { suggestedBy?: ProviderId };

export interface LintAiResult {
  findings: LintFinding[];
  /** "claude" when at least one line got Claude's rewrite */
  provider: ProviderId;
  /** lines Claude rewrote */
  rewritten: number;
  /** one line per fallback (or per skipped batch) */
  notes: string[];
}

/**
 * Ask the assistant to rewrite each flagged line (a few at a time); a line's blame findings get the
 * rewrite as their suggestion and `suggestedBy`. Findings keep their order; action findings are untouched.
 */
export async function rewriteLintFindings(
  text: string,
  findings: readonly Finding[],
  assistant: Assistant,
  session: Session,
  opts: { signal?: AbortSignal; concurrency?: number } = {},
): Promise<LintAiResult> {
  const src = text.split('\n');
  const { lines, skipped } = linesToRewrite(findings);
  const byLine = new Map<number, { text: string; provider: ProviderId; note?: string }>();
  const notes: string[] = [];
  if (assistant.rewriteBlameless) {
    const queue = [...lines];
    const worker = async () => {
      for (let n = queue.shift(); n !== undefined; n = queue.shift()) {
        const r = await assistant.rewriteBlameless!(lineText(src[n - 1] ?? ''), { session }, opts.signal ? { signal: opts.signal } : {});
        byLine.set(n, { text: r.rewrite.rewrite, provider: r.provider, ...(r.note ? { note: r.note } : {}) });
        if (r.note) notes.push(`line ${n}: ${r.note}`);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency ?? 4, lines.length)) }, worker));
  }
  if (skipped) notes.push(`${skipped} more line${skipped === 1 ? '' : 's'} kept the rules' suggestions (at most ${MAX_LINT_REWRITES} lines are sent per run)`);
  const out = findings.map((f): LintFinding => {
    const r = f.kind === 'blame' && f.line !== undefined ? byLine.get(f.line) : undefined;
    if (!r || !f.suggestion || f.suggestion.trim().endsWith('?')) return { ...f };
    return r.provider === 'claude' ? { ...f, suggestion: r.text, suggestedBy: 'claude' } : { ...f, suggestedBy: 'offline' };
  });
  const rewritten = [...byLine.values()].filter((r) => r.provider === 'claude').length;
  notes.sort((a, b) => Number(/^line (\d+)/.exec(a)?.[1] ?? 1e9) - Number(/^line (\d+)/.exec(b)?.[1] ?? 1e9));
  return { findings: out, provider: rewritten ? 'claude' : 'offline', rewritten, notes };
}

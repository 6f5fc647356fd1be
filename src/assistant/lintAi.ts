// Claude's rewrites for `debrief lint --ai claude`: the lines with a blame finding that has a rewrite (and
// the action-item lines the specificity rules flag, for sharpening) are sent one by one (redacted: names the text itself reveals become roles, secrets, emails and addresses
// become placeholders), and Claude's rewrite replaces the rules' suggestion on that line only when it
// passes the same blame rules (rewrite.ts). No I/O here: the caller passes the assistant and the time.
import { looksLikeName } from '../analysis/lexicon.js';
import { checkActionText, dueOf, ownerOf } from '../analysis/actionItems.js';
import type { Finding } from '../analysis/blame.js';
import { reduce } from '../domain/reducer.js';
import type { ActionItem, Session } from '../domain/schema.js';
import { createSession } from '../domain/session.js';
import { buildRewriteRequest, buildSharpenRequest } from './request.js';
import { dayOf, defaultDue, isDay } from './sharpen.js';
import type { Assistant, ProviderId, SharpenedAction } from './types.js';

/** At most this many lines are sent per run; the rest keep the rules' suggestions. */
export const MAX_LINT_REWRITES = 25;

const VERBISH = /^(?:should|shouldn['’]t|could|couldn['’]t|would|must|was|were|is|had|has|did|didn['’]t|forgot|failed|broke|neglected|ignored|missed|caused|deployed|ran|pushed|made|never|just|clearly|obviously|decided|chose|merged|approved|skipped|dropped|deleted|took|went|left|told|kept|sent|wrote|set|put|saw|thought|knew|got|will|can|cannot|can['’]t|won['’]t|wasn['’]t|isn['’]t|and|who|also|then|said|says|thinks|wants|needs|forgets|ignores|misses|breaks|runs|has|does|to)$/i;

/**
 * People's names a free text reveals (there is no session to list them): capitalised words that read as
 * names mid-sentence, and at the start of a sentence when a failure verb or a surname follows. Errs on
 * the side of redacting: a product name taken for a person costs a little quality, a name sent costs privacy.
 */
export function namesInText(text: string): string[] {
  const out = new Set<string>();
  // emails, URLs and host names are redacted on their own; "priya" in priya.nair@… says nothing about "Priya"
  const prose = text.replace(/\S+@\S+|\S+:\/\/\S+|\b[\w-]+(?:\.[\w-]+){2,}\b/g, ' ');
  for (const m of text.matchAll(/(?<![\p{L}\p{N}_@.-])(\p{Lu}[\p{Ll}'’-]+)(?![\p{L}\p{N}_])(?:\s+(\p{Lu}[\p{Ll}'’-]+)(?![\p{L}\p{N}_]))?/gu)) {
    const word = m[1]!.replace(/['’]s$/, '');
    const before = text.slice(0, m.index).replace(/[*_`>#\s-]+$/, '');
    const initial = before === '' || /[.!?:;\n|]$/.test(before) || /^\s*(?:[-*+]|\d+[.)])?\s*$/.test(before.split('\n').at(-1) ?? '');
    if (!looksLikeName(word, initial)) continue;
    if (initial) {
      const next = text.slice(m.index + m[0].length).trimStart().split(/\s+/)[0] ?? '';
      const surname = m[2] && looksLikeName(m[2], false);
      // "Checkout failed" is a product when "checkout" also appears in lower case
      if (new RegExp(`(?<![\\p{L}])${word.toLowerCase()}(?![\\p{L}])`, 'u').test(prose.replace(new RegExp(word, 'g'), '').toLowerCase())) continue;
      const possessive = /['’]s$/.test(m[1]!);
      const labelled = /\b(?:owner|owners|assignee|dri|lead|owned by|assigned to|cc|by)\s*[:=]?$/i.test(before);
      if (!surname && !possessive && !labelled && !VERBISH.test(next) && !/^[a-z]{2,}ed$/.test(next)) continue;
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

type Task = { line: number; kind: 'blame' | 'action' };

const SHARPENABLE = new Set<string>(['vague-action', 'people-fix-action', 'no-owner', 'no-date', 'not-verifiable']);

function wantsModel(f: Finding): boolean {
  if (f.line === undefined || !f.suggestion || f.suggestion.trim().endsWith('?')) return false;
  return f.kind === 'blame' || SHARPENABLE.has(f.rule);
}

/** The lines (and which kind of help) to send, in order, capped; blame rewrites first on a line. */
export function linesToRewrite(findings: readonly Finding[], max = MAX_LINT_REWRITES): { tasks: Task[]; lines: number[]; skipped: number } {
  const seen = new Set<string>();
  const all: Task[] = [];
  for (const f of findings) {
    if (!wantsModel(f)) continue;
    const key = `${f.line}:${f.kind}`;
    if (seen.has(key)) continue;
    seen.add(key);
    all.push({ line: f.line!, kind: f.kind });
  }
  const lines = [...new Set(all.map((t) => t.line))];
  const kept = new Set(lines.slice(0, max));
  return { tasks: all.filter((t) => kept.has(t.line)), lines: [...kept], skipped: Math.max(0, lines.length - max) };
}

/** An action-item line as a structured item (owner and an ISO due date when the text gives them). */
export function itemFromLine(line: string): ActionItem {
  const t = lineText(line);
  const due = dueOf(t).due;
  return { id: 'lint', title: t, doneWhen: '', ownerRole: ownerOf(t) ?? '', owner: null, due: due && isDay(due) ? due : null, horizon: 'short', priority: 'P2', factors: [], tracker: null, status: 'open' };
}

/** A sharpened item as one line of text, the shape lint suggestions have. */
export function itemText(s: SharpenedAction): string {
  const strip = (x: string) => x.trim().replace(/[.!\s]+$/, '');
  return [`${strip(s.title)}.`, s.ownerRole.trim() ? `Owner: ${strip(s.ownerRole)}.` : '', s.due ? `Due ${s.due}.` : '', s.doneWhen.trim() ? `Done when ${strip(s.doneWhen).replace(/^done when\s+/i, '')}.` : '']
    .filter(Boolean)
    .join(' ');
}

/** Exactly what would be sent for each line (system prompt once, then one user turn per line and kind). */
export function lintPreview(session: Session, text: string, findings: readonly Finding[]): { system: string; requests: { line: number; kind: 'blame' | 'action'; user: string }[] } {
  const src = text.split('\n');
  const { tasks } = linesToRewrite(findings);
  let system = '';
  const requests = tasks.map((t) => {
    const raw = src[t.line - 1] ?? '';
    const req =
      t.kind === 'blame'
        ? buildRewriteRequest(session, lineText(raw))
        : buildSharpenRequest(session, itemFromLine(raw), { today: dayOf(session.updatedAt), proposedDue: defaultDue(session, itemFromLine(raw)) });
    system = req.system;
    return { line: t.line, kind: t.kind, user: req.user };
  });
  return { system, requests };
}

export type LintFinding = Finding & { suggestedBy?: ProviderId };

export interface LintAiResult {
  findings: LintFinding[];
  /** "claude" when at least one line got Claude's rewrite */
  provider: ProviderId;
  /** lines Claude rewrote or sharpened */
  rewritten: number;
  /** one line per fallback (or per skipped batch) */
  notes: string[];
}

/**
 * Ask the assistant about each flagged line (a few at a time): blame findings get Claude's checked
 * rewrite of the line, action findings Claude's checked sharpened item, as their suggestion with
 * `suggestedBy`. Findings keep their order and every contract field.
 */
export async function rewriteLintFindings(
  text: string,
  findings: readonly Finding[],
  assistant: Assistant,
  session: Session,
  opts: { signal?: AbortSignal; concurrency?: number } = {},
): Promise<LintAiResult> {
  const src = text.split('\n');
  const { tasks, skipped } = linesToRewrite(findings);
  const done = new Map<string, { text: string; provider: ProviderId }>();
  const notes: string[] = [];
  const call = opts.signal ? { signal: opts.signal } : {};
  const queue = [...tasks];
  // a failure of the service itself (key refused, timeout, overload) stops sending: the next line would fail the same way
  let stopped: string | null = null;
  let unsent = 0;
  const transport = (note: string | undefined) => !!note && !/^Claude's (?:rewrite|item|answer|due)/.test(note);
  const worker = async () => {
    for (let t = queue.shift(); t !== undefined; t = queue.shift()) {
      if (stopped) {
        unsent++;
        continue;
      }
      const raw = src[t.line - 1] ?? '';
      if (t.kind === 'blame' && assistant.rewriteBlameless) {
        const r = await assistant.rewriteBlameless(lineText(raw), { session }, call);
        done.set(`${t.line}:blame`, { text: r.rewrite.rewrite, provider: r.provider });
        if (r.note) notes.push(`line ${t.line}: ${r.note}`);
        if (transport(r.note)) stopped ??= r.note!;
      } else if (t.kind === 'action' && assistant.sharpenAction) {
        const r = await assistant.sharpenAction(itemFromLine(raw), { session }, call);
        if (transport(r.note)) stopped ??= r.note!;
        let provider = r.provider;
        const line = itemText(r.item);
        // the line as lint will show it must pass the same action rules as the structured item did
        const left = provider === 'claude' ? checkActionText(line).filter((f) => SHARPENABLE.has(f.rule)) : [];
        if (left.length) {
          provider = 'offline';
          notes.push(`line ${t.line}: Claude's item still fails the ${left[0]!.rule} rule as a line; offline suggestion shown`);
        } else if (r.note) notes.push(`line ${t.line}: ${r.note}`);
        done.set(`${t.line}:action`, { text: line, provider });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency ?? 4, tasks.length)) }, worker));
  if (unsent) notes.push(`${unsent} more line${unsent === 1 ? ' was' : 's were'} not sent after that failure; the rules' suggestions are shown`);
  if (skipped) notes.push(`${skipped} more line${skipped === 1 ? '' : 's'} kept the rules' suggestions (at most ${MAX_LINT_REWRITES} lines are sent per run)`);
  const out = findings.map((f): LintFinding => {
    const r = wantsModel(f) ? done.get(`${f.line}:${f.kind}`) : undefined;
    if (!r) return { ...f };
    return r.provider === 'claude' ? { ...f, suggestion: r.text, suggestedBy: 'claude' } : { ...f, suggestedBy: 'offline' };
  });
  const rewritten = new Set([...done.entries()].filter(([, r]) => r.provider === 'claude').map(([k]) => k.split(':')[0])).size;
  notes.sort((a, b) => Number(/^line (\d+)/.exec(a)?.[1] ?? 1e9) - Number(/^line (\d+)/.exec(b)?.[1] ?? 1e9));
  return { findings: out, provider: rewritten ? 'claude' : 'offline', rewritten, notes };
}

// Line-by-line lint of a text or Markdown file: blame rules on every line, action-item rules on the
// lines that are action items (`auto` decides per line). Also the console's live linter. Pure.
import { checkActionText, ownerOf, sharpenTitle, type ActionFacts } from './actionItems.js';
import { lintBlame, type Finding } from './blame.js';
import { IMPERATIVE_VERBS, isVerbish } from './lexicon.js';
import { parseMarkdown, plain, rowAsItem, type MdLine, type MdSection } from './markdown.js';

export type { Finding } from './blame.js';
export type LintMode = 'auto' | 'prose' | 'actions';

export interface LintOptions {
  as?: LintMode;
  /** facts for sharpened action-item rewrites (owner role, severity, horizon, today) */
  facts?: ActionFacts;
}

const DUE_LABEL = /\b(?:due|deadline|eta|target\s+date)\s*[:=]?\s*(?:\d{4}-\d{2}-\d{2}|\d{1,2}\s+[A-Za-z]{3,9}|[A-Za-z]{3,9}\s+\d{1,2}|q[1-4]|end\s+of|asap|next|by\b)/i;
const OWNER_LABEL = /\b(?:owner|assignee|dri)\s*[:=]|\b(?:owned\s+by|assigned\s+to)\s+\S/i;
const TIMED = /^\s*(?:[-*+]\s+)?(?:\*\*)?\s*(?:\d{4}-\d{2}-\d{2}[ T])?\d{1,2}:\d{2}/;

/** Whether one line is an action item (for `--as auto`). */
export function isActionLine(line: MdLine, section: MdSection | undefined): boolean {
  if (line.code || line.heading) return false;
  if (!line.row && /^\s*\|/.test(line.text)) return false; // table header or separator
  const text = line.row ? rowAsItem(line) : plain(line.text);
  if (!text.trim()) return false;
  const underActions = section?.kind === 'actions';
  if (underActions && (line.item || line.row)) return true;
  if (section?.kind === 'timeline' || TIMED.test(line.text)) return false;
  if (OWNER_LABEL.test(text) || DUE_LABEL.test(text)) return true;
  const analysis = section !== undefined && !['actions', 'other', 'lessons', 'went-wrong'].includes(section.kind);
  if (line.item && !analysis) {
    const ws = text.split(/\s+/);
    const first = (ws[0] ?? '').toLowerCase().replace(/[^a-z-]/g, '');
    const second = ws[1] ?? '';
    if (IMPERATIVE_VERBS.has(first) && /^\p{Lu}/u.test(ws[0] ?? '') && !isVerbish(second) && !/^(?:is|was|were|are|went|fired|came)$/i.test(second) && !/^[\d#]/.test(second)) return true;
    if (ownerOf(text) && /\bto\s+[a-z]/.test(text) && /^\S+(?:\s+\S+){0,3}\s+to\s/.test(text)) return true;
  }
  return false;
}

/** Findings for a whole text, each with its 1-based line. Fenced code blocks are skipped. */
export function lintText(text: string, opts: LintOptions = {}): Finding[] {
  const as = opts.as ?? 'auto';
  const out: Finding[] = [];
  for (const section of parseMarkdown(text)) {
    for (const line of section.lines) {
      if (line.code || !line.text.trim()) continue;
      // offsets are within the line; a table row is checked cell by cell, so its findings carry none
      if (line.row) {
        for (const cell of line.cells ?? []) {
          for (const f of lintBlame(cell)) {
            const { start: _s, end: _e, ...rest } = f;
            out.push({ ...rest, line: line.n });
          }
        }
      } else for (const f of lintBlame(line.text)) out.push({ ...f, line: line.n });
      const action = as === 'actions' ? !line.heading : as === 'prose' ? false : isActionLine(line, section);
      if (!action) continue;
      const itemText = line.row ? rowAsItem(line) : plain(line.text);
      for (const f of checkActionText(itemText, opts.facts)) out.push({ ...f, line: line.n });
    }
  }
  return out.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

/**
 * The console's live linter (the `Linter` of src/ui/steps/types.ts): blame rules on every line of the
 * text; with `as === 'action'` the action-item rules on the whole text as one item.
 */
export function lintForConsole(text: string, as: 'prose' | 'action', facts?: ActionFacts): Finding[] {
  if (!text.trim()) return [];
  const out: Finding[] = [];
  const lines = text.split('\n');
  let offset = 0;
  for (const l of lines) {
    for (const f of lintBlame(l)) out.push({ ...f, ...(f.start !== undefined ? { start: f.start + offset, end: (f.end ?? f.start) + offset } : {}) });
    offset += l.length + 1;
  }
  if (as === 'action') {
    // the text is one field (an item's title): rewrites replace the title, other fields get a question
    const t = lines.join(' ');
    const title = sharpenTitle(t);
    for (const f of checkActionText(t, facts)) {
      const rewrite = f.rule === 'vague-action' || f.rule === 'people-fix-action' || f.rule === 'symptom-only';
      out.push({ ...f, suggestion: rewrite ? title : (FIELD_QUESTION[f.rule] ?? null) });
    }
  }
  return out;
}

const FIELD_QUESTION: Record<string, string> = {
  'no-owner': 'Which role or team owns it?',
  'no-date': 'When is it due (immediate: this week, short term: this month, long term: this quarter)?',
  'not-verifiable': 'How will anyone check it is done: which threshold, test or observable condition?',
};

/** True when any finding is at error severity (lint's exit code 1). */
export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === 'error');
}

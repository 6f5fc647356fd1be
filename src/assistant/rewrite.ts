// Blameless rewrites (issue 7): the analysis rules offline (src/analysis/blame.ts), Claude when enabled.
// Whatever Claude returns is checked with the same blame rules before anyone sees it; a rewrite that
// still reads as blame, drops into placeholders or adds figures the sentence and the data did not have
// is refused, and the rules' rewrite is shown with a note. Pure: no I/O, no clock.
import { lintBlame, rewriteBlame, type Finding } from '../analysis/blame.js';
import { personPattern, peopleOf, scrubPeople } from '../analysis/questions.js';
import type { Session } from '../domain/schema.js';
import { clip, oneLine, sanitize } from '../domain/text.js';
import { offlineRewrite } from './offline.js';
import type { Rewrite, RewriteResult } from './types.js';

/** Blame findings that block a rewrite: errors and warnings (an info finding is advice, not blame). */
export function blameFindings(text: string): Finding[] {
  return text.split('\n').flatMap((l) => lintBlame(l)).filter((f) => f.severity !== 'info');
}

function hasRewrite(f: Finding): boolean {
  return !!f.suggestion && !f.suggestion.trim().endsWith('?');
}

/**
 * The rules' rewrite of one sentence: apply the innermost finding's rewrite, lint again, repeat (so
 * overlapping findings never splice into each other), then people's names become roles. When the rules
 * leave blame behind, the simpler fixes of offlineRewrite get a turn, and the cleaner text wins.
 */
export function rulesRewrite(session: Session, text: string): RewriteResult {
  const original = oneLine(sanitize(text));
  const reasons: string[] = [];
  let out = original;
  for (let i = 0; i < 8; i++) {
    const fs = lintBlame(out).filter(hasRewrite);
    if (fs.length === 0) break;
    const f = [...fs].sort((a, b) => a.span.length - b.span.length || (a.start ?? 0) - (b.start ?? 0))[0]!;
    const next = rewriteBlame(out, f).replace(/\s{2,}/g, ' ').replace(/\.{2,}/g, '.').trim();
    if (next === out) break;
    const why = `${f.rule}: ${clip(oneLine(f.message), 140)}`;
    if (!reasons.includes(why)) reasons.push(why);
    out = next;
  }
  const people = personPattern(peopleOf(session));
  const scrubbed = scrubPeople(out, people, 'a responder');
  if (scrubbed !== out) reasons.push('people replaced by roles');
  out = scrubbed ? scrubbed.charAt(0).toUpperCase() + scrubbed.slice(1) : scrubbed;
  if (blameFindings(out).length > 0) {
    const simple = offlineRewrite(session, out);
    if (blameFindings(simple.rewrite.rewrite).length < blameFindings(out).length) {
      out = simple.rewrite.rewrite;
      for (const r of simple.rewrite.reasons) if (!reasons.includes(r)) reasons.push(r);
    }
  }
  return { provider: 'offline', rewrite: { original, rewrite: out, reasons } };
}

const FIGURE = /(?<!\d)\d{1,2}:\d{2}(?::\d{2})?(?!\d)|\d[\d,.]*%?/g;
const PLACEHOLDER = /\[(?:[A-Z_]+_\d+|redacted)\]/;

/** Figures and times in `text` that appear in none of `sources` (digits compared without separators). */
export function newFigures(text: string, sources: readonly string[]): string[] {
  // times compare as HH:MM (the data has ISO instants with seconds), numbers without thousands separators
  const norm = (t: string) => (t.includes(':') ? t.split(':').slice(0, 2).join(':').padStart(5, '0') : t.replace(/,/g, '').replace(/\.$/, ''));
  const known = new Set(sources.flatMap((s) => (s.match(FIGURE) ?? []).map(norm)));
  return [...new Set((text.match(FIGURE) ?? []).map(norm))].filter((t) => t && !known.has(t));
}

/**
 * Why a model's rewrite cannot be shown, or null when it passes: empty, runaway length, a placeholder
 * left in, a figure the sentence and the data did not contain, or blame the rules still find.
 */
export function checkRewrite(original: string, rewrite: Rewrite, sourceText = ''): string | null {
  const text = rewrite.rewrite.trim();
  if (!text) return "Claude's rewrite was empty";
  if (text.length > Math.max(400, original.length * 4)) return "Claude's rewrite was far longer than the sentence";
  if (PLACEHOLDER.test(text)) return "Claude's rewrite kept a redaction placeholder";
  const added = newFigures(text, [original, sourceText]);
  if (added.length) return `Claude's rewrite added a figure that is not in the sentence ("${clip(added[0]!, 20)}")`;
  const blame = blameFindings(text);
  if (blame.length) {
    const b = blame[0]!;
    return `Claude's rewrite still reads as blame (${b.rule}: "${clip(oneLine(b.span), 40)}")`;
  }
  return null;
}

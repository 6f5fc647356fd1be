// Live lint findings in the console: memoised checks, the hint lines under a field, and accepting a
// rewrite. Pure (the linter itself is passed in).
import { clip, oneLine } from '../domain/text.js';
import type { LintFinding, Linter } from './steps/types.js';

export const noLint: Linter = () => [];

/** Wrap a linter with a small cache: frames re-render often, texts rarely change. */
export function memoLinter(linter: Linter, size = 200): Linter {
  const cache = new Map<string, LintFinding[]>();
  return (text, as) => {
    if (!text.trim()) return [];
    const k = `${as}\u0000${text}`;
    const hit = cache.get(k);
    if (hit) return hit;
    let out: LintFinding[];
    try {
      out = linter(text, as);
    } catch {
      out = [];
    }
    if (cache.size >= size) cache.delete(cache.keys().next().value as string);
    cache.set(k, out);
    return out;
  };
}

/** A finding's suggestion is a rewrite (not a question). */
export function hasFix(f: LintFinding): boolean {
  const s = f.suggestion?.trim();
  return Boolean(s) && !s!.endsWith('?');
}

/** The text with the first fixable finding applied: the span replaced, or the whole text rewritten. */
export function applyFix(text: string, findings: readonly LintFinding[]): { text: string; finding: LintFinding } | null {
  const f = findings.find(hasFix);
  if (!f || !f.suggestion) return null;
  const suggestion = oneLine(f.suggestion);
  const i = f.span && !f.whole ? text.toLowerCase().indexOf(f.span.toLowerCase()) : -1;
  const next = i >= 0 && suggestion.length < text.length * 2 && f.span.length < text.length ? text.slice(0, i) + suggestion + text.slice(i + f.span.length) : suggestion;
  return next === text ? null : { text: next, finding: f };
}

/** Hint lines for under a field: "“should have” reads as blame → try: …". */
export function hintLines(findings: readonly LintFinding[], width: number, max = 2): string[] {
  const w = Math.max(20, width);
  const out = findings.slice(0, max).flatMap((f) => {
    // a whole-text rewrite (Claude's) is the thing to read: shown in full, over up to three lines
    if (f.whole && f.suggestion) return wrapWords(`${oneLine(f.message)}: ${oneLine(f.suggestion)} (Ctrl+F accepts)`, w, 3);
    const fix = hasFix(f) ? ` → ${oneLine(f.suggestion ?? '')} (Ctrl+F accepts)` : f.suggestion ? ` · ${oneLine(f.suggestion)}` : '';
    return [clip(`“${oneLine(f.span)}”: ${oneLine(f.message)}${fix}`, w)];
  });
  if (findings.length > max) out.push(`… ${findings.length - max} more`);
  return out;
}

/** Words over lines of at most `width` characters; the last line is clipped when there is more. */
export function wrapWords(text: string, width: number, maxLines: number): string[] {
  const lines: string[] = [];
  let line = '';
  const words = text.split(' ');
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const next = line ? `${line} ${word}` : word;
    if (next.length <= width || !line) {
      line = next;
      continue;
    }
    if (lines.length === maxLines - 1) return [...lines, clip(`${line} ${words.slice(i).join(' ')}`, width)];
    lines.push(line);
    line = word;
  }
  if (line) lines.push(clip(line, width));
  return lines;
}

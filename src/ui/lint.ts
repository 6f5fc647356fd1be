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
  const i = f.span ? text.toLowerCase().indexOf(f.span.toLowerCase()) : -1;
  const next = i >= 0 && suggestion.length < text.length * 2 && f.span.length < text.length ? text.slice(0, i) + suggestion + text.slice(i + f.span.length) : suggestion;
  return next === text ? null : { text: next, finding: f };
}

/** Hint lines for under a field: "“should have” reads as blame → try: …". */
export function hintLines(findings: readonly LintFinding[], width: number, max = 2): string[] {
  const out = findings.slice(0, max).map((f) => {
    const fix = hasFix(f) ? ` → ${oneLine(f.suggestion ?? '')} (Ctrl+F accepts)` : f.suggestion ? ` · ${oneLine(f.suggestion)}` : '';
    return clip(`“${oneLine(f.span)}”: ${oneLine(f.message)}${fix}`, Math.max(20, width));
  });
  if (findings.length > max) out.push(`… ${findings.length - max} more`);
  return out;
}

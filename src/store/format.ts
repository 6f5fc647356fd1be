// Small text helpers for the store's commands (list, doctor, search): plain text, no colour, no Ink.
import path from 'node:path';

/** "2026-11-20 10:00" from an ISO instant (UTC) */
export function when(isoTime: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(isoTime);
  return m ? `${m[1]} ${m[2]}` : isoTime;
}

/** a folder as the user would type it: relative to where they ran the command when inside it */
export function shownDir(dir: string, cwd: string): string {
  const rel = path.relative(cwd, dir);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : dir;
}

/** A left-aligned text table; the widest column (the last flexible one) is clipped to fit `width`. */
export function table(head: string[], rows: string[][], width: number, flex = 3): string {
  const cols = head.length;
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const total = w.reduce((a, b) => a + b, 0) + 2 * (cols - 1);
  if (total > width && w[flex] !== undefined) w[flex] = Math.max(10, w[flex] - (total - width));
  const fit = (s: string, n: number): string => (s.length > n ? `${s.slice(0, Math.max(0, n - 1))}…` : s.padEnd(n));
  const line = (r: string[]): string =>
    r
      .map((c, i) => fit(c, w[i] ?? 0))
      .join('  ')
      .trimEnd();
  return `${[line(head), ...rows.map(line)].join('\n')}\n`;
}

// Pure layout: how the terminal is split between header, step body, status line and key bar.
import type { TermSize } from './steps/types.js';

export const MIN_SIZE: TermSize = { columns: 80, rows: 24 };

/** header: title line + steps line + rule; footer: status line + key bar (up to 2 lines) */
export const HEADER_ROWS = 3;
export const FOOTER_ROWS = 3;

export type Layout =
  | { kind: 'too-small'; need: TermSize; have: TermSize; message: string }
  | { kind: 'ok'; size: TermSize; body: TermSize; keyBarRows: number; wide: boolean };

/** A terminal too small to use says which size it needs. One row is kept free (Ink flickers at rows). */
export function computeLayout(size: TermSize, min: TermSize = MIN_SIZE): Layout {
  const columns = Math.max(0, Math.floor(size.columns || 0));
  const rows = Math.max(0, Math.floor(size.rows || 0));
  if (columns < min.columns || rows < min.rows) {
    return {
      kind: 'too-small',
      need: min,
      have: { columns, rows },
      message: `The terminal is ${columns}x${rows}; debrief needs at least ${min.columns}x${min.rows}. Enlarge the window (or zoom out).`,
    };
  }
  const usable = rows - 1;
  return {
    kind: 'ok',
    size: { columns, rows },
    body: { columns, rows: usable - HEADER_ROWS - FOOTER_ROWS },
    keyBarRows: 2,
    wide: columns >= 110,
  };
}

/** Format ms as m:ss (or h:mm:ss). */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** The timebox text for the header: "3:20 / 15m", and whether it is over. */
export function timeboxText(elapsedMs: number, plannedMin: number | undefined): { text: string; over: boolean } {
  if (plannedMin === undefined || plannedMin <= 0) return { text: formatDuration(elapsedMs), over: false };
  const over = elapsedMs > plannedMin * 60_000;
  const base = `${formatDuration(elapsedMs)} / ${plannedMin}m`;
  if (!over) return { text: base, over };
  const by = Math.ceil((elapsedMs - plannedMin * 60_000) / 60_000);
  return { text: `${base} · over by ${by}m`, over };
}

/** Fit key-bar items ("Tab next step") into lines of `width`, ending with "…" when cut. */
export function fitKeyBar(items: string[], width: number, lines: number, sep = '  '): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < items.length; i++) {
    const item = items[i] ?? '';
    const next = cur ? cur + sep + item : item;
    if (next.length <= width) {
      cur = next;
      continue;
    }
    if (out.length + 1 >= lines) {
      // last line: cut with an ellipsis
      out.push(cur.length + 2 <= width ? `${cur} …` : `${cur.slice(0, Math.max(0, width - 1))}…`);
      return out;
    }
    out.push(cur);
    cur = item.length <= width ? item : item.slice(0, width);
  }
  if (cur) out.push(cur);
  return out;
}

// Pure layout: how the terminal is split between header, step body, status line and key bar.
import { formatElapsed } from '../domain/session.js';
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
export const formatDuration = formatElapsed;

/** The timebox text for the header: "3:20 / 15m", and whether it is over. */
export function timeboxText(elapsedMs: number, plannedMin: number | undefined): { text: string; over: boolean } {
  if (plannedMin === undefined || plannedMin <= 0) return { text: formatDuration(elapsedMs), over: false };
  const over = elapsedMs > plannedMin * 60_000;
  const base = `${formatDuration(elapsedMs)} / ${plannedMin}m`;
  if (!over) return { text: base, over };
  const by = Math.ceil((elapsedMs - plannedMin * 60_000) / 60_000);
  return { text: `${base} · over by ${by}m`, over };
}

/** Fit key-bar items ("Tab next step") into lines of `width`. When they do not fit, the last line ends
 *  with "…" and then the `tail` items (e.g. "? help"), which always stay visible. */
export function fitKeyBar(items: string[], width: number, lines: number, sep = '  ', tail: string[] = []): string[] {
  const all = [...items, ...tail.filter((t) => !items.includes(t))];
  const fits = (list: string[]) => pack(list, width, sep).length <= lines;
  if (fits(all)) return pack(all, width, sep);
  const body = items.filter((i) => !tail.includes(i));
  const end = tail.length ? `… ${tail.join(sep)}` : '…';
  const out: string[] = [];
  let cur = '';
  for (const item of body) {
    const last = out.length === lines - 1;
    const next = cur ? cur + sep + item : item;
    const limit = last ? width - end.length - 1 : width;
    if (next.length <= limit) {
      cur = next;
      continue;
    }
    if (last) break;
    out.push(cur);
    cur = item.length <= width ? item : item.slice(0, width);
  }
  out.push(cur ? `${cur} ${end}` : end.slice(0, width));
  return out;
}

function pack(items: string[], width: number, sep: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (const item of items) {
    const next = cur ? cur + sep + item : item;
    if (next.length <= width) cur = next;
    else {
      if (cur) out.push(cur);
      cur = item.slice(0, width);
    }
  }
  if (cur) out.push(cur);
  return out;
}

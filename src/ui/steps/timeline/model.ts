// The Timeline step's list model: filters, the windowed view (cursor + top, sized in terminal lines,
// day headers included), and jumps. Pure: the view calls these with the session's event list.
import type { EventKind, SourceType, TimelineEvent } from '../../../domain/schema.js';
import { dayKey } from './format.js';
import type { EventSearchIndex } from './search.js';

export interface TimelineFilter {
  query: string;
  kind: EventKind | null;
  source: SourceType | null;
  unconfirmedOnly: boolean;
}

export const NO_FILTER: TimelineFilter = { query: '', kind: null, source: null, unconfirmedOnly: false };

export function isFiltering(f: TimelineFilter): boolean {
  return Boolean(f.query.trim()) || f.kind !== null || f.source !== null || f.unconfirmedOnly;
}

/** Indices (into `events`) of the events the filter keeps, in timeline order. */
export function filterEvents(
  events: readonly TimelineEvent[],
  f: TimelineFilter,
  index: EventSearchIndex | null,
): number[] {
  const base = f.query.trim() && index ? index.search(f.query) : null;
  const keep = (e: TimelineEvent) =>
    (f.kind === null || e.kind === f.kind) &&
    (f.source === null || e.sources.some((s) => s.type === f.source)) &&
    (!f.unconfirmedOnly || !e.confirmed);
  const out: number[] = [];
  if (base) {
    for (const i of base) {
      const e = events[i];
      if (e && keep(e)) out.push(i);
    }
  } else {
    for (let i = 0; i < events.length; i++) if (keep(events[i]!)) out.push(i);
  }
  return out;
}

export function hasOpenConflict(e: TimelineEvent): boolean {
  return e.conflicts.some((c) => !c.resolution);
}

/** The next row (after `from`, wrapping) whose event matches `pred`, or null. */
export function nextMatching(
  rows: readonly number[],
  events: readonly TimelineEvent[],
  from: number,
  pred: (e: TimelineEvent) => boolean,
): number | null {
  const n = rows.length;
  for (let k = 1; k <= n; k++) {
    const r = (from + k) % n;
    const e = events[rows[r]!];
    if (e && pred(e)) return r;
  }
  return null;
}

// ---- day boundaries ----

export interface DayInfo {
  /** true when the events span more than one calendar day in the incident's zone */
  multiDay: boolean;
  /** day key of an event row */
  day(row: number): string;
}

export function dayInfo(events: readonly TimelineEvent[], rows: readonly number[], tz: string): DayInfo {
  const first = events[0];
  const last = events[events.length - 1];
  const multiDay = Boolean(first && last && dayKey(first.occurredAt, tz) !== dayKey(last.occurredAt, tz));
  return {
    multiDay,
    day(row: number) {
      const e = events[rows[row] ?? -1];
      return e ? dayKey(e.occurredAt, tz) : '';
    },
  };
}

/** Whether a day header line is drawn above `row` when the window starts at `top`. */
export function headerAbove(row: number, top: number, days: DayInfo): boolean {
  if (!days.multiDay) return false;
  if (row === top) return true;
  return days.day(row) !== days.day(row - 1);
}

// ---- the window ----

export interface ListWindow {
  /** selected row in the filtered list */
  cursor: number;
  /** first row drawn */
  top: number;
}

/** Lines rows top..last take, headers included; stops counting once past `cap`. */
function linesBetween(top: number, last: number, days: DayInfo, cap: number): number {
  let lines = 0;
  for (let r = top; r <= last && lines <= cap; r++) lines += 1 + (headerAbove(r, top, days) ? 1 : 0);
  return lines;
}

/**
 * Clamp the cursor to the rows and scroll the window the least needed to keep the cursor in view in
 * `height` lines. Cost is proportional to the window, not to the list.
 */
export function fitWindow(w: ListWindow, count: number, height: number, days: DayInfo): ListWindow {
  if (count <= 0) return w.cursor === 0 && w.top === 0 ? w : { cursor: 0, top: 0 };
  const h = Math.max(1, height);
  const cursor = Math.min(Math.max(0, w.cursor), count - 1);
  let top = Math.min(Math.max(0, w.top), cursor);
  if (linesBetween(top, cursor, days, h) > h) {
    // scroll down: the lowest top that still shows the cursor
    top = cursor;
    while (top > 0 && linesBetween(top - 1, cursor, days, h) <= h) top--;
  }
  // fill the window when the end of the list leaves room below
  while (top > 0 && linesBetween(top - 1, count - 1, days, h) <= h) top--;
  return cursor === w.cursor && top === w.top ? w : { cursor, top };
}

export function moveCursor(w: ListWindow, delta: number, count: number, height: number, days: DayInfo): ListWindow {
  return fitWindow({ cursor: w.cursor + delta, top: w.top }, count, height, days);
}

export interface WindowLine {
  type: 'day' | 'row';
  row: number;
}

/** The lines the window draws: day headers and rows, at most `height`. */
export function windowLines(w: ListWindow, count: number, height: number, days: DayInfo): WindowLine[] {
  const out: WindowLine[] = [];
  for (let r = w.top; r < count && out.length < height; r++) {
    if (headerAbove(r, w.top, days)) {
      // a header needs its row under it; with room for one line only, the row wins
      if (out.length + 2 > height) {
        if (out.length > 0) break;
      } else out.push({ type: 'day', row: r });
    }
    if (out.length >= height) break;
    out.push({ type: 'row', row: r });
  }
  return out;
}

/** Find the row of an event id in the filtered rows (used to keep the selection across edits). */
export function rowOfEvent(rows: readonly number[], events: readonly TimelineEvent[], id: string): number {
  for (let r = 0; r < rows.length; r++) if (events[rows[r]!]?.id === id) return r;
  return -1;
}

const POSITIONS = new WeakMap<readonly TimelineEvent[], Map<string, number>>();

/** Index of an event id in the list, -1 when absent (a map built once per event list). */
export function eventPosition(events: readonly TimelineEvent[], id: string): number {
  let map = POSITIONS.get(events);
  if (!map) {
    map = new Map();
    for (let i = 0; i < events.length; i++) map.set(events[i]!.id, i);
    POSITIONS.set(events, map);
  }
  return map.get(id) ?? -1;
}

/** The first event index at or after an instant (events are in time order). */
function indexAtOrAfter(events: readonly TimelineEvent[], at: string): number {
  const t = Date.parse(at);
  if (Number.isNaN(t)) return -1;
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (Date.parse(events[mid]!.occurredAt) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The row that shows the selected event, or the nearest one when the filter hides it or it is gone: the
 * next row in timeline order (where it stood, found by its index, else by its time), else the last row.
 * -1 when there is no row or nothing to go by. O(log n): rows are event indices in ascending order.
 */
export function rowNear(rows: readonly number[], events: readonly TimelineEvent[], id: string, at: string | null): number {
  if (!rows.length) return -1;
  let idx = eventPosition(events, id);
  if (idx < 0 && at) idx = indexAtOrAfter(events, at);
  if (idx < 0) return -1;
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (rows[mid]! < idx) lo = mid + 1;
    else hi = mid;
  }
  return Math.min(lo, rows.length - 1);
}

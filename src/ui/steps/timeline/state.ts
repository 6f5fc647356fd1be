// The Timeline step's UI state (never persisted) and the derived data both the view and the key handler
// read: filtered rows, day boundaries, the search index and the layout. Derived data is cached per event
// list (identity), so moving the cursor in a 10,000-event session costs what the window costs.
import type { Session, TimelineEvent } from '../../../domain/schema.js';
import type { TextFieldState } from '../../widgets/textEdit.js';
import type { StepContext } from '../types.js';
import { dayInfo, filterEvents, fitWindow, isFiltering, NO_FILTER, rowNear, type DayInfo, type ListWindow, type TimelineFilter } from './model.js';
import { buildSearchIndex, type EventSearchIndex } from './search.js';
import { momentStrip, needsDates } from './format.js';

/** the event form: when it happened, when it was noticed (empty: at once), kind, actor, text */
export const FORM_FIELDS = ['time', 'noticed', 'kind', 'actor', 'text'] as const;
export const TEXT_FIELD = FORM_FIELDS.indexOf('text');
export type FormField = (typeof FORM_FIELDS)[number];

export type TimelineMode =
  | { kind: 'list' }
  /** typing the `/` query; the list filters live */
  | { kind: 'filter'; field: TextFieldState; before: string }
  /** edit an event, or add a manual one (id null) */
  | { kind: 'form'; id: string | null; fields: Record<FormField, TextFieldState>; focus: number; error: string | null }
  | { kind: 'split'; id: string; fields: [TextFieldState, TextFieldState]; focus: 0 | 1 }
  | { kind: 'evidence'; id: string; scroll: number }
  | { kind: 'moments'; id: string; cursor: number }
  | { kind: 'conflict'; id: string; index: number; value: number };

export interface TimelineUi {
  win: ListWindow;
  /**
   * The selected event, by id: the cursor stays on it across filter changes, edits that re-sort it, and
   * undo/redo. When a filter hides it or it is gone, the cursor shows the nearest row (the selection comes
   * back with the event). Null until the first move: the cursor row is then the selection.
   */
  follow: string | null;
  /** when the selected event happened, to find the nearest row once the event itself is gone */
  followAt?: string | null;
  /** events picked with Space for merge or delete */
  selected: string[];
  filter: TimelineFilter;
  /** which imported metric series the chart shows */
  series: number;
  mode: TimelineMode;
}

export function initialTimelineUi(_session?: Session): TimelineUi {
  return { win: { cursor: 0, top: 0 }, follow: null, followAt: null, selected: [], filter: NO_FILTER, series: 0, mode: { kind: 'list' } };
}

// ---- derived data, cached ----

const indexCache = new WeakMap<readonly TimelineEvent[], EventSearchIndex>();
let lastIndexed: { events: readonly TimelineEvent[]; index: EventSearchIndex } | null = null;

/** True when two event lists hold the same searchable words at the same positions (e.g. after a confirm). */
export function sameWords(a: readonly TimelineEvent[], b: readonly TimelineEvent[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    if (x.id !== y.id || x.text !== y.text || x.actor !== y.actor || x.channel !== y.channel || x.sources !== y.sources) return false;
  }
  return true;
}

/**
 * The fuzzy index of an event list, built once per list (lazily: only when a query is typed). An edit
 * that leaves every event's words in place (confirming, setting a kind) keeps the previous index.
 */
export function searchIndexFor(events: readonly TimelineEvent[]): EventSearchIndex {
  let idx = indexCache.get(events);
  if (!idx) {
    idx = lastIndexed && sameWords(lastIndexed.events, events) ? lastIndexed.index : buildSearchIndex(events);
    indexCache.set(events, idx);
  }
  lastIndexed = { events, index: idx };
  return idx;
}

let rowsMemo: { events: readonly TimelineEvent[]; key: string; rows: number[] } | null = null;
const ALL_ROWS = new WeakMap<readonly TimelineEvent[], number[]>();

export function rowsFor(events: readonly TimelineEvent[], filter: TimelineFilter): number[] {
  if (!isFiltering(filter)) {
    let all = ALL_ROWS.get(events);
    if (!all) {
      all = events.map((_, i) => i);
      ALL_ROWS.set(events, all);
    }
    return all;
  }
  const key = JSON.stringify([filter.query.trim(), filter.kind, filter.source, filter.unconfirmedOnly]);
  if (rowsMemo && rowsMemo.events === events && rowsMemo.key === key) return rowsMemo.rows;
  const rows = filterEvents(events, filter, filter.query.trim() ? searchIndexFor(events) : null);
  rowsMemo = { events, key, rows };
  return rows;
}

const dayCache = new WeakMap<number[], Map<string, DayInfo>>();
export function daysFor(events: readonly TimelineEvent[], rows: number[], tz: string): DayInfo {
  let byTz = dayCache.get(rows);
  if (!byTz) {
    byTz = new Map();
    dayCache.set(rows, byTz);
  }
  // a rows array belongs to one event list (rowsFor makes a new one per list), so it is a safe key
  let d = byTz.get(tz);
  if (!d) {
    d = dayInfo(events, rows, tz);
    byTz.set(tz, d);
  }
  return d;
}

// ---- layout ----

export const CHART_ROWS = 3;
/** lines the chart block takes: title, bars, marker line (the moments line above names the markers) */
export const CHART_LINES = CHART_ROWS + 2;
/** lines above the list: counts/filter line, moments line, durations line (the moments may take two) */
export const HEAD_LINES = 3;

export interface TimelineLayout {
  width: number;
  /** lines above the list: counts, the moments (one or two lines), durations; or 1 (counts) when space is short */
  headLines: number;
  /** the key-moment strip, one or two lines (shown when headLines > 1) */
  momentLines: string[];
  /** the moments and gaps carry their day (a multi-day incident) */
  withDay: boolean;
  chart: boolean;
  /** lines of the open pane (clipped to what the body leaves) */
  paneLines: number;
  listLines: number;
}

/** Lines a pane needs to show whole. */
export function paneLinesFor(mode: TimelineMode, bodyRows: number, session?: Session): number {
  switch (mode.kind) {
    case 'list':
      return 0;
    case 'filter':
      return 1;
    case 'form':
      // border (2), title, the fields, an error line, up to three lint hint lines
      return 2 + 1 + FORM_FIELDS.length + 1 + 3;
    case 'split':
      // border (2), title, two fields
      return 5;
    case 'moments':
      // border (2), title, five moments, the hint line
      return 2 + 1 + 5 + 1;
    case 'conflict': {
      const e = session?.timeline.events.find((x) => x.id === mode.id);
      const values = e?.conflicts[mode.index]?.values.length ?? 2;
      // border (2), title, the values, the hint line
      return 2 + 1 + Math.min(values, 8) + 1;
    }
    case 'evidence':
      return Math.max(6, Math.min(12, Math.floor(bodyRows / 2)));
  }
}

export function layoutFor(session: Session, ui: TimelineUi, body: { columns: number; rows: number }): TimelineLayout {
  const rows = Math.max(1, body.rows);
  const want = paneLinesFor(ui.mode, rows, session);
  const width = Math.max(20, body.columns);
  const tl = session.timeline;
  const tz = session.incident.timezone;
  const withDay = needsDates(tl.events, tl.moments, tl.precision, tz);
  const momentLines = momentStrip(tl.moments, tl.precision, tz, width, withDay);
  const full = HEAD_LINES - 1 + momentLines.length;
  // the moments and durations lines give way first when a pane needs the room
  const headLines = rows - full - want >= 3 ? full : 1;
  // then the pane is clipped so that at least one list line stays
  const paneLines = Math.max(0, Math.min(want, rows - headLines - 1));
  const hasSeries = session.timeline.series.length > 0;
  // the chart only when the list keeps at least 8 lines
  const chart = hasSeries && rows - headLines - paneLines - CHART_LINES >= 8;
  const listLines = Math.max(1, rows - headLines - paneLines - (chart ? CHART_LINES : 0));
  return { width, headLines, momentLines, withDay, chart, paneLines, listLines };
}

export interface TimelineView {
  events: readonly TimelineEvent[];
  rows: number[];
  days: DayInfo;
  layout: TimelineLayout;
  /** the window fitted to the rows and height (the cursor is always in view) */
  win: ListWindow;
  /** the event under the cursor */
  current: TimelineEvent | undefined;
}

/** Everything the view and the key handler derive from the session and UI state. */
export function viewOf(ctx: Pick<StepContext<TimelineUi>, 'session' | 'ui' | 'body'>): TimelineView {
  const { session, ui, body } = ctx;
  const events = session.timeline.events;
  const rows = rowsFor(events, ui.filter);
  const days = daysFor(events, rows, session.incident.timezone);
  const layout = layoutFor(session, ui, body);
  let win = ui.win;
  if (ui.follow) {
    const r = rowNear(rows, events, ui.follow, ui.followAt ?? null);
    if (r >= 0) win = { ...win, cursor: r };
  }
  win = fitWindow(win, rows.length, layout.listLines, days);
  return { events, rows, days, layout, win, current: events[rows[win.cursor] ?? -1] };
}

// Windowing for long lists, kept in state (never render a whole list). Pure.
import type { Key } from 'ink';
import { is, type Command } from '../keys.js';

export interface ListWindow {
  /** selected index (0..count-1; 0 when empty) */
  cursor: number;
  /** first visible index */
  top: number;
}

export const emptyWindow: ListWindow = { cursor: 0, top: 0 };

/** Keep the cursor inside the list and the window around the cursor. Call after resize or deletes. */
export function clampWindow(win: ListWindow, count: number, height: number): ListWindow {
  const h = Math.max(1, height);
  const cursor = count === 0 ? 0 : Math.min(Math.max(0, win.cursor), count - 1);
  let top = Math.min(Math.max(0, win.top), Math.max(0, count - h));
  if (cursor < top) top = cursor;
  if (cursor >= top + h) top = cursor - h + 1;
  if (cursor === win.cursor && top === win.top) return win;
  return { cursor, top };
}

export function moveTo(win: ListWindow, index: number, count: number, height: number): ListWindow {
  return clampWindow({ ...win, cursor: index }, count, height);
}

export function moveBy(win: ListWindow, delta: number, count: number, height: number): ListWindow {
  return moveTo(win, win.cursor + delta, count, height);
}

export interface VisibleRange {
  from: number;
  /** exclusive */
  to: number;
  above: number;
  below: number;
}

/** The visible slice: [from, to), with how many items hide above and below. */
export function visibleRange(win: ListWindow, count: number, height: number): VisibleRange {
  const w = clampWindow(win, count, height);
  const from = w.top;
  const to = Math.min(count, from + Math.max(1, height));
  return { from, to, above: from, below: count - to };
}


/** The list-navigation commands a step with a list should report as live. */
export const LIST_NAV: Command[] = ['nav.up', 'nav.down', 'nav.pageUp', 'nav.pageDown', 'nav.home', 'nav.end'];

/** Apply a navigation key to a window; null when the key is not a navigation key. */
export function listKey(win: ListWindow, input: string, key: Key, count: number, height: number): ListWindow | null {
  if (is('nav.up', input, key)) return moveBy(win, -1, count, height);
  if (is('nav.down', input, key)) return moveBy(win, 1, count, height);
  if (is('nav.pageUp', input, key)) return moveBy(win, -Math.max(1, height - 1), count, height);
  if (is('nav.pageDown', input, key)) return moveBy(win, Math.max(1, height - 1), count, height);
  if (is('nav.home', input, key)) return moveTo(win, 0, count, height);
  if (is('nav.end', input, key)) return moveTo(win, count - 1, count, height);
  return null;
}

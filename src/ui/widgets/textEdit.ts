// A controlled single-line (or multi-line) text field's state and its key handling. Pure, no React:
// the router owns the field, so a key is handled once. Backspace arrives as key.delete in Ink 6.
import type { Key } from 'ink';
import { sanitize } from '../../domain/text.js';

export interface TextFieldState {
  value: string;
  /** caret position, 0..value.length */
  cursor: number;
}

export type TextEditResult = 'changed' | 'moved' | 'submit' | 'cancel' | 'ignored';

export function textField(value = ''): TextFieldState {
  return { value, cursor: value.length };
}

export interface TextEditOptions {
  /** Enter inserts a newline instead of submitting; Ctrl+S... no: Tab/Enter handled by the caller */
  multiline?: boolean;
  maxLength?: number;
}

/**
 * Apply one key to the field. Enter → 'submit', Esc → 'cancel' (state unchanged). Printable input
 * (including pastes) is sanitised and inserted at the caret; Tab and Ctrl-combinations are 'ignored' so
 * the caller can use them (next field, accept fix).
 */
export function editText(
  state: TextFieldState,
  input: string,
  key: Key,
  opts: TextEditOptions = {},
): { state: TextFieldState; result: TextEditResult } {
  const { value, cursor } = state;
  if (key.return) {
    if (opts.multiline && key.meta) return insert(state, '\n', opts);
    return { state, result: 'submit' };
  }
  if (key.escape) return { state, result: 'cancel' };
  if (key.tab) return { state, result: 'ignored' };
  if (key.backspace || key.delete) {
    if (cursor === 0) return { state, result: 'moved' };
    return { state: { value: value.slice(0, cursor - 1) + value.slice(cursor), cursor: cursor - 1 }, result: 'changed' };
  }
  if (key.leftArrow) return { state: { value, cursor: Math.max(0, cursor - 1) }, result: 'moved' };
  if (key.rightArrow) return { state: { value, cursor: Math.min(value.length, cursor + 1) }, result: 'moved' };
  if (key.home || (key.ctrl && input === 'a')) return { state: { value, cursor: 0 }, result: 'moved' };
  if (key.end || (key.ctrl && input === 'e')) return { state: { value, cursor: value.length }, result: 'moved' };
  if (key.ctrl && input === 'u') return { state: { value: value.slice(cursor), cursor: 0 }, result: 'changed' };
  if (key.ctrl && input === 'w') {
    const before = value.slice(0, cursor).replace(/\S+\s*$/, '');
    return { state: { value: before + value.slice(cursor), cursor: before.length }, result: 'changed' };
  }
  if (key.ctrl || key.upArrow || key.downArrow || key.pageUp || key.pageDown) return { state, result: 'ignored' };
  if (!input) return { state, result: 'ignored' };
  return insert(state, input, opts);
}

function insert(state: TextFieldState, raw: string, opts: TextEditOptions): { state: TextFieldState; result: TextEditResult } {
  let text = sanitize(raw);
  if (!opts.multiline) text = text.replace(/[\n\t]+/g, ' ');
  if (opts.maxLength !== undefined) text = text.slice(0, Math.max(0, opts.maxLength - state.value.length));
  if (!text) return { state, result: 'ignored' };
  const value = state.value.slice(0, state.cursor) + text + state.value.slice(state.cursor);
  return { state: { value, cursor: state.cursor + text.length }, result: 'changed' };
}

/** Move the caret one line up (-1) or down (+1) in a multi-line value, keeping the column. */
export function moveLine(state: TextFieldState, dir: -1 | 1): TextFieldState {
  const { value, cursor } = state;
  const lineStart = value.lastIndexOf('\n', cursor - 1) + 1;
  const col = cursor - lineStart;
  if (dir < 0) {
    if (lineStart === 0) return { value, cursor: 0 };
    const prevStart = value.lastIndexOf('\n', lineStart - 2) + 1;
    const prevLen = lineStart - 1 - prevStart;
    return { value, cursor: prevStart + Math.min(col, prevLen) };
  }
  const nextNl = value.indexOf('\n', cursor);
  if (nextNl < 0) return { value, cursor: value.length };
  const nextStart = nextNl + 1;
  const nextEnd = value.indexOf('\n', nextStart);
  const nextLen = (nextEnd < 0 ? value.length : nextEnd) - nextStart;
  return { value, cursor: nextStart + Math.min(col, nextLen) };
}

/** Line and column of the caret. */
export function caretPosition(state: TextFieldState): { line: number; col: number } {
  const before = state.value.slice(0, state.cursor);
  const line = before.split('\n').length - 1;
  return { line, col: state.cursor - (before.lastIndexOf('\n') + 1) };
}

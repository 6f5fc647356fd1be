import { describe, expect, it } from 'vitest';
import type { Key } from 'ink';
import { computeLayout, fitKeyBar, formatDuration, timeboxText } from '../../src/ui/layout.js';
import { clampWindow, listKey, moveBy, visibleRange } from '../../src/ui/widgets/listWindow.js';
import { editText, moveLine, textField } from '../../src/ui/widgets/textEdit.js';
import { formKey, initialForm, type FieldSpec } from '../../src/ui/widgets/formState.js';
import { COLOR_THEME, NO_COLOR_THEME, themeFor } from '../../src/ui/theme.js';

const base = {
  upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false,
  return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false,
} as Key;
const k = (p: Partial<Key>) => ({ ...base, ...p }) as Key;

describe('layout', () => {
  it('says which size it needs when the terminal is too small', () => {
    const l = computeLayout({ columns: 79, rows: 30 });
    expect(l.kind).toBe('too-small');
    if (l.kind === 'too-small') expect(l.message).toContain('needs at least 80x24');
    const ok = computeLayout({ columns: 80, rows: 24 });
    expect(ok.kind).toBe('ok');
    if (ok.kind === 'ok') expect(ok.body).toEqual({ columns: 80, rows: 24 - 1 - 3 - 3 });
  });

  it('formats durations and timeboxes', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(65_000)).toBe('1:05');
    expect(formatDuration(3_725_000)).toBe('1:02:05');
    expect(timeboxText(4 * 60_000, 5)).toEqual({ text: '4:00 / 5m', over: false });
    expect(timeboxText(6 * 60_000 + 1, 5)).toEqual({ text: '6:00 / 5m · over by 2m', over: true });
  });

  it('fits key-bar items into lines, ending with … when cut', () => {
    expect(fitKeyBar(['aaa', 'bbb', 'ccc'], 20, 1)).toEqual(['aaa  bbb  ccc']);
    const cut = fitKeyBar(['aaaaaa', 'bbbbbb', 'cccccc', 'dddddd'], 16, 1);
    expect(cut).toEqual(['aaaaaa  bbbbbb …']);
    // the tail ("? help") stays visible when the bar is cut
    expect(fitKeyBar(['aaaaaa', 'bbbbbb', 'cccccc', '? help'], 24, 1, '  ', ['? help'])).toEqual(['aaaaaa  bbbbbb … ? help']);
    expect(fitKeyBar(['aa', '? help'], 24, 1, '  ', ['? help'])).toEqual(['aa  ? help']);
    expect(fitKeyBar(['aaaaaa', 'bbbbbb', 'cccccc'], 15, 2)).toEqual(['aaaaaa  bbbbbb', 'cccccc']);
  });
});

describe('list window', () => {
  it('keeps the cursor in view and reports what is hidden', () => {
    let w = { cursor: 0, top: 0 };
    w = moveBy(w, 7, 100, 5);
    expect(w).toEqual({ cursor: 7, top: 3 });
    expect(visibleRange(w, 100, 5)).toEqual({ from: 3, to: 8, above: 3, below: 92 });
    w = listKey(w, '', k({ end: true }), 100, 5)!;
    expect(w).toEqual({ cursor: 99, top: 95 });
    // a delete shrinks the list: the window follows
    expect(clampWindow(w, 10, 5)).toEqual({ cursor: 9, top: 5 });
    expect(clampWindow(w, 0, 5)).toEqual({ cursor: 0, top: 0 });
    expect(listKey(w, 'z', base, 100, 5)).toBeNull();
  });
});

describe('text field', () => {
  it('inserts, deletes left on Backspace (key.delete in Ink 6), moves, submits and cancels', () => {
    let st = textField('ab');
    st = editText(st, 'c', base).state;
    expect(st).toEqual({ value: 'abc', cursor: 3 });
    st = editText(st, '', k({ leftArrow: true })).state;
    st = editText(st, '', k({ delete: true })).state;
    expect(st).toEqual({ value: 'ac', cursor: 1 });
    expect(editText(st, '', k({ return: true })).result).toBe('submit');
    expect(editText(st, '', k({ escape: true })).result).toBe('cancel');
    expect(editText(st, '', k({ tab: true })).result).toBe('ignored');
  });

  it('sanitises pasted text: escapes and newlines never enter a one-line field', () => {
    const r = editText(textField(''), 'a\u001b[31mb\nc\u0007', base);
    expect(r.state.value).toBe('ab c');
  });

  it('moves between lines keeping the column', () => {
    const st = { value: 'abcd\nxy\nlonger', cursor: 3 };
    expect(moveLine(st, 1)).toEqual({ value: st.value, cursor: 7 });
    expect(moveLine({ ...st, cursor: 7 }, 1).cursor).toBe(10);
    expect(moveLine({ ...st, cursor: 10 }, -1).cursor).toBe(7);
  });
});

describe('form', () => {
  const fields: FieldSpec[] = [
    { key: 'a', label: 'A', kind: 'text', validate: (v) => (v ? null : 'required') },
    { key: 'b', label: 'B', kind: 'choice', options: ['x', 'y', 'z'] },
  ];
  const values: Record<string, string> = { a: 'one', b: 'y' };
  const val = (f: FieldSpec) => values[f.key] ?? '';

  it('edits a text field, refuses an invalid value, and cycles a choice', () => {
    let out = formKey(fields, initialForm, '', k({ return: true }), val);
    expect(out.kind).toBe('none');
    if (out.kind === 'unhandled') throw new Error();
    expect(out.state.edit?.value).toBe('one');
    let st = out.state;
    for (let i = 0; i < 3; i++) st = (formKey(fields, st, '', k({ delete: true }), val) as { state: typeof st }).state;
    out = formKey(fields, st, '', k({ return: true }), val);
    expect(out.kind).toBe('none');
    if (out.kind !== 'none') throw new Error();
    expect(out.state.error).toBe('required');
    st = (formKey(fields, out.state, 'two', base, val) as { state: typeof st }).state;
    out = formKey(fields, st, '', k({ tab: true }), val);
    expect(out.kind).toBe('commit');
    if (out.kind !== 'commit') throw new Error();
    expect(out.value).toBe('two');
    expect(out.state.focus).toBe(1);
    const cyc = formKey(fields, { ...out.state, edit: null }, ' ', base, val);
    expect(cyc.kind === 'commit' && cyc.value).toBe('z');
  });
});

describe('theme', () => {
  it('NO_COLOR selects the monochrome theme', () => {
    expect(themeFor({ NO_COLOR: '1' })).toBe(NO_COLOR_THEME);
    expect(themeFor({ NO_COLOR: '' })).toBe(COLOR_THEME);
    expect(themeFor({})).toBe(COLOR_THEME);
    const colours = JSON.stringify(NO_COLOR_THEME).match(/"(red|green|yellow|cyan|blue|magenta|gray)"/);
    expect(colours).toBeNull();
  });
});

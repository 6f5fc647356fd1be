// A vertical form: a list of fields, one focused, edited through a controlled text field. Pure state
// and key handling (no React); the view is Form.tsx. Choice fields cycle with Space.
import type { Key } from 'ink';
import { is, type Command } from '../keys.js';
import { editText, textField, type TextFieldState } from './textEdit.js';

export interface FieldSpec {
  key: string;
  label: string;
  kind: 'text' | 'choice';
  /** for choice fields */
  options?: readonly string[];
  placeholder?: string;
  /** returns an error line, or null when the raw text is acceptable */
  validate?(raw: string): string | null;
  multiline?: boolean;
}

export interface FormState {
  focus: number;
  /** the draft while a text field is being edited */
  edit: TextFieldState | null;
  error: string | null;
}

export const initialForm: FormState = { focus: 0, edit: null, error: null };

export type FormOutcome =
  | { kind: 'none'; state: FormState }
  | { kind: 'commit'; state: FormState; field: FieldSpec; value: string }
  /** the form could not use the key */
  | { kind: 'unhandled' };

/** Commands live for a form in its current state. */
export function formKeys(fields: readonly FieldSpec[], st: FormState): Command[] {
  if (st.edit) return ['edit.submit', 'edit.nextField', 'edit.prevField', 'edit.cancel'];
  const f = fields[st.focus];
  return f?.kind === 'choice' ? ['nav.up', 'item.cycle', 'item.edit'] : ['nav.up', 'item.edit'];
}

function cycle(field: FieldSpec, current: string, dir = 1): string {
  const opts = field.options ?? [];
  if (!opts.length) return current;
  const i = opts.indexOf(current);
  return opts[(i + dir + opts.length) % opts.length] ?? current;
}

export function startEdit(fields: readonly FieldSpec[], st: FormState, value: (f: FieldSpec) => string): FormState {
  const f = fields[st.focus];
  if (!f || f.kind !== 'text') return st;
  return { ...st, edit: textField(value(f)), error: null };
}

/** Apply one key. `value(f)` reads the field's current committed value. */
export function formKey(
  fields: readonly FieldSpec[],
  st: FormState,
  input: string,
  key: Key,
  value: (f: FieldSpec) => string,
): FormOutcome {
  const f = fields[st.focus];
  if (!f) return { kind: 'unhandled' };
  if (st.edit) {
    const move = is('edit.nextField', input, key) ? 1 : is('edit.prevField', input, key) ? -1 : 0;
    const r = editText(st.edit, input, key, { multiline: f.multiline ?? false });
    if (r.result === 'cancel') return { kind: 'none', state: { ...st, edit: null, error: null } };
    if (r.result === 'submit' || move !== 0) {
      const raw = r.state.value.trim();
      const err = f.validate?.(raw) ?? null;
      if (err) return { kind: 'none', state: { ...st, edit: r.state, error: err } };
      let next: FormState = { ...st, edit: null, error: null };
      if (move !== 0) {
        const focus = Math.min(fields.length - 1, Math.max(0, st.focus + move));
        next = { ...next, focus };
        const nf = fields[focus];
        if (nf && nf.kind === 'text' && focus !== st.focus) next = { ...next, edit: textField(nf.key === f.key ? raw : value(nf)) };
      }
      return { kind: 'commit', state: next, field: f, value: raw };
    }
    return { kind: 'none', state: { ...st, edit: r.state } };
  }
  if (is('nav.up', input, key)) return { kind: 'none', state: { ...st, focus: Math.max(0, st.focus - 1), error: null } };
  if (is('nav.down', input, key)) return { kind: 'none', state: { ...st, focus: Math.min(fields.length - 1, st.focus + 1), error: null } };
  if (is('nav.home', input, key)) return { kind: 'none', state: { ...st, focus: 0 } };
  if (is('nav.end', input, key)) return { kind: 'none', state: { ...st, focus: fields.length - 1 } };
  if (f.kind === 'choice' && (is('item.cycle', input, key) || is('item.edit', input, key) || is('nav.right', input, key))) {
    return { kind: 'commit', state: st, field: f, value: cycle(f, value(f), 1) };
  }
  if (f.kind === 'choice' && is('nav.left', input, key)) return { kind: 'commit', state: st, field: f, value: cycle(f, value(f), -1) };
  if (f.kind === 'text' && is('item.edit', input, key)) return { kind: 'none', state: startEdit(fields, st, value) };
  return { kind: 'unhandled' };
}

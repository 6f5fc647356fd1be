// Intake: the incident summary (title, severity, services, summary, customer impact, time zone) and
// the attendees with their roles.
import { Box, Text } from 'ink';
import { ROLES, SEVERITIES, type Incident, type Role, type Session } from '../../../domain/schema.js';
import { clip, oneLine } from '../../../domain/text.js';
import { is, type Command } from '../../keys.js';
import { Form } from '../../widgets/Form.js';
import { formKey, formKeys, initialForm, type FieldSpec, type FormState } from '../../widgets/formState.js';
import { clampWindow, emptyWindow, listKey, type ListWindow } from '../../widgets/listWindow.js';
import { editText, textField, type TextFieldState } from '../../widgets/textEdit.js';
import { TextField } from '../../widgets/TextField.js';
import { applyFix, hasFix, hintLines } from '../../lint.js';
import { defineStep, type LintFinding, type StepContext } from '../types.js';

export interface IntakeUi {
  section: 'form' | 'attendees';
  form: FormState;
  att: ListWindow;
  /** draft name of a new attendee */
  adding: TextFieldState | null;
}

export function validTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const INTAKE_FIELDS: FieldSpec[] = [
  { key: 'title', label: 'Title', kind: 'text', validate: (v) => (v ? null : 'The title cannot be empty.') },
  { key: 'severity', label: 'Severity', kind: 'choice', options: SEVERITIES },
  { key: 'services', label: 'Services', kind: 'text', placeholder: 'comma-separated, e.g. checkout, payments-db' },
  { key: 'summary', label: 'Summary', kind: 'text', placeholder: 'what happened, in one or two sentences' },
  { key: 'customerImpact', label: 'Customer impact', kind: 'text', placeholder: 'what customers saw' },
  {
    key: 'timezone',
    label: 'Time zone',
    kind: 'text',
    placeholder: 'IANA zone, e.g. Europe/Berlin',
    validate: (v) => (validTimeZone(v) ? null : `"${v}" is not an IANA time zone (e.g. UTC, Europe/Berlin, America/New_York).`),
  },
  { key: 'authors', label: 'Authors', kind: 'text', placeholder: 'who writes the post-mortem, comma-separated' },
  { key: 'status', label: 'Document status', kind: 'choice', options: ['draft', 'in review', 'final'] },
];

export function intakeValue(s: Session, f: FieldSpec): string {
  const inc = s.incident;
  switch (f.key) {
    case 'services':
      return inc.services.join(', ');
    case 'authors':
      return inc.authors.join(', ');
    default:
      return String(inc[f.key as keyof Incident] ?? '');
  }
}

function patchFor(f: FieldSpec, raw: string): Partial<Incident> {
  switch (f.key) {
    case 'services':
      return {
        services: raw
          .split(',')
          .map((x) => oneLine(x))
          .filter(Boolean),
      };
    case 'authors':
      return {
        authors: raw
          .split(',')
          .map((x) => oneLine(x))
          .filter(Boolean),
      };
    case 'severity':
      return { severity: raw as Incident['severity'] };
    case 'status':
      return { status: raw as Incident['status'] };
    default:
      return { [f.key]: raw } as Partial<Incident>;
  }
}

/** fields the live language checks run on */
const LINTED = new Set(['title', 'summary', 'customerImpact']);

/** Findings on the focused field: the draft while it is edited, else the saved value. */
function focusedFindings(ctx: StepContext<IntakeUi>): { field: FieldSpec; text: string; findings: LintFinding[] } | null {
  const { ui, session: s } = ctx;
  if (ui.section !== 'form') return null;
  const field = INTAKE_FIELDS[ui.form.focus];
  if (!field || !LINTED.has(field.key)) return null;
  const text = ui.form.edit ? ui.form.edit.value : intakeValue(s, field);
  return { field, text, findings: ctx.lint?.(text, 'prose') ?? [] };
}

const nextRole = (r: Role): Role => ROLES[(ROLES.indexOf(r) + 1) % ROLES.length] ?? 'responder';

function attRows(ctx: StepContext<IntakeUi>) {
  return Math.max(1, ctx.body.rows - INTAKE_FIELDS.length - (ctx.body.rows >= 20 ? 6 : 5));
}

function handleKey(input: string, key: import('ink').Key, ctx: StepContext<IntakeUi>): boolean {
  const ui = ctx.ui;
  const s = ctx.session;
  if (ui.section === 'form') {
    if (is(ui.form.edit ? 'edit.acceptFix' : 'lint.accept', input, key)) {
      const ff = focusedFindings(ctx);
      const fixed = ff ? applyFix(ff.text, ff.findings) : null;
      if (!ff || !fixed) return ctx.setStatus('No rewrite to accept here.'), true;
      if (ui.form.edit) ctx.setUi({ ...ui, form: { ...ui.form, edit: { value: fixed.text, cursor: fixed.text.length } } });
      else ctx.dispatch({ type: 'incident/update', patch: patchFor(ff.field, fixed.text) });
      ctx.setStatus(`Accepted the rewrite (${fixed.finding.rule}).`, 'success');
      return true;
    }
    if (!ui.form.edit && is('nav.down', input, key) && ui.form.focus === INTAKE_FIELDS.length - 1) {
      ctx.setUi({ ...ui, section: 'attendees', att: clampWindow({ cursor: 0, top: 0 }, s.meeting.attendees.length, attRows(ctx)) });
      return true;
    }
    if (!ui.form.edit && is('item.add', input, key)) {
      ctx.setUi({ ...ui, section: 'attendees', adding: textField('') });
      return true;
    }
    const out = formKey(INTAKE_FIELDS, ui.form, input, key, (f) => intakeValue(s, f));
    if (out.kind === 'unhandled') return false;
    if (out.kind === 'commit' && out.value !== intakeValue(s, out.field)) ctx.dispatch({ type: 'incident/update', patch: patchFor(out.field, out.value) });
    ctx.setUi({ ...ui, form: out.state });
    return true;
  }
  // attendees
  const list = s.meeting.attendees;
  if (ui.adding) {
    const r = editText(ui.adding, input, key);
    if (r.result === 'cancel') ctx.setUi({ ...ui, adding: null });
    else if (r.result === 'submit') {
      const name = oneLine(r.state.value);
      if (name) {
        const existing = list.find((a) => a.name === name);
        if (existing) ctx.setStatus(`${name} is already listed.`, 'warn');
        else ctx.dispatch({ type: 'meeting/addAttendee', attendee: { name, role: list.length === 0 ? 'facilitator' : 'responder' } });
      }
      ctx.setUi({ ...ui, adding: null, att: clampWindow({ ...ui.att, cursor: list.length }, list.length + 1, attRows(ctx)) });
    } else ctx.setUi({ ...ui, adding: r.state });
    return true;
  }
  if (is('nav.up', input, key) && ui.att.cursor === 0) {
    ctx.setUi({ ...ui, section: 'form', form: { ...ui.form, focus: INTAKE_FIELDS.length - 1 } });
    return true;
  }
  if (is('item.add', input, key)) {
    ctx.setUi({ ...ui, adding: textField('') });
    return true;
  }
  const sel = list[ui.att.cursor];
  if (sel && is('item.cycle', input, key)) {
    ctx.dispatch({ type: 'meeting/addAttendee', attendee: { name: sel.name, role: nextRole(sel.role) } });
    // addAttendee moves the person to the end: follow them
    ctx.setUi({ ...ui, att: clampWindow({ ...ui.att, cursor: list.length - 1 }, list.length, attRows(ctx)) });
    return true;
  }
  if (sel && is('item.delete', input, key)) {
    ctx.dispatch({ type: 'meeting/removeAttendee', name: sel.name });
    ctx.setUi({ ...ui, att: clampWindow(ui.att, list.length - 1, attRows(ctx)) });
    ctx.setStatus(`Removed ${sel.name} (u to undo).`);
    return true;
  }
  const w = listKey(ui.att, input, key, list.length, attRows(ctx));
  if (w) {
    ctx.setUi({ ...ui, att: w });
    return true;
  }
  return false;
}

function keys(ctx: StepContext<IntakeUi>): Command[] {
  const ui = ctx.ui;
  if (ui.section === 'form') {
    const k = formKeys(INTAKE_FIELDS, ui.form);
    const fixable = focusedFindings(ctx)?.findings.some(hasFix) ?? false;
    if (ui.form.edit) return fixable ? [...k, 'edit.acceptFix'] : k;
    return fixable ? [...k, 'lint.accept', 'item.add'] : [...k, 'item.add'];
  }
  if (ui.adding) return ['edit.submit', 'edit.cancel'];
  const has = ctx.session.meeting.attendees.length > 0;
  return has ? ['nav.up', 'item.add', 'item.cycle', 'item.delete'] : ['nav.up', 'item.add'];
}

function View({ ctx }: { ctx: StepContext<IntakeUi> }) {
  const { ui, session: s, theme } = ctx;
  const width = ctx.body.columns;
  const list = s.meeting.attendees;
  const rows = attRows(ctx);
  const win = clampWindow(ui.att, list.length, rows);
  const hints: Record<string, string[]> = {};
  for (const f of INTAKE_FIELDS) {
    if (!LINTED.has(f.key)) continue;
    const editing = ui.section === 'form' && ui.form.edit && INTAKE_FIELDS[ui.form.focus]?.key === f.key;
    const text = editing && ui.form.edit ? ui.form.edit.value : intakeValue(s, f);
    const lines = hintLines(ctx.lint?.(text, 'prose') ?? [], width - 6, 1);
    if (lines.length) hints[f.key] = lines;
  }
  const shown = list.slice(win.top, win.top + rows);
  return (
    <Box flexDirection="column">
      <Text bold>Intake · the incident in a few lines, and who is in the room</Text>
      {ctx.body.rows >= 20 ? (
        <Text dimColor wrap="truncate">
          Ground rules: blameless · ask how, not who · everyone's view of what happened counts
        </Text>
      ) : null}
      <Form fields={INTAKE_FIELDS} state={ui.form} value={(f) => intakeValue(s, f)} width={width} focused={ui.section === 'form'} hints={hints} />
      <Text> </Text>
      <Text bold color={ui.section === 'attendees' ? theme.ui.focus : undefined}>
        Attendees ({list.length}){list.length === 0 ? <Text dimColor> · press a to add the first (the facilitator)</Text> : null}
      </Text>
      {win.top > 0 ? <Text dimColor>  ↑ {win.top} more</Text> : null}
      {shown.map((a, i) => {
        const idx = win.top + i;
        const on = ui.section === 'attendees' && !ui.adding && idx === win.cursor;
        return (
          <Text key={a.name} color={on ? theme.ui.selection : undefined} bold={on}>
            {on ? '› ' : '  '}
            {clip(oneLine(a.name), 30).padEnd(32)}
            <Text dimColor={!on}>{a.role}</Text>
          </Text>
        );
      })}
      {win.top + rows < list.length ? <Text dimColor>  ↓ {list.length - win.top - rows} more</Text> : null}
      {ui.adding ? <TextField label="  New attendee" state={ui.adding} focused width={width - 2} /> : null}
    </Box>
  );
}

export default defineStep<IntakeUi>({
  id: 'intake',
  initialState: () => ({ section: 'form', form: initialForm, att: emptyWindow, adding: null }),
  View,
  handleKey,
  keys,
  capturesInput: (ui) => ui.form.edit !== null || ui.adding !== null,
  advanceWarning: (s) => (s.meeting.attendees.length === 0 ? 'no attendees recorded yet.' : !s.incident.summary.trim() ? 'the summary is empty.' : null),
});

// Action items: a list; add/edit in a form (title, done-when, owner role, owner, due date, horizon,
// priority, the factors it addresses: at least one); coverage of systemic and contributing factors.
import { Box, Text, type Key } from 'ink';
import { HORIZON_LABELS, HORIZONS, PRIORITIES, type ActionItem, type Factor, type Session } from '../../../domain/schema.js';
import { clip, oneLine } from '../../../domain/text.js';
import { is, type Command } from '../../keys.js';
import { Form } from '../../widgets/Form.js';
import { formKey, formKeys, initialForm, type FieldSpec, type FormState } from '../../widgets/formState.js';
import { clampWindow, emptyWindow, LIST_NAV, listKey, type ListWindow } from '../../widgets/listWindow.js';
import { proposeDueDate } from '../../../analysis/actionItems.js';
import { applyFix, hasFix, hintLines } from '../../lint.js';
import { defineStep, type LintFinding, type StepContext } from '../types.js';

export type ActionDraft = Omit<ActionItem, 'id'> & { id: string | null };

export interface ActionsUi {
  mode: 'list' | 'form' | 'factors';
  win: ListWindow;
  draft: ActionDraft | null;
  form: FormState;
  /** cursor in the factor picker */
  pick: number;
}

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;
export function validDay(v: string): boolean {
  if (!DAY_RE.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

export const ACTION_FIELDS: FieldSpec[] = [
  { key: 'title', label: 'Title', kind: 'text', placeholder: 'a specific change, e.g. alert when pool use > 80% for 5 min' },
  { key: 'doneWhen', label: 'Done when', kind: 'text', placeholder: 'a state anyone can check' },
  { key: 'ownerRole', label: 'Owner role', kind: 'text', placeholder: 'SRE, backend team, platform team, …' },
  { key: 'owner', label: 'Owner (person)', kind: 'text', placeholder: 'optional' },
  { key: 'due', label: 'Due date', kind: 'text', placeholder: 'YYYY-MM-DD', validate: (v) => (v === '' || validDay(v) ? null : `"${v}" is not a date YYYY-MM-DD.`) },
  { key: 'horizon', label: 'Horizon', kind: 'choice', options: HORIZONS },
  { key: 'priority', label: 'Priority', kind: 'choice', options: PRIORITIES },
  { key: 'tracker', label: 'Tracker ref', kind: 'text', placeholder: 'optional, e.g. JIRA-1234 or a URL' },
  { key: 'factors', label: 'Addresses', kind: 'text' },
  { key: 'save', label: '[ Save item ]', kind: 'text' },
];
const FACTORS_ROW = ACTION_FIELDS.findIndex((f) => f.key === 'factors');
const DUE_ROW = ACTION_FIELDS.findIndex((f) => f.key === 'due');

/** The due date proposed from the severity and the item's horizon (src/analysis/actionItems.ts). */
export function proposedDue(s: Session, d: ActionDraft, now: number): string | null {
  try {
    return proposeDueDate(s.incident.severity, d.horizon, new Date(now).toISOString().slice(0, 10));
  } catch {
    return null;
  }
}
const SAVE_ROW = ACTION_FIELDS.findIndex((f) => f.key === 'save');

function fieldsFor(proposed: string | null): FieldSpec[] {
  if (!proposed) return ACTION_FIELDS;
  return ACTION_FIELDS.map((f) => (f.key === 'due' ? { ...f, placeholder: `proposed ${proposed} (Enter to take it)` } : f));
}

function emptyDraft(): ActionDraft {
  return { id: null, title: '', doneWhen: '', ownerRole: '', owner: null, due: null, horizon: 'short', priority: 'P2', factors: [], tracker: null, status: 'open' };
}

function draftValue(d: ActionDraft, s: Session, f: FieldSpec): string {
  switch (f.key) {
    case 'owner':
      return d.owner ?? '';
    case 'due':
      return d.due ?? '';
    case 'tracker':
      return d.tracker ?? '';
    case 'factors':
      return d.factors.length ? d.factors.map((id) => factorLabel(s, id)).join('; ') : '';
    case 'save':
      return '';
    default:
      return String(d[f.key as keyof ActionDraft] ?? '');
  }
}

function factorLabel(s: Session, id: string): string {
  const f = s.factors.find((x) => x.id === id);
  return f ? clip(oneLine(f.text), 40) : `${id} (deleted)`;
}

/** What is missing before the draft can be saved. */
export function draftProblems(d: ActionDraft): string[] {
  const out: string[] = [];
  if (!d.title.trim()) out.push('a title');
  if (d.factors.length === 0) out.push('at least one factor it addresses');
  return out;
}

export interface Coverage {
  factor: Factor;
  items: ActionItem[];
}

/** Each systemic and contributing factor with the items addressing it. */
export function coverage(s: Session): Coverage[] {
  return s.factors
    .filter((f) => f.type === 'systemic' || f.type === 'contributing')
    .map((factor) => ({ factor, items: s.actions.filter((a) => a.factors.includes(factor.id)) }));
}

/** Live checks on the draft's title (action rules) and done-when (prose); findings about an owner or a
 *  date are dropped when the form's own fields give them. */
export function draftFindings(ctx: StepContext<ActionsUi>, d: ActionDraft, field: 'title' | 'doneWhen', text: string): LintFinding[] {
  const all = ctx.lint?.(text, field === 'title' ? 'action' : 'prose') ?? [];
  return all.filter((f) => !(f.rule === 'no-owner' && d.ownerRole.trim()) && !(f.rule === 'no-date' && d.due) && !(f.rule === 'not-verifiable' && d.doneWhen.trim()));
}

function lintedField(ui: ActionsUi): 'title' | 'doneWhen' | null {
  const k = ACTION_FIELDS[ui.form.focus]?.key;
  return k === 'title' || k === 'doneWhen' ? k : null;
}

const listRows = (ctx: StepContext<ActionsUi>) => Math.max(3, Math.floor((ctx.body.rows - 4) / 2));

function setDraftField(d: ActionDraft, key: string, value: string): ActionDraft {
  switch (key) {
    case 'owner':
      return { ...d, owner: value || null };
    case 'due':
      return { ...d, due: value || null };
    case 'tracker':
      return { ...d, tracker: value || null };
    case 'horizon':
      return { ...d, horizon: value as ActionDraft['horizon'] };
    case 'priority':
      return { ...d, priority: value as ActionDraft['priority'] };
    default:
      return { ...d, [key]: value };
  }
}

/** The draft with the suggestion's other fields put where the draft has nothing yet. */
export function fillEmpty(d: ActionDraft, fill: LintFinding['fill']): { draft: ActionDraft; names: string[] } {
  const names: string[] = [];
  let draft = d;
  if (fill?.doneWhen && !d.doneWhen.trim()) (draft = { ...draft, doneWhen: fill.doneWhen }), names.push('done when');
  if (fill?.ownerRole && !d.ownerRole.trim()) (draft = { ...draft, ownerRole: fill.ownerRole }), names.push('owner role');
  if (fill?.due && !d.due && validDay(fill.due)) (draft = { ...draft, due: fill.due }), names.push('due date');
  return { draft, names };
}

function save(ctx: StepContext<ActionsUi>, d: ActionDraft): boolean {
  const problems = draftProblems(d);
  if (problems.length) {
    ctx.setStatus(`The item needs ${problems.join(' and ')}.`, 'warn');
    return false;
  }
  const { id, ...rest } = d;
  if (id) {
    ctx.dispatch({ type: 'actions/edit', id, patch: rest });
    ctx.setStatus('Action item saved.', 'success');
  } else {
    ctx.dispatch({ type: 'actions/add', item: { id: ctx.newId('action'), ...rest } });
    ctx.setStatus('Action item added.', 'success');
  }
  return true;
}

function handleKey(input: string, key: Key, ctx: StepContext<ActionsUi>): boolean {
  const { ui, session: s } = ctx;
  const items = s.actions;
  const h = listRows(ctx);
  if (ui.mode === 'factors' && ui.draft) {
    const n = s.factors.length;
    if (is('nav.up', input, key)) return ctx.setUi({ ...ui, pick: Math.max(0, ui.pick - 1) }), true;
    if (is('nav.down', input, key)) return ctx.setUi({ ...ui, pick: Math.min(n - 1, ui.pick + 1) }), true;
    const f = s.factors[ui.pick];
    if (f && is('item.toggle', input, key)) {
      const has = ui.draft.factors.includes(f.id);
      const factors = has ? ui.draft.factors.filter((x) => x !== f.id) : [...ui.draft.factors, f.id];
      ctx.setUi({ ...ui, draft: { ...ui.draft, factors } });
      return true;
    }
    if (is('edit.submit', input, key) || is('edit.cancel', input, key)) {
      ctx.setUi({ ...ui, mode: 'form' });
      return true;
    }
    return true; // the picker is modal
  }
  if (ui.mode === 'form' && ui.draft) {
    const d = ui.draft;
    const lf = lintedField(ui);
    if (lf && (is('edit.acceptFix', input, key) || is('lint.accept', input, key))) {
      const text = ui.form.edit ? ui.form.edit.value : d[lf];
      const fixed = applyFix(text, draftFindings(ctx, d, lf, text));
      if (!fixed) return ctx.setStatus('No rewrite to accept here.'), true;
      // a sharpened item may come with a done-when, an owner role and a date: they fill empty fields only
      const { draft: filled, names } = fillEmpty(d, fixed.finding.fill);
      if (ui.form.edit) ctx.setUi({ ...ui, draft: filled, form: { ...ui.form, edit: { value: fixed.text, cursor: fixed.text.length } } });
      else ctx.setUi({ ...ui, draft: { ...filled, [lf]: fixed.text } });
      ctx.setStatus(`Accepted the rewrite (${fixed.finding.rule})${names.length ? `; filled ${names.join(', ')}` : ''}.`, 'success');
      return true;
    }
    if (!ui.form.edit) {
      if (is('edit.cancel', input, key)) {
        ctx.setUi({ ...ui, mode: 'list', draft: null, form: initialForm });
        ctx.setStatus('Discarded the unsaved item.');
        return true;
      }
      if (ui.form.focus === FACTORS_ROW && (is('item.edit', input, key) || is('item.toggle', input, key))) {
        if (s.factors.length === 0) {
          ctx.setStatus('No factors yet: add them on the Factors step (4) first.', 'warn');
          return true;
        }
        ctx.setUi({ ...ui, mode: 'factors', pick: 0 });
        return true;
      }
      if (ui.form.focus === SAVE_ROW && is('item.edit', input, key)) {
        if (save(ctx, d)) ctx.setUi({ ...ui, mode: 'list', draft: null, form: initialForm });
        return true;
      }
    }
    const out = formKey(ACTION_FIELDS, ui.form, input, key, (f) => draftValue(d, s, f));
    if (out.kind === 'unhandled') return true; // the form is modal
    let draft = d;
    if (out.kind === 'commit' && out.field.key !== 'factors' && out.field.key !== 'save') draft = setDraftField(d, out.field.key, out.value);
    // tabbing into the factors or save rows does not open a text field there
    let form = out.state;
    if (form.edit && (form.focus === FACTORS_ROW || form.focus === SAVE_ROW)) form = { ...form, edit: null };
    // an empty due date starts from the proposal for this severity and horizon
    if (form.edit && form.focus === DUE_ROW && form.edit.value === '' && !draft.due && (!ui.form.edit || ui.form.focus !== DUE_ROW)) {
      const p = proposedDue(s, draft, ctx.now());
      if (p) form = { ...form, edit: { value: p, cursor: p.length } };
    }
    ctx.setUi({ ...ui, draft, form });
    return true;
  }
  // list
  const sel = items[Math.min(ui.win.cursor, items.length - 1)];
  if (is('item.add', input, key)) {
    ctx.setUi({ ...ui, mode: 'form', draft: emptyDraft(), form: { focus: 0, edit: { value: '', cursor: 0 }, error: null } });
    return true;
  }
  if (!sel) return false;
  if (is('item.edit', input, key)) {
    ctx.setUi({ ...ui, mode: 'form', draft: { ...sel }, form: initialForm });
    return true;
  }
  if (is('actions.done', input, key)) {
    ctx.dispatch({ type: 'actions/edit', id: sel.id, patch: { status: sel.status === 'done' ? 'open' : 'done' } });
    return true;
  }
  if (is('item.delete', input, key)) {
    ctx.dispatch({ type: 'actions/delete', id: sel.id });
    ctx.setUi({ ...ui, win: clampWindow(ui.win, items.length - 1, h) });
    ctx.setStatus(`Deleted "${clip(oneLine(sel.title), 40)}" (u to undo).`);
    return true;
  }
  const w = listKey(ui.win, input, key, items.length, h);
  if (w) return ctx.setUi({ ...ui, win: w }), true;
  return false;
}

function keys(ctx: StepContext<ActionsUi>): Command[] {
  const { ui } = ctx;
  if (ui.mode === 'factors') return ['nav.up', 'item.toggle', 'edit.submit'];
  if (ui.mode === 'form') {
    const lf = lintedField(ui);
    const d = ui.draft;
    const fixable = lf && d ? draftFindings(ctx, d, lf, ui.form.edit ? ui.form.edit.value : d[lf]).some(hasFix) : false;
    if (ui.form.edit) return fixable ? [...formKeys(ACTION_FIELDS, ui.form), 'edit.acceptFix'] : formKeys(ACTION_FIELDS, ui.form);
    if (fixable) return ['nav.up', 'item.edit', 'lint.accept', 'edit.cancel'];
    const f = ACTION_FIELDS[ui.form.focus];
    return ['nav.up', f?.kind === 'choice' ? 'item.cycle' : 'item.edit', 'edit.cancel'];
  }
  if (ctx.session.actions.length === 0) return ['item.add'];
  return [...LIST_NAV, 'item.add', 'item.edit', 'actions.done', 'item.delete'];
}

function View({ ctx }: { ctx: StepContext<ActionsUi> }) {
  const { ui, session: s, theme } = ctx;
  const width = ctx.body.columns;
  if ((ui.mode === 'form' || ui.mode === 'factors') && ui.draft) {
    const d = ui.draft;
    const problems = draftProblems(d);
    const hints: Record<string, string[]> = {};
    for (const k of ['title', 'doneWhen'] as const) {
      const editing = ui.form.edit && ACTION_FIELDS[ui.form.focus]?.key === k;
      const text = editing && ui.form.edit ? ui.form.edit.value : d[k];
      const lines = hintLines(draftFindings(ctx, d, k, text), width - 6);
      if (lines.length) hints[k] = lines;
    }
    return (
      <Box flexDirection="column">
        <Text bold>{d.id ? 'Edit action item' : 'New action item'}</Text>
        <Form fields={fieldsFor(proposedDue(s, d, ctx.now()))} state={ui.form} value={(f) => draftValue(d, s, f)} width={width} focused={ui.mode === 'form'} hints={hints} />
        {problems.length ? <Text color={theme.status.warning}>  Needs {problems.join(' and ')} before it can be saved.</Text> : null}
        {ui.mode === 'factors' ? (
          <Box flexDirection="column" marginTop={1}>
            <Text bold>Factors this item addresses (Space toggles, Enter done)</Text>
            {s.factors.slice(Math.max(0, ui.pick - 6), Math.max(0, ui.pick - 6) + 8).map((f) => {
              const idx = s.factors.indexOf(f);
              const on = idx === ui.pick;
              return (
                <Text key={f.id} color={on ? theme.ui.selection : undefined} bold={on}>
                  {on ? '› ' : '  '}[{d.factors.includes(f.id) ? 'x' : ' '}] {clip(oneLine(f.text), width - 24)} <Text dimColor>({f.type})</Text>
                </Text>
              );
            })}
          </Box>
        ) : null}
      </Box>
    );
  }
  const items = s.actions;
  const h = listRows(ctx);
  const win = clampWindow(ui.win, items.length, h);
  const cov = coverage(s);
  const uncovered = cov.filter((c) => c.items.length === 0);
  const sel = items[win.cursor];
  // uncovered first: they are what the room must see
  const covShown = [...uncovered, ...cov.filter((c) => c.items.length > 0)];
  return (
    <Box flexDirection="column">
      <Text bold>
        Action items · {items.length} <Text dimColor>({items.filter((a) => a.status === 'done').length} done)</Text>
      </Text>
      {items.length === 0 ? <Text dimColor>  No action items yet: press a to add one.</Text> : null}
      {win.top > 0 ? <Text dimColor>  ↑ {win.top} more</Text> : null}
      {items.slice(win.top, win.top + h).map((a, i) => {
        const on = win.top + i === win.cursor;
        const warn = a.factors.length === 0 ? ' ⚠ no factor' : '';
        const owner = clip(oneLine(a.ownerRole) || 'no owner', 16);
        const room = Math.max(20, width - 12 - owner.length - warn.length);
        return (
          <Text key={a.id} color={on ? theme.ui.selection : undefined} bold={on} wrap="truncate">
            {on ? '› ' : '  '}
            {a.status === 'done' ? '✓ ' : '○ '}
            {a.priority} {clip(oneLine(a.title), room)}
            <Text dimColor>
              {'  '}
              {owner}
            </Text>
            <Text color={theme.status.warning}>{warn}</Text>
          </Text>
        );
      })}
      {win.top + h < items.length ? <Text dimColor>  ↓ {items.length - win.top - h} more</Text> : null}
      {sel ? (
        <Box flexDirection="column" paddingLeft={4}>
          <Text dimColor wrap="truncate">
            done when: {oneLine(sel.doneWhen) || '—'}
          </Text>
          <Text dimColor wrap="truncate">
            {oneLine(sel.ownerRole) || 'no owner role'}
            {sel.owner ? ` (${oneLine(sel.owner)})` : ''} · due {sel.due ?? '—'} · {HORIZON_LABELS[sel.horizon]} · addresses{' '}
            {sel.factors.map((id) => factorLabel(s, id)).join('; ') || 'no factor'}
            {sel.tracker ? ` · ${oneLine(sel.tracker)}` : ''}
          </Text>
        </Box>
      ) : null}
      <Text> </Text>
      <Text bold>
        Coverage of contributing and systemic factors{' '}
        {cov.length ? (
          <Text color={uncovered.length ? theme.status.warning : theme.status.success}>
            ({cov.length - uncovered.length}/{cov.length} covered)
          </Text>
        ) : null}
      </Text>
      {cov.length === 0 ? <Text dimColor>  No contributing or systemic factors yet.</Text> : null}
      {covShown.slice(0, Math.max(1, ctx.body.rows - Math.min(h, items.length) - (win.top > 0 ? 1 : 0) - (win.top + h < items.length ? 1 : 0) - 5)).map((c) => (
        <Text key={c.factor.id} color={c.items.length ? undefined : theme.status.warning} wrap="truncate">
          {c.items.length ? '  ✓ ' : '  ✗ '}
          {clip(oneLine(c.factor.text), Math.max(20, width - 34))}
          <Text dimColor> ({c.factor.type}) </Text>
          {c.items.length ? <Text dimColor>{c.items.length} item{c.items.length > 1 ? 's' : ''}</Text> : 'UNCOVERED'}
        </Text>
      ))}
    </Box>
  );
}

export default defineStep<ActionsUi>({
  id: 'actions',
  initialState: () => ({ mode: 'list', win: emptyWindow, draft: null, form: initialForm, pick: 0 }),
  View,
  handleKey,
  keys,
  capturesInput: (ui) => ui.mode !== 'list',
  advanceWarning: (s) => {
    const un = coverage(s).filter((c) => c.items.length === 0).length;
    return un ? `${un} contributing/systemic factor${un > 1 ? 's have' : ' has'} no action item.` : null;
  },
});

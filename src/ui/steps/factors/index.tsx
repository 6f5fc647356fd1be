// Factors: a board grouped by type (trigger, contributing, systemic, mitigator); add, edit, delete,
// type and category; warnings when there is only one factor or none systemic; factors promoted from
// the why-tree show the node they came from.
import { Box, Text, type Key } from 'ink';
import type { ReactNode } from 'react';
import { CATEGORIES, FACTOR_TYPES, type Category, type Factor, type FactorType, type Session } from '../../../domain/schema.js';
import { clip, oneLine } from '../../../domain/text.js';
import { is, type Command } from '../../keys.js';
import { clampWindow, emptyWindow, LIST_NAV, listKey, type ListWindow } from '../../widgets/listWindow.js';
import { editText, textField, type TextFieldState } from '../../widgets/textEdit.js';
import { TextField } from '../../widgets/TextField.js';
import { applyFix, hasFix, hintLines } from '../../lint.js';
import { formatTime } from '../timeline/format.js';
import { defineStep, type StepContext } from '../types.js';

export const FACTOR_TYPE_LABELS: Record<FactorType, string> = {
  trigger: 'Trigger · made it happen when it did',
  contributing: 'Contributing · made it possible',
  systemic: 'Systemic · the condition beneath',
  mitigator: 'Mitigator · limited the damage (where we got lucky)',
};

export interface FactorsUi {
  win: ListWindow;
  /** the evidence picker: which factor, and the cursor over the timeline events */
  evidence: { id: string; win: ListWindow } | null;
  /** text being typed: a new factor (id null) or an edit */
  edit: { id: string | null; type: FactorType; field: TextFieldState } | null;
}

/** Factors in board order: grouped by type, in the order they were added. */
export function boardOrder(factors: readonly Factor[]): Factor[] {
  return FACTOR_TYPES.flatMap((t) => factors.filter((f) => f.type === t));
}

/** The board's warnings, in words. */
export function factorWarnings(s: Session): string[] {
  const out: string[] = [];
  const causes = s.factors.filter((f) => f.type !== 'mitigator');
  if (s.factors.length === 0) out.push('No factors yet: promote why-tree nodes (5 Whys, f) or add them here (a).');
  else if (causes.length === 1) out.push('Only one causal factor: incidents rarely have a single cause. What else made it possible?');
  if (s.factors.length > 0 && !s.factors.some((f) => f.type === 'systemic'))
    out.push('No systemic factor: what condition beneath (process, design, organisation) allowed this?');
  return out;
}

function cycleIn<T>(list: readonly T[], cur: T, dir = 1): T {
  const i = list.indexOf(cur);
  return list[(i + dir + list.length) % list.length] as T;
}

const evidenceRows = (ctx: StepContext<FactorsUi>) => Math.max(3, ctx.body.rows - 4);
const rows = (ctx: StepContext<FactorsUi>) => Math.max(3, ctx.body.rows - 4 - factorWarnings(ctx.session).length);

function handleKey(input: string, key: Key, ctx: StepContext<FactorsUi>): boolean {
  const { ui, session: s } = ctx;
  const board = boardOrder(s.factors);
  const h = rows(ctx);
  if (ui.evidence) {
    const events = s.timeline.events;
    const f = s.factors.find((x) => x.id === ui.evidence!.id);
    const eh = evidenceRows(ctx);
    if (!f || is('edit.submit', input, key) || is('edit.cancel', input, key)) {
      ctx.setUi({ ...ui, evidence: null });
      return true;
    }
    const ev = events[ui.evidence.win.cursor];
    if (ev && is('item.toggle', input, key)) {
      const on = f.evidence.includes(ev.id);
      ctx.dispatch({ type: 'factors/edit', id: f.id, patch: { evidence: on ? f.evidence.filter((x) => x !== ev.id) : [...f.evidence, ev.id] } });
      return true;
    }
    const w = listKey(ui.evidence.win, input, key, events.length, eh);
    if (w) ctx.setUi({ ...ui, evidence: { ...ui.evidence, win: w } });
    return true; // the picker is modal
  }
  if (ui.edit && is('edit.acceptFix', input, key)) {
    const fixed = applyFix(ui.edit.field.value, ctx.lint?.(ui.edit.field.value, 'prose') ?? []);
    if (!fixed) return ctx.setStatus('No rewrite to accept here.'), true;
    ctx.setUi({ ...ui, edit: { ...ui.edit, field: { value: fixed.text, cursor: fixed.text.length } } });
    return true;
  }
  if (ui.edit) {
    const r = editText(ui.edit.field, input, key);
    if (r.result === 'cancel') ctx.setUi({ ...ui, edit: null });
    else if (r.result === 'submit') {
      const text = oneLine(r.state.value);
      if (!text) {
        ctx.setStatus('A factor needs some text (Esc cancels).', 'warn');
        return true;
      }
      if (ui.edit.id) {
        ctx.dispatch({ type: 'factors/edit', id: ui.edit.id, patch: { text } });
        ctx.setUi({ ...ui, edit: null });
      } else {
        const factor: Factor = { id: ctx.newId('factor'), text, type: ui.edit.type, category: null, whyNodes: [], evidence: [] };
        ctx.dispatch({ type: 'factors/add', factor });
        const idx = boardOrder([...s.factors, factor]).findIndex((f) => f.id === factor.id);
        ctx.setUi({ ...ui, edit: null, win: clampWindow({ ...ui.win, cursor: idx }, board.length + 1, h) });
      }
    } else ctx.setUi({ ...ui, edit: { ...ui.edit, field: r.state } });
    return true;
  }
  const sel = board[Math.min(ui.win.cursor, board.length - 1)];
  if (is('item.add', input, key)) {
    ctx.setUi({ ...ui, edit: { id: null, type: sel?.type ?? 'contributing', field: textField('') } });
    return true;
  }
  if (!sel) return false;
  if (is('lint.accept', input, key)) {
    const fixed = applyFix(sel.text, ctx.lint?.(sel.text, 'prose') ?? []);
    if (!fixed) return ctx.setStatus('No rewrite to accept here.'), true;
    ctx.dispatch({ type: 'factors/edit', id: sel.id, patch: { text: fixed.text } });
    ctx.setStatus(`Accepted the rewrite (${fixed.finding.rule}).`, 'success');
    return true;
  }
  if (is('item.edit', input, key)) {
    ctx.setUi({ ...ui, edit: { id: sel.id, type: sel.type, field: textField(sel.text) } });
    return true;
  }
  if (is('factors.type', input, key)) {
    const type = cycleIn(FACTOR_TYPES, sel.type);
    ctx.dispatch({ type: 'factors/edit', id: sel.id, patch: { type } });
    const after = boardOrder(s.factors.map((f) => (f.id === sel.id ? { ...f, type } : f)));
    ctx.setUi({ ...ui, win: clampWindow({ ...ui.win, cursor: after.findIndex((f) => f.id === sel.id) }, after.length, h) });
    return true;
  }
  if (is('factors.evidence', input, key)) {
    if (s.timeline.events.length === 0) return ctx.setStatus('No timeline events to link yet (step 2).', 'warn'), true;
    const first = s.timeline.events.findIndex((e) => sel.evidence.includes(e.id));
    ctx.setUi({ ...ui, evidence: { id: sel.id, win: clampWindow({ cursor: Math.max(0, first), top: 0 }, s.timeline.events.length, evidenceRows(ctx)) } });
    return true;
  }
  if (is('factors.category', input, key)) {
    const opts: (Category | null)[] = [null, ...CATEGORIES];
    ctx.dispatch({ type: 'factors/edit', id: sel.id, patch: { category: cycleIn(opts, sel.category) } });
    return true;
  }
  if (is('item.delete', input, key)) {
    ctx.dispatch({ type: 'factors/delete', id: sel.id });
    ctx.setUi({ ...ui, win: clampWindow(ui.win, board.length - 1, h) });
    ctx.setStatus(`Deleted "${clip(oneLine(sel.text), 40)}" (u to undo).`);
    return true;
  }
  const w = listKey(ui.win, input, key, board.length, h);
  if (w) {
    ctx.setUi({ ...ui, win: w });
    return true;
  }
  return false;
}

function selected(ctx: StepContext<FactorsUi>) {
  const board = boardOrder(ctx.session.factors);
  return board[Math.min(ctx.ui.win.cursor, board.length - 1)];
}

function keys(ctx: StepContext<FactorsUi>): Command[] {
  if (ctx.ui.evidence) return [...LIST_NAV, 'item.toggle', 'edit.submit'];
  if (ctx.ui.edit) {
    const fixable = (ctx.lint?.(ctx.ui.edit.field.value, 'prose') ?? []).some(hasFix);
    return fixable ? ['edit.submit', 'edit.acceptFix', 'edit.cancel'] : ['edit.submit', 'edit.cancel'];
  }
  if (ctx.session.factors.length === 0) return ['item.add'];
  const sel = selected(ctx);
  const fixable = sel ? (ctx.lint?.(sel.text, 'prose') ?? []).some(hasFix) : false;
  return [...LIST_NAV, 'item.add', 'item.edit', 'factors.type', 'factors.category', 'factors.evidence', 'item.delete', ...(fixable ? (['lint.accept'] as Command[]) : [])];
}

function EvidencePicker({ ctx }: { ctx: StepContext<FactorsUi> }) {
  const { ui, session: s, theme } = ctx;
  const f = s.factors.find((x) => x.id === ui.evidence?.id);
  if (!ui.evidence || !f) return null;
  const events = s.timeline.events;
  const h = evidenceRows(ctx);
  const win = clampWindow(ui.evidence.win, events.length, h);
  const width = ctx.body.columns;
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate">
        Evidence for: {clip(oneLine(f.text), width - 16)}
      </Text>
      <Text dimColor>
        {f.evidence.length} linked · Space links or unlinks the event · Enter done{win.top > 0 ? ` · ↑ ${win.top} more` : ''}
      </Text>
      {events.slice(win.top, win.top + h).map((e, i) => {
        const on = win.top + i === win.cursor;
        return (
          <Text key={e.id} color={on ? theme.ui.selection : undefined} bold={on} wrap="truncate">
            {on ? '› ' : '  '}[{f.evidence.includes(e.id) ? 'x' : ' '}] {formatTime(e.occurredAt, s.timeline.precision, s.incident.timezone)} {e.kind.padEnd(10)} {clip(oneLine(e.text), width - 28)}
          </Text>
        );
      })}
      {win.top + h < events.length ? <Text dimColor>  ↓ {events.length - win.top - h} more</Text> : null}
    </Box>
  );
}

function View({ ctx }: { ctx: StepContext<FactorsUi> }) {
  const { ui, session: s, theme } = ctx;
  const width = ctx.body.columns;
  if (ui.evidence) return <EvidencePicker ctx={ctx} />;
  const board = boardOrder(s.factors);
  const h = rows(ctx);
  const win = clampWindow(ui.win, board.length, h);
  const shown = board.slice(win.top, win.top + h);
  const counts = Object.fromEntries(FACTOR_TYPES.map((t) => [t, s.factors.filter((f) => f.type === t).length])) as Record<FactorType, number>;
  const lines: ReactNode[] = [];
  let lastType: FactorType | null = null;
  shown.forEach((f, i) => {
    const idx = win.top + i;
    if (f.type !== lastType) {
      lastType = f.type;
      lines.push(
        <Text key={`h-${f.type}`} bold color={theme.factor[f.type]}>
          {FACTOR_TYPE_LABELS[f.type]} ({counts[f.type]})
        </Text>,
      );
    }
    const on = !ui.edit && idx === win.cursor;
    const node = f.whyNodes.map((n) => s.whys.nodes[n]).find((n) => n !== undefined);
    const nodeText = node ? oneLine(node.answer || node.question) : '';
    const link = node ? (nodeText === oneLine(f.text) ? '  ↳ why' : `  ↳ why: ${clip(nodeText, Math.max(20, Math.floor(width / 3)))}`) : '';
    const cat = (f.category ? `  [${f.category}]` : '') + (f.evidence.length ? `  ${f.evidence.length} ev.` : '');
    const room = Math.max(20, width - 4 - cat.length - link.length);
    lines.push(
      <Text key={f.id} color={on ? theme.ui.selection : undefined} bold={on} wrap="truncate">
        {on ? '› ' : '  '}
        {clip(oneLine(f.text), room)}
        <Text dimColor>
          {cat}
          {link}
        </Text>
      </Text>,
    );
  });
  return (
    <Box flexDirection="column">
      <Text bold>
        Factors · {s.factors.length} on the board{' '}
        <Text dimColor>
          ({FACTOR_TYPES.map((t) => `${counts[t]} ${t}`).join(', ')})
        </Text>
      </Text>
      {factorWarnings(s).map((w) => (
        <Text key={w} color={theme.status.warning}>
          ⚠ {w}
        </Text>
      ))}
      {win.top > 0 ? <Text dimColor>  ↑ {win.top} more</Text> : null}
      {lines}
      {win.top + h < board.length ? <Text dimColor>  ↓ {board.length - win.top - h} more</Text> : null}
      {ui.edit ? (
        <TextField
          label={ui.edit.id ? '  Edit factor' : `  New ${ui.edit.type} factor`}
          state={ui.edit.field}
          focused
          width={width - 2}
          hints={hintLines(ctx.lint?.(ui.edit.field.value, 'prose') ?? [], width - 6)}
        />
      ) : (() => {
        const sel = board[win.cursor];
        const lines = sel ? hintLines(ctx.lint?.(sel.text, 'prose') ?? [], width - 6, 1) : [];
        return lines.map((l) => (
          <Text key={l} color={theme.status.warning}>
            {'  ⚠ '}
            {l}
          </Text>
        ));
      })()}
    </Box>
  );
}

export default defineStep<FactorsUi>({
  id: 'factors',
  initialState: () => ({ win: emptyWindow, edit: null, evidence: null }),
  View,
  handleKey,
  keys,
  capturesInput: (ui) => ui.edit !== null || ui.evidence !== null,
  advanceWarning: (s) => factorWarnings(s)[0] ?? null,
});

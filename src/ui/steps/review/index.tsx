// Review and wrap-up: the live rubric (src/analysis/review.ts when present), what went well / could be
// better / where we got lucky, the parking lot and decisions, and the Markdown export (a callback:
// the UI does no file I/O).
import { Box, Text, type Key } from 'ink';
import type { ReviewList } from '../../../domain/actions.js';
import type { Note, Session } from '../../../domain/schema.js';
import { STEP_LABELS } from '../../../domain/schema.js';
import { clip, oneLine } from '../../../domain/text.js';
import { is, type Command } from '../../keys.js';
import { editText, textField, type TextFieldState } from '../../widgets/textEdit.js';
import { TextField } from '../../widgets/TextField.js';
import { agendaRows, agendaSummary } from '../../widgets/Agenda.js';
import { formatDuration } from '../../layout.js';
import { defineStep, type OverlayContext, type StepContext } from '../types.js';
import { rubricOf } from './rubric.js';

export const SECTIONS = ['wentWell', 'couldBeBetter', 'gotLucky', 'actions', 'decisions', 'parkingLot', 'questions'] as const;
export type Section = (typeof SECTIONS)[number];
export const SECTION_TABS: Record<Section, string> = {
  wentWell: 'Went well',
  couldBeBetter: 'Could be better',
  gotLucky: 'Got lucky',
  actions: 'Actions',
  parkingLot: 'Parking lot',
  questions: 'Open questions',
  decisions: 'Decisions',
};
/** for narrow terminals */
export const SECTION_SHORT: Record<Section, string> = {
  wentWell: 'Well',
  couldBeBetter: 'Better',
  gotLucky: 'Lucky',
  actions: 'Actions',
  decisions: 'Decided',
  parkingLot: 'Parked',
  questions: 'Open',
};
export const SECTION_LABELS: Record<Section, string> = {
  wentWell: 'What went well',
  couldBeBetter: 'What could have gone better',
  gotLucky: 'Where we got lucky',
  actions: 'Action items, read back: owner and due date',
  parkingLot: 'Parking lot',
  questions: 'Open questions: why-tree questions nobody has answered yet',
  decisions: 'Decisions',
};

export interface ReviewUi {
  section: number;
  cursor: number;
  edit: { index: number | null; field: TextFieldState } | null;
  exporting: boolean;
  lastExport: string | null;
}

function itemsOf(s: Session, sec: Section): string[] {
  if (sec === 'questions') return Object.values(s.whys.nodes).filter((n) => !n.answer.trim() && n.children.length === 0).map((n) => n.question);
  if (sec === 'actions')
    return s.actions.map(
      (a) => `${a.status === 'done' ? '✓' : '○'} ${a.priority} ${a.title} — ${a.ownerRole || 'NO OWNER'}${a.owner ? ` (${a.owner})` : ''}, due ${a.due ?? 'NO DATE'}`,
    );
  if (sec === 'parkingLot' || sec === 'decisions') return s.meeting[sec].map((n: Note) => `${n.text}  (${STEP_LABELS[n.step]})`);
  return s.review[sec];
}

const isList = (sec: Section): sec is ReviewList & Section => sec === 'wentWell' || sec === 'couldBeBetter' || sec === 'gotLucky';

async function doExport(ctx: StepContext<ReviewUi>) {
  const fn = ctx.exportMarkdown;
  if (!fn) {
    ctx.setStatus('Export is not available here: run `debrief export <id> --format md`.', 'warn');
    return;
  }
  ctx.setUi((u) => ({ ...u, exporting: true }));
  try {
    const path = await fn(ctx.session);
    ctx.dispatch({ type: 'review/exported', at: new Date(ctx.now()).toISOString() });
    ctx.setUi((u) => ({ ...u, exporting: false, lastExport: path }));
    ctx.setStatus(`Exported the post-mortem to ${path}`, 'success');
  } catch (err) {
    ctx.setUi((u) => ({ ...u, exporting: false }));
    ctx.setStatus(`Export failed: ${err instanceof Error ? err.message : String(err)}`, 'error');
  }
}

/** The wrap-up read-back (pure): decisions, parking lot and open questions, action items with owners
 *  and due dates, the review score, time per step against its timebox, and the export key. */
export function wrapUpLines(s: Session, now: number): string[] {
  const out: string[] = [];
  const list = (title: string, items: string[], none: string) => {
    out.push(`${title} (${items.length})`);
    if (!items.length) out.push(`  ${none}`);
    for (const it of items) out.push(`  • ${oneLine(it)}`);
  };
  list('Decisions', s.meeting.decisions.map((n) => n.text), 'none recorded');
  list('Parking lot', s.meeting.parkingLot.map((n) => `${n.text}  (${STEP_LABELS[n.step]})`), 'empty');
  list('Open questions', itemsOf(s, 'questions'), 'none');
  list(
    'Action items',
    s.actions.map((a) => `${a.title} — owner ${a.owner ? `${a.owner}${a.ownerRole ? ` (${a.ownerRole})` : ''}` : a.ownerRole || 'NONE'}, due ${a.due ?? 'NO DATE'}`),
    'none yet',
  );
  const rubric = rubricOf(s, now);
  out.push(rubric ? `Review score ${rubric.score.toFixed(1)}/10` : 'Review score: not scored yet');
  out.push('Time per step (used / timebox)');
  for (const r of agendaRows(s, now)) out.push(`  ${r.label.padEnd(12)} ${formatDuration(r.usedMs)} / ${r.plannedMin}m${r.over ? '  over' : ''}`);
  out.push('E exports the post-mortem · Esc closes');
  return out;
}

async function exportFromOverlay(ctx: OverlayContext): Promise<void> {
  if (!ctx.exportMarkdown) return ctx.setStatus('Export is not available here: run `debrief export <id> --format md`.', 'warn');
  try {
    const path = await ctx.exportMarkdown(ctx.session);
    ctx.dispatch({ type: 'review/exported', at: new Date(ctx.now()).toISOString() });
    ctx.setStatus(`Exported the post-mortem to ${path}`, 'success');
  } catch (err) {
    ctx.setStatus(`Export failed: ${err instanceof Error ? err.message : String(err)}`, 'error');
  }
}

function openWrapUp(ctx: StepContext<ReviewUi>): void {
  ctx.openOverlay({
    kind: 'custom',
    id: 'wrap-up',
    title: 'Wrap-up: read back before we close',
    keys: () => ['review.export'],
    render: (c) => {
      const lines = wrapUpLines(c.session, c.now());
      const room = Math.max(3, c.body.rows - 3);
      const shown = lines.length > room ? [...lines.slice(0, room - 1), lines[lines.length - 1]!] : lines;
      return (
        <Box flexDirection="column">
          {shown.map((l, i) => (
            <Text key={i} wrap="truncate" bold={!l.startsWith(' ')}>
              {clip(l, c.body.columns - 4)}
            </Text>
          ))}
        </Box>
      );
    },
    handleKey: (input, key, c) => {
      if (is('review.export', input, key)) {
        c.closeOverlay();
        void exportFromOverlay(c);
        return true;
      }
      return false;
    },
  });
}

function handleKey(input: string, key: Key, ctx: StepContext<ReviewUi>): boolean {
  const { ui, session: s } = ctx;
  const sec = SECTIONS[ui.section] ?? 'wentWell';
  const items = itemsOf(s, sec);
  if (ui.edit) {
    const r = editText(ui.edit.field, input, key);
    if (r.result === 'cancel') ctx.setUi({ ...ui, edit: null });
    else if (r.result === 'submit') {
      const text = oneLine(r.state.value);
      if (text && isList(sec)) {
        if (ui.edit.index === null) ctx.dispatch({ type: 'review/add', list: sec, text });
        else ctx.dispatch({ type: 'review/edit', list: sec, index: ui.edit.index, text });
      }
      ctx.setUi({ ...ui, edit: null, cursor: ui.edit.index ?? items.length });
    } else ctx.setUi({ ...ui, edit: { ...ui.edit, field: r.state } });
    return true;
  }
  if (is('review.export', input, key)) {
    if (!ui.exporting) void doExport(ctx);
    return true;
  }
  if (is('review.wrapUp', input, key)) return openWrapUp(ctx), true;
  if (is('nav.left', input, key) || is('nav.right', input, key)) {
    const n = SECTIONS.length;
    return ctx.setUi({ ...ui, section: (ui.section + (is('nav.left', input, key) ? n - 1 : 1)) % n, cursor: 0 }), true;
  }
  if (is('nav.up', input, key)) return ctx.setUi({ ...ui, cursor: Math.max(0, ui.cursor - 1) }), true;
  if (is('nav.down', input, key)) return ctx.setUi({ ...ui, cursor: Math.min(Math.max(0, items.length - 1), ui.cursor + 1) }), true;
  if (is('item.add', input, key) && isList(sec)) return ctx.setUi({ ...ui, edit: { index: null, field: textField('') } }), true;
  const cur = Math.min(ui.cursor, items.length - 1);
  if (cur < 0) return false;
  if (is('item.edit', input, key) && isList(sec)) {
    return ctx.setUi({ ...ui, edit: { index: cur, field: textField(s.review[sec][cur] ?? '') } }), true;
  }
  if (is('item.delete', input, key) && sec !== 'actions' && sec !== 'questions') {
    if (isList(sec)) ctx.dispatch({ type: 'review/remove', list: sec, index: cur });
    else {
      const note = s.meeting[sec][cur];
      if (note) ctx.dispatch({ type: 'meeting/removeNote', list: sec, id: note.id });
    }
    ctx.setUi({ ...ui, cursor: Math.max(0, cur - 1) });
    ctx.setStatus('Removed (u to undo).');
    return true;
  }
  return false;
}

function keys(ctx: StepContext<ReviewUi>): Command[] {
  const { ui, session: s } = ctx;
  if (ui.edit) return ['edit.submit', 'edit.cancel'];
  const sec = SECTIONS[ui.section] ?? 'wentWell';
  const has = itemsOf(s, sec).length > 0;
  const out: Command[] = ['nav.left', 'nav.up'];
  if (isList(sec)) out.push('item.add');
  if (has && isList(sec)) out.push('item.edit');
  if (has && sec !== 'actions' && sec !== 'questions') out.push('item.delete');
  out.push('review.export', 'review.wrapUp');
  return out;
}

function View({ ctx }: { ctx: StepContext<ReviewUi> }) {
  const { ui, session: s, theme } = ctx;
  const width = ctx.body.columns;
  const rubric = rubricOf(s, ctx.now());
  const sec = SECTIONS[ui.section] ?? 'wentWell';
  const items = itemsOf(s, sec);
  const rubricRows = rubric ? Math.min(5, rubric.blockers.length) + 1 : 1;
  const listRows = Math.max(3, ctx.body.rows - rubricRows - 7);
  const cur = Math.min(ui.cursor, Math.max(0, items.length - 1));
  const top = Math.max(0, Math.min(cur - listRows + 1, items.length - listRows));
  const openActions = s.actions.filter((a) => a.status !== 'done');
  const fullTabs = SECTIONS.map((x) => `${SECTION_TABS[x]} (${itemsOf(s, x).length})`).join(' │ ');
  const short = fullTabs.length + 1 > width;
  return (
    <Box flexDirection="column">
      {rubric ? (
        <>
          <Text bold wrap="truncate">
            Review score{' '}
            <Text color={rubric.score >= 7 ? theme.status.success : rubric.score >= 4 ? theme.status.warning : theme.status.error}>
              {rubric.score.toFixed(1)}/10
            </Text>
            <Text dimColor> · {rubric.summary}</Text>
          </Text>
          {rubric.blockers.slice(0, 5).map((b, i) => (
            <Text key={i} color={theme.status.warning} wrap="truncate">
              {'  ✗ '}
              {clip(oneLine(b), width - 4)}
            </Text>
          ))}
        </>
      ) : (
        <Text dimColor>The review rubric is not available in this build.</Text>
      )}
      <Text>
        <Text dimColor>
          {s.factors.length} factors · {s.actions.length} action items ({openActions.length} open) · {s.meeting.decisions.length} decisions ·{' '}
          {s.meeting.parkingLot.length} parked
        </Text>
      </Text>
      <Text dimColor wrap="truncate">
        Time per step: {agendaSummary(s, ctx.now()) || 'not started'}
      </Text>
      <Text wrap="truncate">
        {SECTIONS.map((x, i) => (
          <Text key={x}>
            {i > 0 ? (short ? ' ' : ' │ ') : ''}
            <Text bold={i === ui.section} inverse={i === ui.section && !theme.noColor} underline={i === ui.section && theme.noColor} color={i === ui.section ? theme.ui.focus : theme.text.secondary}>
              {i === ui.section && theme.noColor ? '▸' : ''}
              {short ? SECTION_SHORT[x] : SECTION_TABS[x]} ({itemsOf(s, x).length})
            </Text>
          </Text>
        ))}
      </Text>
      <Text bold>{SECTION_LABELS[sec]}</Text>
      {items.length === 0 ? (
        <Text dimColor>
          {'  '}
          {isList(sec) ? 'Nothing yet: press a to add.' : sec === 'actions' ? 'No action items (step 5).' : sec === 'questions' ? 'Every why-tree question has an answer.' : sec === 'parkingLot' ? 'Nothing parked (p parks a point from any step).' : 'No decisions recorded (D records one from any step).'}
        </Text>
      ) : null}
      {items.slice(top, top + listRows).map((t, i) => {
        const on = !ui.edit && top + i === cur;
        return (
          <Text key={top + i} color={on ? theme.ui.selection : undefined} bold={on} wrap="truncate">
            {on ? '› ' : '  '}• {clip(oneLine(t), width - 6)}
          </Text>
        );
      })}
      {ui.edit ? <TextField label={ui.edit.index === null ? '  Add' : '  Edit'} state={ui.edit.field} focused width={width - 2} /> : null}
      <Text> </Text>
      <Text>
        {ui.exporting ? (
          <Text color={theme.status.info}>Exporting…</Text>
        ) : ui.lastExport ? (
          <Text color={theme.status.success}>Exported to {oneLine(ui.lastExport)}</Text>
        ) : s.review.exportedAt ? (
          <Text dimColor>Last exported {s.review.exportedAt.slice(0, 16).replace('T', ' ')} UTC · E exports again</Text>
        ) : (
          <Text dimColor>E exports the Markdown post-mortem.</Text>
        )}
      </Text>
    </Box>
  );
}

export default defineStep<ReviewUi>({
  id: 'review',
  initialState: () => ({ section: 0, cursor: 0, edit: null, exporting: false, lastExport: null }),
  View,
  handleKey,
  keys,
  capturesInput: (ui) => ui.edit !== null,
});

// The Timeline step: the room reads, cites and confirms the timeline; sets the key moments; resolves
// conflicts between sources. The list is windowed in UI state (see state.ts), never rendered whole.
import React from 'react';
import { Box, Text } from 'ink';
import {
  EVENT_KINDS,
  MOMENT_KEYS,
  MOMENT_LABELS,
  type EventKind,
  type MomentKey,
  type Session,
  type SourceType,
  type TimelineEvent,
} from '../../../domain/schema.js';
import { clip, oneLine, sanitize } from '../../../domain/text.js';
import { is, type Command } from '../../keys.js';
import { applyFix, hasFix, hintLines } from '../../lint.js';
import { editText, textField, type TextFieldState } from '../../widgets/textEdit.js';
import { TextField } from '../../widgets/TextField.js';
import { Chart, type ChartMarker } from '../../widgets/chart.js';
import { defineStep, type Key, type StepContext, type StepViewProps } from '../types.js';
import { durationLine, formatDay, formatStamp, formatTime, gapLabel, MOMENT_GLYPHS, needsDates, parseTypedTime } from './format.js';
import { hasOpenConflict, isFiltering, moveCursor, nextMatching, windowLines } from './model.js';
import { FORM_FIELDS, TEXT_FIELD, initialTimelineUi, viewOf, type FormField, type TimelineMode, type TimelineUi, type TimelineView } from './state.js';

export type { TimelineUi } from './state.js';

type Ctx = StepContext<TimelineUi>;

export { MOMENT_GLYPHS } from './format.js';

const SOURCE_BADGES: Partial<Record<SourceType, string>> = {
  pagerduty: 'pd',
  alertmanager: 'am',
  prometheus: 'prom',
  statuspage: 'sp',
  cloudwatch: 'cw',
  datadog: 'dd',
  grafana: 'graf',
  opsgenie: 'og',
};

export function badgesOf(e: TimelineEvent): string {
  const types: string[] = [];
  for (const s of e.sources) {
    const b = SOURCE_BADGES[s.type] ?? s.type;
    if (!types.includes(b)) types.push(b);
  }
  return types.map((t) => `[${t}]`).join('');
}

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

function momentsOf(session: Session): Map<string, MomentKey[]> {
  const out = new Map<string, MomentKey[]>();
  for (const k of MOMENT_KEYS) {
    const id = session.timeline.moments[k]?.eventId;
    if (!id) continue;
    out.set(id, [...(out.get(id) ?? []), k]);
  }
  return out;
}

/** The widest run of moment letters on one event (the width of the moment column; 0: no column). */
export function momentColumnWidth(moments: Map<string, MomentKey[]>): number {
  let w = 0;
  for (const ks of moments.values()) w = Math.max(w, ks.length);
  return w;
}

/**
 * One event row as plain text (exactly one terminal line of `width`). Fixed columns: time, the moment
 * letters (`markWidth` wide, so a row with a letter does not push the others), kind, actor; then the
 * badges, the detection gap and the text, which vary.
 */
export function eventRowText(
  e: TimelineEvent,
  session: Session,
  width: number,
  opts: { cursor: boolean; selected: boolean; moments: MomentKey[]; markWidth?: number },
): string {
  const tz = session.incident.timezone;
  const prec = session.timeline.precision;
  const time = formatTime(e.occurredAt, prec, tz);
  const gap = gapLabel(e, prec, tz);
  const lead = `${opts.cursor ? '›' : ' '}${opts.selected ? '●' : ' '}${e.confirmed ? '✓' : '·'}${hasOpenConflict(e) ? '⚠' : ' '}`;
  const marks = opts.moments.map((k) => MOMENT_GLYPHS[k]).join('');
  const markWidth = Math.max(opts.markWidth ?? 0, marks.length);
  const markCell = markWidth ? ` ${marks.padEnd(markWidth)}` : '';
  const actor = e.actor ? clip(oneLine(e.actor), 14) : '—';
  // badges before the text, so no padding is drawn (Ink pays for every character of every frame)
  const head = `${lead} ${time}${markCell}  ${e.kind.padEnd(10)} ${actor.padEnd(14)} ${badgesOf(e)} ${gap ? `(${gap}) ` : ''}`;
  return clip(`${head}${oneLine(e.text)}`, width);
}

// ---- the view ----

function TimelineView({ ctx }: StepViewProps<TimelineUi>): React.ReactElement {
  const { session, ui, theme } = ctx;
  // presenter mode: high contrast (bold rows, nothing dimmed)
  const presenter = ctx.presenter === true;
  const v = viewOf(ctx);
  const { layout } = v;
  const width = layout.width;
  const tz = session.incident.timezone;
  const prec = session.timeline.precision;
  const moments = session.timeline.moments;
  const selected = new Set(ui.selected);
  const momentMap = momentsOf(session);
  const markWidth = momentColumnWidth(momentMap);
  const confirmed = countConfirmed(session);

  const filterBits: string[] = [];
  if (ui.filter.query.trim()) filterBits.push(`/${ui.filter.query}`);
  if (ui.filter.kind) filterBits.push(`kind ${ui.filter.kind}`);
  if (ui.filter.source) filterBits.push(`source ${ui.filter.source}`);
  if (ui.filter.unconfirmedOnly) filterBits.push('unconfirmed only');
  const head = `${v.events.length} event${v.events.length === 1 ? '' : 's'} · ${confirmed} confirmed${
    isFiltering(ui.filter) ? ` · showing ${v.rows.length} (${filterBits.join(', ')})` : ''
  }${ui.selected.length ? ` · ${ui.selected.length} selected` : ''}`;

  const durPrec = prec === 'second' ? 'second' : 'minute';
  const durLine = durationLine(moments, durPrec, width);

  let chart: React.ReactNode = null;
  if (layout.chart) {
    const all = session.timeline.series;
    const idx = ui.series % all.length;
    const series = all[idx]!;
    const markers: ChartMarker[] = [];
    for (const k of MOMENT_KEYS) {
      const m = moments[k];
      if (m) markers.push({ at: Date.parse(m.at), glyph: MOMENT_GLYPHS[k], label: MOMENT_LABELS[k] });
    }
    const first = series.points[0]?.[0];
    const last = series.points[series.points.length - 1]?.[0];
    const ats = markers.map((m) => m.at);
    const from = Math.min(...(first === undefined ? [] : [first]), ...ats);
    const to = Math.max(...(last === undefined ? [] : [last]), ...ats);
    chart = (
      <Chart
        series={series}
        width={width}
        height={3}
        markers={markers}
        {...(Number.isFinite(from) ? { from } : {})}
        {...(Number.isFinite(to) ? { to } : {})}
        hint={all.length > 1 ? `(${idx + 1}/${all.length}, S: next series)` : ''}
        legend={false}
      />
    );
  }

  const lines = windowLines(v.win, v.rows.length, layout.listLines, v.days);
  const above = v.win.top;
  const lastRow = lines.length ? lines[lines.length - 1]!.row : 0;
  const below = Math.max(0, v.rows.length - lastRow - 1);

  return (
    <Box flexDirection="column" width={width}>
      <Text bold wrap="truncate">
        {clip(head, width)}
        {above || below ? <Text dimColor={!presenter}>{`  ↑${above} ↓${below}`}</Text> : null}
      </Text>
      {layout.headLines > 1 ? (
        <>
          {layout.momentLines.map((line, i) => (
            <Text key={`m${i}`} wrap="truncate">
              {clip(line, width)}
            </Text>
          ))}
          <Text wrap="truncate" color={theme.text.accent}>
            {clip(durLine, width)}
          </Text>
        </>
      ) : null}
      {chart}
      <Box flexDirection="column" height={layout.listLines}>
        {v.rows.length === 0 ? (
          <Text dimColor={!presenter}>{v.events.length ? 'No event matches the filter (Esc clears it).' : 'No events yet: a adds one by hand.'}</Text>
        ) : (
          lines.map((l) => {
            const e = v.events[v.rows[l.row]!]!;
            if (l.type === 'day') {
              return (
                <Text key={`d${l.row}`} color={theme.text.secondary} wrap="truncate">
                  {clip(`── ${formatDay(e.occurredAt, tz)} ${'─'.repeat(width)}`, width)}
                </Text>
              );
            }
            const isCursor = l.row === v.win.cursor;
            const text = eventRowText(e, session, width, {
              cursor: isCursor,
              selected: selected.has(e.id),
              moments: momentMap.get(e.id) ?? [],
              markWidth,
            });
            return (
              <Text
                key={e.id}
                wrap="truncate"
                inverse={isCursor}
                bold={presenter}
                color={hasOpenConflict(e) ? theme.status.warning : e.confirmed || presenter ? undefined : theme.text.secondary}
              >
                {text}
              </Text>
            );
          })
        )}
      </Box>
      <Pane ctx={ctx} view={v} />
    </Box>
  );
}

function countConfirmed(session: Session): number {
  const cached = confirmedCache.get(session.timeline.events);
  if (cached !== undefined) return cached;
  let n = 0;
  for (const e of session.timeline.events) if (e.confirmed) n++;
  confirmedCache.set(session.timeline.events, n);
  return n;
}
const confirmedCache = new WeakMap<readonly TimelineEvent[], number>();

function Pane({ ctx, view }: { ctx: Ctx; view: TimelineView }): React.ReactElement | null {
  const { ui, session, theme } = ctx;
  const mode = ui.mode;
  const width = view.layout.width;
  const tz = session.incident.timezone;
  const prec = session.timeline.precision;
  // a multi-day incident: the pane titles and the moments carry their day
  const stamp = (at: string) => formatStamp(at, prec, tz, view.layout.withDay);
  const find = (id: string) => session.timeline.events.find((e) => e.id === id);
  switch (mode.kind) {
    case 'list':
      return null;
    case 'filter':
      return <TextField label="/ filter" state={mode.field} focused width={width} placeholder="text, actor or source" />;
    case 'form': {
      const labels: Record<FormField, string> = { time: 'time', noticed: 'noticed', kind: 'kind', actor: 'actor', text: 'text' };
      return (
        <Box flexDirection="column" borderStyle="single" borderColor={theme.ui.border} width={width} height={view.layout.paneLines} overflow="hidden">
          <Text bold>{mode.id ? 'Edit event' : 'Add a manual event'} (Tab: next field, Enter: save, Esc: cancel)</Text>
          {FORM_FIELDS.map((f, i) => (
            <TextField
              key={f}
              label={labels[f].padEnd(7)}
              state={mode.fields[f]}
              focused={mode.focus === i}
              width={width - 2}
              {...(f === 'text' ? { hints: hintLines(ctx.lint?.(mode.fields.text.value, 'prose') ?? [], width - 8) } : {})}
            />
          ))}
          {mode.error ? <Text color={theme.status.error}>{mode.error}</Text> : null}
        </Box>
      );
    }
    case 'split':
      return (
        <Box flexDirection="column" borderStyle="single" borderColor={theme.ui.border} width={width} height={view.layout.paneLines} overflow="hidden">
          <Text bold>Split the event in two (Tab: other part, Enter: split, Esc: cancel)</Text>
          <TextField label="first " state={mode.fields[0]} focused={mode.focus === 0} width={width - 2} />
          <TextField label="second" state={mode.fields[1]} focused={mode.focus === 1} width={width - 2} />
        </Box>
      );
    case 'evidence': {
      const e = find(mode.id);
      const lines = e ? evidenceLines(e, session, width - 2, ctx.presenter === true) : ['(the event is gone)'];
      const room = view.layout.paneLines - 3;
      const shown = lines.slice(mode.scroll, mode.scroll + room);
      return (
        <Box flexDirection="column" borderStyle="single" borderColor={theme.ui.border} width={width} height={view.layout.paneLines} overflow="hidden">
          <Text bold wrap="truncate">
            {clip(`Evidence · ${e ? `${stamp(e.occurredAt)} ${e.kind}` : ''} · ${lines.length} lines (↑↓ scroll, Esc close)`, width - 2)}
          </Text>
          {shown.map((l, i) => (
            <Text key={i} wrap="truncate">
              {l}
            </Text>
          ))}
        </Box>
      );
    }
    case 'moments': {
      const e = find(mode.id);
      return (
        <Box flexDirection="column" borderStyle="single" borderColor={theme.ui.border} width={width} height={view.layout.paneLines} overflow="hidden">
          <Text bold wrap="truncate">
            {clip(`Set a key moment on ${e ? `${stamp(e.occurredAt)} ${oneLine(e.text)}` : '?'}`, width - 2)}
          </Text>
          {MOMENT_KEYS.map((k, i) => {
            const m = session.timeline.moments[k];
            const here = m?.eventId === mode.id;
            return (
              <Text key={k} inverse={i === mode.cursor} wrap="truncate">
                {`${i === mode.cursor ? '›' : ' '} ${MOMENT_GLYPHS[k]} ${MOMENT_LABELS[k].padEnd(13)} ${m ? stamp(m.at) : '—'}${here ? '  (this event)' : ''}`}
              </Text>
            );
          })}
          <Text dimColor>Enter: set on this event · x: clear · Esc: close</Text>
        </Box>
      );
    }
    case 'conflict': {
      const e = find(mode.id);
      const conflicts = e?.conflicts ?? [];
      const c = conflicts[mode.index];
      if (!e || !c) return <Text>No conflict on this event.</Text>;
      const timeField = c.field === 'occurredAt' || c.field === 'detectedAt';
      return (
        <Box flexDirection="column" borderStyle="single" borderColor={theme.status.warning} width={width} height={view.layout.paneLines} overflow="hidden">
          <Text bold wrap="truncate">
            {clip(
              `Conflict ${mode.index + 1}/${conflicts.length} · ${c.field}: ${oneLine(c.note)}${c.resolution ? ` · resolved: trusted ${c.resolution.trustedSource}` : ''}`,
              width - 2,
            )}
          </Text>
          {c.values.map((val, i) => (
            <Text key={i} inverse={i === mode.value} wrap="truncate">
              {clip(
                `${i === mode.value ? '›' : ' '} ${timeField ? `${formatTime(val, 'second', tz)} (${val})` : oneLine(val)}  from ${oneLine(c.sources?.[i] ?? `value ${i + 1}`)}${
                  c.resolution?.value === val ? '  ✓ picked' : ''
                }`,
                width - 2,
              )}
            </Text>
          ))}
          <Text dimColor>↑↓ value · ← → conflict · Enter: trust this source · Esc: close</Text>
        </Box>
      );
    }
  }
}

/** The evidence pane's lines: for each source, its type, file:line, reference, the raw excerpt and thread context. */
export function evidenceLines(e: TimelineEvent, session: Session, width: number, presenter = false): string[] {
  const tz = session.incident.timezone;
  const out: string[] = [];
  const wrap = (text: string, indent: string) => {
    for (const para of sanitize(text).split('\n')) {
      let rest = para.replace(/\t/g, '  ');
      if (!rest) out.push(indent);
      while (rest.length) {
        const room = Math.max(10, width - indent.length);
        out.push(indent + rest.slice(0, room));
        rest = rest.slice(room);
      }
    }
  };
  wrap(`${e.kind} · ${e.actor ?? 'no actor'} · ${e.text}`, '');
  if (e.channel) out.push(oneLine(`channel ${e.channel}`));
  // a chat reply: its thread parent, and the replies said before it in the same thread
  const parent = e.parentId ? session.timeline.events.find((x) => x.id === e.parentId) : undefined;
  if (parent) {
    out.push('thread:');
    wrap(`${formatTime(parent.occurredAt, 'second', tz)} ${parent.actor ?? '?'}: ${parent.text}`, '  ┌ ');
    for (const r of session.timeline.events) {
      if (r.parentId !== parent.id || r.id === e.id || Date.parse(r.occurredAt) > Date.parse(e.occurredAt)) continue;
      wrap(`${formatTime(r.occurredAt, 'second', tz)} ${r.actor ?? '?'}: ${r.text}`, '  │ ');
    }
    wrap(`${formatTime(e.occurredAt, 'second', tz)} ${e.actor ?? '?'}: ${e.text}`, '  └ ');
  }
  if (e.detectedAt) out.push(`occurred ${formatTime(e.occurredAt, 'second', tz)} · detected ${formatTime(e.detectedAt, 'second', tz)}`);
  if (!e.sources.length) out.push('No source: added by hand.');
  e.sources.forEach((s, i) => {
    out.push(
      oneLine(
        `[${i + 1}] ${s.type} · ${s.file}${s.line != null ? `:${s.line}` : ''} · ref ${s.ref}${s.rawTime ? ` · as written "${s.rawTime}"` : ''}${
          s.at && s.at !== e.occurredAt ? ` · said ${s.at}` : ''
        }`,
      ),
    );
    if (s.context?.length) {
      out.push('  thread:');
      for (const c of s.context) wrap(c, '    │ ');
    }
    if (s.excerpt && presenter) out.push('  (excerpt hidden while presenting)');
    else if (s.excerpt) {
      out.push('  excerpt:');
      wrap(s.excerpt, '    ');
    } else out.push('  (no excerpt kept)');
  });
  return out.map((l) => clip(l, width));
}

// ---- keys ----

function setMode(ctx: Ctx, mode: TimelineMode, extra: Partial<TimelineUi> = {}): void {
  ctx.setUi((u) => ({ ...u, ...extra, mode }));
}

/** UI fields that make `e` the selected event (kept by id; its time finds the nearest row once it is gone). */
function pinTo(e: Pick<TimelineEvent, 'id' | 'occurredAt'> | undefined): Partial<Pick<TimelineUi, 'follow' | 'followAt'>> {
  return e ? { follow: e.id, followAt: e.occurredAt } : {};
}

/** Move the window, and the selection with it, to the event now under the cursor. */
function goToWindow(ctx: Ctx, v: TimelineView, win: TimelineView['win']): void {
  const e = v.events[v.rows[win.cursor] ?? -1];
  ctx.setUi((u) => ({ ...u, win, ...pinTo(e) }));
}

/** Keep the selection through a filter change: the selected event (or the one under the cursor until a first move). */
function keepSelection(ui: TimelineUi, cur: TimelineEvent | undefined): Partial<Pick<TimelineUi, 'follow' | 'followAt'>> {
  return ui.follow ? { follow: ui.follow, followAt: ui.followAt ?? null } : pinTo(cur);
}

function distinct<T>(values: Iterable<T>): T[] {
  return [...new Set(values)];
}

function kindsPresent(session: Session): EventKind[] {
  const have = new Set(session.timeline.events.map((e) => e.kind));
  return EVENT_KINDS.filter((k) => have.has(k));
}

function sourcesPresent(session: Session): SourceType[] {
  const have = new Set<SourceType>();
  for (const e of session.timeline.events) for (const s of e.sources) have.add(s.type);
  return [...have].sort();
}

function cycle<T>(list: readonly T[], current: T | null): T | null {
  if (!list.length) return null;
  if (current === null) return list[0]!;
  const i = list.indexOf(current);
  return i < 0 || i === list.length - 1 ? null : list[i + 1]!;
}

function defaultSplit(text: string): [string, string] {
  const slash = text.indexOf(' / ');
  if (slash > 0) return [text.slice(0, slash), text.slice(slash + 3)];
  const mid = Math.floor(text.length / 2);
  let cut = text.lastIndexOf(' ', mid);
  if (cut <= 0) cut = text.indexOf(' ', mid);
  if (cut <= 0) return [text, ''];
  return [text.slice(0, cut).trim(), text.slice(cut + 1).trim()];
}

function formFor(e: TimelineEvent | undefined, session: Session, now: number): Record<FormField, TextFieldState> {
  const tz = session.incident.timezone;
  const at = e?.occurredAt ?? iso(now);
  return {
    time: textField(formatTime(at, 'second', tz)),
    noticed: textField(e?.detectedAt ? formatTime(e.detectedAt, 'second', tz) : ''),
    kind: textField(e ? e.kind : 'note'),
    actor: textField(e?.actor ?? ''),
    text: textField(e ? e.text : ''),
  };
}

function submitForm(ctx: Ctx, mode: Extract<TimelineMode, { kind: 'form' }>, view: TimelineView): void {
  const { session } = ctx;
  const tz = session.incident.timezone;
  const e = mode.id ? session.timeline.events.find((x) => x.id === mode.id) : undefined;
  const base = e?.occurredAt ?? view.current?.occurredAt ?? iso(ctx.now());
  const fail = (error: string) => setMode(ctx, { ...mode, error });
  const at = parseTypedTime(mode.fields.time.value, base, tz);
  if (!at) return fail(`time: "${mode.fields.time.value}" is not a time; type HH:MM, HH:MM:SS or YYYY-MM-DD HH:MM`);
  const noticedText = mode.fields.noticed.value.trim();
  const detectedAt = noticedText ? parseTypedTime(noticedText, at, tz) : null;
  if (noticedText && !detectedAt) return fail(`noticed: "${noticedText}" is not a time; leave it empty when it was noticed at once`);
  if (detectedAt && Date.parse(detectedAt) < Date.parse(at)) return fail('noticed: an event cannot be noticed before it happened');
  const typedKind = mode.fields.kind.value.trim().toLowerCase();
  const kinds = EVENT_KINDS.filter((k) => k.startsWith(typedKind));
  const kind = EVENT_KINDS.find((k) => k === typedKind) ?? (typedKind && kinds.length === 1 ? kinds[0] : undefined);
  if (!kind) return fail(`kind: "${typedKind}" is not one of ${EVENT_KINDS.join(', ')}`);
  const actor = oneLine(mode.fields.actor.value) || null;
  const text = sanitize(mode.fields.text.value).trim();
  if (!text) return fail('text: an event needs a text');
  if (e) {
    const patch: Partial<Omit<TimelineEvent, 'id'>> = {};
    if (Date.parse(at) !== Date.parse(e.occurredAt)) patch.occurredAt = at;
    if ((detectedAt === null) !== (e.detectedAt === null) || (detectedAt && e.detectedAt && Date.parse(detectedAt) !== Date.parse(e.detectedAt)))
      patch.detectedAt = detectedAt;
    if (kind !== e.kind) patch.kind = kind;
    if (actor !== e.actor) patch.actor = actor;
    if (text !== e.text) patch.text = text;
    if (Object.keys(patch).length) ctx.dispatch({ type: 'timeline/edit', id: e.id, patch });
    setMode(ctx, { kind: 'list' }, { follow: e.id, followAt: at });
    ctx.setStatus(Object.keys(patch).length ? `Edited ${Object.keys(patch).join(', ')}` : 'Nothing changed');
  } else {
    const id = ctx.newId('ev');
    ctx.dispatch({
      type: 'timeline/add',
      event: {
        id,
        occurredAt: at,
        detectedAt,
        precision: session.timeline.precision,
        kind,
        actor,
        text,
        sources: [{ type: 'manual', file: 'meeting', ref: 'added in the meeting' }],
        conflicts: [],
        confirmed: true,
        proposedBy: 'facilitator',
      },
    });
    setMode(ctx, { kind: 'list' }, { follow: id, followAt: at });
    ctx.setStatus('Added a manual event', 'success');
  }
}

function handleText(ctx: Ctx, input: string, key: Key, view: TimelineView): boolean {
  const mode = ctx.ui.mode;
  if (mode.kind === 'filter') {
    const r = editText(mode.field, input, key);
    const keep = keepSelection(ctx.ui, view.current);
    if (r.result === 'submit') setMode(ctx, { kind: 'list' }, keep);
    else if (r.result === 'cancel') setMode(ctx, { kind: 'list' }, { filter: { ...ctx.ui.filter, query: mode.before }, ...keep });
    else if (r.result === 'changed' || r.result === 'moved')
      // the selection stays on its event while it matches; otherwise the cursor shows the next match after
      // it (as a search forward does) and comes back to it when the query is cleared
      setMode(ctx, { ...mode, field: r.state }, { filter: { ...ctx.ui.filter, query: r.state.value }, ...keep });
    return true;
  }
  if (mode.kind === 'form') {
    if (is('edit.nextField', input, key) || is('edit.prevField', input, key)) {
      const d = key.shift ? -1 : 1;
      setMode(ctx, { ...mode, focus: (mode.focus + d + FORM_FIELDS.length) % FORM_FIELDS.length });
      return true;
    }
    const field = FORM_FIELDS[mode.focus]!;
    if (is('edit.acceptFix', input, key)) {
      const fixed = applyFix(mode.fields.text.value, ctx.lint?.(mode.fields.text.value, 'prose') ?? []);
      if (fixed) setMode(ctx, { ...mode, fields: { ...mode.fields, text: textField(fixed.text) }, error: null });
      return true;
    }
    const r = editText(mode.fields[field], input, key);
    if (r.result === 'submit') submitForm(ctx, mode, view);
    else if (r.result === 'cancel') setMode(ctx, { kind: 'list' });
    else if (r.result !== 'ignored') setMode(ctx, { ...mode, fields: { ...mode.fields, [field]: r.state }, error: null });
    return true;
  }
  if (mode.kind === 'split') {
    if (is('edit.nextField', input, key) || is('edit.prevField', input, key)) {
      setMode(ctx, { ...mode, focus: mode.focus === 0 ? 1 : 0 });
      return true;
    }
    const r = editText(mode.fields[mode.focus], input, key);
    if (r.result === 'submit') {
      const [a, b] = mode.fields.map((f) => sanitize(f.value).trim()) as [string, string];
      if (!a || !b) {
        ctx.setStatus('Both parts need a text', 'warn');
        return true;
      }
      ctx.dispatch({ type: 'timeline/split', id: mode.id, newId: ctx.newId('ev'), texts: [a, b] });
      setMode(ctx, { kind: 'list' }, { follow: mode.id });
      ctx.setStatus('Split in two (both unconfirmed)', 'success');
    } else if (r.result === 'cancel') setMode(ctx, { kind: 'list' });
    else if (r.result !== 'ignored') {
      const fields: [TextFieldState, TextFieldState] = [...mode.fields];
      fields[mode.focus] = r.state;
      setMode(ctx, { ...mode, fields });
    }
    return true;
  }
  return false;
}

function handlePane(ctx: Ctx, input: string, key: Key): boolean {
  const { ui, session } = ctx;
  const mode = ui.mode;
  const close = is('overlay.close', input, key) || is('edit.cancel', input, key);
  if (mode.kind === 'evidence') {
    if (close) return setMode(ctx, { kind: 'list' }), true;
    if (is('nav.up', input, key)) return setMode(ctx, { ...mode, scroll: Math.max(0, mode.scroll - 1) }), true;
    if (is('nav.down', input, key)) return setMode(ctx, { ...mode, scroll: mode.scroll + 1 }), true;
    return false;
  }
  if (mode.kind === 'moments') {
    if (close) return setMode(ctx, { kind: 'list' }), true;
    if (is('nav.up', input, key)) return setMode(ctx, { ...mode, cursor: Math.max(0, mode.cursor - 1) }), true;
    if (is('nav.down', input, key)) return setMode(ctx, { ...mode, cursor: Math.min(MOMENT_KEYS.length - 1, mode.cursor + 1) }), true;
    const mk = MOMENT_KEYS[mode.cursor]!;
    if (is('confirm.choose', input, key)) {
      const e = session.timeline.events.find((x) => x.id === mode.id);
      if (!e) return setMode(ctx, { kind: 'list' }), true;
      ctx.dispatch({
        type: 'timeline/moment',
        key: mk,
        eventId: e.id,
        time: e.occurredAt,
        evidence: oneLine(`${e.kind} "${clip(e.text, 60)}" (set in the meeting)`),
      });
      const tl = session.timeline;
      const tz = session.incident.timezone;
      const withDay = needsDates(tl.events, tl.moments, tl.precision, tz);
      ctx.setStatus(`${MOMENT_LABELS[mk]} set at ${formatStamp(e.occurredAt, tl.precision, tz, withDay)}`, 'success');
      setMode(ctx, { kind: 'list' });
      return true;
    }
    if (is('item.delete', input, key)) {
      ctx.dispatch({ type: 'timeline/moment', key: mk, eventId: null, time: null });
      ctx.setStatus(`${MOMENT_LABELS[mk]} cleared`);
      return true;
    }
    return false;
  }
  if (mode.kind === 'conflict') {
    if (close) return setMode(ctx, { kind: 'list' }), true;
    const e = session.timeline.events.find((x) => x.id === mode.id);
    const c = e?.conflicts[mode.index];
    if (!e || !c) return setMode(ctx, { kind: 'list' }), true;
    if (is('nav.up', input, key)) return setMode(ctx, { ...mode, value: Math.max(0, mode.value - 1) }), true;
    if (is('nav.down', input, key)) return setMode(ctx, { ...mode, value: Math.min(c.values.length - 1, mode.value + 1) }), true;
    if (is('nav.left', input, key) || is('nav.right', input, key)) {
      const d = key.leftArrow ? -1 : 1;
      const n = e.conflicts.length;
      return setMode(ctx, { ...mode, index: (mode.index + d + n) % n, value: 0 }), true;
    }
    if (is('confirm.choose', input, key)) {
      const value = c.values[mode.value];
      if (value === undefined) return true;
      const trustedSource = c.sources?.[mode.value] ?? `value ${mode.value + 1}`;
      ctx.dispatch({ type: 'timeline/resolveConflict', eventId: e.id, field: c.field, value, trustedSource, at: iso(ctx.now()) });
      ctx.setStatus(`${c.field}: trusted ${trustedSource}`, 'success');
      const nextOpen = e.conflicts.findIndex((x, i) => i !== mode.index && !x.resolution);
      setMode(ctx, nextOpen >= 0 ? { ...mode, index: nextOpen, value: 0 } : { kind: 'list' }, { follow: e.id });
      return true;
    }
    return false;
  }
  return false;
}

function handleList(ctx: Ctx, input: string, key: Key, v: TimelineView): boolean {
  const { ui, session } = ctx;
  const count = v.rows.length;
  const height = v.layout.listLines;
  const move = (delta: number) => {
    goToWindow(ctx, v, moveCursor(v.win, delta, count, height, v.days));
    return true;
  };
  if (is('nav.up', input, key)) return move(-1);
  if (is('nav.down', input, key)) return move(1);
  if (is('nav.pageUp', input, key)) return move(-Math.max(1, height - 1));
  if (is('nav.pageDown', input, key)) return move(Math.max(1, height - 1));
  if (is('nav.home', input, key)) return move(-count);
  if (is('nav.end', input, key)) return move(count);

  const cur = v.current;
  const jump = (pred: (e: TimelineEvent) => boolean, what: string) => {
    const r = nextMatching(v.rows, v.events, v.win.cursor, pred);
    if (r === null) ctx.setStatus(`No ${what} ${isFiltering(ui.filter) ? 'in this filter' : 'left'}`, 'info');
    else goToWindow(ctx, v, moveCursor(v.win, r - v.win.cursor, count, height, v.days));
    return true;
  };
  if (is('timeline.nextUnconfirmed', input, key)) return jump((e) => !e.confirmed, 'unconfirmed event');
  if (is('timeline.nextConflict', input, key)) return jump(hasOpenConflict, 'conflict');

  // filter changes keep the selected event (by id): it stays under the cursor while it is shown, and comes
  // back when the filter that hid it is cleared
  const keep = keepSelection(ui, cur);
  if (is('timeline.filter', input, key)) {
    setMode(ctx, { kind: 'filter', field: textField(ui.filter.query), before: ui.filter.query }, keep);
    return true;
  }
  if (is('timeline.filterKind', input, key)) {
    const kind = cycle(kindsPresent(session), ui.filter.kind);
    ctx.setUi((u) => ({ ...u, filter: { ...u.filter, kind }, ...keep }));
    return true;
  }
  if (is('timeline.filterSource', input, key)) {
    const source = cycle(sourcesPresent(session), ui.filter.source);
    ctx.setUi((u) => ({ ...u, filter: { ...u.filter, source }, ...keep }));
    return true;
  }
  if (is('timeline.unconfirmedOnly', input, key)) {
    ctx.setUi((u) => ({ ...u, filter: { ...u.filter, unconfirmedOnly: !u.filter.unconfirmedOnly }, ...keep }));
    return true;
  }
  if (is('edit.cancel', input, key)) {
    if (!isFiltering(ui.filter) && !ui.selected.length) return false;
    ctx.setUi((u) => ({ ...u, filter: { query: '', kind: null, source: null, unconfirmedOnly: false }, selected: [], ...keep }));
    return true;
  }
  if (is('timeline.series', input, key)) {
    const n = session.timeline.series.length;
    if (n < 2) return false;
    ctx.setUi((u) => ({ ...u, series: (u.series + 1) % n }));
    return true;
  }
  if (is('item.add', input, key)) {
    setMode(ctx, { kind: 'form', id: null, fields: { ...formFor(undefined, session, ctx.now()), time: textField(formatTime(cur?.occurredAt ?? iso(ctx.now()), 'second', session.incident.timezone)) }, focus: TEXT_FIELD, error: null });
    return true;
  }
  if (!cur) return false;
  // an action acts on the row under the cursor, which becomes the selection (a filter may have hidden the
  // event selected before and shown the nearest row in its place)
  const pin = () => {
    if (ui.follow !== cur.id) ctx.setUi((u) => ({ ...u, ...pinTo(cur) }));
  };

  if (is('timeline.confirm', input, key)) {
    ctx.dispatch({ type: 'timeline/confirm', ids: [cur.id], confirmed: !cur.confirmed });
    // confirming moves on to the next row so the room can confirm in rhythm; under "unconfirmed only" the
    // confirmed row leaves the list, so the next one comes to the cursor by itself (the nearest row)
    if (!cur.confirmed && !ui.filter.unconfirmedOnly) goToWindow(ctx, v, moveCursor(v.win, 1, count, height, v.days));
    else pin();
    return true;
  }
  if (is('timeline.confirmView', input, key)) {
    const ids = windowLines(v.win, count, height, v.days)
      .filter((l) => l.type === 'row')
      .map((l) => v.events[v.rows[l.row]!]!.id);
    ctx.dispatch({ type: 'timeline/confirm', ids, confirmed: true });
    pin();
    ctx.setStatus(`Confirmed ${ids.length} events in view`, 'success');
    return true;
  }
  if (is('timeline.select', input, key)) {
    const has = ui.selected.includes(cur.id);
    ctx.setUi((u) => ({ ...u, ...pinTo(cur), selected: has ? u.selected.filter((x) => x !== cur.id) : [...u.selected, cur.id] }));
    return true;
  }
  if (is('timeline.merge', input, key)) {
    const ids = distinct([...ui.selected, ...(ui.selected.length === 1 ? [cur.id] : [])]).filter((id) =>
      session.timeline.events.some((e) => e.id === id),
    );
    if (ids.length < 2) {
      ctx.setStatus('Select two or more events with Space, then m merges them', 'warn');
      return true;
    }
    const order = new Map(session.timeline.events.map((e, i) => [e.id, i] as const));
    const into = [...ids].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0))[0]!;
    ctx.dispatch({ type: 'timeline/merge', ids, into });
    const intoEvent = session.timeline.events.find((e) => e.id === into);
    ctx.setUi((u) => ({ ...u, selected: [], ...pinTo(intoEvent) }));
    ctx.setStatus(`Merged ${ids.length} events`, 'success');
    return true;
  }
  if (is('timeline.split', input, key)) {
    const [a, b] = defaultSplit(cur.text);
    setMode(ctx, { kind: 'split', id: cur.id, fields: [textField(a), textField(b)], focus: 0 }, pinTo(cur));
    return true;
  }
  if (is('item.delete', input, key)) {
    const ids = ui.selected.length ? ui.selected : [cur.id];
    ctx.dispatch({ type: 'timeline/delete', ids });
    // the selection stays where the event stood: the next row takes its place, and undo brings it back
    ctx.setUi((u) => ({ ...u, selected: [], ...pinTo(cur) }));
    ctx.setStatus(`Deleted ${ids.length} event${ids.length === 1 ? '' : 's'} (u undoes)`, 'info');
    return true;
  }
  if (is('item.edit', input, key)) {
    setMode(ctx, { kind: 'form', id: cur.id, fields: formFor(cur, session, ctx.now()), focus: TEXT_FIELD, error: null }, pinTo(cur));
    return true;
  }
  if (is('timeline.evidence', input, key)) {
    setMode(ctx, { kind: 'evidence', id: cur.id, scroll: 0 }, pinTo(cur));
    return true;
  }
  if (is('timeline.moment', input, key)) {
    const already = MOMENT_KEYS.findIndex((k) => session.timeline.moments[k]?.eventId === cur.id);
    setMode(ctx, { kind: 'moments', id: cur.id, cursor: already >= 0 ? already : 0 }, pinTo(cur));
    return true;
  }
  if (is('timeline.resolve', input, key)) {
    if (!cur.conflicts.length) {
      ctx.setStatus('No conflict on this event (N jumps to the next one)', 'info');
      return true;
    }
    const open = cur.conflicts.findIndex((c) => !c.resolution);
    setMode(ctx, { kind: 'conflict', id: cur.id, index: open >= 0 ? open : 0, value: 0 }, pinTo(cur));
    return true;
  }
  return false;
}

export function handleTimelineKey(input: string, key: Key, ctx: Ctx): boolean {
  const v = viewOf(ctx);
  if (handleText(ctx, input, key, v)) return true;
  if (ctx.ui.mode.kind !== 'list') return handlePane(ctx, input, key);
  return handleList(ctx, input, key, v);
}

export function timelineKeys(ctx: Ctx): Command[] {
  const { ui, session } = ctx;
  switch (ui.mode.kind) {
    case 'filter':
      return ['edit.submit', 'edit.cancel'];
    case 'form': {
      const fixable = (ctx.lint?.(ui.mode.fields.text.value, 'prose') ?? []).some(hasFix);
      return ['edit.submit', 'edit.nextField', ...(fixable ? (['edit.acceptFix'] as Command[]) : []), 'edit.cancel'];
    }
    case 'split':
      return ['edit.submit', 'edit.nextField', 'edit.cancel'];
    case 'evidence':
      return ['nav.up', 'overlay.close'];
    case 'moments':
      return ['nav.up', 'confirm.choose', 'item.delete', 'overlay.close'];
    case 'conflict':
      return ['nav.up', 'nav.left', 'confirm.choose', 'overlay.close'];
    case 'list':
      break;
  }
  const v = viewOf(ctx);
  const out: Command[] = ['item.add', 'timeline.filter', 'timeline.filterKind', 'timeline.filterSource', 'timeline.unconfirmedOnly'];
  if (v.current) {
    out.unshift(
      'nav.up',
      'timeline.confirm',
      'timeline.confirmView',
      'item.edit',
      'timeline.select',
      ...(ui.selected.length ? (['timeline.merge'] as Command[]) : []),
      'timeline.split',
      'item.delete',
      'timeline.evidence',
      'timeline.moment',
      ...(v.current.conflicts.length ? (['timeline.resolve'] as Command[]) : []),
    );
    out.push('timeline.nextUnconfirmed', 'timeline.nextConflict');
  }
  if (session.timeline.series.length > 1) out.push('timeline.series');
  if (isFiltering(ui.filter) || ui.selected.length) out.push('edit.cancel');
  return out;
}

export function timelineAdvanceWarning(session: Session): string | null {
  const n = session.timeline.events.filter((e) => !e.confirmed).length;
  const open = session.timeline.events.filter(hasOpenConflict).length;
  const missing = MOMENT_KEYS.filter((k) => !session.timeline.moments[k]).map((k) => MOMENT_LABELS[k]);
  const bits: string[] = [];
  if (n) bits.push(`${n} unconfirmed event${n === 1 ? '' : 's'}`);
  if (open) bits.push(`${open} open conflict${open === 1 ? '' : 's'}`);
  if (missing.length) bits.push(`moments not set: ${missing.join(', ')}`);
  return bits.length ? bits.join('; ') : null;
}

export default defineStep<TimelineUi>({
  id: 'timeline',
  initialState: initialTimelineUi,
  View: TimelineView,
  handleKey: handleTimelineKey,
  keys: timelineKeys,
  capturesInput: (ui) => ui.mode.kind === 'filter' || ui.mode.kind === 'form' || ui.mode.kind === 'split',
  advanceWarning: timelineAdvanceWarning,
});


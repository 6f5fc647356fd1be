// The 5 Whys step: the room walks the why-tree live, with warnings and the assistant's proposals.
// Offline proposals (src/analysis/questions.ts) show for the selected node at once; an injected
// assistant (e.g. Claude) is asked with `n`, streams without blocking keys, and Esc cancels it.
import React from 'react';
import { Box, Text } from 'ink';
import { proposeNextQuestions, treeWarnings, type TreeWarning } from '../../../analysis/questions.js';
import type { Assistant, Proposal, ProviderId } from '../../../assistant/types.js';
import { CATEGORIES, MARKS, type FactorType, type Mark, type Session, type WhyNode } from '../../../domain/schema.js';
import { clip, oneLine, sanitize } from '../../../domain/text.js';
import { is, type Command } from '../../keys.js';
import { applyFix, hasFix, hintLines } from '../../lint.js';
import { clampWindow, type ListWindow } from '../../widgets/listWindow.js';
import { editText, textField, type TextFieldState } from '../../widgets/textEdit.js';
import { TextField } from '../../widgets/TextField.js';
import { formatStamp, needsDates } from '../timeline/format.js';
import { NO_FILTER } from '../timeline/model.js';
import { rowsFor } from '../timeline/state.js';
import { defineStep, type Key, type StepContext, type StepModule, type StepViewProps } from '../types.js';
import { indentFor, moveLeft, moveRight, moveVertical, reveal, selectionAfterDelete, visibleRows, type TreeRow } from './tree.js';

export interface AssistantState {
  nodeId: string;
  provider: ProviderId;
  status: 'asking' | 'done' | 'failed' | 'cancelled';
  proposals: Proposal[];
  note?: string;
  /** cancels the request in flight */
  abort?: AbortController;
}

export type WhysMode =
  | { kind: 'tree' }
  /** edit a node, or add one (id null) under parentId */
  | {
      kind: 'form';
      id: string | null;
      parentId: string | null;
      nodeMode: 'why' | 'how';
      index?: number;
      fields: { question: TextFieldState; answer: TextFieldState };
      focus: 0 | 1;
      /** the assistant's proposal the question was pre-filled with (its evidence and category go with it
       *  when the question is kept as proposed) */
      proposal?: Proposal;
    }
  | { kind: 'tags'; id: string; cursor: number }
  /** cite events: a windowed picker over the timeline, narrowed by a fuzzy query typed after `/` */
  | { kind: 'evidence'; id: string; win: ListWindow; query: TextFieldState | null; typing: boolean };

export interface WhysUi {
  /**
   * The selected node, by id: kept across undo/redo and edits elsewhere. While it is gone (an undo removed
   * it), the nearest node that still exists is shown selected (see `fallback`); the selection comes back
   * with the node (redo).
   */
  selected: string;
  /** where the selection goes while the selected node is gone, nearest last: the node selected before it
   *  was added, else its ancestors */
  fallback?: readonly string[];
  collapsed: ReadonlySet<string>;
  win: ListWindow;
  mode: WhysMode;
  /** highlighted proposal */
  pick: number;
  /** the last request to an injected assistant */
  asked: AssistantState | null;
}

type Ctx = StepContext<WhysUi> & { assistant?: Assistant };

export function initialWhysUi(session: Session): WhysUi {
  return { selected: session.whys.rootId, fallback: [], collapsed: new Set(), win: { cursor: 0, top: 0 }, mode: { kind: 'tree' }, pick: 0, asked: null };
}

/** The node shown selected: the selected one, or while it is gone the nearest that still exists. */
export function selectedNodeId(session: Session, ui: Pick<WhysUi, 'selected' | 'fallback'>): string {
  const nodes = session.whys.nodes;
  if (nodes[ui.selected]) return ui.selected;
  const back = ui.fallback ?? [];
  for (let i = back.length - 1; i >= 0; i--) if (nodes[back[i]!]) return back[i]!;
  return session.whys.rootId;
}

/** Ids from the root down to `id`'s parent. */
function ancestorsOf(nodes: Record<string, WhyNode>, id: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  let cur = nodes[id]?.parentId ? nodes[nodes[id]!.parentId!] : undefined;
  while (cur && !seen.has(cur.id)) {
    seen.add(cur.id);
    out.unshift(cur.id);
    cur = cur.parentId ? nodes[cur.parentId] : undefined;
  }
  return out;
}

const MARK_GLYPH: Record<Mark, string> = { open: '○', trigger: '◆', contributing: '◇', systemic: '■' };

// ---- derived data (cached per session slice) ----

const warningCache = new WeakMap<object, TreeWarning[]>();
function warningsOf(session: Session): TreeWarning[] {
  let w = warningCache.get(session.whys.nodes);
  if (!w) {
    w = treeWarnings(session);
    warningCache.set(session.whys.nodes, w);
  }
  return w;
}

let offlineMemo: { nodes: object; events: object; nodeId: string; out: Proposal[] } | null = null;
function offlineProposals(session: Session, nodeId: string): Proposal[] {
  if (offlineMemo && offlineMemo.nodes === session.whys.nodes && offlineMemo.events === session.timeline.events && offlineMemo.nodeId === nodeId)
    return offlineMemo.out;
  const out = proposeNextQuestions(session, nodeId);
  offlineMemo = { nodes: session.whys.nodes, events: session.timeline.events, nodeId, out };
  return out;
}

/** The proposals shown for the selected node, and who answered. */
export function proposalsFor(ctx: Ctx): { provider: ProviderId; proposals: Proposal[]; status: AssistantState['status'] | 'ready'; note?: string } {
  const { ui, session } = ctx;
  const a = ui.asked;
  const selected = selectedNodeId(session, ui);
  if (a && a.nodeId === selected && (a.status !== 'cancelled' || a.proposals.length)) {
    return { provider: a.provider, proposals: a.proposals, status: a.status, ...(a.note ? { note: a.note } : {}) };
  }
  return { provider: 'offline', proposals: offlineProposals(session, selected), status: 'ready', ...(ctx.assistantNote ? { note: ctx.assistantNote } : {}) };
}

interface WhysLayout {
  width: number;
  treeLines: number;
  detailLines: number;
  warnLines: number;
  assistLines: number;
}

function layoutFor(ctx: Ctx): WhysLayout {
  const width = Math.max(20, ctx.body.columns);
  const rows = Math.max(3, ctx.body.rows);
  const mode = ctx.ui.mode;
  const detailWant =
    mode.kind === 'form' ? 7 : mode.kind === 'tags' || mode.kind === 'evidence' ? Math.min(14, Math.max(6, Math.floor(rows / 2))) : rows >= 20 ? 4 : 3;
  // the head line and one tree line always show; the detail box is clipped to what is left
  const detailLines = Math.min(detailWant, rows - 2);
  let rest = rows - 1 - detailLines;
  const treeMin = Math.min(3, rest);
  const warnLines = Math.min(rows >= 24 ? 3 : rows >= 18 ? 2 : rows >= 14 ? 1 : 0, Math.max(0, rest - treeMin));
  rest -= warnLines;
  // presenter mode (a shared screen) hides the assistant's panel; `n` still asks, `y` still accepts
  const presenter = (ctx as { presenter?: boolean }).presenter === true;
  const assistWant = mode.kind === 'tree' && !presenter ? (rows >= 22 ? 6 : rows >= 16 ? 3 : 0) : 0; // head, proposals, rationale
  const assistLines = rest - treeMin >= assistWant ? assistWant : 0;
  const treeLines = Math.max(1, rest - assistLines);
  return { width, treeLines, detailLines, warnLines, assistLines };
}

interface WhysView {
  rows: TreeRow[];
  win: ListWindow;
  layout: WhysLayout;
  node: WhyNode | undefined;
}

const rowsCache = new WeakMap<object, { collapsed: ReadonlySet<string>; rows: TreeRow[] }>();
function rowsOf(session: Session, collapsed: ReadonlySet<string>): TreeRow[] {
  const hit = rowsCache.get(session.whys.nodes);
  if (hit && hit.collapsed === collapsed) return hit.rows;
  const rows = visibleRows(session.whys.nodes, session.whys.rootId, collapsed);
  rowsCache.set(session.whys.nodes, { collapsed, rows });
  return rows;
}

function viewOf(ctx: Ctx): WhysView {
  const { session, ui } = ctx;
  const layout = layoutFor(ctx);
  const nodes = session.whys.nodes;
  // a selection that is gone (undo, another edit) shows the nearest node that is left
  const selected = selectedNodeId(session, ui);
  const collapsed = reveal(nodes, ui.collapsed, selected);
  const rows = rowsOf(session, collapsed);
  const cursor = Math.max(0, rows.findIndex((r) => r.id === selected));
  const win = clampWindow({ cursor, top: ui.win.top }, rows.length, layout.treeLines);
  return { rows, win, layout, node: nodes[selected] };
}

function maxDepth(rows: readonly TreeRow[]): number {
  return rows.reduce((m, r) => Math.max(m, r.depth), 0);
}

export function nodeRowText(n: WhyNode, row: TreeRow, width: number, isRoot: boolean, hasWarning: boolean, selected = false): string {
  const { indent, capped } = indentFor(row.depth, width);
  const fold = row.hasChildren ? (row.collapsed ? '▸' : '▾') : ' ';
  const level = capped ? `L${row.depth}…` : `L${row.depth}`;
  const q = oneLine(n.question) || '(no question yet)';
  const a = oneLine(n.answer);
  const tags = n.tags.length ? ` #${n.tags.join(' #')}` : '';
  const ev = n.evidence.length ? ` ⌁${n.evidence.length}` : '';
  const factor = n.factorId ? ' →factor' : '';
  const kind = isRoot ? 'problem' : n.mode;
  const body = `${selected ? '›' : ' '}${' '.repeat(indent)}${fold}${MARK_GLYPH[n.mark]} ${level} ${kind}: ${q}${a ? ` → ${a}` : isRoot ? '' : ' → …'}`;
  const tail = `${tags}${ev}${factor}${hasWarning ? ' ⚠' : ''}`;
  const room = Math.max(10, width - tail.length - 1);
  return clip(`${clip(body, room)}${tail}`, width);
}

// ---- view ----

function WhysView({ ctx }: StepViewProps<WhysUi>): React.ReactElement {
  const c = ctx as Ctx;
  const { session, ui, theme } = c;
  const v = viewOf(c);
  const { layout } = v;
  const width = layout.width;
  const nodes = session.whys.nodes;
  const warnings = warningsOf(session);
  const warnedNodes = new Set(warnings.map((w) => w.nodeId).filter(Boolean) as string[]);
  const shown = v.rows.slice(v.win.top, v.win.top + layout.treeLines);
  const total = Object.keys(nodes).length;
  const head = `5 Whys · ${total} node${total === 1 ? '' : 's'} · depth ${maxDepth(v.rows)}${
    v.rows.length < total ? ` · ${total - v.rows.length} folded` : ''
  }${v.win.top ? ` · ↑${v.win.top}` : ''}${v.rows.length > v.win.top + layout.treeLines ? ` · ↓${v.rows.length - v.win.top - layout.treeLines}` : ''}`;
  const node = v.node;
  const mineWarnings = warnings.filter((w) => w.nodeId === node?.id || w.nodeId === null);
  const otherCount = warnings.length - mineWarnings.length;

  return (
    <Box flexDirection="column" width={width}>
      <Text bold wrap="truncate">
        {clip(head, width)}
      </Text>
      <Box flexDirection="column" height={layout.treeLines}>
        {shown.map((row) => {
          const n = nodes[row.id]!;
          const isSel = row.id === node?.id;
          return (
            <Text
              key={row.id}
              wrap="truncate"
              inverse={isSel}
              bold={c.presenter === true}
              color={n.mark === 'open' ? undefined : theme.factor[n.mark as Exclude<Mark, 'open'>]}
            >
              {nodeRowText(n, row, width, row.id === session.whys.rootId, warnedNodes.has(row.id), isSel)}
            </Text>
          );
        })}
      </Box>
      <Detail ctx={c} node={node} layout={layout} />
      {warningLines(mineWarnings, layout.warnLines).map((line, i) => (
        <Text key={`w${i}`} color={theme.status.warning} wrap="truncate">
          {clip(line, width)}
        </Text>
      ))}
      {layout.warnLines > 0 && mineWarnings.length === 0 && otherCount > 0 ? (
        <Text dimColor={c.presenter !== true} wrap="truncate">{`⚠ ${otherCount} warning${otherCount === 1 ? '' : 's'} elsewhere in the tree (nodes marked ⚠)`}</Text>
      ) : null}
      {layout.assistLines > 0 ? <AssistPanel ctx={c} width={width} lines={layout.assistLines} /> : null}
    </Box>
  );
}

/** Event times as the Timeline shows them; with their day when the incident spans several days. */
function stampOf(session: Session): (at: string) => string {
  const tl = session.timeline;
  const tz = session.incident.timezone;
  const withDay = needsDates(tl.events, tl.moments, tl.precision, tz);
  return (at) => formatStamp(at, tl.precision, tz, withDay);
}

/** The rows (event indices) of the evidence picker: all events, or those the fuzzy query keeps. */
function evidenceRows(session: Session, mode: Extract<WhysMode, { kind: 'evidence' }>): number[] {
  return rowsFor(session.timeline.events, { ...NO_FILTER, query: mode.query?.value ?? '' });
}

function evidenceHeight(layout: WhysLayout): number {
  // border (2), title, filter line
  return Math.max(1, layout.detailLines - 4);
}

/** The answer in the detail box, wrapped over up to `max` lines, the last one clipped. */
export function answerLines(answer: string, width: number, max: number): string[] {
  const text = `A: ${oneLine(answer) || '— (Enter to answer)'}`;
  const out: string[] = [];
  let rest = text;
  while (rest && out.length < Math.max(1, max)) {
    if (out.length === Math.max(1, max) - 1 || rest.length <= width) {
      out.push(clip(rest, width));
      break;
    }
    let cut = rest.lastIndexOf(' ', width);
    if (cut < width / 2) cut = width;
    out.push(rest.slice(0, cut).trimEnd());
    rest = `   ${rest.slice(cut).trimStart()}`;
  }
  return out;
}

/** The warning lines for the selected node: each message, and under a blaming node its reframing. */
export function warningLines(warnings: readonly TreeWarning[], max: number): string[] {
  const out: string[] = [];
  for (const w of warnings) {
    out.push(`⚠ ${oneLine(w.message)}`);
    if (w.reframe) out.push(`  Try asking: ${oneLine(w.reframe)}`);
  }
  return out.slice(0, Math.max(0, max));
}

function Detail({ ctx, node, layout }: { ctx: Ctx; node: WhyNode | undefined; layout: WhysLayout }): React.ReactElement | null {
  const { ui, session, theme } = ctx;
  const width = layout.width;
  const mode = ui.mode;
  if (mode.kind === 'form') {
    const title = mode.id ? 'Edit the node' : `New ${mode.nodeMode} under ${clip(oneLine(session.whys.nodes[mode.parentId ?? '']?.question ?? ''), 40)}`;
    return (
      <Box flexDirection="column" borderStyle="single" borderColor={theme.ui.border} width={width} height={layout.detailLines} overflow="hidden">
        <Text bold wrap="truncate">{clip(`${title} (Tab: other field, Enter: save, Esc: cancel)`, width - 2)}</Text>
        <TextField label="question" state={mode.fields.question} focused={mode.focus === 0} width={width - 2} />
        <TextField label="answer  " state={mode.fields.answer} focused={mode.focus === 1} width={width - 2} />
        {hintLines(ctx.lint?.(mode.fields[mode.focus === 0 ? 'question' : 'answer'].value, 'prose') ?? [], width - 6).map((h, i) => (
          <Text key={`h${i}`} color={theme.status.warning} wrap="truncate">
            {`  ⚠ ${h}`}
          </Text>
        ))}
      </Box>
    );
  }
  if (mode.kind === 'tags') {
    const n = session.whys.nodes[mode.id];
    return (
      <Box flexDirection="column" borderStyle="single" borderColor={theme.ui.border} width={width} height={layout.detailLines} overflow="hidden">
        <Text bold wrap="truncate">
          {clip('Categories (Space: toggle, Esc/Enter: done)', width - 2)}
        </Text>
        {CATEGORIES.slice(Math.max(0, Math.min(mode.cursor - (layout.detailLines - 4), CATEGORIES.length - (layout.detailLines - 3))), undefined)
          .slice(0, Math.max(1, layout.detailLines - 3))
          .map((cat) => {
            const i = CATEGORIES.indexOf(cat);
            return (
              <Text key={cat} inverse={i === mode.cursor}>
                {`${i === mode.cursor ? '›' : ' '} [${n?.tags.includes(cat) ? 'x' : ' '}] ${cat}`}
              </Text>
            );
          })}
      </Box>
    );
  }
  if (mode.kind === 'evidence') {
    const n = session.whys.nodes[mode.id];
    const events = session.timeline.events;
    const rows = evidenceRows(session, mode);
    const h = evidenceHeight(layout);
    const win = clampWindow(mode.win, rows.length, h);
    const stamp = stampOf(session);
    return (
      <Box flexDirection="column" borderStyle="single" borderColor={theme.ui.border} width={width} height={layout.detailLines} overflow="hidden">
        <Text bold wrap="truncate">
          {clip(
            `Cite timeline events (${n?.evidence.length ?? 0} cited · Space: toggle, /: filter, Esc/Enter: done)${
              mode.query?.value ? ` · ${rows.length} of ${events.length} match` : ''
            }`,
            width - 2,
          )}
        </Text>
        {mode.query ? <TextField label="/ filter" state={mode.query} focused={mode.typing} width={width - 2} /> : null}
        {events.length === 0 ? <Text dimColor>The timeline has no events yet.</Text> : null}
        {rows.slice(win.top, win.top + h).map((idx, k) => {
          const e = events[idx]!;
          const i = win.top + k;
          return (
            <Text key={e.id} inverse={i === win.cursor} wrap="truncate">
              {clip(
                `${i === win.cursor ? '›' : ' '} [${n?.evidence.includes(e.id) ? 'x' : ' '}] ${stamp(e.occurredAt)} ${e.kind} ${oneLine(e.text)}`,
                width - 2,
              )}
            </Text>
          );
        })}
      </Box>
    );
  }
  if (!node) return null;
  const stamp = stampOf(session);
  const cited = node.evidence
    .map((id) => session.timeline.events.find((e) => e.id === id))
    .filter((e) => e !== undefined)
    .map((e) => `${stamp(e.occurredAt)} ${oneLine(e.text)}`);
  return (
    <Box flexDirection="column" height={layout.detailLines} overflow="hidden">
      <Text wrap="truncate">{clip(`${node.mode === 'how' ? 'How' : 'Q'}: ${oneLine(node.question)}`, width)}</Text>
      {answerLines(node.answer, width, layout.detailLines - 2).map((line, i) => (
        <Text key={`a${i}`} wrap="truncate">
          {line}
        </Text>
      ))}
      <Text dimColor wrap="truncate">
        {clip(
          `${node.mark}${node.tags.length ? ` · ${node.tags.join(', ')}` : ' · no category'} · by ${node.proposedBy}${
            cited.length ? ` · evidence: ${cited.join('; ')}` : ' · no evidence cited'
          }${node.factorId ? ` · factor ${node.factorId}` : ''}`,
          width,
        )}
      </Text>
    </Box>
  );
}

function AssistPanel({ ctx, width, lines }: { ctx: Ctx; width: number; lines: number }): React.ReactElement {
  const { ui, theme } = ctx;
  const p = proposalsFor(ctx);
  const status =
    p.status === 'asking' ? ' · asking… (Esc cancels)' : p.status === 'failed' ? ' · failed' : p.status === 'cancelled' ? ' · cancelled' : '';
  const head = `Assistant (${p.provider})${status}${p.note ? ` · ${oneLine(p.note)}` : ''}${p.proposals.length ? ' · n: next · y: add as child' : ''}`;
  const pick = p.proposals.length ? ui.pick % p.proposals.length : 0;
  // the highlighted proposal's rationale under the list when there is room: what the rule saw
  const rationale = p.proposals[pick]?.rationale ? oneLine(p.proposals[pick]!.rationale) : '';
  const why = lines >= 4 && rationale ? rationale : '';
  const room = Math.max(1, lines - 1 - (why ? 1 : 0));
  const start = Math.max(0, pick - room + 1);
  return (
    <Box flexDirection="column" height={lines}>
      <Text color={theme.text.accent} wrap="truncate">
        {clip(head, width)}
      </Text>
      {p.proposals.slice(start, start + room).map((q, k) => (
        <Text key={start + k} inverse={start + k === pick} wrap="truncate">
          {proposalText(q, start + k === pick, width)}
        </Text>
      ))}
      {why ? (
        <Text dimColor wrap="truncate">
          {clip(`  ↳ ${why}`, width)}
        </Text>
      ) : null}
      {!p.proposals.length && p.status !== 'asking' ? <Text dimColor>No proposal for this node.</Text> : null}
    </Box>
  );
}

/** One proposal line: the question clipped so its category and rule always show. */
export function proposalText(q: Proposal, picked: boolean, width: number): string {
  const tail = `  [${q.category}${q.rule ? ` · rule ${oneLine(q.rule)}` : ''}]`;
  const head = `${picked ? '›' : ' '} ${q.mode}: `;
  return clip(`${head}${clip(oneLine(q.question), Math.max(10, width - head.length - tail.length))}${tail}`, width);
}

// ---- keys ----

function set(ctx: Ctx, patch: Partial<WhysUi>): void {
  ctx.setUi((u) => ({ ...u, ...patch }));
}

/**
 * Select a node. `from`: the node selected when `id` was added (not yet in ctx.session): the selection
 * goes back there if an undo removes `id`. Otherwise the fallback is the node's ancestors.
 */
function select(ctx: Ctx, id: string, extra: Partial<WhysUi> = {}, from?: string): void {
  const nodes = ctx.session.whys.nodes;
  const fallback = from !== undefined ? [...ancestorsOf(nodes, from), from] : ancestorsOf(nodes, id);
  ctx.setUi((u) => ({ ...u, selected: id, fallback, pick: selectedNodeId(ctx.session, u) === id ? u.pick : 0, ...extra }));
}

function factorTypeFor(mark: Mark): FactorType {
  return mark === 'trigger' || mark === 'systemic' ? mark : 'contributing';
}

function startAsk(ctx: Ctx, nodeId: string): void {
  const assistant = ctx.assistant;
  if (!assistant || assistant.id === 'offline') return;
  ctx.ui.asked?.abort?.abort();
  const abort = new AbortController();
  const base: AssistantState = { nodeId, provider: assistant.id, status: 'asking', proposals: [], abort };
  set(ctx, { asked: base, pick: 0 });
  const still = (u: WhysUi) => u.asked?.abort === abort;
  assistant
    .proposeQuestions(ctx.session, nodeId, {
      signal: abort.signal,
      onPartial: (proposals) =>
        ctx.setUi((u) => (still(u) && u.asked!.status === 'asking' ? { ...u, asked: { ...u.asked!, proposals: clean(proposals) } } : u)),
    })
    .then((r) =>
      ctx.setUi((u) =>
        still(u) && u.asked!.status === 'asking'
          ? { ...u, asked: { ...u.asked!, status: 'done', provider: r.provider, proposals: clean(r.proposals), ...(r.note ? { note: r.note } : {}) } }
          : u,
      ),
    )
    .catch((err: unknown) =>
      ctx.setUi((u) =>
        still(u) && u.asked!.status === 'asking'
          ? { ...u, asked: { ...u.asked!, status: abort.signal.aborted ? 'cancelled' : 'failed', note: oneLine(String((err as Error)?.message ?? err)) } }
          : u,
      ),
    );
}

/** Model output is sanitised before it reaches the screen or the session. */
function clean(list: Proposal[]): Proposal[] {
  return list.map((p) => ({ ...p, question: oneLine(p.question), rationale: oneLine(p.rationale), ...(p.rule ? { rule: oneLine(p.rule) } : {}) }));
}

function handleForm(ctx: Ctx, input: string, key: Key, mode: Extract<WhysMode, { kind: 'form' }>): boolean {
  if (is('edit.nextField', input, key) || is('edit.prevField', input, key)) {
    // the field left shows its beginning, the field entered takes the caret at its end
    const { question, answer } = mode.fields;
    const fields =
      mode.focus === 0
        ? { question: { ...question, cursor: 0 }, answer: { ...answer, cursor: answer.value.length } }
        : { question: { ...question, cursor: question.value.length }, answer: { ...answer, cursor: 0 } };
    set(ctx, { mode: { ...mode, fields, focus: mode.focus === 0 ? 1 : 0 } });
    return true;
  }
  const name = mode.focus === 0 ? 'question' : 'answer';
  if (is('edit.acceptFix', input, key)) {
    // the blameless rewrite the linter suggests for the focused field
    const fixed = applyFix(mode.fields[name].value, ctx.lint?.(mode.fields[name].value, 'prose') ?? []);
    if (fixed) set(ctx, { mode: { ...mode, fields: { ...mode.fields, [name]: textField(fixed.text) } } });
    return true;
  }
  const r = editText(mode.fields[name], input, key);
  if (r.result === 'cancel') set(ctx, { mode: { kind: 'tree' } });
  else if (r.result === 'submit') {
    const question = sanitize(mode.fields.question.value).trim();
    const answer = sanitize(mode.fields.answer.value).trim();
    if (!question) {
      ctx.setStatus('A node needs a question', 'warn');
      set(ctx, { mode: { ...mode, focus: 0 } });
      return true;
    }
    if (mode.id) {
      const n = ctx.session.whys.nodes[mode.id];
      if (n && (n.question !== question || n.answer !== answer)) ctx.dispatch({ type: 'whys/edit', id: mode.id, patch: { question, answer } });
      set(ctx, { mode: { kind: 'tree' } });
    } else if (mode.parentId) {
      const id = ctx.newId('why');
      // the pre-filled proposal kept as it was: its evidence and category come with it
      const p = mode.proposal && sanitize(mode.proposal.question).trim() === question ? mode.proposal : undefined;
      const eventIds = p ? new Set(ctx.session.timeline.events.map((e) => e.id)) : null;
      ctx.dispatch({
        type: 'whys/add',
        node: {
          id,
          parentId: mode.parentId,
          mode: mode.nodeMode,
          question,
          answer,
          evidence: p ? p.evidence.filter((e) => eventIds!.has(e)) : [],
          tags: p && CATEGORIES.includes(p.category) ? [p.category] : [],
          mark: 'open',
          proposedBy: p ? 'offline' : 'facilitator',
          factorId: null,
        },
        ...(mode.index !== undefined ? { index: mode.index } : {}),
      });
      select(ctx, id, { mode: { kind: 'tree' } }, selectedNodeId(ctx.session, ctx.ui));
    }
  } else if (r.result !== 'ignored') set(ctx, { mode: { ...mode, fields: { ...mode.fields, [name]: r.state } } });
  return true;
}

function newNodeForm(parentId: string, nodeMode: 'why' | 'how', question: string, index?: number, proposal?: Proposal): WhysMode {
  return {
    kind: 'form',
    id: null,
    parentId,
    nodeMode,
    ...(index !== undefined ? { index } : {}),
    // a pre-filled question is not focused: it shows from its beginning (Tab puts the caret at its end)
    fields: { question: question ? { value: question, cursor: 0 } : textField(''), answer: textField('') },
    focus: question ? 1 : 0,
    ...(proposal ? { proposal } : {}),
  };
}

/** The neutral question for a new child why when the assistant has none: never the parent's sentence spliced in. */
export function neutralWhy(parent: WhyNode, isRoot: boolean): string {
  return isRoot || !oneLine(parent.answer) ? 'Why did this happen?' : 'Why did that happen?';
}

/**
 * The question a new child starts with: the offline assistant's first proposal of the kind asked for (a
 * "why" for `a`, a "how" for `H`; the rule-based engine of src/analysis/questions.ts, which the offline
 * assistant wraps); else a neutral question of that kind. In presenter mode (a shared screen) the
 * proposals are private, so the neutral question.
 */
export function childDraft(session: Session, nodeId: string, presenter = false, want: 'why' | 'how' = 'why'): { question: string; mode: 'why' | 'how'; proposal?: Proposal } {
  const node = session.whys.nodes[nodeId];
  const neutral = want === 'how' ? 'How did the system allow this?' : node ? neutralWhy(node, nodeId === session.whys.rootId) : 'Why did this happen?';
  if (!node) return { question: neutral, mode: want };
  if (!presenter) {
    const p = offlineProposals(session, nodeId).find((q) => q.mode === want && oneLine(q.question));
    if (p) return { question: oneLine(p.question), mode: want, proposal: p };
  }
  return { question: neutral, mode: want };
}

export function handleWhysKey(input: string, key: Key, rawCtx: StepContext<WhysUi>): boolean {
  const ctx = rawCtx as Ctx;
  const { ui, session } = ctx;
  const nodes = session.whys.nodes;
  const mode = ui.mode;
  if (mode.kind === 'form') return handleForm(ctx, input, key, mode);
  const done = is('overlay.close', input, key) || is('edit.cancel', input, key) || is('confirm.choose', input, key);
  if (mode.kind === 'tags') {
    if (done) return set(ctx, { mode: { kind: 'tree' } }), true;
    if (is('nav.up', input, key)) return set(ctx, { mode: { ...mode, cursor: Math.max(0, mode.cursor - 1) } }), true;
    if (is('nav.down', input, key)) return set(ctx, { mode: { ...mode, cursor: Math.min(CATEGORIES.length - 1, mode.cursor + 1) } }), true;
    if (is('item.toggle', input, key)) {
      const tag = CATEGORIES[mode.cursor]!;
      ctx.dispatch({ type: 'whys/tag', id: mode.id, tag, on: !nodes[mode.id]?.tags.includes(tag) });
      return true;
    }
    return true;
  }
  if (mode.kind === 'evidence') {
    const events = session.timeline.events;
    if (mode.typing && mode.query) {
      const r = editText(mode.query, input, key);
      if (r.result === 'submit') set(ctx, { mode: { ...mode, typing: false } });
      else if (r.result === 'cancel') set(ctx, { mode: { ...mode, typing: false, query: null, win: { cursor: 0, top: 0 } } });
      else if (r.result !== 'ignored') set(ctx, { mode: { ...mode, query: r.state, win: { cursor: 0, top: 0 } } });
      return true;
    }
    const rows = evidenceRows(session, mode);
    const h = evidenceHeight(layoutFor(ctx));
    if (is('timeline.filter', input, key)) return set(ctx, { mode: { ...mode, typing: true, query: mode.query ?? textField('') } }), true;
    if (mode.query && is('edit.cancel', input, key)) return set(ctx, { mode: { ...mode, query: null, win: { cursor: 0, top: 0 } } }), true;
    if (done) return set(ctx, { mode: { kind: 'tree' } }), true;
    const nav = (d: number) => set(ctx, { mode: { ...mode, win: clampWindow({ ...mode.win, cursor: mode.win.cursor + d }, rows.length, h) } });
    if (is('nav.up', input, key)) return nav(-1), true;
    if (is('nav.down', input, key)) return nav(1), true;
    if (is('nav.pageUp', input, key)) return nav(-h), true;
    if (is('nav.pageDown', input, key)) return nav(h), true;
    if (is('item.toggle', input, key)) {
      const e = events[rows[clampWindow(mode.win, rows.length, h).cursor] ?? -1];
      const n = nodes[mode.id];
      if (!e || !n) return true;
      const evidence = n.evidence.includes(e.id) ? n.evidence.filter((x) => x !== e.id) : [...n.evidence, e.id];
      ctx.dispatch({ type: 'whys/edit', id: n.id, patch: { evidence } });
      return true;
    }
    return true;
  }

  const v = viewOf(ctx);
  const node = v.node;
  if (!node) return false;
  const isRoot = node.id === session.whys.rootId;
  const nav = { selected: node.id, collapsed: reveal(nodes, ui.collapsed, node.id) };

  if (is('nav.up', input, key) || is('nav.down', input, key)) {
    const id = moveVertical(v.rows, node.id, key.upArrow ? -1 : 1);
    const cursor = v.rows.findIndex((r) => r.id === id);
    select(ctx, id, { collapsed: nav.collapsed, win: clampWindow({ cursor, top: v.win.top }, v.rows.length, v.layout.treeLines) });
    return true;
  }
  if (is('nav.pageUp', input, key) || is('nav.pageDown', input, key)) {
    const id = moveVertical(v.rows, node.id, (key.pageUp ? -1 : 1) * Math.max(1, v.layout.treeLines - 1));
    const cursor = v.rows.findIndex((r) => r.id === id);
    select(ctx, id, { win: clampWindow({ cursor, top: v.win.top }, v.rows.length, v.layout.treeLines) });
    return true;
  }
  if (is('nav.left', input, key)) {
    const next = moveLeft(nodes, nav);
    select(ctx, next.selected, { collapsed: next.collapsed });
    return true;
  }
  if (is('nav.right', input, key)) {
    const next = moveRight(nodes, nav);
    select(ctx, next.selected, { collapsed: next.collapsed });
    return true;
  }
  if (is('whys.collapse', input, key)) {
    if (!node.children.length) return true;
    const collapsed = new Set(nav.collapsed);
    if (collapsed.has(node.id)) collapsed.delete(node.id);
    else collapsed.add(node.id);
    set(ctx, { collapsed });
    return true;
  }
  if (is('item.edit', input, key)) {
    set(ctx, {
      mode: { kind: 'form', id: node.id, parentId: node.parentId, nodeMode: node.mode, fields: { question: textField(node.question), answer: textField(node.answer) }, focus: 1 },
    });
    return true;
  }
  if (is('whys.child', input, key)) {
    const draft = childDraft(session, node.id, ctx.presenter === true);
    set(ctx, { mode: newNodeForm(node.id, draft.mode, draft.question, undefined, draft.proposal) });
    return true;
  }
  if (is('whys.childHow', input, key)) {
    const draft = childDraft(session, node.id, ctx.presenter === true, 'how');
    set(ctx, { mode: newNodeForm(node.id, 'how', draft.question, undefined, draft.proposal) });
    return true;
  }
  if (is('whys.sibling', input, key)) {
    if (isRoot || !node.parentId) {
      ctx.setStatus('The problem statement has no siblings: a adds a child why', 'warn');
      return true;
    }
    const parent = nodes[node.parentId];
    const index = parent ? parent.children.indexOf(node.id) + 1 : undefined;
    // another answer to the same question: a branch
    set(ctx, { mode: { ...(newNodeForm(node.parentId, node.mode, node.question, index) as Extract<WhysMode, { kind: 'form' }>) } });
    return true;
  }
  if (is('whys.mark', input, key)) {
    if (isRoot) return ctx.setStatus('The problem statement has no mark', 'info'), true;
    const mark = MARKS[(MARKS.indexOf(node.mark) + 1) % MARKS.length]!;
    ctx.dispatch({ type: 'whys/mark', id: node.id, mark });
    return true;
  }
  if (is('whys.mode', input, key)) {
    if (isRoot) return true;
    ctx.dispatch({ type: 'whys/edit', id: node.id, patch: { mode: node.mode === 'why' ? 'how' : 'why' } });
    return true;
  }
  if (is('whys.tag', input, key)) {
    set(ctx, { mode: { kind: 'tags', id: node.id, cursor: 0 } });
    return true;
  }
  if (is('whys.evidence', input, key)) {
    const first = node.evidence[0] ? session.timeline.events.findIndex((e) => e.id === node.evidence[0]) : 0;
    set(ctx, { mode: { kind: 'evidence', id: node.id, win: { cursor: Math.max(0, first), top: Math.max(0, first) }, query: null, typing: false } });
    return true;
  }
  if (is('item.delete', input, key)) {
    if (isRoot) return ctx.setStatus('The problem statement cannot be deleted', 'warn'), true;
    const next = selectionAfterDelete(nodes, node.id) ?? session.whys.rootId;
    const count = countSubtree(nodes, node.id);
    ctx.dispatch({ type: 'whys/delete', id: node.id });
    select(ctx, next);
    ctx.setStatus(`Deleted ${count} node${count === 1 ? '' : 's'} (u undoes)`);
    return true;
  }
  if (is('whys.promote', input, key)) {
    if (isRoot) return ctx.setStatus('Promote an answer, not the problem statement', 'warn'), true;
    if (node.factorId) return ctx.setStatus(`Already factor ${node.factorId}`, 'info'), true;
    const factorId = ctx.newId('factor');
    const factorType = factorTypeFor(node.mark);
    ctx.dispatch({ type: 'whys/promote', id: node.id, factorId, factorType });
    ctx.setStatus(`Promoted to a ${factorType} factor (${factorId})`, 'success');
    return true;
  }
  if (is('edit.cancel', input, key) && ui.asked?.status === 'asking') {
    ui.asked.abort?.abort();
    set(ctx, { asked: { ...ui.asked, status: 'cancelled' } });
    ctx.setStatus('Assistant request cancelled');
    return true;
  }
  if (is('whys.suggest', input, key)) {
    const assistant = ctx.assistant;
    const asked = ui.asked;
    const haveRemote = asked && asked.nodeId === node.id && asked.status !== 'cancelled' && asked.status !== 'failed';
    if (assistant && assistant.id !== 'offline' && !haveRemote) {
      startAsk(ctx, node.id);
      return true;
    }
    const p = proposalsFor(ctx);
    if (p.proposals.length) set(ctx, { pick: (ui.pick + 1) % p.proposals.length });
    return true;
  }
  if (is('whys.acceptSuggestion', input, key)) {
    const p = proposalsFor(ctx);
    const q = p.proposals[p.proposals.length ? ui.pick % p.proposals.length : 0];
    if (!q) return ctx.setStatus('No proposal to accept', 'info'), true;
    const id = ctx.newId('why');
    const eventIds = new Set(session.timeline.events.map((e) => e.id));
    ctx.dispatch({
      type: 'whys/add',
      node: {
        id,
        parentId: node.id,
        mode: q.mode,
        question: sanitize(q.question).trim(),
        answer: '',
        evidence: q.evidence.filter((e) => eventIds.has(e)),
        tags: CATEGORIES.includes(q.category) ? [q.category] : [],
        mark: 'open',
        proposedBy: p.provider,
        factorId: null,
      },
    });
    select(ctx, id, { asked: null }, node.id);
    ctx.setStatus(`Added the ${p.provider} proposal as a child: Enter to answer it`, 'success');
    return true;
  }
  return false;
}

function countSubtree(nodes: Record<string, WhyNode>, id: string): number {
  let n = 0;
  const stack = [id];
  while (stack.length) {
    const cur = nodes[stack.pop()!];
    if (!cur) continue;
    n++;
    stack.push(...cur.children);
  }
  return n;
}

export function whysKeys(rawCtx: StepContext<WhysUi>): Command[] {
  const ctx = rawCtx as Ctx;
  const mode = ctx.ui.mode;
  if (mode.kind === 'form') {
    const text = mode.fields[mode.focus === 0 ? 'question' : 'answer'].value;
    const fixable = (ctx.lint?.(text, 'prose') ?? []).some(hasFix);
    return ['edit.submit', 'edit.nextField', ...(fixable ? (['edit.acceptFix'] as Command[]) : []), 'edit.cancel'];
  }
  if (mode.kind === 'evidence' && mode.typing) return ['edit.submit', 'edit.cancel'];
  if (mode.kind === 'evidence') return ['nav.up', 'item.toggle', 'timeline.filter', 'overlay.close'];
  if (mode.kind === 'tags') return ['nav.up', 'item.toggle', 'overlay.close'];
  const v = viewOf(ctx);
  const isRoot = v.node?.id === ctx.session.whys.rootId;
  const out: Command[] = ['nav.up', 'nav.left', 'item.edit', 'whys.child', 'whys.childHow'];
  if (!isRoot) out.push('whys.sibling', 'whys.mark', 'whys.mode');
  out.push('whys.tag', 'whys.evidence');
  if (!isRoot) out.push('item.delete', 'whys.promote');
  if (v.node?.children.length) out.push('whys.collapse');
  const p = proposalsFor(ctx);
  if (ctx.ui.asked?.status === 'asking') out.push('edit.cancel');
  // presenter mode: the proposals are private, so their keys are not advertised on the shared screen
  if (ctx.presenter !== true) {
    if (p.proposals.length || (ctx.assistant && ctx.assistant.id !== 'offline')) out.push('whys.suggest');
    if (p.proposals.length) out.push('whys.acceptSuggestion');
  }
  return out;
}

export function whysAdvanceWarning(session: Session): string | null {
  const w = warningsOf(session);
  if (Object.keys(session.whys.nodes).length <= 1) return 'The why-tree has only the problem statement';
  return w.length ? `${w.length} tree warning${w.length === 1 ? '' : 's'}: ${w[0]!.message}` : null;
}

export interface WhysStepOptions {
  /** the assistant asked with `n` (default: the offline engine, shown without asking) */
  assistant?: Assistant;
}

/** A 5 Whys step with an assistant (e.g. Claude) injected; the ctx's own `assistant`, if any, wins. */
export function createWhysStep(opts: WhysStepOptions = {}): StepModule<WhysUi> {
  const withAssistant = <T,>(fn: (ctx: Ctx) => T) => (ctx: StepContext<WhysUi>) => {
    const c = ctx as Ctx;
    return fn(c.assistant || !opts.assistant ? c : ({ ...c, assistant: opts.assistant } as Ctx));
  };
  return defineStep<WhysUi>({
    id: 'whys',
    initialState: initialWhysUi,
    View: ({ ctx }) => <WhysView ctx={withAssistant((c) => c)(ctx)} />,
    handleKey: (input, key, ctx) => withAssistant((c) => handleWhysKey(input, key, c))(ctx),
    keys: (ctx) => withAssistant((c) => whysKeys(c))(ctx),
    capturesInput: (ui) => ui.mode.kind === 'form' || (ui.mode.kind === 'evidence' && ui.mode.typing),
    advanceWarning: whysAdvanceWarning,
  });
}

export default createWhysStep();

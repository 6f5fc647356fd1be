// The root of the console: one input router, the overlay stack, undo/redo, save after every action,
// save-and-exit. "Where am I" = session.meeting.step + the overlay stack.
import { Box, Text, useApp, useInput, useStdout, type Key } from 'ink';
import { useCallback, useEffect, useMemo, useReducer, useRef, useState, type ReactNode } from 'react';
import { consentAction, hasConsent } from '../assistant/index.js';
import { buildRequestPreview } from '../assistant/request.js';
import { createModelLint } from './modelLint.js';
import type { Assistant } from '../assistant/types.js';
import type { Dispatchable } from '../domain/actions.js';
import { canRedo, canUndo, initHistory, record, redo, undo, type History } from '../domain/history.js';
import { reduce } from '../domain/reducer.js';
import { STEP_LABELS, STEPS, type Session, type StepId } from '../domain/schema.js';
import { clip, oneLine, sanitize } from '../domain/text.js';
import type { SaveStatus, SimilarIncident } from '../store/types.js';
import { SizeContext, ThemeContext } from './context.js';
import { commandFor, GLOBAL_COMMANDS, is, KEYS, type Command } from './keys.js';
import { computeLayout } from './layout.js';
import type { AnyStep, Linter, Overlay, OverlayContext, StatusLevel, StepContext, TermSize } from './steps/types.js';
import { memoLinter, noLint } from './lint.js';
import { COLOR_THEME, presenterTheme, type Theme } from './theme.js';
import { AgendaView, quietAttendees, VoicesView } from './widgets/Agenda.js';
import { PastIncidents } from './widgets/PastIncidents.js';
import { ConfirmDialog } from './widgets/ConfirmDialog.js';
import { StepErrorBoundary } from './widgets/ErrorBoundary.js';
import { Header } from './widgets/Header.js';
import { HelpOverlay, helpLines } from './widgets/HelpOverlay.js';
import { KeyBar } from './widgets/KeyBar.js';
import { StatusLine, type Flash } from './widgets/StatusLine.js';
import { editText, textField, type TextFieldState } from './widgets/textEdit.js';
import { TextField } from './widgets/TextField.js';

export interface AppProps {
  /** the session as loaded; the App records `meeting/resume` itself when `resumeAt` is given */
  session: Session;
  steps: Record<StepId, AnyStep>;
  now(): number;
  onSave(session: Session): void;
  /** called once, with the final (paused) session; the App then unmounts itself */
  onExit(result: ExitResult): void;
  readOnly?: boolean;
  readOnlyReason?: string;
  saveStatus?: (cb: (status: SaveStatus) => void) => () => void;
  theme?: Theme;
  /** fixed terminal size (tests); otherwise read from stdout and followed on 'resize' */
  size?: TermSize;
  /** ms a flash stays on the status line */
  flashMs?: number;
  /** clock re-render period (ms) */
  tickMs?: number;
  exportMarkdown?(session: Session): Promise<string>;
  /** live language checks (blameless wording, action-item specificity) */
  lint?: Linter;
  /** earlier incidents like this one (store search); the overlay shows them */
  similarIncidents?(session: Session): Promise<SimilarIncident[]>;
  /** the assistant for the session as it is now (selectAssistant from src/assistant); called again
   *  when consent changes. Absent: the 5 Whys step uses its offline engine. */
  assistantFor?(session: Session): AssistantSelection;
  /** the meeting starts fresh (its clock had not started): open on the opening screen */
  opening?: boolean;
  /** how long a flagged text must stay unchanged before it goes to Claude for a rewrite (ms; tests) */
  modelLintDelayMs?: number;
  /** a line for the status bar when the console opens (e.g. changes recovered after a crash) */
  notice?: string;
}

/** What the App hands back when it exits. */
export interface ExitResult {
  exitCode: number;
  session: Session;
  /** Ctrl+C could not keep the text being edited (a draft only its own Save row saves, a value its
   *  check refused): one line saying so, for the exit message */
  unsaved?: string;
}

export const GROUND_RULES = [
  'This review is blameless: we look at the system and the conditions, not at people.',
  'Ask "how" and "what", not "who".',
  "Everyone's view counts: the quietest person may hold the missing piece.",
  'The timeline is a fact base, not a verdict.',
];

/** The opening screen: ground rules, the agenda with timeboxes, attendees with roles. Fits the body
 *  of an 80x24 terminal (17 rows): the agenda in two columns, attendees on at most two lines. */
export function OpeningView({ session, width }: { session: Session; width: number }) {
  const w = Math.min(width, 100);
  const inner = w - 4;
  const people = session.meeting.attendees.map((a) => `${oneLine(a.name)} (${a.role})`);
  const half = Math.ceil(STEPS.length / 2);
  const col = Math.floor(inner / 2);
  const item = (i: number) => {
    const st = STEPS[i];
    return st ? clip(`${i + 1}. ${STEP_LABELS[st].padEnd(10)} ${String(session.meeting.timeboxes[st] ?? 0).padStart(3)} min`, col - 1).padEnd(col) : '';
  };
  const total = STEPS.reduce((a, st) => a + (session.meeting.timeboxes[st] ?? 0), 0);
  // attendees: as many as fit on two lines, then "+N more"
  const lines: string[] = [''];
  let shown = 0;
  for (const p of people) {
    const cur = lines[lines.length - 1] ?? '';
    const next = cur ? `${cur} · ${p}` : p;
    if (next.length <= inner - 10) lines[lines.length - 1] = next;
    else if (lines.length < 2) lines.push(clip(p, inner - 10));
    else break;
    shown++;
  }
  if (shown < people.length) lines[lines.length - 1] += ` · +${people.length - shown} more`;
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1} width={w}>
      <Text bold wrap="truncate">{clip(oneLine(session.incident.title) || 'Post-incident review', inner - 18)}: before we start</Text>
      <Text bold>Ground rules</Text>
      {GROUND_RULES.map((r, i) => (
        <Text key={i} wrap="truncate">
          • {r}
        </Text>
      ))}
      <Text bold>Agenda · {total} min</Text>
      {Array.from({ length: half }, (_, i) => (
        <Text key={i}>
          {item(i)}
          {item(i + half)}
        </Text>
      ))}
      <Text bold>Attendees</Text>
      {people.length ? lines.map((l, i) => <Text key={i} wrap="truncate">{l}</Text>) : <Text>none yet: add them at Intake (1)</Text>}
      <Text>Enter or Esc to begin · O shows this again</Text>
    </Box>
  );
}

/** The margin (columns each side) presenter mode puts around the step: 2 when the terminal is wide
 *  enough that the step still gets 80 columns. */
export function presenterMargin(presenter: boolean, columns: number): number {
  return presenter && columns >= 84 ? 2 : 0;
}

/** The consent screen's lines: the request text, sanitized line by line, each line hard-wrapped at
 *  `width` so nothing is cut off. Pure; exported for tests. */
export function wrapPreview(text: string, width: number): string[] {
  const w = Math.max(1, width);
  const out: string[] = [];
  for (const raw of text.split('\n')) {
    // indentation kept (the request is shown as it is sent); controls and escapes removed
    const line = sanitize(raw).replace(/[\t\n]/g, ' ').replace(/\s+$/, '');
    if (line.length <= w) {
      out.push(line);
      continue;
    }
    // words wrap at a space, continuation lines keep the line's indentation; a word longer than the
    // room is cut (every character is shown either way)
    const indent = /^ */.exec(line)![0].slice(0, Math.floor(w / 2));
    let rest = line;
    let first = true;
    while (rest.length) {
      const lead = first ? '' : indent;
      const room = w - lead.length;
      if (rest.length <= room) {
        out.push(lead + rest);
        break;
      }
      const cut = rest.lastIndexOf(' ', room);
      const at = cut > (first ? indent.length : 0) ? cut : room;
      out.push(lead + rest.slice(0, at));
      rest = rest.slice(at).replace(/^ /, '');
      first = false;
    }
  }
  return out;
}

/** The status-line notice for earlier incidents like this one ('' when there is none). */
export function pastIncidentsNotice(items: SimilarIncident[]): string {
  const first = items[0];
  if (!first) return '';
  const open = items.reduce((n, x) => n + x.openActions.length, 0);
  const title = `"${clip(oneLine(first.title), 28)}"`;
  const more = items.length > 1 ? ` +${items.length - 1} more` : '';
  // the count and the key first: the line is clipped on a narrow terminal
  if (open) return `Seen before (I): ${open} action${open === 1 ? '' : 's'} still open from ${title}${more}`;
  const why = first.sharedServices.length ? `shares ${oneLine(first.sharedServices.slice(0, 2).join(', '))}` : 'has a similar factor';
  return `Seen before (I): ${title} ${why}${more}`;
}

export interface AssistantSelection {
  assistant: Assistant;
  /** Claude was asked for but consent is missing: the first `n` shows the consent screen */
  needsConsent: boolean;
  note?: string;
}

interface AppState {
  history: History;
  ui: Partial<Record<StepId, unknown>>;
  overlays: Overlay[];
  /** draft of the parking-lot / decision overlay */
  noteDraft: TextFieldState;
  /** 0 = Cancel (default), 1 = the action */
  confirmFocus: 0 | 1;
  /** selected row of the agenda overlay */
  agendaCursor: number;
  /** first line shown in the help overlay */
  helpScroll: number;
  presenter: boolean;
  /** the past-incidents overlay's data */
  past: { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; items: SimilarIncident[] };
  flash: Flash | null;
  exited: boolean;
  /** the consent screen was shown once this run (the first `n` opens it, later ones do not) */
  consentAsked: boolean;
}

/** Terminal size from one source: the prop (tests) or stdout with its 'resize' event. */
export function useTerminalSize(fixed?: TermSize): TermSize {
  const { stdout } = useStdout();
  const read = (): TermSize => ({ columns: stdout?.columns || 80, rows: stdout?.rows || 24 });
  const [size, setSize] = useState<TermSize>(fixed ?? read());
  useEffect(() => {
    if (fixed) {
      setSize(fixed);
      return;
    }
    const onResize = () => setSize(read());
    stdout?.on('resize', onResize);
    return () => {
      stdout?.off('resize', onResize);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [stdout, fixed?.columns, fixed?.rows]);
  return fixed ?? size;
}

function allIds(s: Session): Set<string> {
  const ids = new Set<string>();
  for (const e of s.timeline.events) ids.add(e.id);
  for (const id of Object.keys(s.whys.nodes)) ids.add(id);
  for (const f of s.factors) ids.add(f.id);
  for (const a of s.actions) ids.add(a.id);
  for (const n of s.meeting.parkingLot) ids.add(n.id);
  for (const n of s.meeting.decisions) ids.add(n.id);
  for (const x of s.sources) ids.add(x.id);
  return ids;
}

/** A step's live keys; a step that throws here loses its key bar, not the console. */
function safeKeys(mod: AnyStep, ctx: StepContext<unknown>): Command[] {
  try {
    return mod.keys(ctx);
  } catch {
    return [];
  }
}

export function saveText(st: SaveStatus | null): string {
  if (!st) return '';
  // a note from a save (file deleted/replaced while open, clock went back) stays visible next to
  // whatever the saver is doing now, until a save clears it
  const warn = st.warning ? `⚠ ${oneLine(st.warning)}` : '';
  const both = (a: string) => (warn && a ? `${a} · ${warn}` : a || warn);
  switch (st.state) {
    case 'idle':
    case 'saved':
      return warn || (st.savedAt ? '✓ saved' : '');
    case 'pending':
    case 'saving':
      return both('saving…');
    case 'retrying':
      return both(`⚠ ${oneLine(st.message) || 'save failed, retrying'}`);
    case 'refused':
      return both(`✗ ${oneLine(st.message) || 'not saved'}`);
  }
}

const NO_KEY: Key = {
  upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false,
  home: false, end: false, return: false, escape: false, ctrl: false, shift: false, tab: false,
  backspace: false, delete: false, meta: false,
} as Key;

/** The key event Ink reports for one character typed alone. */
export function keyOf(ch: string): { input: string; key: Key } {
  if (ch === '\r' || ch === '\n') return { input: '', key: { ...NO_KEY, return: true } };
  if (ch === '\t') return { input: '', key: { ...NO_KEY, tab: true } };
  if (ch === '\u007f' || ch === '\b') return { input: '', key: { ...NO_KEY, delete: true } };
  if (ch === '\u001b') return { input: '', key: { ...NO_KEY, escape: true } };
  const code = ch.codePointAt(0) ?? 0;
  if (code >= 1 && code <= 26) return { input: String.fromCharCode(code + 96), key: { ...NO_KEY, ctrl: true } };
  return { input: ch, key: { ...NO_KEY, shift: ch !== ch.toLowerCase() } };
}

const NAMED_EVENTS: Record<string, Partial<Key>> = {
  tab: { tab: true },
  'shift+tab': { tab: true, shift: true },
  enter: { return: true },
  escape: { escape: true },
  up: { upArrow: true },
  down: { downArrow: true },
  left: { leftArrow: true },
  right: { rightArrow: true },
  pageup: { pageUp: true },
  pagedown: { pageDown: true },
  home: { home: true },
  end: { end: true },
  // Ink 6 reports the Backspace byte (0x7F) as key.delete
  backspace: { delete: true },
  delete: { delete: true },
};

/** The key event Ink reports for a key spec of the key table ('enter', 'ctrl+s', 'x', …): how the
 *  App presses a command itself (Ctrl+C committing a field, the help overlay's probe). Pure. */
export function keyEventOf(spec: string): { input: string; key: Key } {
  if (spec.length === 1) return keyOf(spec);
  if (spec === 'space') return { input: ' ', key: NO_KEY };
  const named = NAMED_EVENTS[spec];
  if (named) return { input: '', key: { ...NO_KEY, ...named } };
  const m = /^ctrl\+([a-z])$/.exec(spec);
  if (m?.[1]) return { input: m[1], key: { ...NO_KEY, ctrl: true } };
  throw new Error(`no key event for key spec "${spec}"`);
}

/** The vertical moves a step may handle without listing them (it lists ↑ for the ↑↓ pair): the `?`
 *  overlay tries each one on a copy of the step's context and lists those that do something. */
const PROBED_NAV: Command[] = ['nav.pageUp', 'nav.pageDown', 'nav.home', 'nav.end'];

/** One chunk as the key presses to route: each character alone (no text field), or, for a text field,
 *  the text before the first \r (typed as one), the \r, and the rest (`rest`: routed again, as the
 *  focus may have moved). A single-line field given a multi-line paste (text after the last newline
 *  longer than a fast-typed key or two) takes it all as one line, newlines as spaces, and submits
 *  only when the paste ends with a newline; a multi-line field (`multiline`) keeps the newlines.
 *  Pure; exported for tests. */
export function splitChunk(input: string, textFocused: boolean, multiline = false): { input: string; key: Key; rest?: boolean }[] {
  if (!textFocused) return [...input].map((ch) => keyOf(ch));
  const m = /[\r\n]/.exec(input);
  if (!m) {
    // identical control keys ("\u007f\u007f", "\t\t") are still presses, not text
    if (/^(?:\t+|\u007f+)$/.test(input)) return [...input].map((ch) => keyOf(ch));
    return [{ input, key: NO_KEY }];
  }
  const text = (t: string) => (t.length === 1 ? keyOf(t) : { input: t, key: NO_KEY });
  if (!multiline) {
    const lastNl = Math.max(input.lastIndexOf('\r'), input.lastIndexOf('\n'));
    const head = input.slice(0, lastNl);
    const tail = input.slice(lastNl + 1);
    const lines = head.replace(/^[\r\n]+/, '');
    if (/[\r\n]/.test(lines) || (tail.length > 2 && m.index > 0)) {
      // a multi-line paste: one line, newlines as spaces
      if (tail.length > 2) return [text(input.replace(/[\r\n]+/g, ' ').replace(/^ | $/g, ''))];
      const flat = head.replace(/[\r\n]+/g, ' ').replace(/^ | $/g, '');
      const out: { input: string; key: Key; rest?: boolean }[] = [];
      if (flat) out.push(text(flat));
      out.push(keyOf('\r'));
      if (tail) out.push({ ...text(tail), rest: true });
      return out;
    }
  }
  const out: { input: string; key: Key; rest?: boolean }[] = [];
  const before = input.slice(0, m.index);
  if (before) out.push(text(before));
  out.push(keyOf('\r'));
  const after = input.slice(m.index + 1);
  if (after) out.push(after.length === 1 ? keyOf(after) : { input: after, key: NO_KEY, rest: true });
  return out;
}

export function App(props: AppProps) {
  const { steps, now, onSave, onExit, readOnly = false, readOnlyReason, flashMs = 4000 } = props;
  const baseTheme = props.theme ?? COLOR_THEME;
  const size = useTerminalSize(props.size);
  const layout = computeLayout(size);
  const app = useApp();
  const [, bump] = useReducer((n: number) => n + 1, 0);
  const ref = useRef<AppState>({
    history: initHistory(props.session),
    ui: {},
    overlays: props.opening ? [{ kind: 'opening' }] : [],
    noteDraft: textField(''),
    confirmFocus: 0,
    agendaCursor: 0,
    helpScroll: 0,
    presenter: false,
    past: { state: 'loading' },
    flash: props.notice ? { message: props.notice, level: 'warn', id: 1 } : null,
    exited: false,
    consentAsked: false,
  });
  // presenter mode: high contrast (no grey text or borders)
  const theme = ref.current.presenter ? presenterTheme(baseTheme) : baseTheme;
  const selCache = useRef<{ consent: boolean; sel: AssistantSelection } | null>(null);
  const selection = (): AssistantSelection | null => {
    if (!props.assistantFor) return null;
    const session = ref.current.history.present;
    const consent = hasConsent(session, 'claude');
    if (!selCache.current || selCache.current.consent !== consent) selCache.current = { consent, sel: props.assistantFor(session) };
    return selCache.current.sel;
  };
  const [save, setSave] = useState<SaveStatus | null>(null);
  /** why the session is read-only, without a leading "read-only:" */
  const why = readOnlyReason ? oneLine(readOnlyReason).replace(/^read-only:\s*/i, '') : '';
  // the live checks: the offline rules, with Claude's rewrite first once it is ready (consent given)
  const selRef = useRef(selection);
  selRef.current = selection;
  const modelLint = useMemo(
    () =>
      createModelLint({
        assistant: () => {
          const sel = selRef.current();
          return sel && !sel.needsConsent && sel.assistant.id === 'claude' && !readOnly ? sel.assistant : null;
        },
        context: () => ({ session: ref.current.history.present, today: new Date(now()).toISOString() }),
        onChange: (message, level) => {
          if (!ref.current.exited) setStatusRef.current(message, level);
        },
        ...(props.modelLintDelayMs !== undefined ? { delayMs: props.modelLintDelayMs } : {}),
      }),
    // one per console
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [],
  );
  useEffect(() => () => modelLint.dispose(), [modelLint]);
  const lint = useMemo(() => {
    const base = props.lint ? memoLinter(props.lint) : noLint;
    return (text: string, as: 'prose' | 'action') => modelLint.lint(text, as, base(text, as));
  }, [props.lint, modelLint]);
  useEffect(() => props.saveStatus?.(setSave), [props.saveStatus]);

  const update = useCallback((fn: (s: AppState) => AppState) => {
    const next = fn(ref.current);
    if (next !== ref.current) {
      ref.current = next;
      bump();
    }
  }, []);

  const showStatus = useCallback(
    (message: string, level: StatusLevel) => update((s) => ({ ...s, flash: { message, level, id: (s.flash?.id ?? 0) + 1 } })),
    [update],
  );
  /** a change was refused (read-only) during this key press: its status line wins over whatever the
   *  step says next ("Removed … (u to undo)" would claim a change that did not happen) */
  const refused = useRef(false);
  const setStatus = useCallback(
    (message: string, level: StatusLevel = 'info') => {
      if (refused.current && level !== 'error') return;
      showStatus(message, level);
    },
    [showStatus],
  );
  const setStatusRef = useRef(setStatus);
  setStatusRef.current = setStatus;

  // the flash clears itself
  const flashId = ref.current.flash?.id;
  useEffect(() => {
    if (flashId === undefined) return;
    const t = setTimeout(() => update((s) => (s.flash?.id === flashId ? { ...s, flash: null } : s)), flashMs);
    t.unref?.();
    return () => clearTimeout(t);
  }, [flashId, flashMs, update]);


  // repeats are raised: once on opening, earlier incidents like this one are looked up; if one shares
  // a service or a factor, the status line says so (and how many of its action items are still open)
  useEffect(() => {
    const find = props.similarIncidents;
    if (!find) return;
    let live = true;
    find(ref.current.history.present).then(
      (items) => {
        const msg = pastIncidentsNotice(items);
        if (live && msg && !ref.current.exited) setStatus(msg, 'warn');
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const iso = useCallback(() => new Date(now()).toISOString(), [now]);

  const commit = useCallback(
    (h: History) => {
      if (h === ref.current.history) return;
      update((s) => ({ ...s, history: h }));
      onSave(h.present);
    },
    [onSave, update],
  );

  const dispatch = useCallback(
    (action: Dispatchable) => {
      if (readOnly) {
        showStatus(`Read-only${why ? `: ${why}` : ''}; nothing is changed.`, 'warn');
        refused.current = true;
        return;
      }
      commit(record(ref.current.history, { ...action, at: action.at ?? iso() } as Dispatchable));
    },
    [commit, iso, readOnly, readOnlyReason, showStatus],
  );

  const exitWith = useCallback(
    (exitCode: number, unsaved?: string) => {
      if (ref.current.exited) return;
      let final = ref.current.history.present;
      if (!readOnly) {
        final = reduce(final, { type: 'meeting/pause', at: iso() });
        onSave(final);
      }
      ref.current = { ...ref.current, exited: true };
      onExit({ exitCode, session: final, ...(unsaved ? { unsaved } : {}) });
      app.exit();
    },
    [app, iso, onExit, onSave, readOnly],
  );

  const openOverlay = useCallback((o: Overlay) => update((s) => ({ ...s, overlays: [...s.overlays, o], confirmFocus: 0, noteDraft: o.kind === 'note' ? textField('') : s.noteDraft })), [update]);
  const closeOverlay = useCallback(() => update((s) => ({ ...s, overlays: s.overlays.slice(0, -1), confirmFocus: 0 })), [update]);

  const newId = useCallback((prefix: string) => {
    const ids = allIds(ref.current.history.present);
    let n = ids.size + 1;
    for (let k = 1; k <= n; k++) if (!ids.has(`${prefix}-${k}`)) return `${prefix}-${k}`;
    while (ids.has(`${prefix}-${n}`)) n++;
    return `${prefix}-${n}`;
  }, []);

  // presenter mode on a wide screen: a margin either side of the step (larger spacing)
  const presenterPad = presenterMargin(ref.current.presenter, size.columns);
  const body = layout.kind === 'ok' ? { columns: layout.body.columns - 2 * presenterPad, rows: layout.body.rows } : { columns: size.columns, rows: 1 };

  const baseCtx = (): OverlayContext => ({
    session: ref.current.history.present,
    dispatch,
    size,
    body,
    openOverlay,
    closeOverlay,
    setStatus,
    now,
    newId,
    readOnly,
    theme,
    exportMarkdown: props.exportMarkdown,
    // presenter mode (a shared screen): no lint hints, no assistant notes
    lint: ref.current.presenter ? noLint : lint,
    presenter: ref.current.presenter,
  });

  const assistantCtx = (): { assistant?: Assistant; assistantNote?: string } => {
    const sel = selection();
    if (!sel) return {};
    if (ref.current.presenter) return { assistant: sel.assistant };
    return { assistant: sel.assistant, ...(sel.note ? { assistantNote: sel.note } : {}) };
  };

  /** The consent screen: exactly the request Claude would get for this node (scrollable), Grant or
   *  Decline (the default); the answer is recorded in the session, then `then` runs. */
  const openConsent = (nodeId: string, then?: () => void) => {
    const text = buildRequestPreview(ref.current.history.present, nodeId).text;
    // every character of the request is on the screen: long lines wrap (never cut), and it scrolls
    let wrapped: { width: number; lines: string[] } | null = null;
    const linesAt = (width: number) => {
      if (wrapped?.width !== width) wrapped = { width, lines: wrapPreview(text, width) };
      return wrapped.lines;
    };
    const pageOf = (c: OverlayContext) => Math.max(3, c.body.rows - 5);
    const innerWidth = (c: OverlayContext) => Math.max(20, c.body.columns - 4);
    update((s) => ({ ...s, helpScroll: 0, consentAsked: true }));
    const choose = (granted: boolean) => {
      closeOverlay();
      dispatch(consentAction(granted, iso()));
      setStatus(granted ? 'Consent recorded: n asks Claude (C revokes).' : 'Declined: the offline assistant answers (C asks again).', granted ? 'success' : 'info');
      then?.();
    };
    openOverlay({
      kind: 'custom',
      id: 'consent',
      title: 'Send this to Claude? Exactly this text (redacted) leaves the machine',
      keys: () => ['overlay.up', 'nav.pageDown', 'nav.end', 'confirm.toggle', 'confirm.choose'],
      render: (c) => {
        const lines = linesAt(innerWidth(c));
        const h = pageOf(c);
        const top = Math.min(ref.current.helpScroll, Math.max(0, lines.length - h));
        const focus = ref.current.confirmFocus;
        return (
          <Box flexDirection="column">
            {lines.slice(top, top + h).map((l, i) => (
              <Text key={i} wrap="truncate">
                {l || ' '}
              </Text>
            ))}
            <Text wrap="truncate">
              {focus === 1 ? <Text inverse>[ Grant ]</Text> : <Text>[ Grant ]</Text>}{' '}
              {focus === 0 ? <Text inverse>[ Decline ]</Text> : <Text>[ Decline ]</Text>}
              {`  lines ${top + 1}-${Math.min(lines.length, top + h)} of ${lines.length}`}
            </Text>
          </Box>
        );
      },
      handleKey: (input, key, c) => {
        const lines = linesAt(innerWidth(c));
        const h = pageOf(c);
        const max = Math.max(0, lines.length - h);
        const scroll = (d: number) => update((s) => ({ ...s, helpScroll: Math.max(0, Math.min(max, Math.min(s.helpScroll, max) + d)) }));
        if (is('overlay.up', input, key)) return scroll(-1), true;
        if (is('overlay.down', input, key)) return scroll(1), true;
        if (is('nav.home', input, key)) return scroll(-lines.length), true;
        if (is('nav.end', input, key)) return scroll(lines.length), true;
        if (is('nav.pageUp', input, key)) return scroll(-h), true;
        if (is('nav.pageDown', input, key) || is('item.toggle', input, key)) return scroll(h), true;
        if (is('confirm.toggle', input, key)) return update((s) => ({ ...s, confirmFocus: s.confirmFocus === 0 ? 1 : 0 })), true;
        if (is('confirm.choose', input, key)) return choose(ref.current.confirmFocus === 1), true;
        if (is('overlay.close', input, key)) return choose(false), true;
        return true;
      },
    });
  };

  /** The 5 Whys consent keys, ahead of the step: `C` toggles, the first `n` asks when Claude needs it. */
  const consentKey = (input: string, key: Key, mod: AnyStep, ctx: StepContext<unknown>): boolean => {
    const sel = selection();
    if (!sel || ctx.session.meeting.step !== 'whys' || mod.capturesInput?.(ctx.ui)) return false;
    const nodeId = (ctx.ui as { selected?: string } | undefined)?.selected ?? ctx.session.whys.rootId ?? '';
    if (is('whys.consent', input, key)) {
      if (hasConsent(ctx.session, 'claude')) {
        dispatch(consentAction(false, iso()));
        setStatus('Consent revoked: the offline assistant answers (C grants again).');
      } else openConsent(nodeId);
      return true;
    }
    if (is('whys.suggest', input, key) && sel.needsConsent && !ref.current.consentAsked && !readOnly) {
      openConsent(nodeId, () => onKeyRef.current(input, key));
      return true;
    }
    return false;
  };

  const stepCtx = (): { mod: AnyStep; ctx: StepContext<unknown> } => {
    const session = ref.current.history.present;
    const id = session.meeting.step;
    const mod = steps[id];
    if (!(id in ref.current.ui)) {
      // build the step's UI state once and keep it (no re-render needed: nothing visible changed)
      ref.current = { ...ref.current, ui: { ...ref.current.ui, [id]: mod.initialState(session) } };
    }
    const ui = ref.current.ui[id];
    return {
      mod,
      ctx: {
        ...baseCtx(),
        ...assistantCtx(),
        ui,
        setUi: (u) =>
          update((s) => {
            const prev = id in s.ui ? s.ui[id] : mod.initialState(s.history.present);
            const next = typeof u === 'function' ? (u as (p: unknown) => unknown)(prev) : u;
            return next === prev ? s : { ...s, ui: { ...s.ui, [id]: next } };
          }),
      },
    };
  };

  /** the commands live right now, in key-bar order */
  const liveCommands = (): Command[] => {
    const top = ref.current.overlays[ref.current.overlays.length - 1];
    if (top) {
      switch (top.kind) {
        case 'help':
          return ['overlay.up', 'overlay.close'];
        case 'opening':
          return ['confirm.choose', 'overlay.close'];
        case 'agenda':
          return readOnly ? ['agenda.up', 'overlay.close'] : ['agenda.up', 'agenda.more', 'agenda.less', 'overlay.close'];
        case 'past':
          return ['agenda.up', 'overlay.close'];
        case 'voices':
          return readOnly ? ['agenda.up', 'overlay.close'] : ['agenda.up', 'voices.toggle', 'overlay.close'];
        case 'confirm':
          return ['confirm.toggle', 'confirm.choose', 'confirm.yes', 'confirm.no'];
        case 'note':
          return ['edit.submit', 'edit.cancel'];
        case 'custom':
          return [...top.keys(baseCtx()), 'overlay.close'];
      }
    }
    const { mod, ctx } = stepCtx();
    let own = safeKeys(mod, ctx);
    if (mod.capturesInput?.(ctx.ui)) return own;
    if (selection() && ctx.session.meeting.step === 'whys' && !readOnly) own = [...own, 'whys.consent'];
    const globals = GLOBAL_COMMANDS.filter((g) => {
      if (g === 'app.undo') return canUndo(ref.current.history);
      if (g === 'app.redo') return canRedo(ref.current.history);
      if (g === 'step.next') return ctx.session.meeting.step !== 'review';
      if (g === 'step.prev') return ctx.session.meeting.step !== 'intake';
      if (readOnly && (g === 'meeting.park' || g === 'meeting.decide' || g === 'meeting.moveOn')) return false;
      if (g === 'meeting.voices') return ctx.session.meeting.attendees.length > 0;
      return true;
    });
    return [...own, ...globals.filter((g) => !own.includes(g))];
  };

  /** Does the step do something with this command's key right now? Tried on a copy of its context
   *  whose setters only note that they were called: nothing changes, nothing is saved. */
  const stepHandles = (mod: AnyStep, ctx: StepContext<unknown>, cmd: Command): boolean => {
    let acted = false;
    const mark = () => {
      acted = true;
    };
    const probe: StepContext<unknown> = { ...ctx, dispatch: mark, setUi: mark, openOverlay: mark, closeOverlay: mark, setStatus: () => undefined };
    const spec = KEYS[cmd].keys[0];
    if (spec === undefined) return false;
    const { input, key } = keyEventOf(spec);
    try {
      return mod.handleKey(input, key, probe) && acted;
    } catch {
      return false;
    }
  };

  /** what the `?` overlay lists: the step's live keys (with the page/first/last moves its list takes
   *  though it only lists ↑), the globals, the overlay's own */
  const helpCommands = (): Command[] => {
    const { mod: m, ctx: c } = stepCtx();
    let own = safeKeys(m, c);
    const capturing = !!m.capturesInput?.(c.ui);
    if (!capturing) {
      const at = own.findIndex((x) => x === 'nav.up' || x === 'nav.down');
      if (at >= 0) {
        const extra = PROBED_NAV.filter((x) => !own.includes(x) && stepHandles(m, c, x));
        own = [...own.slice(0, at + 1), ...extra, ...own.slice(at + 1)];
      }
    }
    if (selection() && c.session.meeting.step === 'whys' && !readOnly && !capturing) own = [...own, 'whys.consent'];
    const underneath = capturing ? own : [...own, ...GLOBAL_COMMANDS.filter((g) => !own.includes(g))];
    return [...underneath, 'overlay.up', 'overlay.close'];
  };

  /** `done`: the step being left is marked done (Tab, "next step"); a jump or a step back leaves it as it is */
  const goto = (step: StepId, done = false) => {
    const session = ref.current.history.present;
    if (step === session.meeting.step) return;
    const warn = steps[session.meeting.step].advanceWarning?.(session);
    if (readOnly) {
      // read-only viewers may still look around: move the view without recording anything
      update((s) => ({ ...s, history: { ...s.history, present: { ...s.history.present, meeting: { ...s.history.present.meeting, step } } } }));
      return;
    }
    dispatch({ type: 'meeting/goto', step, at: iso(), done });
    const forward = STEPS.indexOf(step) > STEPS.indexOf(session.meeting.step);
    const quiet = (session.meeting.spoken[session.meeting.step] ?? []).length > 0 ? quietAttendees(session) : [];
    if (warn && forward) setStatus(`${STEP_LABELS[session.meeting.step]}: ${warn}`, 'warn');
    else if (quiet.length && forward) setStatus(`Not heard on ${STEP_LABELS[session.meeting.step]}: ${quiet.join(', ')}.`, 'info');
  };

  const handleOverlayKey = (top: Overlay, input: string, key: Key) => {
    switch (top.kind) {
      case 'help':
        if (is('overlay.up', input, key)) return update((s) => ({ ...s, helpScroll: Math.max(0, s.helpScroll - 1) }));
        if (is('overlay.down', input, key)) {
          const max = Math.max(0, helpLines(helpCommands()).length - Math.max(3, body.rows - 5));
          return update((s) => ({ ...s, helpScroll: Math.min(max, s.helpScroll + 1) }));
        }
        if (is('overlay.close', input, key)) closeOverlay();
        return;
      case 'opening':
        closeOverlay();
        // the opening screen only informs: any other key begins the meeting and does what it does
        if (!(is('confirm.choose', input, key) || is('overlay.close', input, key) || is('meeting.opening', input, key))) onKey(input, key);
        return;
      case 'agenda': {
        const cur = ref.current.agendaCursor;
        if (is('agenda.up', input, key)) return update((s) => ({ ...s, agendaCursor: Math.max(0, cur - 1) }));
        if (is('agenda.down', input, key)) return update((s) => ({ ...s, agendaCursor: Math.min(STEPS.length - 1, cur + 1) }));
        const step = STEPS[cur];
        if (step && (is('agenda.more', input, key) || is('agenda.less', input, key))) {
          const minutes = (ref.current.history.present.meeting.timeboxes[step] ?? 0) + (is('agenda.more', input, key) ? 1 : -1);
          return dispatch({ type: 'meeting/timebox', step, minutes: Math.max(0, minutes) });
        }
        if (is('overlay.close', input, key) || is('meeting.agenda', input, key)) closeOverlay();
        return;
      }
      case 'past': {
        const n = ref.current.past.state === 'ready' ? ref.current.past.items.length : 0;
        const cur = ref.current.agendaCursor;
        if (is('agenda.up', input, key)) return update((s) => ({ ...s, agendaCursor: Math.max(0, cur - 1) }));
        if (is('agenda.down', input, key)) return update((s) => ({ ...s, agendaCursor: Math.min(Math.max(0, n - 1), cur + 1) }));
        if (is('overlay.close', input, key) || is('meeting.past', input, key)) closeOverlay();
        return;
      }
      case 'voices': {
        const people = ref.current.history.present.meeting.attendees;
        const cur = Math.min(ref.current.agendaCursor, Math.max(0, people.length - 1));
        if (is('agenda.up', input, key)) return update((s) => ({ ...s, agendaCursor: Math.max(0, cur - 1) }));
        if (is('agenda.down', input, key)) return update((s) => ({ ...s, agendaCursor: Math.min(Math.max(0, people.length - 1), cur + 1) }));
        const who = people[cur];
        if (who && is('voices.toggle', input, key)) {
          const session = ref.current.history.present;
          const spoke = !(session.meeting.spoken[session.meeting.step] ?? []).includes(who.name);
          return dispatch({ type: 'meeting/spoke', step: session.meeting.step, name: who.name, spoke });
        }
        if (is('overlay.close', input, key) || is('meeting.voices', input, key)) closeOverlay();
        return;
      }
      case 'confirm': {
        const choose = (yes: boolean) => {
          closeOverlay();
          if (yes) top.onConfirm();
          else top.onCancel?.();
        };
        if (is('confirm.yes', input, key)) return choose(true);
        if (is('confirm.no', input, key)) return choose(false);
        if (is('confirm.toggle', input, key)) return update((s) => ({ ...s, confirmFocus: s.confirmFocus === 0 ? 1 : 0 }));
        if (is('confirm.choose', input, key)) return choose(ref.current.confirmFocus === 1);
        return;
      }
      case 'note': {
        const r = editText(ref.current.noteDraft, input, key);
        if (r.result === 'cancel') return closeOverlay();
        if (r.result === 'submit') {
          const text = r.state.value.trim();
          closeOverlay();
          if (top.advance) {
            if (text) dispatch({ type: 'meeting/park', id: newId('park'), text, at: iso() });
            const next = STEPS[STEPS.indexOf(ref.current.history.present.meeting.step) + 1];
            if (next) goto(next, true);
            return setStatus(text ? 'Parked the thread; moving on.' : 'Moving on.', 'success');
          }
          if (!text) return;
          if (top.list === 'parkingLot') {
            dispatch({ type: 'meeting/park', id: newId('park'), text, at: iso() });
            setStatus('Parked. It is listed at Review.', 'success');
          } else {
            dispatch({ type: 'meeting/decide', id: newId('decision'), text, at: iso() });
            setStatus('Decision recorded. It is listed at Review.', 'success');
          }
          return;
        }
        if (r.state !== ref.current.noteDraft) update((s) => ({ ...s, noteDraft: r.state }));
        return;
      }
      case 'custom': {
        const ctx = baseCtx();
        if (top.handleKey(input, key, ctx)) return;
        if (is('overlay.close', input, key)) closeOverlay();
        return;
      }
    }
  };

  const handleGlobal = (cmd: Command, input: string) => {
    const session = ref.current.history.present;
    const i = STEPS.indexOf(session.meeting.step);
    switch (cmd) {
      case 'step.next': {
        const next = STEPS[i + 1];
        if (next) goto(next, true);
        else setStatus('This is the last step: export with E, or q to quit.');
        return;
      }
      case 'step.prev': {
        const prev = STEPS[i - 1];
        if (prev) goto(prev);
        return;
      }
      case 'step.goto': {
        const target = STEPS[Number(input) - 1];
        if (target) goto(target);
        return;
      }
      case 'app.undo': {
        const h = undo(ref.current.history);
        if (h === ref.current.history) return setStatus('Nothing to undo.');
        commit(h);
        return setStatus('Undone.');
      }
      case 'app.redo': {
        const h = redo(ref.current.history);
        if (h === ref.current.history) return setStatus('Nothing to redo.');
        commit(h);
        return setStatus('Redone.');
      }
      case 'meeting.park':
        if (readOnly) return dispatch({ type: 'meeting/park', id: '', text: '', at: iso() });
        return openOverlay({ kind: 'note', list: 'parkingLot' });
      case 'meeting.decide':
        if (readOnly) return dispatch({ type: 'meeting/decide', id: '', text: '', at: iso() });
        return openOverlay({ kind: 'note', list: 'decisions' });
      case 'meeting.moveOn':
        if (readOnly) return dispatch({ type: 'meeting/park', id: '', text: '', at: iso() });
        if (session.meeting.step === 'review') return setStatus('This is the last step.');
        return openOverlay({ kind: 'note', list: 'parkingLot', advance: true });
      case 'app.help':
        update((s) => ({ ...s, helpScroll: 0 }));
        return openOverlay({ kind: 'help' });
      case 'app.presenter': {
        const on = !ref.current.presenter;
        update((s) => ({ ...s, presenter: on }));
        return setStatus(on ? 'Presenter mode on: private panels hidden (P turns it off).' : 'Presenter mode off.');
      }
      case 'meeting.past': {
        const find = props.similarIncidents;
        if (!find) return setStatus('Past incidents are not available here: try `debrief search <words>`.', 'warn');
        update((s) => ({ ...s, agendaCursor: 0, past: { state: 'loading' } }));
        openOverlay({ kind: 'past' });
        find(session).then(
          (items) => update((s) => ({ ...s, past: { state: 'ready', items } })),
          (err: unknown) => update((s) => ({ ...s, past: { state: 'error', message: err instanceof Error ? err.message : String(err) } })),
        );
        return;
      }
      case 'meeting.opening':
        return openOverlay({ kind: 'opening' });
      case 'meeting.voices':
        if (session.meeting.attendees.length === 0) return setStatus('No attendees yet: add them at Intake (1).', 'warn');
        update((s) => ({ ...s, agendaCursor: 0 }));
        return openOverlay({ kind: 'voices' });
      case 'meeting.agenda':
        update((s) => ({ ...s, agendaCursor: STEPS.indexOf(session.meeting.step) }));
        return openOverlay({ kind: 'agenda' });
      case 'app.quit':
        return openOverlay({
          kind: 'confirm',
          title: 'Quit debrief?',
          message: readOnly ? 'The session is open read-only; nothing was changed.' : 'Everything is saved; resume later with `debrief resume`.',
          confirmLabel: 'Quit',
          onConfirm: () => exitWith(0),
        });
      default:
        return;
    }
  };

  /** a text field has the keys: the note overlay, a custom overlay that says so, or a capturing step */
  const textFocused = (): boolean => {
    const top = ref.current.overlays[ref.current.overlays.length - 1];
    if (top) return top.kind === 'note' || (top.kind === 'custom' && !!top.capturesInput?.());
    const { mod, ctx } = stepCtx();
    return !!mod.capturesInput?.(ctx.ui);
  };

  /** the focused text field keeps newlines (a step's multi-line editor) */
  const multilineFocused = (): boolean => {
    if (ref.current.overlays.length) return false;
    const { mod, ctx } = stepCtx();
    return !!mod.multilineInput?.(ctx.ui);
  };

  /** The command that submits the focused text field through its own handler: the first of
   *  `commands` among the save keys (a multi-line editor saves with comms.save, Enter adds a line). */
  const submitOf = (commands: readonly Command[]): { input: string; key: Key } | null => {
    const cmd = commands.find((c) => c === 'comms.save' || c === 'edit.submit');
    const spec = cmd ? KEYS[cmd].keys[0] : undefined;
    return spec === undefined ? null : keyEventOf(spec);
  };

  /** Ctrl+C while a text field has focus: submit the field as its own save key would, so the text
   *  being typed is kept. Returns a line for the exit message when something could not be kept. */
  const commitFocused = (): string | undefined => {
    if (readOnly || !textFocused()) return undefined;
    const top = ref.current.overlays[ref.current.overlays.length - 1];
    try {
      if (top?.kind === 'note') {
        if (!ref.current.noteDraft.value.trim()) return undefined;
        // "move on" parks the thread; Ctrl+C keeps the note but does not move the meeting on
        handleOverlayKey({ ...top, advance: false }, '', { ...NO_KEY, return: true });
      } else if (top?.kind === 'custom') {
        const ev = submitOf(top.keys(baseCtx()));
        if (ev) top.handleKey(ev.input, ev.key, baseCtx());
      } else if (!top) {
        const { mod, ctx } = stepCtx();
        const ev = submitOf(safeKeys(mod, ctx));
        if (ev) mod.handleKey(ev.input, ev.key, ctx);
      }
    } catch {
      // a failing handler must not stop the exit
    }
    if (!textFocused()) return undefined;
    const still = ref.current.overlays[ref.current.overlays.length - 1];
    if (still?.kind === 'custom') return `the text in "${oneLine(still.title)}" was not saved`;
    if (still) return 'the note being typed was not saved';
    return `the open ${STEP_LABELS[ref.current.history.present.meeting.step]} draft was not saved`;
  };

  const onKey = (input: string, key: Key): void => {
    if (ref.current.exited) return;
    // a new key press: a change refused by the last one no longer holds the status line
    refused.current = false;
    // a text waiting to go to Claude waits for the typing to pause: the next frame names it again
    modelLint.touch();
    // Ink passes several keys read at once (fast typing: "cc", "\rt", "\t\t") as one chunk; it only
    // splits at escape sequences. Without a text field every key is routed once, one at a time; a
    // text field takes the text before a \r as typed, then the \r submits, then the rest is routed again;
    // a multi-line paste into a one-line field becomes one line (splitChunk).
    if (input.length > 1 && !key.ctrl && !(key.meta && !key.escape)) {
      const focused = textFocused();
      const chunk = splitChunk(input, focused, focused && multilineFocused());
      if (chunk.length > 1 || chunk[0]?.input !== input) {
        for (const part of chunk) {
          onKey(part.input, part.key);
          if (ref.current.exited) return;
        }
        return;
      }
    }
    try {
      if (is('app.saveExit', input, key)) return exitWith(0, commitFocused());
      const top = ref.current.overlays[ref.current.overlays.length - 1];
      if (top) return handleOverlayKey(top, input, key);
      if (computeLayout(size).kind === 'too-small') {
        if (is('app.quit', input, key)) handleGlobal('app.quit', input);
        return;
      }
      const { mod, ctx } = stepCtx();
      if (consentKey(input, key, mod, ctx)) return;
      if (mod.handleKey(input, key, ctx)) return;
      if (mod.capturesInput?.(ctx.ui)) return;
      // every global is reachable; the ones not live here explain themselves (nothing to undo, …)
      const cmd = commandFor(GLOBAL_COMMANDS, input, key);
      if (cmd) handleGlobal(cmd, input);
    } catch (err) {
      // exceptions in input handlers skip error boundaries: report them on the status line
      setStatus(`Something went wrong: ${err instanceof Error ? err.message : String(err)}`, 'error');
    } finally {
      // the refusal holds the status line for this key press only
      refused.current = false;
    }
  };

  const onKeyRef = useRef(onKey);
  onKeyRef.current = onKey;
  const stableOnKey = useCallback((input: string, key: Key) => onKeyRef.current(input, key), []);
  useInput(stableOnKey);

  const state = ref.current;
  const session = state.history.present;
  const saveLine = readOnly ? `read-only${why ? `: ${why}` : ''}` : saveText(save);

  if (layout.kind === 'too-small') {
    return (
      <ThemeContext.Provider value={theme}>
        <Box flexDirection="column">
          <Text bold color={theme.status.warning}>
            Terminal too small: need {layout.need.columns}x{layout.need.rows}
          </Text>
          <Text>{layout.message}</Text>
          <Text dimColor>{readOnly ? 'Ctrl+C exits (read-only: nothing is changed).' : 'Ctrl+C saves and exits.'}</Text>
        </Box>
      </ThemeContext.Provider>
    );
  }

  const top = state.overlays[state.overlays.length - 1];
  const { mod, ctx } = stepCtx();
  const live = liveCommands();
  const StepView = mod.View;
  let overlayView: ReactNode = null;
  if (top) {
    switch (top.kind) {
      case 'help': {
        overlayView = <HelpOverlay commands={helpCommands()} width={body.columns} height={layout.body.rows} scroll={state.helpScroll} />;
        break;
      }
      case 'opening':
        overlayView = <OpeningView session={session} width={body.columns} />;
        break;
      case 'past':
        overlayView = <PastIncidents past={state.past} cursor={state.agendaCursor} width={body.columns} height={layout.body.rows} />;
        break;
      case 'voices':
        overlayView = <VoicesView session={session} cursor={state.agendaCursor} width={body.columns} />;
        break;
      case 'agenda':
        overlayView = <AgendaView session={session} now={now()} cursor={state.agendaCursor} width={body.columns} />;
        break;
      case 'confirm':
        overlayView = <ConfirmDialog title={top.title} message={top.message} confirmLabel={top.confirmLabel} focus={state.confirmFocus} width={body.columns} />;
        break;
      case 'note':
        overlayView = (
          <Box flexDirection="column" borderStyle="round" borderColor={theme.ui.border} paddingX={1} width={Math.min(body.columns, 90)}>
            <Text bold>
              {top.advance
                ? 'Move on: park the open thread (optional), Enter goes to the next step'
                : top.list === 'parkingLot'
                  ? 'Parking lot: an off-topic point to come back to'
                  : 'Decision: what the room decided'}
            </Text>
            <TextField state={state.noteDraft} focused width={Math.min(body.columns, 90) - 4} placeholder="type, Enter to save, Esc to cancel" />
          </Box>
        );
        break;
      case 'custom':
        overlayView = (
          <Box flexDirection="column" borderStyle="round" borderColor={theme.ui.border} paddingX={1} width={body.columns}>
            <Text bold>{top.title}</Text>
            {top.render(baseCtx())}
          </Box>
        );
        break;
    }
  }

  return (
    <ThemeContext.Provider value={theme}>
      <SizeContext.Provider value={size}>
        <Box flexDirection="column" width={layout.size.columns}>
          <Header session={session} width={layout.size.columns} now={now} readOnly={readOnly} tickMs={props.tickMs} presenter={state.presenter} />
          <Box flexDirection="column" height={layout.body.rows} overflow="hidden" paddingX={presenterPad}>
            {overlayView ?? (
              <StepErrorBoundary resetKey={`${session.meeting.step}:${state.history.past.length}:${state.history.future.length}`}>
                <StepView ctx={ctx} />
              </StepErrorBoundary>
            )}
          </Box>
          <StatusLine flash={state.flash} save={saveLine} width={layout.size.columns} />
          <KeyBar commands={live} width={layout.size.columns} lines={layout.keyBarRows} />
        </Box>
      </SizeContext.Provider>
    </ThemeContext.Provider>
  );
}

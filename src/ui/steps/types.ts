// THE STEP CONTRACT. Every step folder (src/ui/steps/<id>/index.tsx) default-exports a StepModule.
// The root router in App.tsx owns the one useInput; it offers each key to, in order:
//   1. the top overlay, 2. the current step's handleKey, 3. the global commands (keys.ts, context 'global').
// The first handler that returns true consumes the key. Ctrl+C (save and exit) is always handled first.
//
// Rules for step authors:
// - Match keys only through keys.ts: `is('item.add', input, key)`. Add no raw key checks; if a command is
//   missing from the table, ask the UI-core owner (keys.ts has one owner).
// - `keys(ctx)` returns exactly the commands that work right now (the key bar and `?` show them).
//   Never use a key that a global command uses (tab ] [ 1-8 u U p D ? q) unless `capturesInput` is true.
// - Persisted changes go through ctx.dispatch(action) only (recorded for undo, saved). Cursor, scroll
//   window, focus, draft text live in the step's own UI state (ctx.ui / ctx.setUi), never persisted.
// - While a text field is being edited, return true from `capturesInput(ui)`: globals are then off (the
//   field gets every printable key; Enter submits, Esc cancels), only Ctrl+C still saves and exits.
// - All text from outside (imports, model output) goes through sanitize/oneLine (src/domain/text.ts)
//   before it reaches the screen.
// - Never read process.stdout or the clock: use ctx.size / ctx.body and ctx.now().
import type { Key } from 'ink';
import type { FC, ReactNode } from 'react';
import type { Assistant } from '../../assistant/types.js';
import type { Dispatchable } from '../../domain/actions.js';
import type { Session, StepId } from '../../domain/schema.js';
import type { Command } from '../keys.js';
import type { Theme } from '../theme.js';

export type { Key } from 'ink';

/** One finding of the live language checks (blameless wording, action-item specificity): the shape
 *  of `debrief lint --json` findings (docs/cli-contract.md). */
export interface LintFinding {
  rule: string;
  kind?: 'blame' | 'action';
  severity: 'error' | 'warning' | 'info';
  /** the words flagged */
  span: string;
  message: string;
  /** a rewrite (of the span, or of the whole text when it does not contain the span) or a question */
  suggestion?: string | null;
  /** the suggestion replaces the whole text, not only the span (Claude's rewrites) */
  whole?: boolean;
  /** other fields of an action item the suggestion comes with (filled only where the room left them empty) */
  fill?: { doneWhen?: string; ownerRole?: string; due?: string };
}

/** prose: summaries, answers, factors, notes; action: an action item's title and done-when */
export type Linter = (text: string, as: 'prose' | 'action') => LintFinding[];

export interface TermSize {
  columns: number;
  rows: number;
}

export type StatusLevel = 'info' | 'success' | 'warn' | 'error';

/** What the console shows on top of the step. Keys go to the top of the stack first. */
export type Overlay =
  | { kind: 'help' }
  /** the opening screen: ground rules, agenda with timeboxes, attendees with roles */
  | { kind: 'opening' }
  /** the agenda: time used vs planned per step, timeboxes editable */
  | { kind: 'agenda' }
  /** who has spoken on the current step */
  | { kind: 'voices' }
  /** earlier incidents similar to this one (the `similarIncidents` launch option) */
  | { kind: 'past' }
  | {
      kind: 'confirm';
      title: string;
      message?: string;
      /** label of the action button, e.g. "Quit", "Delete" (Cancel is always the default) */
      confirmLabel: string;
      onConfirm(): void;
      onCancel?(): void;
    }
  /** capture a parking-lot note or a decision; `advance`: then go to the next step ("move on") */
  | { kind: 'note'; list: 'parkingLot' | 'decisions'; advance?: boolean }
  /** a step's own modal (a picker, an evidence pane, …) */
  | {
      kind: 'custom';
      id: string;
      title: string;
      render(ctx: OverlayContext): ReactNode;
      /** return true when the key was handled; Esc closes it when this returns false */
      handleKey(input: string, key: Key, ctx: OverlayContext): boolean;
      keys(ctx: OverlayContext): Command[];
      /** true while a text field in the overlay has focus (a fast-typed chunk is then text, not keys) */
      capturesInput?(): boolean;
    };

/** Everything a step sees. Rebuilt on every render; cheap to read. */
export interface StepContext<S = unknown> {
  session: Session;
  /** apply an action through the reducer: recorded for undo/redo and saved. `at` defaults to now(). */
  dispatch(action: Dispatchable): void;
  /** this step's UI state (never persisted) and its setter */
  ui: S;
  setUi(update: S | ((prev: S) => S)): void;
  /** the whole terminal */
  size: TermSize;
  /** the area the step's View may use (terminal minus header, status line and key bar) */
  body: TermSize;
  openOverlay(overlay: Overlay): void;
  closeOverlay(): void;
  /** a one-line flash under the step that clears itself after a few seconds */
  setStatus(message: string, level?: StatusLevel): void;
  /** epoch ms; the only clock a step may read */
  now(): number;
  /** a fresh id for new items: `${prefix}-<n>` unique within the session */
  newId(prefix: string): string;
  /** the session is open read-only (another process holds it): dispatch is refused with a status line */
  readOnly: boolean;
  theme: Theme;
  /** presenter mode (screen sharing): steps hide private panels (assistant, evidence notes) and may
   *  add spacing; UI state only, never persisted */
  presenter?: boolean;
  /** the assistant chosen for this session (offline unless Claude is configured and consented) */
  assistant?: Assistant;
  /** why the assistant shown is not the one asked for (no consent, no key), for the panel */
  assistantNote?: string;
  /** live language checks on text the room enters ([] when no linter is configured) */
  lint?(text: string, as: 'prose' | 'action'): LintFinding[];
  /** write the Markdown post-mortem (a launch option; absent in some tests); resolves to the path */
  exportMarkdown?(session: Session): Promise<string>;
}

export interface OverlayContext extends Omit<StepContext<unknown>, 'ui' | 'setUi'> {}

export interface StepViewProps<S = unknown> {
  ctx: StepContext<S>;
}

export interface StepModule<S = unknown> {
  id: StepId;
  /** initial UI state, built when the step is first shown (or after the session is replaced) */
  initialState(session: Session): S;
  View: FC<StepViewProps<S>>;
  /** handle a key; return true when consumed (then nothing else sees it) */
  handleKey(input: string, key: Key, ctx: StepContext<S>): boolean;
  /** the commands live right now, in the order the key bar should show them */
  keys(ctx: StepContext<S>): Command[];
  /** true while a text field has focus: global keys are off, the key bar shows only the step's keys */
  capturesInput?(ui: S): boolean;
  /** true while the focused field is multi-line: a pasted chunk keeps its newlines (each one is an
   *  Enter press); otherwise a multi-line paste becomes one line, newlines as spaces */
  multilineInput?(ui: S): boolean;
  /** a one-line reason the room might not be ready to leave the step (shown, never blocking) */
  advanceWarning?(session: Session): string | null;
}

/** Helper so a step module keeps its UI-state type: `export default defineStep<MyUi>({...})`. */
export function defineStep<S>(step: StepModule<S>): StepModule<S> {
  return step;
}

/** Erase the UI-state type for the registry. */
export type AnyStep = StepModule<any>;

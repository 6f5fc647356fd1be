// A standalone host for one step module: the session history, the step's UI state, one root useInput
// that offers each key to the step and then to undo/redo. The console's App.tsx does the same with the
// header, overlays and every step; this host lets tests and bench/timeline-ui.mjs drive one step alone.
import React, { useCallback, useMemo, useRef, useState } from 'react';
import { Box, Text, useInput } from 'ink';
import type { Dispatchable } from '../../../domain/actions.js';
import { initHistory, record, redo, undo, type History } from '../../../domain/history.js';
import type { Session } from '../../../domain/schema.js';
import { is } from '../../keys.js';
import { COLOR_THEME, type Theme } from '../../theme.js';
import { SizeContext, ThemeContext } from '../../context.js';
import type { StatusLevel, StepContext, StepModule, TermSize } from '../types.js';

export interface StepHostProps<S> {
  step: StepModule<S>;
  session: Session;
  size: TermSize;
  /** fixed clock for tests; defaults to Date.now */
  now?: () => number;
  theme?: Theme;
  /** called after every change (tests read the session from here) */
  onSession?(session: Session): void;
  /** called after each render of the step with its UI state */
  onUi?(ui: S): void;
  /** extra fields merged into the step context (e.g. an assistant) */
  extra?: Record<string, unknown>;
}

export function StepHost<S>({ step, session, size, now, theme, onSession, onUi, extra }: StepHostProps<S>): React.ReactElement {
  const [history, setHistory] = useState<History>(() => initHistory(session));
  const [ui, setUiState] = useState<S>(() => step.initialState(session));
  const [status, setStatusState] = useState<{ message: string; level: StatusLevel } | null>(null);
  const clock = now ?? Date.now;
  const counter = useRef(0);
  const historyRef = useRef(history);
  historyRef.current = history;
  const uiRef = useRef(ui);
  uiRef.current = ui;

  const apply = useCallback(
    (fn: (h: History) => History) => {
      const next = fn(historyRef.current);
      if (next === historyRef.current) return;
      historyRef.current = next;
      setHistory(next);
      onSession?.(next.present);
    },
    [onSession],
  );

  const setUi = useCallback((update: S | ((prev: S) => S)) => {
    const next = typeof update === 'function' ? (update as (p: S) => S)(uiRef.current) : update;
    uiRef.current = next;
    setUiState(next);
  }, []);

  const body: TermSize = { columns: size.columns, rows: Math.max(1, size.rows - 2) };
  const ctx: StepContext<S> = {
    ...(extra ?? {}),
    session: history.present,
    dispatch: (action: Dispatchable) =>
      // an action that carries its own `at` (even null: "clear") keeps it
      apply((h) => record(h, 'at' in action ? action : { ...action, at: new Date(clock()).toISOString().replace('.000Z', 'Z') })),
    ui,
    setUi,
    size,
    body,
    openOverlay: () => undefined,
    closeOverlay: () => undefined,
    setStatus: (message, level = 'info') => setStatusState({ message, level }),
    now: clock,
    newId: (prefix) => {
      let id: string;
      do id = `${prefix}-${++counter.current}`;
      while (historyRef.current.present.timeline.events.some((e) => e.id === id) || historyRef.current.present.whys.nodes[id]);
      return id;
    },
    readOnly: false,
    theme: theme ?? COLOR_THEME,
  };
  // the handler reads the freshest state through refs, so keys arriving before a re-render see it
  const ctxRef = useRef(ctx);
  ctxRef.current = ctx;

  useInput((input, key) => {
    const live: StepContext<S> = { ...ctxRef.current, session: historyRef.current.present, ui: uiRef.current };
    if (step.handleKey(input, key, live)) return;
    if (step.capturesInput?.(uiRef.current)) return;
    if (is('app.undo', input, key)) apply(undo);
    else if (is('app.redo', input, key)) apply(redo);
  });

  onUi?.(ui);
  const View = step.View;
  const themeValue = useMemo(() => theme ?? COLOR_THEME, [theme]);
  return (
    <ThemeContext.Provider value={themeValue}>
      <SizeContext.Provider value={size}>
        <Box flexDirection="column" width={size.columns}>
          <View ctx={ctx} />
          <Text>{status ? `${status.level}: ${status.message}` : ' '}</Text>
        </Box>
      </SizeContext.Provider>
    </ThemeContext.Provider>
  );
}

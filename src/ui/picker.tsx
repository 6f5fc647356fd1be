// `debrief resume` with no id: pick a session from a list (windowed). Resolves to the id, or null.
import { Box, render, Text, useApp, useInput, useStdout } from 'ink';
import { useRef, useState } from 'react';
import { STEP_LABELS } from '../domain/schema.js';
import { clip, oneLine } from '../domain/text.js';
import type { SessionSummary } from '../store/types.js';
import { ThemeContext, useTheme } from './context.js';
import { is } from './keys.js';
import { themeFor } from './theme.js';
import { KeyBar } from './widgets/KeyBar.js';
import { clampWindow, emptyWindow, listKey, type ListWindow } from './widgets/listWindow.js';

export interface PickerProps {
  sessions: readonly SessionSummary[];
  onDone(id: string | null): void;
  rows?: number;
}

export function Picker({ sessions, onDone, rows }: PickerProps) {
  const theme = useTheme();
  const { stdout } = useStdout();
  const { exit } = useApp();
  const height = Math.max(3, (rows ?? stdout?.rows ?? 24) - 5);
  const width = stdout?.columns || 80;
  const [win, setWin] = useState<ListWindow>(emptyWindow);
  // the latest window, read by the input handler (keys can arrive before the next render's effects)
  const winRef = useRef(win);
  const doneRef = useRef(false);
  useInput((input, key) => {
    if (doneRef.current) return;
    const done = (id: string | null) => {
      doneRef.current = true;
      onDone(id);
      exit();
    };
    if (is('app.saveExit', input, key) || is('edit.cancel', input, key) || is('app.quit', input, key)) return done(null);
    if (is('edit.submit', input, key)) return done(sessions[winRef.current.cursor]?.id ?? null);
    const w = listKey(winRef.current, input, key, sessions.length, height);
    if (w) {
      winRef.current = w;
      setWin(w);
    }
  });
  const w = clampWindow(win, sessions.length, height);
  return (
    <Box flexDirection="column">
      <Text bold>Resume which session? ({sessions.length})</Text>
      {w.top > 0 ? <Text dimColor>  ↑ {w.top} more</Text> : null}
      {sessions.slice(w.top, w.top + height).map((s, i) => {
        const on = w.top + i === w.cursor;
        return (
          <Text key={s.id} color={on ? theme.ui.selection : undefined} bold={on} wrap="truncate">
            {on ? '› ' : '  '}
            {clip(oneLine(s.title), 40).padEnd(42)}
            <Text dimColor>
              {s.severity ?? '—'} · {s.step ? STEP_LABELS[s.step] : '—'} · {s.updatedAt.slice(0, 16).replace('T', ' ')} · {s.id}
            </Text>
          </Text>
        );
      })}
      {w.top + height < sessions.length ? <Text dimColor>  ↓ {sessions.length - w.top - height} more</Text> : null}
      <KeyBar commands={['nav.up', 'edit.submit', 'edit.cancel']} width={width} lines={1} />
    </Box>
  );
}

export async function pickSession(
  sessions: readonly SessionSummary[],
  opts: { stdin?: NodeJS.ReadStream; stdout?: NodeJS.WriteStream; env?: NodeJS.ProcessEnv } = {},
): Promise<string | null> {
  let picked: string | null = null;
  const app = render(
    <ThemeContext.Provider value={themeFor(opts.env ?? process.env)}>
      <Picker sessions={sessions} onDone={(id) => (picked = id)} />
    </ThemeContext.Provider>,
    { stdin: opts.stdin ?? process.stdin, stdout: opts.stdout ?? process.stdout, exitOnCtrlC: false, patchConsole: true },
  );
  await app.waitUntilExit();
  return picked;
}

// `debrief resume` with no id: pick a session from a list (windowed). Resolves to the id, or null.
// Session files that fail to load are listed too, greyed with their error, and cannot be picked.
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
  /** every session file, those that fail to load (`error`) included: they are shown, greyed, with
   *  their one-line error, and cannot be opened */
  sessions: readonly SessionSummary[];
  onDone(id: string | null): void;
  rows?: number;
}

const doctorHint = (id: string) => `debrief doctor ${id}`;

export function Picker({ sessions, onDone, rows }: PickerProps) {
  const theme = useTheme();
  const { stdout } = useStdout();
  const { exit } = useApp();
  const broken = sessions.filter((s) => s.error).length;
  // a line under the list for the sessions that cannot be opened (and why the one picked did not open)
  const height = Math.max(3, (rows ?? stdout?.rows ?? 24) - 5 - (broken ? 1 : 0));
  const width = stdout?.columns || 80;
  // the cursor starts on the first session that can be opened
  const [win, setWin] = useState<ListWindow>(() => clampWindow({ cursor: Math.max(0, sessions.findIndex((s) => !s.error)), top: 0 }, sessions.length, height));
  const [note, setNote] = useState<string | null>(null);
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
    if (is('edit.submit', input, key)) {
      const s = sessions[winRef.current.cursor];
      if (!s) return done(null);
      if (s.error) return setNote(`Cannot open ${s.id}: check it with \`${doctorHint(s.id)}\` (${oneLine(s.error)}).`);
      return done(s.id);
    }
    const w = listKey(winRef.current, input, key, sessions.length, height);
    if (w) {
      winRef.current = w;
      setWin(w);
      setNote(null);
    }
  });
  const w = clampWindow(win, sessions.length, height);
  const cur = sessions[w.cursor];
  const footer =
    note ??
    (cur?.error
      ? `This session cannot be opened: \`${doctorHint(cur.id)}\` shows why and can restore a backup.`
      : `${broken} session${broken === 1 ? '' : 's'} cannot be opened (greyed): run \`${doctorHint('<id>')}\` to see why.`);
  return (
    <Box flexDirection="column">
      <Text bold>
        Resume which session? ({sessions.length}
        {broken ? ` · ${broken} cannot be opened` : ''})
      </Text>
      {w.top > 0 ? <Text dimColor>  ↑ {w.top} more</Text> : null}
      {sessions.slice(w.top, w.top + height).map((s, i) => {
        const on = w.top + i === w.cursor;
        if (s.error) {
          return (
            <Text key={s.id} dimColor bold={on} wrap="truncate">
              {on ? '› ' : '  '}
              {clip(oneLine(s.title) || s.id, 40).padEnd(42)}✗ cannot be opened · {s.id} · {oneLine(s.error)}
            </Text>
          );
        }
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
      {broken ? (
        <Text color={note ? theme.status.warning : undefined} dimColor={!note} wrap={note ? 'wrap' : 'truncate'}>
          {footer}
        </Text>
      ) : null}
      <KeyBar commands={cur?.error ? ['nav.up', 'edit.cancel'] : ['nav.up', 'edit.submit', 'edit.cancel']} labels={{ 'edit.submit': 'open' }} width={width} lines={1} />
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

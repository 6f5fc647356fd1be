// The view of a controlled text field (state from textEdit.ts, keys routed by the owner).
import { Box, Text } from 'ink';
import { oneLine } from '../../domain/text.js';
import { useTheme } from '../context.js';
import type { TextFieldState } from './textEdit.js';

export interface TextFieldProps {
  label?: string;
  state: TextFieldState;
  focused: boolean;
  width: number;
  placeholder?: string;
  /** lines shown under the field (lint findings, validation errors) */
  hints?: string[];
}

/** Shows the part of the value around the caret so long text scrolls horizontally. */
export function TextField({ label, state, focused, width, placeholder, hints }: TextFieldProps) {
  const theme = useTheme();
  const labelText = label ? `${label}: ` : '';
  const room = Math.max(4, width - labelText.length - 1);
  const value = state.value.replace(/\n/g, '⏎');
  let start = 0;
  if (state.cursor > room - 1) start = state.cursor - room + 1;
  const shown = value.slice(start, start + room);
  const caret = state.cursor - start;
  return (
    <Box flexDirection="column">
      <Box>
        {label ? <Text color={focused ? theme.ui.focus : theme.text.secondary} bold={focused}>{labelText}</Text> : null}
        {focused ? (
          <Text>
            {shown.slice(0, caret)}
            <Text inverse>{shown[caret] ?? ' '}</Text>
            {shown.slice(caret + 1)}
          </Text>
        ) : value ? (
          <Text>{oneLine(shown)}</Text>
        ) : (
          <Text dimColor>{placeholder ?? '—'}</Text>
        )}
      </Box>
      {(hints ?? []).map((h, i) => (
        <Text key={i} color={theme.status.warning}>
          {'  ⚠ '}
          {h}
        </Text>
      ))}
    </Box>
  );
}

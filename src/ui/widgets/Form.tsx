// The view of a form (state and keys in form.ts).
import { Box, Text } from 'ink';
import { clip, oneLine } from '../../domain/text.js';
import { useTheme } from '../context.js';
import type { FieldSpec, FormState } from './formState.js';
import { TextField } from './TextField.js';

export interface FormProps {
  fields: readonly FieldSpec[];
  state: FormState;
  value(f: FieldSpec): string;
  width: number;
  focused?: boolean;
  /** extra lines under a field, by field key (lint findings) */
  hints?: Record<string, string[]>;
  labelWidth?: number;
}

export function Form({ fields, state, value, width, focused = true, hints, labelWidth }: FormProps) {
  const theme = useTheme();
  const lw = labelWidth ?? Math.min(22, Math.max(...fields.map((f) => f.label.length)) + 2);
  return (
    <Box flexDirection="column">
      {fields.map((f, i) => {
        const active = focused && i === state.focus;
        const editing = active && state.edit !== null;
        const v = value(f);
        return (
          <Box key={f.key} flexDirection="column">
            <Box>
              <Box width={lw + 2} flexShrink={0}>
                <Text color={active ? theme.ui.focus : undefined} bold={active} wrap="truncate">
                  {active ? '› ' : '  '}
                  {f.label}
                </Text>
              </Box>
              {editing && state.edit ? (
                <TextField state={state.edit} focused width={Math.max(10, width - lw - 3)} />
              ) : f.kind === 'choice' ? (
                <Text>
                  {v}
                  {active ? <Text dimColor>{'  (Space to change)'}</Text> : null}
                </Text>
              ) : v ? (
                <Text>{clip(oneLine(v), Math.max(10, width - lw - 3))}</Text>
              ) : (
                <Text dimColor>{f.placeholder ?? '—'}</Text>
              )}
            </Box>
            {editing && state.error ? (
              <Text color={theme.status.error}>
                {'    ✗ '}
                {state.error}
              </Text>
            ) : null}
            {(hints?.[f.key] ?? []).map((h, j) => (
              <Text key={j} color={theme.status.warning}>
                {'    ⚠ '}
                {clip(h, Math.max(10, width - 6))}
              </Text>
            ))}
          </Box>
        );
      })}
    </Box>
  );
}

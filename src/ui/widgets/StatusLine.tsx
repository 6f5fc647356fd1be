// The flash line (levelled, clears itself) with the save state on the right.
import { Box, Text } from 'ink';
import { clip, oneLine } from '../../domain/text.js';
import { useTheme } from '../context.js';
import type { StatusLevel } from '../steps/types.js';

export interface Flash {
  message: string;
  level: StatusLevel;
  id: number;
}

export function StatusLine({ flash, save, width }: { flash: Flash | null; save: string; width: number }) {
  const theme = useTheme();
  const color =
    flash?.level === 'error' ? theme.status.error : flash?.level === 'warn' ? theme.status.warning : flash?.level === 'success' ? theme.status.success : theme.status.info;
  const icon = flash?.level === 'error' ? '✗ ' : flash?.level === 'warn' ? '⚠ ' : flash?.level === 'success' ? '✓ ' : '';
  const right = clip(save, Math.floor(width * 0.6));
  const room = Math.max(10, width - right.length - 2);
  return (
    <Box justifyContent="space-between" width={width}>
      <Text color={color}>{flash ? clip(icon + oneLine(flash.message), room) : ' '}</Text>
      <Text dimColor>{right}</Text>
    </Box>
  );
}

// A confirm dialog: Cancel is first and focused by default.
import { Box, Text } from 'ink';
import { useTheme } from '../context.js';

export function ConfirmDialog({ title, message, confirmLabel, focus, width }: { title: string; message?: string; confirmLabel: string; focus: 0 | 1; width: number }) {
  const theme = useTheme();
  const btn = (label: string, on: boolean) => (
    <Text inverse={on} bold={on} color={on ? theme.ui.focus : undefined}>
      {on ? `[ ${label} ]` : `  ${label}  `}
    </Text>
  );
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={theme.ui.border} paddingX={1} width={Math.min(width, 64)}>
      <Text bold>{title}</Text>
      {message ? <Text>{message}</Text> : null}
      <Text> </Text>
      <Box>
        {btn('Cancel', focus === 0)}
        <Text>{'   '}</Text>
        {btn(confirmLabel, focus === 1)}
      </Box>
    </Box>
  );
}

// The `?` overlay: every key live here, grouped, rendered from the same key table as the key bar.
import { Box, Text } from 'ink';
import { contextTitle, formatKeys, KEYS, type Command, type KeyContext } from '../keys.js';
import { useTheme } from '../context.js';

export function helpGroups(commands: readonly Command[]): { context: KeyContext; commands: Command[] }[] {
  const groups: { context: KeyContext; commands: Command[] }[] = [];
  for (const c of commands) {
    const ctx = KEYS[c].context;
    let g = groups.find((x) => x.context === ctx);
    if (!g) groups.push((g = { context: ctx, commands: [] }));
    if (!g.commands.includes(c)) g.commands.push(c);
  }
  return groups;
}

export function HelpOverlay({ commands, width, height }: { commands: readonly Command[]; width: number; height: number }) {
  const theme = useTheme();
  const groups = helpGroups(commands);
  const lines: { key: string; text: string; head?: boolean }[] = [];
  for (const g of groups) {
    lines.push({ key: g.context, text: contextTitle(g.context), head: true });
    for (const c of g.commands) lines.push({ key: c, text: `${formatKeys(c).padEnd(18)} ${KEYS[c].description}` });
  }
  const room = Math.max(3, height - 4);
  const cols = lines.length > room ? 2 : 1;
  const per = Math.ceil(lines.length / cols);
  const colWidth = Math.floor((width - 4) / cols);
  const columns = Array.from({ length: cols }, (_, i) => lines.slice(i * per, (i + 1) * per));
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={theme.ui.border} paddingX={1} width={width}>
      <Text bold>Keys that work here (Esc or ? closes)</Text>
      <Box>
        {columns.map((col, i) => (
          <Box key={i} flexDirection="column" width={colWidth}>
            {col.map((l) => (
              <Text key={l.key} bold={l.head === true} color={l.head ? theme.text.accent : undefined} wrap="truncate">
                {l.head ? l.text : `  ${l.text}`}
              </Text>
            ))}
          </Box>
        ))}
      </Box>
    </Box>
  );
}

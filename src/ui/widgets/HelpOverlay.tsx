// The `?` overlay: every key live here, grouped, rendered from the same key table as the key bar.
import { Box, Text } from 'ink';
import { contextTitle, formatKeys, KEYS, type Command, type KeyContext } from '../keys.js';
import { useTheme } from '../context.js';

/** A command a step lists for a pair of keys (the key bar shows "↑↓ move", "←→ switch"): the other
 *  half works too, so the overlay lists it, with its own keys and sentence. */
const PAIRED: Partial<Record<Command, Command>> = {
  'nav.up': 'nav.down',
  'nav.down': 'nav.up',
  'nav.left': 'nav.right',
  'nav.right': 'nav.left',
  'overlay.up': 'overlay.down',
  'agenda.up': 'agenda.down',
};

/** The commands grouped by context, in order of first appearance; a paired command brings its
 *  other half (↑ brings ↓, ← brings →) right after it. */
export function helpGroups(commands: readonly Command[]): { context: KeyContext; commands: Command[] }[] {
  const groups: { context: KeyContext; commands: Command[] }[] = [];
  const all: Command[] = [];
  for (const c of commands) {
    all.push(c);
    const other = PAIRED[c];
    if (other) all.push(other);
  }
  for (const c of all) {
    const ctx = KEYS[c].context;
    let g = groups.find((x) => x.context === ctx);
    if (!g) groups.push((g = { context: ctx, commands: [] }));
    if (!g.commands.includes(c)) g.commands.push(c);
  }
  return groups;
}

/** The overlay's lines: a heading per context, then "keys  description" rows. */
export function helpLines(commands: readonly Command[]): { key: string; text: string; head?: boolean }[] {
  const lines: { key: string; text: string; head?: boolean }[] = [];
  for (const g of helpGroups(commands)) {
    lines.push({ key: g.context, text: contextTitle(g.context), head: true });
    for (const c of g.commands) lines.push({ key: c, text: `${formatKeys(c).padEnd(16)} ${KEYS[c].description}` });
  }
  return lines;
}

export function HelpOverlay({ commands, width, height, scroll }: { commands: readonly Command[]; width: number; height: number; scroll: number }) {
  const theme = useTheme();
  const lines = helpLines(commands);
  const room = Math.max(3, height - 5);
  const top = Math.max(0, Math.min(scroll, lines.length - room));
  const below = lines.length - top - room;
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={theme.ui.border} paddingX={1} width={width}>
      <Text bold>
        Keys that work here (Esc or ? closes){lines.length > room ? ' · ↑↓ scroll' : ''}
      </Text>
      <Text dimColor>{top > 0 ? `↑ ${top} more` : ' '}</Text>
      {lines.slice(top, top + room).map((l) => (
        <Text key={l.key} bold={l.head === true} color={l.head ? theme.text.accent : undefined} wrap="truncate">
          {l.head ? l.text : `  ${l.text}`}
        </Text>
      ))}
      {below > 0 ? <Text dimColor>↓ {below} more</Text> : null}
    </Box>
  );
}

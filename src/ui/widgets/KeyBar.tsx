// The key bar: only the commands that work here, from the key table, cut to the width.
import { Box, Text } from 'ink';
import { KEYS, shortKey, type Command } from '../keys.js';
import { fitKeyBar } from '../layout.js';

/** What a screen calls a command when the table's label does not fit it (the resume picker's Enter
 *  opens a session, it does not "save"). */
export type KeyLabels = Partial<Record<Command, string>>;

/** The items shown for these commands ("Tab next step"), skipping hidden ones and duplicates. */
export function keyBarItems(commands: readonly Command[], labels: KeyLabels = {}): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const c of commands) {
    const b = KEYS[c];
    if (b.bar === false) continue;
    const item = `${shortKey(c)} ${labels[c] ?? b.label}`;
    if (seen.has(item)) continue;
    seen.add(item);
    out.push(item);
  }
  return out;
}

/** Always visible when live, even when the bar is cut: how to find every other key. */
const PINNED: Command[] = ['app.help'];

export function KeyBar({ commands, width, lines = 2, labels }: { commands: readonly Command[]; width: number; lines?: number; labels?: KeyLabels }) {
  const items = keyBarItems(commands, labels);
  const tail = keyBarItems(PINNED.filter((c) => commands.includes(c)), labels);
  const rows = fitKeyBar(items, width, lines, '  ', tail);
  return (
    <Box flexDirection="column">
      {rows.map((r, i) => (
        <Text key={i} dimColor>
          {r}
        </Text>
      ))}
      {rows.length < lines ? <Text> </Text> : null}
    </Box>
  );
}

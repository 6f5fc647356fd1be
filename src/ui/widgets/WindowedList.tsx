// A windowed list with scroll indicators. Only the visible rows are rendered.
import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import { useTheme } from '../context.js';
import { visibleRange, type ListWindow } from './listWindow.js';

export interface WindowedListProps<T> {
  items: readonly T[];
  win: ListWindow;
  /** rows available, including the two indicator rows */
  height: number;
  renderItem(item: T, index: number, selected: boolean): ReactNode;
  empty?: string;
  focused?: boolean;
}

/** Rows for items when the list has `height` rows in all (two go to the ↑/↓ indicators). */
export const listRows = (height: number) => Math.max(1, height - 2);

export function WindowedList<T>({ items, win, height, renderItem, empty, focused = true }: WindowedListProps<T>) {
  const theme = useTheme();
  const rows = listRows(height);
  if (items.length === 0) return <Text dimColor>{empty ?? '(nothing yet)'}</Text>;
  const r = visibleRange(win, items.length, rows);
  const out: ReactNode[] = [];
  for (let i = r.from; i < r.to; i++) {
    const selected = focused && i === win.cursor;
    out.push(
      <Box key={i}>
        <Text color={selected ? theme.ui.selection : undefined}>{selected ? '› ' : '  '}</Text>
        {renderItem(items[i] as T, i, selected)}
      </Box>,
    );
  }
  return (
    <Box flexDirection="column">
      <Text dimColor>{r.above > 0 ? `  ↑ ${r.above} more` : ' '}</Text>
      {out}
      <Text dimColor>{r.below > 0 ? `  ↓ ${r.below} more` : ' '}</Text>
    </Box>
  );
}

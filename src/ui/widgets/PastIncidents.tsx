// Earlier incidents like this one: shared services, similar factors, and action items still open
// from last time, so repeats are raised in the room.
import { Box, Text } from 'ink';
import { clip, oneLine } from '../../domain/text.js';
import type { SimilarIncident } from '../../store/types.js';
import { useTheme } from '../context.js';

export type PastState = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; items: SimilarIncident[] };

export function PastIncidents({ past, cursor, width, height }: { past: PastState; cursor: number; width: number; height: number }) {
  const theme = useTheme();
  const w = width - 4;
  let body;
  if (past.state === 'loading') body = <Text dimColor>Searching the sessions folder…</Text>;
  else if (past.state === 'error') body = <Text color={theme.status.error}>Search failed: {oneLine(past.message)}</Text>;
  else if (past.items.length === 0) body = <Text dimColor>No earlier incident shares a service or a factor with this one.</Text>;
  else {
    const items = past.items;
    const sel = items[Math.min(cursor, items.length - 1)];
    const listRows = Math.min(items.length, Math.max(2, Math.floor((height - 4) / 2)));
    const top = Math.max(0, Math.min(cursor - listRows + 1, items.length - listRows));
    body = (
      <>
        {items.slice(top, top + listRows).map((x, i) => {
          const on = top + i === cursor;
          const open = x.openActions.length ? ` · ${x.openActions.length} open action${x.openActions.length > 1 ? 's' : ''}` : '';
          return (
            <Text key={x.id} color={on ? theme.ui.selection : undefined} bold={on} wrap="truncate">
              {on ? '› ' : '  '}
              {clip(oneLine(x.title), Math.max(20, w - 40))} <Text dimColor>({x.severity ?? '—'}, {x.updatedAt.slice(0, 10)})</Text>
              <Text color={x.openActions.length ? theme.status.warning : undefined}>{open}</Text>
            </Text>
          );
        })}
        {sel ? (
          <Box flexDirection="column" marginTop={1}>
            {sel.sharedServices.length ? <Text wrap="truncate">Shared services: {sel.sharedServices.map(oneLine).join(', ')}</Text> : null}
            {sel.similarFactors.slice(0, 2).map((f, i) => (
              <Text key={i} wrap="truncate">
                Similar factor: {clip(oneLine(f.theirs), w - 16)}
              </Text>
            ))}
            {sel.openActions.slice(0, 3).map((a, i) => (
              <Text key={`a${i}`} color={theme.status.warning} wrap="truncate">
                Still open: {clip(oneLine(a.title), w - 40)} — {oneLine(a.ownerRole)}
                {a.owner ? ` (${oneLine(a.owner)})` : ''}, due {a.due ?? '—'}
              </Text>
            ))}
          </Box>
        ) : null}
      </>
    );
  }
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={theme.ui.border} paddingX={1} width={width}>
      <Text bold>Past incidents like this one</Text>
      {body}
    </Box>
  );
}

import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { Text } from 'ink';
import { WindowedList } from '../../src/ui/widgets/WindowedList.js';
import { strip } from './helpers.js';

afterEach(() => cleanup());

describe('WindowedList', () => {
  it('renders only the visible rows with scroll indicators and the cursor', () => {
    const items = Array.from({ length: 1000 }, (_, i) => `item ${i}`);
    const app = render(<WindowedList items={items} win={{ cursor: 500, top: 498 }} height={7} renderItem={(x) => <Text>{x}</Text>} />);
    const lines = strip(app.lastFrame() ?? '').split('\n');
    expect(lines).toEqual(['  ↑ 498 more', '  item 498', '  item 499', '› item 500', '  item 501', '  item 502', '  ↓ 497 more']);
  });

  it('says so when empty', () => {
    const app = render(<WindowedList items={[]} win={{ cursor: 0, top: 0 }} height={5} renderItem={() => null} empty="No events" />);
    expect(strip(app.lastFrame() ?? '')).toBe('No events');
  });
});

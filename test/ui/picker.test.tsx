import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { Picker } from '../../src/ui/picker.js';
import type { SessionSummary } from '../../src/store/types.js';
import { commandBytes } from '../../src/ui/keys.js';
import { strip } from './helpers.js';

afterEach(() => cleanup());

const flush = () => new Promise<void>((r) => setImmediate(() => setTimeout(r, 0)));
const sessions: SessionSummary[] = Array.from({ length: 12 }, (_, i) => ({
  id: `s-${i + 1}`,
  title: `Incident ${i + 1}`,
  severity: 'SEV2',
  step: 'factors',
  updatedAt: '2026-11-20T10:00:00.000Z',
  path: `/x/s-${i + 1}.json`,
}));

async function until(frame: () => string, text: string) {
  const start = Date.now();
  while (!frame().includes(text)) {
    if (Date.now() - start > 3000) throw new Error(`timed out waiting for ${text}:\n${frame()}`);
    await flush();
  }
}

describe('resume picker', () => {
  it('moves through a windowed list and picks with Enter', async () => {
    const picked: (string | null)[] = [];
    const app = render(<Picker sessions={sessions} onDone={(id) => picked.push(id)} rows={10} />);
    const frame = () => strip(app.lastFrame() ?? '');
    await until(frame, 'Resume which session? (12)');
    expect(frame()).toContain('↓ 7 more');
    await flush();
    for (let i = 0; i < 6; i++) {
      app.stdin.write(commandBytes('nav.down'));
      await flush();
    }
    await until(frame, '› Incident 7');
    expect(frame()).toContain('↑ 2 more');
    app.stdin.write(commandBytes('edit.submit'));
    await flush();
    expect(picked).toEqual(['s-7']);
  });

  it('Esc picks nothing', async () => {
    const picked: (string | null)[] = [];
    const app = render(<Picker sessions={sessions} onDone={(id) => picked.push(id)} rows={10} />);
    await until(() => strip(app.lastFrame() ?? ''), 'Resume which session?');
    await flush();
    app.stdin.write(commandBytes('edit.cancel'));
    await flush();
    expect(picked).toEqual([null]);
  });
});

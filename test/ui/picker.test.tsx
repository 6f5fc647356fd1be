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

  it('Enter is labelled "open", not "save"', async () => {
    const app = render(<Picker sessions={sessions} onDone={() => undefined} rows={10} />);
    const frame = () => strip(app.lastFrame() ?? '');
    await until(frame, 'Resume which session?');
    expect(frame()).toContain('Enter open');
    expect(frame()).not.toContain('save');
  });

  it('lists sessions that fail to load, greyed with their error and a doctor hint; they cannot be opened', async () => {
    const broken: SessionSummary = {
      id: 'bad-1',
      title: '',
      severity: null,
      step: null,
      updatedAt: '2026-11-21T08:00:00.000Z',
      path: '/x/bad-1.json',
      error: 'not valid JSON at line 3',
    };
    const list = [sessions[0]!, broken, sessions[1]!];
    const picked: (string | null)[] = [];
    const app = render(<Picker sessions={list} onDone={(id) => picked.push(id)} rows={12} />);
    const frame = () => strip(app.lastFrame() ?? '');
    await until(frame, 'Resume which session? (3 · 1 cannot be opened)');
    const row = frame().split('\n').find((l) => l.includes('bad-1'))!;
    expect(row).toContain('✗ cannot be opened · bad-1 · not valid JSON at line 3');
    expect(frame()).toContain('1 session cannot be opened (greyed): run `debrief doctor <id>` to see why.');
    await flush();
    app.stdin.write(commandBytes('nav.down'));
    await until(frame, '`debrief doctor bad-1` shows why');
    expect(frame()).not.toContain('Enter open');
    app.stdin.write(commandBytes('edit.submit'));
    await until(frame, 'Cannot open bad-1: check it with `debrief doctor bad-1` (not valid JSON at line 3).');
    expect(picked).toEqual([]);
    app.stdin.write(commandBytes('nav.down'));
    await until(frame, '› Incident 2');
    app.stdin.write(commandBytes('edit.submit'));
    await flush();
    expect(picked).toEqual(['s-2']);
  });

  it('starts on the first session that can be opened', async () => {
    const broken: SessionSummary = { id: 'bad-0', title: 'Old one', severity: null, step: null, updatedAt: '2026-11-21T08:00:00.000Z', path: '/x/bad-0.json', error: 'schema version 9 is newer' };
    const picked: (string | null)[] = [];
    const app = render(<Picker sessions={[broken, sessions[0]!]} onDone={(id) => picked.push(id)} rows={10} />);
    await until(() => strip(app.lastFrame() ?? ''), '› Incident 1');
    await flush();
    app.stdin.write(commandBytes('edit.submit'));
    await flush();
    expect(picked).toEqual(['s-1']);
  });
});

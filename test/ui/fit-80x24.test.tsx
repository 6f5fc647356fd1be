// Everything fits at 80x24: each overlay on the demo meeting (demo/demo-session.json: 6 attendees, 100 events) keeps its
// frame within the terminal, with its bottom border on screen (nothing cut at the bottom).
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Session } from '../../src/domain/schema.js';
import { paste, ready, renderApp, waitForText, type Harness } from './helpers.js';

let app: Harness | undefined;
afterEach(() => {
  app?.unmount();
  app = undefined;
});

const demo = (): Session => JSON.parse(readFileSync(new URL('../../demo/demo-session.json', import.meta.url), 'utf8')) as Session;

function fits(frame: string) {
  const lines = frame.split('\n');
  expect(lines.length).toBeLessThanOrEqual(23);
  for (const l of lines) expect(l.length).toBeLessThanOrEqual(80);
}

describe('overlays at 80x24 on the demo meeting', () => {
  for (const [key, text, step] of [
    ['O', 'before we start', '2'],
    ['T', 'Agenda · time used', '2'],
    ['V', 'Voices on', '3'],
    ['?', 'Keys that work here', '5'],
    ['W', 'Wrap-up', '8'],
  ] as const) {
    it(`${key} (${text}) fits with its bottom border visible`, async () => {
      app = renderApp({ session: demo(), size: { columns: 80, rows: 24 } });
      await ready(app);
      await paste(app, step);
      await waitForText(app, `Step ${step}/8`);
      await paste(app, key);
      const f = await waitForText(app, text);
      fits(f);
      expect(f).toMatch(/╰─+╯/);
    });
  }
});

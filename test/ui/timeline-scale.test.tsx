// The Timeline step on a generated 10,000-event session: the list is windowed (never rendered whole),
// scrolling, filtering and editing work at that size, and a resize re-lays the window.
import { afterEach, describe, expect, it } from 'vitest';
import timeline, { type TimelineUi } from '../../src/ui/steps/timeline/index.js';
import { generateSession } from '../../src/ui/steps/timeline/generate.js';
import { mount, type Mounted } from './timeline-helpers.js';

let m: Mounted<TimelineUi> | null = null;
afterEach(() => {
  m?.unmount();
  m = null;
});

const eventLines = (f: string) => f.split('\n').filter((l) => /^[ ›][ ●][✓·]/.test(l));
const cursorRow = (f: string) => f.split('\n').find((l) => l.startsWith('›')) ?? '';
const big = generateSession({ events: 10_000, series: true, conflictEvery: 500 });

describe('a 10,000-event session', () => {
  it('renders only the window and scrolls to the end and back', async () => {
    const t = (m = await mount(timeline, big, { columns: 100, rows: 30 }));
    let f = t.frame();
    expect(f).toContain('10000 events · 0 confirmed');
    // 28 body lines - 3 head - 5 chart = 20 list lines, one of them a day header
    expect(eventLines(f).length).toBeLessThanOrEqual(20);
    expect(f.split('\n').length).toBeLessThanOrEqual(30);
    await t.press('nav.end');
    f = await t.waitFor((x) => cursorRow(x).includes('#9999 '));
    expect(f).toContain('↓0');
    expect(eventLines(f).length).toBeLessThanOrEqual(20);
    await t.press('nav.pageUp');
    f = await t.waitFor((x) => !cursorRow(x).includes('#9999 '));
    expect(cursorRow(f)).toMatch(/#99[78]\d /);
    await t.press('nav.home');
    await t.waitFor((x) => cursorRow(x).includes('#0 '));
  });

  it('filters, confirms, deletes and undoes at that size', async () => {
    const t = (m = await mount(timeline, big, { columns: 100, rows: 30 }));
    await t.press('timeline.filter');
    await t.type('#9998');
    let f = await t.waitFor((x) => x.includes('showing 1 (/#9998)'));
    expect(cursorRow(f)).toContain('#9998 ');
    await t.press('edit.submit');
    await t.press('timeline.confirm');
    f = await t.waitFor((x) => x.includes('10000 events · 1 confirmed'));
    expect(t.session().timeline.events[9998]?.confirmed).toBe(true);
    await t.press('edit.cancel'); // clear the filter
    await t.waitFor((x) => !x.includes('showing'));
    // the cursor stays on the event it was on
    expect(cursorRow(t.frame())).toContain('#9998 ');
    await t.press('item.delete');
    await t.waitFor((x) => x.includes('9999 events'));
    await t.press('app.undo');
    await t.waitFor((x) => x.includes('10000 events · 1 confirmed'));
    await t.press('timeline.nextConflict');
    await t.waitFor((x) => /⚠ \d\d:\d\d/.test(cursorRow(x)));
  });

  it('keeps the cursor in view through a resize', async () => {
    const t = (m = await mount(timeline, big, { columns: 100, rows: 40 }));
    for (let i = 0; i < 30; i++) await t.press('nav.down');
    expect(cursorRow(t.frame())).toContain('#30 ');
    await t.resize({ columns: 80, rows: 14 });
    const f = await t.waitFor((x) => !x.includes('http_5xx_ratio'));
    expect(cursorRow(f)).toContain('#30 ');
    expect(eventLines(f).length).toBeLessThanOrEqual(12 - 3);
    for (const line of f.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
  });
});

describe('the frame fits the body at every size and in every pane', () => {
  const sizes = [
    { columns: 40, rows: 12 },
    // the console's smallest terminal (80x24) leaves the step 17 body lines: the host's 19 rows
    { columns: 80, rows: 19 },
    { columns: 80, rows: 24 },
    { columns: 100, rows: 40 },
  ];
  for (const size of sizes) {
    it(`${size.columns}x${size.rows}: list, evidence, moments, conflict and form stay inside the terminal`, async () => {
      const s = generateSession({ events: 300, series: true, conflictEvery: 7 });
      const t = (m = await mount(timeline, s, size));
      const fits = (what: string) => {
        const lines = t.frame().split('\n');
        // the host draws the step in rows - 2 lines plus one status line
        expect(lines.length, `${what}:\n${t.frame()}`).toBeLessThanOrEqual(size.rows - 1);
        for (const l of lines) expect(l.length, `${what}: ${l}`).toBeLessThanOrEqual(size.columns);
      };
      fits('list');
      await t.press('timeline.nextConflict');
      await t.press('timeline.evidence');
      fits('evidence');
      await t.press('overlay.close');
      await t.press('timeline.moment');
      fits('moments');
      await t.press('overlay.close');
      await t.press('timeline.resolve');
      fits('conflict');
      await t.press('overlay.close');
      await t.press('item.edit');
      fits('form');
      await t.press('edit.cancel');
      await t.press('timeline.filter');
      await t.type('rollback');
      fits('filter');
    });
  }
});

// The Timeline and 5 Whys steps inside the real console (App.tsx's root router, header and key bar),
// not only in the step host: keys reach the step once, global keys still work, moments clear.
import { afterEach, describe, expect, it } from 'vitest';
import { commandBytes, type Command } from '../../src/ui/keys.js';
import { checkoutSession } from './timeline-fixture.js';
import { ready, renderApp, waitForFrame, type Harness } from './helpers.js';

let app: Harness | null = null;
afterEach(() => {
  app?.unmount();
  app = null;
});

const press = async (a: Harness, command: Command) => {
  const n = a.frames.length;
  a.stdin.write(commandBytes(command));
  await waitForFrame(a, () => a.frames.length > n, command).catch(() => undefined);
};
const last = (a: Harness) => a.saves[a.saves.length - 1] ?? null;

describe('the Timeline step in the console', () => {
  it('sets and clears a key moment, confirms, and the key bar shows the step keys', async () => {
    app = renderApp({ session: checkoutSession(), size: { columns: 100, rows: 40 } });
    await ready(app);
    let f = await waitForFrame(app, (x) => x.includes('9 events · 1 confirmed'), 'timeline');
    expect(f).toContain('c confirm');
    await press(app, 'nav.down');
    await press(app, 'timeline.moment');
    await waitForFrame(app, (x) => x.includes('Set a key moment on'), 'moment picker');
    await press(app, 'confirm.choose');
    await waitForFrame(app, (x) => x.includes('I impact start 14:02'), 'impact start');
    expect(last(app)?.timeline.moments.impactStart?.eventId).toBe('impact');
    await press(app, 'timeline.moment');
    await press(app, 'item.delete');
    f = await waitForFrame(app, (x) => x.includes('I impact start —'), 'impact start cleared');
    expect(last(app)?.timeline.moments.impactStart).toBeNull();
    await press(app, 'overlay.close');
    await press(app, 'timeline.confirm');
    await waitForFrame(app, (x) => x.includes('9 events · 2 confirmed'), 'confirmed');
    // the global undo reaches history through the router
    await press(app, 'app.undo');
    await waitForFrame(app, (x) => x.includes('9 events · 1 confirmed'), 'undone');
  });

  it('typing in the filter field never triggers global keys', async () => {
    app = renderApp({ session: checkoutSession(), size: { columns: 100, rows: 40 } });
    await ready(app);
    await press(app, 'timeline.filter');
    await waitForFrame(app, (x) => x.includes('/ filter:'), 'filter field');
    for (const ch of 'qu?2') {
      const n = app.frames.length;
      app.stdin.write(ch);
      await waitForFrame(app, () => app!.frames.length > n, ch);
    }
    const f = await waitForFrame(app, (x) => x.includes('/ filter: qu?2'), 'typed text');
    expect(f).toContain('Step 2/8');
    expect(f).not.toContain('Quit?');
    expect(app.exits).toHaveLength(0);
  });
});

describe('the 5 Whys step in the console', () => {
  it('adds a child why and accepts an offline proposal through the router', async () => {
    const s = checkoutSession();
    app = renderApp({ session: { ...s, meeting: { ...s.meeting, step: 'whys' } }, size: { columns: 100, rows: 40 } });
    await ready(app);
    await waitForFrame(app, (x) => x.includes('5 Whys · 1 node'), 'whys');
    await press(app, 'whys.child');
    await waitForFrame(app, (x) => x.includes('New why under'), 'form');
    // the question starts as the offline assistant's top proposal: back to it, clear it, type our own
    await press(app, 'edit.prevField');
    app.stdin.write('\u0015');
    for (const ch of 'Why did checkout fail?') app.stdin.write(ch);
    await waitForFrame(app, (x) => x.includes('Why did checkout fail?'), 'typed');
    await press(app, 'edit.submit');
    await waitForFrame(app, (x) => x.includes('5 Whys · 2 nodes'), 'added');
    await waitForFrame(app, (x) => x.includes('Assistant (offline)'), 'assistant panel');
    await press(app, 'whys.acceptSuggestion');
    await waitForFrame(app, (x) => x.includes('5 Whys · 3 nodes'), 'accepted');
    const nodes = Object.values(last(app)!.whys.nodes);
    expect(nodes.filter((n) => n.proposedBy === 'offline')).toHaveLength(1);
  });
});

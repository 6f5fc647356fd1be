// The built `debrief` in a real pseudo-terminal on a generated 10,000-event session: confirming, merging,
// filtering and setting a key moment on the Timeline step, then Ctrl+C saves and the file has it all.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { generateSession } from '../../src/ui/steps/timeline/generate.js';
import { KEYS, startApp, type PtyApp } from '../e2e/pty.js';

let app: PtyApp | null = null;
let dir = '';
afterEach(() => {
  app?.kill();
  app = null;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const cursorLine = (screen: string) => screen.split('\n').find((l) => /^›[ ●][✓·]/.test(l)) ?? '';

describe('the Timeline step in a real terminal', () => {
  it('confirms, merges, filters and sets a moment on 10,000 events, and saves it', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'debrief-timeline-pty-'));
    const store = openStore(dir);
    const session = generateSession({ events: 10_000, series: true, conflictEvery: 500 });
    await store.create(session);
    app = startApp(['resume', session.id, '--sessions-dir', dir], { cols: 120, rows: 40 });
    // the meeting clock has not started: the opening screen comes first
    await app.waitFor('before we start', 30_000);
    app.write(KEYS.enter);
    await app.waitFor('10000 events · 0 confirmed', 30_000);
    expect(cursorLine(app.screen())).toContain('#0 ');

    // confirm in one key (the cursor moves on)
    app.write('c');
    await app.waitFor('10000 events · 1 confirmed');
    await app.waitFor((s) => cursorLine(s).includes('#1 '));

    // merge #1 and #2
    app.write(' ');
    await app.waitFor('1 selected');
    app.write(KEYS.down);
    await app.waitFor((s) => cursorLine(s).includes('#2 '));
    app.write(' ');
    await app.waitFor('2 selected');
    app.write('m');
    await app.waitFor('9999 events');

    // fuzzy filter, then keep it
    app.write('/');
    await app.waitFor('/ filter:');
    app.write('#4242'); // arrives as one chunk, like a paste: the field takes it whole
    await app.waitFor('showing 1 (/#4242)');
    app.write(KEYS.enter);
    await app.waitFor((s) => !s.includes('/ filter:') && cursorLine(s).includes('#4242 '));

    // set the impact start on it
    app.write('t');
    await app.waitFor('Set a key moment on');
    app.write(KEYS.enter);
    await app.waitFor(/I impact start \d\d:\d\d/);

    app.write(KEYS.ctrlC);
    expect(await app.exited).toBe(0);
    const saved = await openStore(dir).load(session.id);
    expect(saved.ok).toBe(true);
    if (!saved.ok) return;
    const t = saved.session.timeline;
    expect(t.events).toHaveLength(9999);
    expect(t.events.filter((e) => e.confirmed).map((e) => e.id)).toEqual(['g0']);
    expect(t.events.find((e) => e.id === 'g1')?.text).toContain(' / #2 ');
    expect(t.moments.impactStart).toMatchObject({ eventId: 'g4242', at: session.timeline.events[4242]!.occurredAt });
  }, 90_000);
});

import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { STEPS } from '../../src/domain/schema.js';
import { keyBarItems } from '../../src/ui/widgets/KeyBar.js';
import { press, raw, ready, renderApp, sessionWith, T0, iso, type, waitForFrame, waitForText } from './helpers.js';

afterEach(() => cleanup());

const running = sessionWith([
  { type: 'incident/update', patch: { title: 'Checkout pool exhaustion', severity: 'SEV1' } },
  { type: 'meeting/resume', at: iso(T0) },
]);

describe('header', () => {
  it('shows title, severity, step markers, the meeting clock and the timebox', async () => {
    const app = renderApp({ session: running, now: () => T0 + 3 * 60_000 + 20_000 });
    await ready(app);
    const f = app.frame();
    expect(f).toContain('Checkout pool exhaustion');
    expect(f).toContain('[SEV1]');
    expect(f).toContain('Step 1/8 · Intake');
    expect(f).toMatch(/● 1 Intake ○ 2 Timeline ○ 3 5 Whys/);
    expect(f).toContain('meeting 3:20');
    expect(f).toContain('3:20 / 5m'); // SEV1 intake timebox is 5 minutes
    expect(f).not.toContain('over by');
  });

  it('warns gently when the step runs over its timebox, and the clock ticks by itself', async () => {
    const app = renderApp({ session: running, tickMs: 20 });
    await ready(app);
    app.clock.t = T0 + 7 * 60_000;
    const f = await waitForText(app, 'over by 2m');
    expect(f).toContain('⏰ 7:00 / 5m');
  });

  it('marks a step done (✓) when Tab leaves it, not when a jump does; the current one is ●', async () => {
    const app = renderApp({ session: running });
    await ready(app);
    await press(app, 'step.next');
    await press(app, 'step.goto', 3); // key "4" → Factors
    const f = await waitForText(app, 'Step 4/8 · Factors');
    expect(f).toMatch(/✓ 1 Intake ○ 2 Timeline ○ 3 5 Whys ● 4 Factors ○ 5 Actions/);
    expect(app.saves.at(-1)?.meeting.step).toBe('factors');
  });

  it('narrow terminals drop the step numbers but keep every step name', async () => {
    const app = renderApp({ session: running, size: { columns: 80, rows: 24 } });
    await ready(app);
    const f = app.frame();
    for (const label of ['Intake', 'Timeline', '5 Whys', 'Factors', 'Actions', 'Impact', 'Comms', 'Review']) expect(f).toContain(label);
    expect(f.split('\n').every((l) => l.length <= 80)).toBe(true);
  });
});

describe('navigation and key bar', () => {
  it('walks all eight steps forward with Tab and back with Shift+Tab', async () => {
    const app = renderApp({ session: running });
    await ready(app);
    for (let i = 1; i < STEPS.length; i++) {
      await press(app, 'step.next');
      await waitForText(app, `Step ${i + 1}/8`);
    }
    await press(app, 'step.next'); // last step: stays, explains
    await waitForText(app, 'This is the last step');
    await press(app, 'step.prev');
    await waitForText(app, 'Step 7/8 · Comms');
  });

  it('the key bar shows only keys that work here', async () => {
    const app = renderApp({ session: running });
    await ready(app);
    let f = app.frame();
    // fresh session: nothing to undo or redo, no previous step
    expect(f).not.toContain('u undo');
    expect(f).not.toContain('U redo');
    expect(f).not.toContain('prev step');
    expect(f).toContain('Tab next step');
    expect(f).toContain('? help');
    await press(app, 'item.edit');
    await type(app, 'x');
    f = app.frame();
    // editing a field: the field's keys, no globals
    expect(f).toContain('Enter save');
    expect(f).toContain('Esc cancel');
    expect(f).not.toContain('q quit');
    await press(app, 'edit.submit');
    f = await waitForText(app, 'u undo');
    expect(f).not.toContain('prev step'); // still on step 1
    await press(app, 'step.next');
    f = await waitForText(app, 'Shift+Tab prev step');
  });

  it('keyBarItems skips hidden bindings and duplicates', () => {
    expect(keyBarItems(['step.goto', 'app.saveExit', 'nav.up', 'nav.down'])).toEqual(['↑↓ move']);
  });
});

describe('undo and redo', () => {
  it('undoes and redoes a change, saving each time', async () => {
    const app = renderApp({ session: running });
    await ready(app);
    await press(app, 'item.edit');
    await type(app, '!');
    await press(app, 'edit.submit');
    await waitForText(app, 'exhaustion!');
    const before = app.saves.length;
    await press(app, 'app.undo');
    await waitForFrame(app, (f) => !f.includes('exhaustion!') && f.includes('Undone.'), 'undo');
    expect(app.saves.at(-1)?.incident.title).toBe('Checkout pool exhaustion');
    await press(app, 'app.redo', 1); // Ctrl+R
    await waitForText(app, 'exhaustion!');
    expect(app.saves.length).toBe(before + 2);
    await press(app, 'app.undo', 1); // Ctrl+Z
    await waitForFrame(app, (f) => !f.includes('exhaustion!'), 'second undo');
    await press(app, 'app.redo'); // U
    await waitForText(app, 'exhaustion!');
  });

  it('says so when there is nothing to undo', async () => {
    const app = renderApp({ session: running });
    await ready(app);
    await press(app, 'app.undo');
    await waitForText(app, 'Nothing to undo.');
    expect(app.saves).toHaveLength(0);
  });
});

describe('overlays', () => {
  it('? opens the help overlay rendered from the key table, Esc closes it', async () => {
    const app = renderApp({ session: running });
    await ready(app);
    await press(app, 'app.help');
    const f = await waitForText(app, 'Keys that work here');
    expect(f).toContain('Everywhere');
    expect(f).toContain('u / Ctrl+Z');
    expect(f).toContain('Undo the last change');
    expect(f).toContain('Mark this step done and go to the next step.');
    // it scrolls to the keys further down
    expect(f).not.toContain('Close this overlay.');
    for (let i = 0; i < 12; i++) await press(app, 'overlay.down');
    await waitForText(app, 'Close this overlay.');
    // while help is open, keys do not reach the step
    await press(app, 'step.next');
    expect(app.frame()).toContain('Step 1/8');
    await press(app, 'overlay.close');
    await waitForFrame(app, (x) => !x.includes('Keys that work here'), 'help closed');
  });

  it('q asks before quitting; the default button is Cancel', async () => {
    const app = renderApp({ session: running });
    await ready(app);
    await press(app, 'app.quit');
    let f = await waitForText(app, 'Quit debrief?');
    expect(f).toContain('[ Cancel ]');
    await press(app, 'confirm.choose'); // Enter on the default → cancel
    await waitForFrame(app, (x) => !x.includes('Quit debrief?'), 'dialog closed');
    expect(app.exits).toHaveLength(0);
    await press(app, 'app.quit');
    await waitForText(app, 'Quit debrief?');
    await press(app, 'confirm.toggle');
    f = await waitForText(app, '[ Quit ]');
    await press(app, 'confirm.choose');
    expect(app.exits).toHaveLength(1);
    expect(app.exits[0]?.exitCode).toBe(0);
    // the meeting clock is paused in the final save
    expect(app.exits[0]?.session.meeting.clock.enteredAt).toBeNull();
    expect(app.saves.at(-1)?.meeting.clock.enteredAt).toBeNull();
  });

  it('Ctrl+C saves and exits at once, even while a field is being edited', async () => {
    const app = renderApp({ session: running });
    app.clock.t = T0 + 90_000;
    await ready(app);
    await press(app, 'item.edit');
    await type(app, 'abc');
    await press(app, 'app.saveExit');
    expect(app.exits).toHaveLength(1);
    const final = app.exits[0]!.session;
    expect(final.meeting.clock.spent.intake).toBe(90_000);
    expect(app.saves.at(-1)).toBe(final);
  });

  it('p parks a point and D records a decision from any step', async () => {
    const app = renderApp({ session: running });
    await ready(app);
    await press(app, 'step.goto', 2); // 5 Whys
    await waitForText(app, 'Step 3/8');
    await press(app, 'meeting.park');
    await waitForText(app, 'Parking lot: an off-topic point');
    await type(app, 'Vendor SLA terms');
    await press(app, 'edit.submit');
    await waitForText(app, 'Parked.');
    await press(app, 'meeting.decide');
    await waitForText(app, 'Decision: what the room decided');
    await type(app, 'Pool size goes to config');
    await press(app, 'edit.submit');
    await waitForText(app, 'Decision recorded.');
    const s = app.saves.at(-1)!;
    expect(s.meeting.parkingLot.map((n) => [n.text, n.step])).toEqual([['Vendor SLA terms', 'whys']]);
    expect(s.meeting.decisions.map((n) => n.text)).toEqual(['Pool size goes to config']);
    // an empty note is not recorded
    await press(app, 'meeting.park');
    await waitForText(app, 'Parking lot');
    await press(app, 'edit.submit');
    await waitForFrame(app, (x) => !x.includes('Parking lot: an off-topic'), 'closed');
    expect(app.saves.at(-1)!.meeting.parkingLot).toHaveLength(1);
    // both appear at Review
    await press(app, 'step.goto', 7);
    await waitForText(app, 'Step 8/8 · Review');
    expect(app.frame()).toContain('1 decisions · 1 parked');
    expect(app.frame()).toMatch(/Decided \(1\) Parked \(1\)/);
  });
});

describe('terminal size and modes', () => {
  it('a too-small terminal says which size it needs', async () => {
    const app = renderApp({ session: running, size: { columns: 60, rows: 20 } });
    await ready(app);
    const f = app.frame();
    expect(f).toContain('Terminal too small: need 80x24');
    expect(f).toContain('The terminal is 60x20');
    expect(f).not.toContain('Step 1/8');
  });

  it('re-lays the screen when stdout reports a resize', async () => {
    const { render } = await import('ink-testing-library');
    const { App } = await import('../../src/ui/App.js');
    const { STEP_MODULES } = await import('../../src/ui/steps/index.js');
    const { NO_COLOR_THEME } = await import('../../src/ui/theme.js');
    const app = render(<App session={running} steps={STEP_MODULES} now={() => T0} onSave={() => {}} onExit={() => {}} theme={NO_COLOR_THEME} />);
    const out = app.stdout as unknown as NodeJS.EventEmitter & { columns: number; rows?: number };
    Object.defineProperty(out, 'rows', { value: 30, configurable: true, writable: true });
    out.emit('resize');
    const h = { frame: () => app.lastFrame() ?? '' } as Parameters<typeof waitForFrame>[0];
    await waitForFrame(h, (f) => f.includes('Step 1/8'), 'normal layout');
    Object.defineProperty(out, 'rows', { value: 12, configurable: true, writable: true });
    out.emit('resize');
    await waitForFrame(h, (f) => f.includes('need 80x24'), 'too-small screen');
    Object.defineProperty(out, 'rows', { value: 40, configurable: true, writable: true });
    out.emit('resize');
    await waitForFrame(h, (f) => f.includes('Step 1/8'), 'back to normal');
  });

  it('read-only sessions refuse changes with a reason', async () => {
    const app = renderApp({ session: running, readOnly: true, readOnlyReason: 'read-only: open in process 42 on box' });
    await ready(app);
    expect(app.frame()).toContain('READ-ONLY');
    expect(app.frame()).toContain('read-only: open in process 42 on box'); // the reason shows from the start
    await press(app, 'item.edit');
    await type(app, 'x');
    await press(app, 'edit.submit');
    await waitForText(app, 'Read-only: open in process 42');
    expect(app.saves).toHaveLength(0);
    expect(app.frame()).not.toContain('p park');
  });

  it('the status line shows the save state from the saver', async () => {
    let push: ((s: import('../../src/store/types.js').SaveStatus) => void) | null = null;
    const app = renderApp({
      session: running,
      saveStatus: (cb) => {
        push = cb;
        return () => {
          push = null;
        };
      },
    });
    await ready(app);
    push!({ state: 'retrying', message: 'disk full, retrying in 5s', savedAt: null, warning: null, code: 'no-space', retryInMs: 5000 });
    await waitForText(app, '⚠ disk full, retrying in 5s');
    push!({ state: 'saved', message: '', savedAt: T0, warning: null, code: null, retryInMs: null });
    await waitForText(app, '✓ saved');
  });

  it('escape sequences in session text never reach the screen', async () => {
    const app = renderApp({ session: sessionWith([{ type: 'incident/update', patch: { title: 'Evil\u001b]0;pwned\u0007 title\u001b[2J' } }]) });
    await ready(app);
    const rawFrame = app.lastFrame() ?? '';
    expect(rawFrame).not.toContain('\u001b]0;');
    expect(rawFrame).not.toContain('\u001b[2J');
    expect(app.frame()).toContain('Evil title');
  });

  it('raw Backspace byte deletes in a text field (Ink 6 reports it as delete)', async () => {
    const app = renderApp({ session: running });
    await ready(app);
    await press(app, 'item.edit');
    await raw(app, '\u007f');
    await raw(app, '\u007f');
    await press(app, 'edit.submit');
    await waitForText(app, 'Checkout pool exhausti');
    expect(app.saves.at(-1)?.incident.title).toBe('Checkout pool exhausti');
  });
});

describe('move on', () => {
  it('M parks the open thread with a note and advances to the next step', async () => {
    const app = renderApp({ session: running });
    await ready(app);
    await press(app, 'meeting.moveOn');
    await waitForText(app, 'Move on: park the open thread');
    await type(app, 'attendee list');
    await press(app, 'edit.submit');
    await waitForText(app, 'Step 2/8 · Timeline');
    const s = app.saves.at(-1)!;
    expect(s.meeting.parkingLot.map((n) => [n.text, n.step])).toEqual([['attendee list', 'intake']]);
    expect(s.meeting.step).toBe('timeline');
  });
});

describe('errors', () => {
  it('a step that throws while drawing is contained; the console keeps working', async () => {
    const { STEP_MODULES } = await import('../../src/ui/steps/index.js');
    const { defineStep } = await import('../../src/ui/steps/types.js');
    const broken = defineStep<null>({
      id: 'timeline',
      initialState: () => null,
      View: () => {
        throw new Error('boom in view');
      },
      handleKey: () => false,
      keys: () => [],
    });
    const orig = console.error;
    console.error = () => {};
    try {
      const app = renderApp({ session: running, steps: { ...STEP_MODULES, timeline: broken } });
      await ready(app);
      await press(app, 'step.next');
      await waitForText(app, 'This step could not be drawn: boom in view');
      await press(app, 'step.next');
      await waitForText(app, 'Step 3/8 · 5 Whys');
    } finally {
      console.error = orig;
    }
  });

  it('a step that throws while handling a key reports it on the status line', async () => {
    const { STEP_MODULES } = await import('../../src/ui/steps/index.js');
    const { defineStep } = await import('../../src/ui/steps/types.js');
    const { Text } = await import('ink');
    const throwing = defineStep<null>({
      id: 'intake',
      initialState: () => null,
      View: () => <Text>fine</Text>,
      handleKey: (input) => {
        if (input === 'z') throw new Error('bad key');
        return false;
      },
      keys: () => [],
    });
    const app = renderApp({ session: running, steps: { ...STEP_MODULES, intake: throwing } });
    await ready(app);
    await type(app, 'z');
    await waitForText(app, 'Something went wrong: bad key');
  });
});

describe('agenda', () => {
  it('T shows time used against planned per step; + and - change the timebox', async () => {
    const app = renderApp({ session: running, now: () => T0 + 6 * 60_000 });
    await ready(app);
    await press(app, 'meeting.agenda');
    let f = await waitForText(app, 'Agenda · time used / planned');
    expect(f).toMatch(/› ● Intake\s+6:00 \/\s+5m\s+over/);
    expect(f).toMatch(/Total\s+6:00 \/\s+75m/);
    await press(app, 'agenda.more');
    await press(app, 'agenda.more');
    f = await waitForFrame(app, (x) => /Intake\s+6:00 \/\s+7m/.test(x), 'timebox 7m');
    expect(f).not.toMatch(/Intake.*over/);
    await press(app, 'agenda.down');
    await press(app, 'agenda.less');
    await waitForFrame(app, (x) => /Timeline\s+0:00 \/\s+14m/.test(x), 'timeline 14m');
    expect(app.saves.at(-1)?.meeting.timeboxes).toMatchObject({ intake: 7, timeline: 14 });
    await press(app, 'overlay.close');
    f = await waitForFrame(app, (x) => !x.includes('Agenda ·'), 'closed');
    expect(f).toContain('6:00 / 7m');
  });
});

describe('voices', () => {
  it('V marks who has spoken on this step and names whom to invite', async () => {
    const s = sessionWith([
      { type: 'meeting/addAttendee', attendee: { name: 'Ana', role: 'facilitator' } },
      { type: 'meeting/addAttendee', attendee: { name: 'Bo', role: 'responder' } },
      { type: 'meeting/addAttendee', attendee: { name: 'Cy', role: 'observer' } },
      { type: 'meeting/goto', step: 'comms', at: iso(T0) },
    ]);
    const app = renderApp({ session: s });
    await ready(app);
    await press(app, 'meeting.voices');
    let f = await waitForText(app, 'Voices on Comms');
    expect(f).toContain('Not heard yet: Ana, Bo.');
    await press(app, 'voices.toggle');
    f = await waitForText(app, '[x] Ana');
    expect(f).toContain('Not heard yet: Bo.');
    expect(app.saves.at(-1)?.meeting.spoken.comms).toEqual(['Ana']);
    await press(app, 'overlay.close');
    // the header invites the ones not heard yet (observers are not expected to speak), not while presenting
    f = await waitForText(app, 'not heard yet: Bo');
    expect(f).not.toContain('not heard yet: Bo, Cy');
    await press(app, 'app.presenter');
    await waitForFrame(app, (x) => x.includes('PRESENTING') && !x.includes('not heard yet'), 'hidden while presenting');
    await press(app, 'app.presenter');
    await press(app, 'step.next');
    await waitForText(app, 'Not heard on Comms: Bo.');
  });

  it('V without attendees points to Intake', async () => {
    const app = renderApp({ session: running });
    await ready(app);
    expect(app.frame()).not.toContain('Voices on');
    await press(app, 'meeting.voices');
    await waitForText(app, 'No attendees yet');
  });
});

describe('presenter mode', () => {
  it('P toggles presenter mode: shown in the header and passed to the steps', async () => {
    const { STEP_MODULES } = await import('../../src/ui/steps/index.js');
    const { defineStep } = await import('../../src/ui/steps/types.js');
    const { Text } = await import('ink');
    const probe = defineStep<null>({
      id: 'intake',
      initialState: () => null,
      View: ({ ctx }) => <Text>{ctx.presenter ? 'private panel hidden' : 'private panel shown'}</Text>,
      handleKey: () => false,
      keys: () => [],
    });
    const app = renderApp({ session: running, steps: { ...STEP_MODULES, intake: probe } });
    await ready(app);
    expect(app.frame()).toContain('private panel shown');
    await press(app, 'app.presenter');
    const f = await waitForText(app, 'PRESENTING');
    expect(f).toContain('private panel hidden');
    await press(app, 'app.presenter');
    await waitForFrame(app, (x) => !x.includes('PRESENTING') && x.includes('private panel shown'), 'off again');
    expect(app.saves).toHaveLength(0); // UI state only
  });
});

describe('coalesced keys', () => {
  it('two Tabs read in one chunk move two steps; three Backspaces delete three characters', async () => {
    const app = renderApp({ session: running });
    await ready(app);
    await raw(app, '\t\t');
    await waitForText(app, 'Step 3/8');
    await raw(app, '1');
    await waitForText(app, 'Step 1/8');
    await press(app, 'item.edit');
    await raw(app, '\u007f\u007f\u007f');
    await press(app, 'edit.submit');
    await waitForText(app, 'Checkout pool exhaust');
    expect(app.saves.at(-1)?.incident.title).toBe('Checkout pool exhaust');
  });
});

describe('past incidents', () => {
  it('I lists earlier incidents like this one with their still-open action items', async () => {
    const asked: string[] = [];
    const app = renderApp({
      session: running,
      similarIncidents: async (s) => {
        asked.push(s.id);
        return [
          {
            id: 'old-1',
            title: 'Checkout 5xx in March',
            severity: 'SEV2',
            updatedAt: '2026-03-12T10:00:00.000Z',
            path: '/x/old-1.json',
            score: 3,
            sharedServices: ['checkout-api'],
            similarFactors: [{ mine: 'pool too small', theirs: 'DB pool sized for last year' }],
            openActions: [{ id: 'a1', title: 'Alert on pool saturation', ownerRole: 'SRE', owner: null, due: '2026-04-01' }],
          },
        ];
      },
    });
    await ready(app);
    await press(app, 'meeting.past');
    const f = await waitForText(app, 'Still open: Alert on pool saturation — SRE, due 2026-04-01');
    expect(f).toContain('Past incidents like this one');
    expect(f).toContain('› Checkout 5xx in March');
    expect(f).toContain('1 open action');
    expect(f).toContain('Shared services: checkout-api');
    expect(f).toContain('Similar factor: DB pool sized for last year');
    // looked up once when the console opens (the notice) and again for the overlay
    expect(asked).toEqual(['test', 'test']);
    await press(app, 'overlay.close');
    await waitForFrame(app, (x) => !x.includes('Past incidents like'), 'closed');
  });

  it('without a search it says where to look', async () => {
    const app = renderApp({ session: running });
    await ready(app);
    await press(app, 'meeting.past');
    await waitForText(app, 'debrief search');
  });
});

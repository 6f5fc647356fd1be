// Console core fixes: Ctrl+C commits the field being edited before it saves and exits (or says what
// it could not keep); a read-only console never claims a change; the `?` overlay lists every key that
// works (navigation included); the exit line of a read-only session does not say "Saved".
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import type { CliIO } from '../../src/cli/command.js';
import { openStore } from '../../src/store/index.js';
import { journalPath } from '../../src/store/journal.js';
import type { Dispatchable } from '../../src/domain/actions.js';
import type { Session } from '../../src/domain/schema.js';
import { exitLines, openConsole } from '../../src/cli/console.js';
import { keyEventOf, type ExitResult } from '../../src/ui/App.js';
import { helpLines } from '../../src/ui/widgets/HelpOverlay.js';
import { backspace, iso, paste, press, ready, renderApp, sessionWith, strip, T0, waitForFrame, waitForText, type Harness } from './helpers.js';
import { commandBytes } from '../../src/ui/keys.js';
import { FakeStdin, FakeStdout, until } from './fake-tty.js';
import { checkoutSession } from './timeline-fixture.js';

afterEach(() => cleanup());

const running = sessionWith([
  { type: 'incident/update', patch: { title: 'Checkout pool exhaustion', severity: 'SEV1' } },
  { type: 'meeting/resume', at: iso(T0) },
]);
const at = iso(T0);
const on = (step: Session['meeting']['step'], s: Session = checkoutSession()): Session => ({ ...s, meeting: { ...s.meeting, step } });
const last = (app: Harness): ExitResult => app.exits.at(-1)!;

describe('Ctrl+C keeps the text being typed', () => {
  it('Intake summary: the typed text is committed, saved and in the exit session', async () => {
    const app = renderApp({ session: running });
    await ready(app);
    for (let i = 0; i < 3; i++) await press(app, 'nav.down'); // Title → Severity → Services → Summary
    await press(app, 'item.edit');
    await paste(app, 'The pool ran dry under promo load');
    await waitForText(app, 'The pool ran dry under promo load');
    await press(app, 'app.saveExit');
    expect(app.exits).toHaveLength(1);
    expect(last(app).session.incident.summary).toBe('The pool ran dry under promo load');
    expect(app.saves.at(-1)!.incident.summary).toBe('The pool ran dry under promo load');
    expect(app.saves.at(-1)).toBe(last(app).session);
    expect(last(app).unsaved).toBeUndefined();
  });

  it('Intake: an invalid value stays uncommitted and the exit says so', async () => {
    const app = renderApp({ session: running });
    await ready(app);
    await press(app, 'item.edit'); // Title
    await backspace(app, 40);
    await press(app, 'app.saveExit');
    expect(app.exits).toHaveLength(1);
    expect(last(app).session.incident.title).toBe('Checkout pool exhaustion');
    expect(last(app).unsaved).toMatch(/not saved/);
  });

  it('5 Whys: a node edit is saved on Ctrl+C', async () => {
    const app = renderApp({ session: on('whys') });
    await ready(app);
    await waitForText(app, '5 Whys ·');
    await press(app, 'item.edit'); // the root, answer field
    await paste(app, 'A promo doubled the traffic');
    await waitForText(app, 'A promo doubled the traffic');
    await press(app, 'app.saveExit');
    expect(app.exits).toHaveLength(1);
    const s = last(app).session;
    expect(s.whys.nodes[s.whys.rootId!]!.answer).toBe('A promo doubled the traffic');
    expect(app.saves.at(-1)).toBe(s);
  });

  it('a parking-lot note being typed is parked on Ctrl+C', async () => {
    const app = renderApp({ session: running });
    await ready(app);
    await press(app, 'meeting.park');
    await waitForText(app, 'Parking lot: an off-topic point');
    await paste(app, 'Ask the vendor about the SLA');
    await waitForText(app, 'Ask the vendor about the SLA');
    await press(app, 'app.saveExit');
    expect(app.exits).toHaveLength(1);
    expect(last(app).session.meeting.parkingLot.map((n) => n.text)).toEqual(['Ask the vendor about the SLA']);
    expect(app.saves.at(-1)).toBe(last(app).session);
  });

  it('"move on" with a note typed: Ctrl+C parks the note but does not move the meeting on', async () => {
    const app = renderApp({ session: running });
    await ready(app);
    await press(app, 'meeting.moveOn');
    await waitForText(app, 'Move on: park the open thread');
    await paste(app, 'Retry budget, later');
    await waitForText(app, 'Retry budget, later');
    await press(app, 'app.saveExit');
    expect(app.exits).toHaveLength(1);
    const s = last(app).session;
    expect(s.meeting.parkingLot.map((n) => n.text)).toEqual(['Retry budget, later']);
    expect(s.meeting.step).toBe('intake');
    expect(last(app).unsaved).toBeUndefined();
  });

  it('Comms: an edited draft is saved with its own save key', async () => {
    const app = renderApp({ session: on('comms') });
    await ready(app);
    await press(app, 'item.edit');
    await waitForText(app, 'editing: Ctrl+S saves');
    await press(app, 'nav.end');
    await paste(app, ' Sorry.');
    await press(app, 'app.saveExit');
    expect(app.exits).toHaveLength(1);
    const edits = Object.values(last(app).session.comms.edits);
    expect(edits.some((t) => t?.endsWith(' Sorry.'))).toBe(true);
  });

  it('Actions: a new item not yet saved by its Save row is named on exit, not pretended', async () => {
    const withFactor = sessionWith([
      { type: 'meeting/resume', at },
      { type: 'factors/add', factor: { id: 'f1', text: 'No alert on pool use', type: 'systemic', category: null, whyNodes: [], evidence: [] } },
      { type: 'meeting/goto', step: 'actions', at },
    ] as Dispatchable[]);
    const app = renderApp({ session: withFactor });
    await ready(app);
    await press(app, 'item.add');
    await paste(app, 'Alert when pool use > 80%');
    await waitForText(app, 'Alert when pool use > 80%');
    await press(app, 'app.saveExit');
    expect(app.exits).toHaveLength(1);
    expect(last(app).session.actions).toEqual([]);
    expect(last(app).unsaved).toMatch(/Actions.*not saved/);
  });
});

describe('a read-only console', () => {
  const attendees = sessionWith([{ type: 'meeting/addAttendee', attendee: { name: 'Ana', role: 'facilitator' }, at }]);

  it('a refused change keeps the refusal on the status line (no "Removed … (u to undo)")', async () => {
    const app = renderApp({ session: attendees, readOnly: true, readOnlyReason: 'open in process 7' });
    await ready(app);
    await press(app, 'item.add'); // → attendees section, adding
    await press(app, 'edit.cancel');
    await press(app, 'item.delete');
    const f = await waitForText(app, 'Read-only: open in process 7; nothing is changed.');
    expect(f).not.toContain('Removed Ana');
    expect(f).toContain('Ana');
    expect(app.saves).toHaveLength(0);
  });

  it('the status line works again on the next key', async () => {
    const app = renderApp({ session: attendees, readOnly: true });
    await ready(app);
    await press(app, 'item.add');
    await press(app, 'edit.cancel');
    await press(app, 'item.delete');
    await waitForText(app, 'Read-only; nothing is changed.');
    await press(app, 'app.undo');
    await waitForText(app, 'Nothing to undo.');
  });

  it('Ctrl+C does not say "Saved": the exit line says nothing was changed', async () => {
    const app = renderApp({ session: attendees, readOnly: true });
    await ready(app);
    await press(app, 'app.saveExit');
    expect(app.exits).toHaveLength(1);
    expect(app.saves).toHaveLength(0);
    const lines = exitLines('inc-7', { readOnly: true, timeSummary: '' });
    expect(lines.join('\n')).not.toMatch(/Saved/);
    expect(lines).toContain('Closed inc-7 (read-only: nothing was changed).');
    expect(exitLines('inc-7', { readOnly: false, timeSummary: 'Intake 0:42/5m' })).toEqual([
      'Time per step (used/planned, ! over): Intake 0:42/5m',
      'Saved inc-7. Resume with: debrief resume inc-7',
    ]);
    expect(exitLines('inc-7', { readOnly: false, timeSummary: '', unsaved: 'the open Actions draft was not saved' })).toEqual([
      'Saved inc-7 (but the open Actions draft was not saved). Resume with: debrief resume inc-7',
    ]);
  });
});

describe('the ? overlay lists every key that works', () => {
  const helpRows = async (app: Harness) => {
    await press(app, 'app.help');
    return waitForText(app, 'Keys that work here');
  };
  const row = (f: string, keys: string, text: string) => new RegExp(`│\\s+${keys.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\s+${text}`).test(f);

  const UP_DOWN = [
    ['↑', 'Move the cursor up'],
    ['↓', 'Move the cursor down'],
  ] as const;
  const LEFT_RIGHT = [
    ['←', 'Move left'],
    ['→', 'Move right'],
  ] as const;
  const PAGES = [
    ['PgUp', 'Scroll one page up'],
    ['PgDn', 'Scroll one page down'],
  ] as const;
  const ENDS = [
    ['Home', 'Go to the first item'],
    ['End', 'Go to the last item'],
  ] as const;
  it.each([
    ['timeline', 'Timeline: ↑ ↓ PgUp PgDn Home End', [...UP_DOWN, ...PAGES, ...ENDS]],
    ['whys', '5 Whys: ↑ ↓ ← → PgUp PgDn', [...UP_DOWN, ...LEFT_RIGHT, ...PAGES]],
  ] as const)('%s', async (step, _title, keys) => {
    const app = renderApp({ session: on(step), size: { columns: 100, rows: 80 } });
    await ready(app);
    const f = await helpRows(app);
    for (const [k, t] of keys) expect(row(f, k, t), `${k} in\n${f}`).toBe(true);
  });

  it('Review: ↑ ↓ ← →, and no PgUp/PgDn/Home/End (they do nothing there)', async () => {
    const app = renderApp({ session: on('review'), size: { columns: 100, rows: 80 } });
    await ready(app);
    const f = await helpRows(app);
    for (const [k, t] of [
      ['↑', 'Move the cursor up'],
      ['↓', 'Move the cursor down'],
      ['←', 'Move left'],
      ['→', 'Move right'],
    ] as const)
      expect(row(f, k, t), `${k} in\n${f}`).toBe(true);
    for (const t of ['Scroll one page', 'Go to the first item', 'Go to the last item']) expect(f).not.toContain(t);
  });

  it('the overlay shows its own ↓ too, and every key of a command', () => {
    const text = helpLines(['overlay.up', 'overlay.close', 'app.undo']).map((l) => l.text).join('\n');
    expect(text).toMatch(/↓\s+Scroll the overlay down/);
    expect(text).toMatch(/Esc \/ \?\s+Close this overlay/);
    expect(text).toMatch(/u \/ Ctrl\+Z\s+Undo/);
  });

  it('the overlays\' key bars name the ↑↓ pair once: "↑↓ scroll", "↑↓ step"', async () => {
    const app = renderApp({ session: running });
    await ready(app);
    await press(app, 'app.help');
    let f = await waitForText(app, 'Keys that work here');
    expect(f).toContain('↑↓ scroll');
    expect(f).not.toContain('↑ ↑↓');
    await press(app, 'overlay.close');
    await press(app, 'meeting.agenda');
    f = await waitForText(app, '↑↓ step');
    expect(f).not.toContain('↑ ↑↓');
  });

  it('probing does not change anything: the step keeps its cursor after ? closes', async () => {
    const app = renderApp({ session: on('timeline'), size: { columns: 100, rows: 40 } });
    await ready(app);
    const before = app.frame();
    await helpRows(app);
    await press(app, 'overlay.close');
    await waitForFrame(app, (f) => !f.includes('Keys that work here'), 'help closed');
    expect(app.frame()).toBe(before);
    expect(app.saves).toHaveLength(0);
  });
});

describe('keyEventOf', () => {
  it('gives the event Ink reports for a key spec', () => {
    expect(keyEventOf('enter')).toMatchObject({ input: '', key: { return: true } });
    expect(keyEventOf('ctrl+s')).toMatchObject({ input: 's', key: { ctrl: true } });
    expect(keyEventOf('pagedown')).toMatchObject({ input: '', key: { pageDown: true } });
    expect(keyEventOf('x')).toMatchObject({ input: 'x', key: { ctrl: false } });
  });
});

describe('the line printed when the console closes (openConsole)', () => {
  const run = async (readOnly: boolean, keys: string[]) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'debrief-exit-line-'));
    try {
      const store = openStore(dir, { cwd: path.dirname(dir), releaseOnExit: false });
      const session = sessionWith([{ type: 'incident/update', patch: { title: 'Exit line test' } }, { type: 'meeting/resume', at }], { id: 'exit-1', now: at });
      await store.create(session);
      const stdout = new FakeStdout();
      const stdin = new FakeStdin();
      const io = { stdout, stderr: { write: () => true }, stdin, env: { NO_COLOR: '1' }, cwd: dir } as unknown as CliIO;
      const done = openConsole(store, session, { io, readOnly, patchConsole: false });
      await until(() => strip(stdout.out).includes('Exit line test'), 'first frame');
      await new Promise((r) => setImmediate(r));
      for (const k of keys) {
        stdin.send(k);
        await new Promise((r) => setImmediate(() => setTimeout(r, 0)));
      }
      const jfile = journalPath(dir, 'exit-1');
      const journalDuring = existsSync(jfile) ? readFileSync(jfile, 'utf8') : null;
      stdin.send('\u0003');
      const code = await done;
      const loaded = await store.load('exit-1', { readOnly: true });
      return { code, out: strip(stdout.out), session: loaded.ok ? loaded.session : null, journalDuring, journalAfter: existsSync(jfile) };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  it('each action is journaled before the next key; a clean exit removes the journal', async () => {
    const r = await run(false, [commandBytes('meeting.park'), 'Check the pool size', '\r']);
    expect(r.journalDuring).toContain('Check the pool size');
    expect(r.journalAfter).toBe(false);
    expect(r.session?.meeting.parkingLot.map((n) => n.text)).toEqual(['Check the pool size']);
  });

  it('read-only: "Closed … nothing was changed", never "Saved"', async () => {
    const r = await run(true, []);
    expect(r.journalDuring).toBeNull();
    expect(r.code).toBe(0);
    expect(r.out).toContain('Closed exit-1 (read-only: nothing was changed).');
    expect(r.out).not.toContain('Saved exit-1');
  });

  it('a summary being typed when Ctrl+C comes is in the file, and the line says Saved', async () => {
    const down = commandBytes('nav.down');
    const r = await run(false, [down, down, down, commandBytes('item.edit'), 'Pool ran dry']);
    expect(r.out).toContain('Saved exit-1. Resume with: debrief resume exit-1');
    expect(r.session?.incident.summary).toBe('Pool ran dry');
  });
});

// Console finishing touches: multi-line pastes, save warnings, the Impact step's left-out moments,
// checked comms edits, the opening screen at 80x24, the consent key in the help overlay.
import { afterEach, describe, expect, it } from 'vitest';
import { createOfflineAssistant, hasConsent } from '../../src/assistant/index.js';
import type { Assistant } from '../../src/assistant/types.js';
import type { Dispatchable } from '../../src/domain/actions.js';
import type { Session } from '../../src/domain/schema.js';
import type { SaveStatus, SimilarIncident } from '../../src/store/types.js';
import { pastIncidentsNotice, saveText, splitChunk, type AssistantSelection } from '../../src/ui/App.js';
import { findingsText } from '../../src/ui/steps/comms/index.js';
import { proposedMoments } from '../../src/ui/steps/impact/index.js';
import { iso, paste, press, ready, renderApp, sessionWith, T0, waitForFrame, waitForText, type Harness } from './helpers.js';

let app: Harness | undefined;
afterEach(() => {
  app?.unmount();
  app = undefined;
});

const at = '2026-11-20T10:00:00.000Z';
const moments: Dispatchable[] = [
  { type: 'timeline/moment', key: 'impactStart', eventId: null, time: '2026-11-20T09:00:00.000Z' },
  { type: 'timeline/moment', key: 'detected', eventId: null, time: '2026-11-20T09:12:00.000Z' },
  { type: 'timeline/moment', key: 'mitigated', eventId: null, time: '2026-11-20T09:40:00.000Z' },
];

describe('multi-line paste into a one-line field', () => {
  it('splitChunk: newlines become spaces; a trailing newline submits; a short tail after \\r stays keys', () => {
    const parts = (s: string, multiline = false) => splitChunk(s, true, multiline).map((p) => (p.key.return ? '⏎' : p.input));
    expect(parts('Vendor SLA\nand the pager\n')).toEqual(['Vendor SLA and the pager', '⏎']);
    expect(parts('first line\r\nsecond line')).toEqual(['first line second line']);
    expect(parts('one\r\n')).toEqual(['one', '⏎']);
    expect(parts('Vendor SLA\rD')).toEqual(['Vendor SLA', '⏎', 'D']);
    expect(parts('\rt')).toEqual(['⏎', 't']);
    // a multi-line editor keeps each newline as an Enter press
    expect(parts('line one\nline two', true)).toEqual(['line one', '⏎', 'line two']);
  });

  it('a pasted two-line note is one parking-lot entry; none of its letters become commands', async () => {
    app = renderApp();
    await ready(app);
    await paste(app, 'p');
    await waitForText(app, 'Parking lot: an off-topic point');
    await paste(app, 'Vendor SLA review\nand the pager rota\n');
    await waitForFrame(app, (f) => !f.includes('Parking lot: an off-topic point'), 'the note overlay closed');
    const s = app.saves.at(-1)!;
    expect(s.meeting.parkingLot.map((n) => n.text)).toEqual(['Vendor SLA review and the pager rota']);
    expect(s.meeting.decisions).toEqual([]);
    expect(s.meeting.step).toBe('intake');
    expect(app.saves).toHaveLength(1);
  });

  it('a paste without a trailing newline stays in the field, on one line, until Enter', async () => {
    app = renderApp();
    await ready(app);
    await paste(app, 'D');
    await waitForText(app, 'Decision: what the room decided');
    await paste(app, 'Keep the canary\nat 5 percent');
    await waitForText(app, 'Keep the canary at 5 percent');
    expect(app.saves).toHaveLength(0);
    await paste(app, '\r');
    await waitForFrame(app, () => app!.saves.length === 1, 'saved');
    expect(app.saves[0]!.meeting.decisions.map((d) => d.text)).toEqual(['Keep the canary at 5 percent']);
  });

  it('the comms editor keeps the newlines of a paste', async () => {
    app = renderApp({ session: sessionWith([{ type: 'incident/update', patch: { title: 'Checkout errors', services: ['checkout'] } }, ...moments, { type: 'meeting/goto', step: 'comms', at }]) });
    await ready(app);
    await press(app, 'item.edit');
    await waitForText(app, 'editing: Ctrl+S saves');
    await press(app, 'nav.end');
    await paste(app, '\nWe are sorry.\nMore at 11:00.');
    await press(app, 'comms.save');
    await waitForText(app, '(edited)');
    const text = Object.values(app.saves.at(-1)!.comms.edits)[0]!;
    expect(text).toMatch(/\nWe are sorry\.\nMore at 11:00\.$/);
  });
});

describe('status line', () => {
  const st = (over: Partial<SaveStatus>): SaveStatus => ({ state: 'saved', message: '', savedAt: T0, warning: null, code: null, retryInMs: null, ...over });

  it('keeps a save warning visible while the next save runs and next to an error', () => {
    const warning = 'the session file was deleted while open; it was written again';
    expect(saveText(st({ warning }))).toBe(`⚠ ${warning}`);
    expect(saveText(st({ state: 'saving', warning }))).toBe(`saving… · ⚠ ${warning}`);
    expect(saveText(st({ state: 'refused', message: 'disk full', warning }))).toBe(`✗ disk full · ⚠ ${warning}`);
    expect(saveText(st({ state: 'saving' }))).toBe('saving…');
    expect(saveText(st({}))).toBe('✓ saved');
  });

  it('shows the warning the saver reports, and the read-only reason from the first frame', async () => {
    let push: ((s: SaveStatus) => void) | undefined;
    app = renderApp({ saveStatus: (cb) => ((push = cb), () => undefined) });
    await ready(app);
    push!(st({ state: 'pending', warning: 'clock went back 2h' }));
    await waitForText(app, 'saving… · ⚠ clock went back 2h');
    app.unmount();
    app = renderApp({ readOnly: true, readOnlyReason: 'read-only: held by pid 4242 on build-7' });
    await ready(app);
    expect(app.frame()).toContain('read-only: held by pid 4242 on build-7');
    await paste(app, 'p');
    await waitForText(app, 'Read-only: held by pid 4242');
    expect(app.frame()).toContain('read-only: held by pid 4242 on build-7');
  });
});

describe('Impact step: proposed moments', () => {
  it('says which proposed (unconfirmed) moments the figures leave out, and counts them out', async () => {
    const base = sessionWith([...moments, { type: 'meeting/goto', step: 'impact', at }]);
    const proposed: Session = {
      ...base,
      timeline: {
        ...base.timeline,
        moments: { ...base.timeline.moments, detected: { at: '2026-11-20T09:12:00.000Z', eventId: null, evidence: 'PagerDuty trigger', confirmed: false } },
      },
    };
    expect(proposedMoments(base)).toEqual([]);
    expect(proposedMoments(proposed)).toEqual(['detected']);
    app = renderApp({ session: base, size: { columns: 120, rows: 40 } });
    await ready(app);
    expect(app.frame()).toMatch(/Time to detect\s+12 min/);
    expect(app.frame()).not.toContain('left out');
    app.unmount();
    app = renderApp({ session: proposed, size: { columns: 120, rows: 40 } });
    await ready(app);
    const f = await waitForText(app, 'left out until confirmed');
    expect(f).toContain('proposed detected');
    expect(f).not.toMatch(/Time to detect\s+12 min/);
    // narrow terminal: the note replaces the pane hint
    app.unmount();
    app = renderApp({ session: proposed, size: { columns: 80, rows: 24 } });
    await ready(app);
    expect(await waitForText(app, 'left out until confirmed')).toContain('proposed detected');
  });
});

describe('Comms step: checked edits', () => {
  it('an edited draft with speculation and a figure not in the facts is flagged; the generated one is not', async () => {
    app = renderApp({ session: sessionWith([{ type: 'incident/update', patch: { title: 'Checkout errors', services: ['checkout'] } }, ...moments, { type: 'meeting/goto', step: 'comms', at }]) });
    await ready(app);
    expect(app.frame()).not.toContain('check before sending');
    await press(app, 'item.edit');
    await waitForText(app, 'editing: Ctrl+S saves');
    await press(app, 'nav.end');
    await press(app, 'comms.newline');
    await paste(app, 'It was probably the 4711 retries.');
    await press(app, 'comms.save');
    const f = await waitForText(app, 'check before sending');
    expect(f).toContain('speculation "probably"');
    expect(f).toContain('"4711" is not in the facts');
    expect(f).toContain('2 things to check before sending');
    // revert: the generated draft has no findings
    await press(app, 'comms.revert');
    await waitForFrame(app, (x) => !x.includes('⚠ check before sending'), 'findings gone');
  });

  it('findingsText strips escapes from spans', () => {
    expect(findingsText([{ rule: 'leak', span: 'db-\u001b[31mprod', message: '' }])).not.toContain('\u001b');
  });
});

describe('opening screen at 80x24', () => {
  it('shows every rule, all eight steps with timeboxes, attendees and how to begin, within the terminal', async () => {
    const people = ['Ana Lopez', 'Ben Okafor', 'Chen Wei', 'Dana Fox', 'Eli Stone', 'Farah Aziz', 'Gus Moreau', 'Hana Ito', 'Ivan Petrov', 'Jo Kim'];
    const session = sessionWith(people.map((name, i) => ({ type: 'meeting/addAttendee', attendee: { name, role: i === 0 ? 'facilitator' : 'responder' }, at: iso(T0) }) as Dispatchable));
    app = renderApp({ session, opening: true, size: { columns: 80, rows: 24 } });
    await ready(app);
    const f = await waitForText(app, 'before we start');
    expect(f.split('\n').length).toBeLessThanOrEqual(23);
    for (const rule of ['blameless', 'not "who"', "Everyone's view counts", 'not a verdict']) expect(f).toContain(rule);
    for (const st of ['Intake', 'Timeline', '5 Whys', 'Factors', 'Actions', 'Impact', 'Comms', 'Review']) expect(f).toContain(st);
    expect(f).toMatch(/8\. Review\s+\d+ min/);
    expect(f).toContain('Ana Lopez (facilitator)');
    expect(f).toMatch(/\+\d+ more/);
    expect(f).toContain('Enter or Esc to begin');
  });
});

describe('AI consent in the help overlay', () => {
  it('? on the 5 Whys lists the consent key when an assistant is wired', async () => {
    const claude: Assistant = { id: 'claude', async proposeQuestions() { return { provider: 'claude', proposals: [] }; } };
    const offline = createOfflineAssistant();
    const assistantFor = (s: Session): AssistantSelection => (hasConsent(s, 'claude') ? { assistant: claude, needsConsent: false } : { assistant: offline, needsConsent: true });
    app = renderApp({ assistantFor, session: sessionWith([{ type: 'meeting/goto', step: 'whys', at }]), size: { columns: 100, rows: 60 } });
    await ready(app);
    await press(app, 'app.help');
    const f = await waitForText(app, 'Grant or revoke consent');
    expect(f).toMatch(/│\s+C\s+Grant or revoke consent/);
  });
});

describe('past incidents raised on opening', () => {
  const past = (open: number): SimilarIncident => ({
    id: 'old-1',
    title: 'Checkout 5xx in March',
    severity: 'SEV2',
    updatedAt: '2026-03-12T10:00:00.000Z',
    path: '/x/old-1.json',
    score: 3,
    sharedServices: ['checkout-api'],
    similarFactors: [],
    openActions: Array.from({ length: open }, (_, i) => ({ id: `a${i}`, title: `Item ${i}`, ownerRole: 'SRE', owner: null, due: null })),
  });

  it('the status line names the repeat and its still-open action items, without a key press', async () => {
    expect(pastIncidentsNotice([])).toBe('');
    expect(pastIncidentsNotice([past(0)])).toBe('Seen before (I): "Checkout 5xx in March" shares checkout-api');
    app = renderApp({ similarIncidents: async () => [past(2), { ...past(1), id: 'old-2' }], size: { columns: 80, rows: 24 } });
    await ready(app);
    const f = await waitForText(app, 'Seen before (I): 3 actions still open from "Checkout 5xx in March" +1 more');
    expect(f).toContain('Step 1/8');
  });

  it('says nothing when no earlier incident is alike, or the search fails', async () => {
    let calls = 0;
    app = renderApp({ similarIncidents: async () => (calls++, []) });
    await ready(app);
    await waitForFrame(app, () => calls === 1, 'searched');
    await paste(app, 'P');
    await waitForText(app, 'Presenter mode on');
    expect(app.frame()).not.toContain('Seen before');
    app.unmount();
    app = renderApp({ similarIncidents: async () => Promise.reject(new Error('EACCES')) });
    await ready(app);
    await paste(app, 'P');
    await waitForText(app, 'Presenter mode on');
    expect(app.frame()).not.toContain('EACCES');
  });
});

// The opening screen: ground rules, agenda with timeboxes, attendees with roles; Enter/Esc closes, O reopens.
import { afterEach, describe, expect, it } from 'vitest';
import { STEP_LABELS, STEPS } from '../../src/domain/schema.js';
import { iso, paste, ready, renderApp, sessionWith, T0, waitForFrame, waitForText, type Harness } from './helpers.js';

let app: Harness | undefined;
afterEach(() => {
  app?.unmount();
  app = undefined;
});

describe('opening screen', () => {
  it('opens on a fresh meeting with rules, agenda and attendees; Enter dismisses, O shows it again', async () => {
    const session = sessionWith([{ type: 'meeting/addAttendee', attendee: { name: 'Ana Lopez', role: 'facilitator' }, at: iso(T0) }]);
    app = renderApp({ session, opening: true, size: { columns: 100, rows: 34 } });
    await ready(app);
    const f = await waitForText(app, 'before we start');
    expect(f).toContain('Ground rules');
    expect(f).toContain('blameless');
    expect(f).toContain('Ask "how" and "what", not "who"');
    expect(f).toContain('not a verdict');
    for (const st of STEPS) expect(f).toContain(STEP_LABELS[st]);
    expect(f).toMatch(new RegExp(`1\\. Intake\\s+${session.meeting.timeboxes.intake} min`));
    expect(f).toContain('Ana Lopez (facilitator)');
    await paste(app, '\r');
    await waitForFrame(app, (x) => !x.includes('before we start'), 'dismissed');
    await paste(app, 'O');
    await waitForText(app, 'before we start');
    await paste(app, '\u001b');
    await waitForFrame(app, (x) => !x.includes('before we start'), 'dismissed by Esc');
  });

  it('does not open unless the meeting starts fresh', async () => {
    app = renderApp();
    await ready(app);
    await waitForText(app, 'Intake');
    expect(app.frame()).not.toContain('before we start');
  });

  it('any other key begins the meeting and does what it does (p parks at once)', async () => {
    app = renderApp({ opening: true });
    await ready(app);
    await waitForText(app, 'before we start');
    await paste(app, 'p');
    const f = await waitForText(app, 'Parking lot: an off-topic point');
    expect(f).not.toContain('before we start');
    await paste(app, 'Vendor SLA\r');
    await waitForFrame(app, () => app!.saves.length === 1, 'parked');
    expect(app.saves[0]!.meeting.parkingLot.map((n) => n.text)).toEqual(['Vendor SLA']);
  });
});

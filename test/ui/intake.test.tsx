import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { backspace, press, ready, renderApp, sessionWith, type, waitForFrame, waitForText } from './helpers.js';

afterEach(() => cleanup());

describe('Intake step', () => {
  it('edits the title: Esc keeps the old value, Backspace deletes, Enter saves', async () => {
    const app = renderApp();
    await ready(app);
    expect(app.frame()).toContain('Step 1/8 · Intake');
    await press(app, 'item.edit');
    await type(app, 'zzz');
    await press(app, 'edit.cancel');
    expect(app.saves).toHaveLength(0);
    expect(app.frame()).toContain('Untitled incident');
    await press(app, 'item.edit');
    await backspace(app, 'Untitled incident'.length);
    await type(app, 'Checkout outage');
    await press(app, 'edit.submit');
    await waitForText(app, 'Checkout outage');
    expect(app.saves.at(-1)?.incident.title).toBe('Checkout outage');
  });

  it('while a field is edited, global keys are text (q types q, no quit dialog)', async () => {
    const app = renderApp();
    await ready(app);
    await press(app, 'item.edit');
    await type(app, ' q?u');
    expect(app.frame()).not.toContain('Quit debrief?');
    await press(app, 'edit.submit');
    expect(app.saves.at(-1)?.incident.title).toBe('Untitled incident q?u');
  });

  it('cycles severity with Space, rejects a bad time zone and keeps editing', async () => {
    const app = renderApp();
    await ready(app);
    await press(app, 'nav.down');
    await press(app, 'item.cycle');
    await waitForFrame(app, (f) => f.includes('SEV3'), 'SEV3 in the header');
    expect(app.saves.at(-1)?.incident.severity).toBe('SEV3');
    for (let i = 0; i < 4; i++) await press(app, 'nav.down');
    await press(app, 'item.edit');
    await backspace(app, 3);
    await type(app, 'Mars/Olympus');
    await press(app, 'edit.submit');
    await waitForText(app, 'is not an IANA time zone');
    expect(app.saves.at(-1)?.incident.timezone).toBe('UTC');
    await backspace(app, 'Mars/Olympus'.length);
    await type(app, 'Europe/Berlin');
    await press(app, 'edit.submit');
    await waitForFrame(app, (f) => !f.includes('IANA time zone (e.g.') && f.includes('Europe/Berlin'), 'zone saved');
    expect(app.saves.at(-1)?.incident.timezone).toBe('Europe/Berlin');
  });

  it('splits services on commas', async () => {
    const app = renderApp();
    await ready(app);
    await press(app, 'nav.down');
    await press(app, 'nav.down');
    await press(app, 'item.edit');
    await type(app, 'checkout, payments-db ,');
    await press(app, 'edit.submit');
    await waitForText(app, 'checkout, payments-db');
    expect(app.saves.at(-1)?.incident.services).toEqual(['checkout', 'payments-db']);
  });

  it('adds attendees, cycles their role and removes one', async () => {
    const app = renderApp();
    await ready(app);
    await press(app, 'item.add');
    await type(app, 'Ana');
    await press(app, 'edit.submit');
    await waitForFrame(app, (f) => /Ana\s+facilitator/.test(f), 'Ana as facilitator');
    await press(app, 'item.add');
    await type(app, 'Bo');
    await press(app, 'edit.submit');
    await waitForFrame(app, (f) => /Bo\s+responder/.test(f), 'Bo as responder');
    // cursor is on Bo now; Space cycles the role
    await press(app, 'item.cycle');
    await waitForFrame(app, (f) => /Bo\s+observer/.test(f), 'Bo as observer');
    expect(app.saves.at(-1)?.meeting.attendees).toEqual([
      { name: 'Ana', role: 'facilitator' },
      { name: 'Bo', role: 'observer' },
    ]);
    await press(app, 'item.delete');
    await waitForFrame(app, (f) => !/Bo\s+observer/.test(f) && f.includes('Attendees (1)'), 'Bo removed');
  });

  it('shows saved values of a loaded session', async () => {
    const app = renderApp({
      session: sessionWith([{ type: 'incident/update', patch: { title: 'Pool exhaustion', summary: 'DB pool ran dry', severity: 'SEV1' } }]),
    });
    await ready(app);
    const f = app.frame();
    expect(f).toContain('Pool exhaustion');
    expect(f).toContain('DB pool ran dry');
    expect(f).toContain('[SEV1]');
  });
});

describe('Intake step, document fields', () => {
  it('records the authors and cycles the document status', async () => {
    const app = renderApp();
    await ready(app);
    for (let i = 0; i < 6; i++) await press(app, 'nav.down');
    await press(app, 'item.edit');
    await type(app, 'Ana, Bo');
    await press(app, 'edit.submit');
    await waitForText(app, 'Ana, Bo');
    await press(app, 'nav.down');
    await press(app, 'item.cycle');
    await waitForFrame(app, (f) => /Document status\s+in review/.test(f), 'in review');
    expect(app.saves.at(-1)?.incident).toMatchObject({ authors: ['Ana', 'Bo'], status: 'in review' });
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import type { Dispatchable } from '../../src/domain/actions.js';
import { backspace, paste, press, ready, renderApp, sessionWith, waitForText } from './helpers.js';

afterEach(() => cleanup());

const at = '2026-11-20T10:00:00.000Z';
const withFactors: Dispatchable[] = [
  { type: 'factors/add', factor: { id: 'f1', text: 'Deploy raised traffic', type: 'trigger', category: null, whyNodes: [], evidence: [] } },
  { type: 'factors/add', factor: { id: 'f2', text: 'No alert on pool use', type: 'contributing', category: 'alerting', whyNodes: [], evidence: [] } },
  { type: 'factors/add', factor: { id: 'f3', text: 'Pool size not load-tested', type: 'systemic', category: 'testing', whyNodes: [], evidence: [] } },
  { type: 'meeting/goto', step: 'actions', at },
];

describe('Actions step', () => {
  it('flags uncovered contributing and systemic factors', async () => {
    const app = renderApp({ session: sessionWith(withFactors) });
    await ready(app);
    const f = app.frame();
    expect(f).toContain('No action items yet');
    expect(f).toContain('(0/2 covered)');
    expect(f).toMatch(/✗ No alert on pool use \(contributing\) UNCOVERED/);
    expect(f).toMatch(/✗ Pool size not load-tested \(systemic\) UNCOVERED/);
    expect(f).not.toContain('Deploy raised traffic (trigger)');
  });

  it('adds an item through the form: needs a factor, validates the date, then covers the factor', async () => {
    const app = renderApp({ session: sessionWith(withFactors) });
    await ready(app);
    await press(app, 'item.add');
    await waitForText(app, 'New action item');
    await paste(app, 'Alert when pool use > 80% for 5 min');
    await press(app, 'edit.nextField');
    await paste(app, 'alert fires in staging load test');
    await press(app, 'edit.nextField');
    await paste(app, 'SRE');
    await press(app, 'edit.nextField');
    await press(app, 'edit.nextField'); // owner left empty
    // the due date starts from the proposal: SEV2, short term → 45 days after 2026-11-20
    await waitForText(app, '2027-01-04');
    await backspace(app, 10);
    await paste(app, '2026-13-40');
    await press(app, 'edit.submit');
    await waitForText(app, 'is not a date YYYY-MM-DD');
    await press(app, 'edit.cancel');
    await press(app, 'edit.cancel');
    // Esc left the date field and then discarded the draft: nothing saved
    await waitForText(app, 'Discarded the unsaved item.');
    expect(app.saves.at(-1)?.actions ?? []).toHaveLength(0);

    await press(app, 'item.add');
    await paste(app, 'Alert on pool use');
    await press(app, 'edit.nextField');
    await paste(app, 'alert fires in load test');
    await press(app, 'edit.nextField');
    await paste(app, 'SRE');
    await press(app, 'edit.nextField');
    await press(app, 'edit.nextField');
    await backspace(app, 10);
    await paste(app, '2026-12-12');
    await press(app, 'edit.submit');
    await waitForText(app, '2026-12-12');
    // to the Save row without a factor: refused
    for (let i = 0; i < 5; i++) await press(app, 'nav.down');
    await press(app, 'item.edit');
    await waitForText(app, 'The item needs at least one factor it addresses.');
    // back up to "Addresses" and pick f2
    await press(app, 'nav.up');
    await press(app, 'item.edit');
    await waitForText(app, 'Factors this item addresses');
    await press(app, 'nav.down');
    await press(app, 'item.toggle');
    await waitForText(app, '[x] No alert on pool use');
    await press(app, 'edit.submit');
    await press(app, 'nav.down');
    await press(app, 'item.edit');
    const f = await waitForText(app, 'Action item added.');
    expect(f).toContain('(1/2 covered)');
    expect(f).toMatch(/✓ No alert on pool use \(contributing\) 1 item/);
    expect(app.saves.at(-1)?.actions).toEqual([
      {
        id: 'action-1',
        title: 'Alert on pool use',
        doneWhen: 'alert fires in load test',
        ownerRole: 'SRE',
        owner: null,
        due: '2026-12-12',
        horizon: 'short',
        priority: 'P2',
        factors: ['f2'],
        tracker: null,
        status: 'open',
      },
    ]);
  });

  it('marks an item done and deletes it', async () => {
    const s = sessionWith([
      ...withFactors,
      { type: 'actions/add', item: { id: 'a1', title: 'Load-test pool size', doneWhen: 'test in CI', ownerRole: 'platform', owner: 'Kim', due: '2026-12-01', horizon: 'short', priority: 'P1', factors: ['f3'], tracker: null, status: 'open' } },
    ]);
    const app = renderApp({ session: s });
    await ready(app);
    expect(app.frame()).toMatch(/› ○ P1 Load-test pool size\s+platform/);
    expect(app.frame()).toContain('done when: test in CI');
    expect(app.frame()).toContain('platform (Kim) · due 2026-12-01 · short term (this month) · addresses Pool size not load-tested');
    await press(app, 'actions.done');
    await waitForText(app, '✓ P1 Load-test pool size');
    expect(app.saves.at(-1)?.actions[0]?.status).toBe('done');
    await press(app, 'item.delete');
    await waitForText(app, 'No action items yet');
  });
});

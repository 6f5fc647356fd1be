// The wrap-up overlay from Review (W): the closing read-back, and E exports from it.
import { afterEach, describe, expect, it } from 'vitest';
import { wrapUpLines } from '../../src/ui/steps/review/index.js';
import { iso, paste, ready, renderApp, sessionWith, T0, waitForFrame, waitForText, type Harness } from './helpers.js';

let app: Harness | undefined;
afterEach(() => {
  app?.unmount();
  app = undefined;
});

const at = iso(T0);
const session = () =>
  sessionWith([
    { type: 'meeting/decide', id: 'decision-1', text: 'Freeze promo deploys until Friday', at },
    { type: 'meeting/park', id: 'park-1', text: 'Vendor SLA terms', at },
    { type: 'actions/add', item: { id: 'a1', title: 'Alert on pool use', doneWhen: 'fires in test', ownerRole: 'SRE', owner: 'Kim', due: '2026-12-01', horizon: 'short', priority: 'P1', factors: [], tracker: null, status: 'open' }, at },
    { type: 'actions/add', item: { id: 'a2', title: 'Write a runbook', doneWhen: 'merged', ownerRole: '', owner: null, due: null, horizon: 'short', priority: 'P2', factors: [], tracker: null, status: 'open' }, at },
    { type: 'meeting/goto', step: 'review', at },
  ]);

describe('wrap-up', () => {
  it('reads back decisions, parking lot, actions with owners and dates, score and time per step', () => {
    const lines = wrapUpLines(session(), T0 + 60_000);
    const text = lines.join('\n');
    expect(text).toContain('Decisions (1)\n  • Freeze promo deploys until Friday');
    expect(text).toContain('Parking lot (1)');
    expect(text).toContain('Alert on pool use — owner Kim (SRE), due 2026-12-01');
    expect(text).toContain('Write a runbook — owner NONE, due NO DATE');
    expect(text).toMatch(/Review score (\d+\.\d\/10|: not scored yet)/);
    expect(lines.filter((l) => / \/ \d+m/.test(l))).toHaveLength(8);
    expect(lines.at(-1)).toContain('E exports');
  });

  it('W opens it from Review; E exports and closes it', async () => {
    const exported: string[] = [];
    app = renderApp({ session: session(), size: { columns: 100, rows: 40 }, exportMarkdown: async (s) => (exported.push(s.id), '/tmp/x.md') });
    await ready(app);
    await waitForText(app, 'W wrap-up');
    await paste(app, 'W');
    const f = await waitForText(app, 'Wrap-up: read back');
    expect(f).toContain('Freeze promo deploys until Friday');
    expect(f).toContain('owner Kim (SRE), due 2026-12-01');
    await paste(app, 'E');
    await waitForText(app, 'Exported the post-mortem to /tmp/x.md');
    expect(exported).toEqual(['test']);
    await waitForFrame(app, (x) => !x.includes('Wrap-up: read back'), 'closed');
  });
});

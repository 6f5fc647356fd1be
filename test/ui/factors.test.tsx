import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import type { Dispatchable } from '../../src/domain/actions.js';
import { paste, press, ready, renderApp, sessionWith, waitForFrame, waitForText } from './helpers.js';

afterEach(() => cleanup());

const at = '2026-11-20T10:00:00.000Z';
const onFactors: Dispatchable[] = [{ type: 'meeting/goto', step: 'factors', at }];

describe('Factors step', () => {
  it('starts empty with a warning, adds a factor, and warns about a single cause and no systemic one', async () => {
    const app = renderApp({ session: sessionWith(onFactors) });
    await ready(app);
    expect(app.frame()).toContain('No factors yet');
    await press(app, 'item.add');
    await paste(app, 'Pool size hard-coded at 10');
    await press(app, 'edit.submit');
    const f = await waitForText(app, 'Contributing · made it possible (1)');
    expect(f).toContain('Only one causal factor');
    expect(f).toContain('No systemic factor');
    expect(app.saves.at(-1)?.factors).toEqual([
      { id: 'factor-1', text: 'Pool size hard-coded at 10', type: 'contributing', category: null, whyNodes: [], evidence: [] },
    ]);
  });

  it('cycles type and category, groups by type, edits and deletes (undoable)', async () => {
    const s = sessionWith([
      ...onFactors,
      { type: 'factors/add', factor: { id: 'f1', text: 'Deploy raised traffic', type: 'trigger', category: null, whyNodes: [], evidence: [] } },
      { type: 'factors/add', factor: { id: 'f2', text: 'No pool alert', type: 'contributing', category: null, whyNodes: [], evidence: [] } },
    ]);
    const app = renderApp({ session: s });
    await ready(app);
    await press(app, 'nav.down'); // f2
    await press(app, 'factors.type'); // contributing → systemic
    let f = await waitForText(app, 'Systemic · the condition beneath (1)');
    expect(f).not.toContain('No systemic factor');
    await press(app, 'factors.category');
    f = await waitForText(app, '[testing]');
    expect(app.saves.at(-1)?.factors.find((x) => x.id === 'f2')).toMatchObject({ type: 'systemic', category: 'testing' });
    await press(app, 'item.edit');
    await paste(app, ' on utilisation');
    await press(app, 'edit.submit');
    await waitForText(app, 'No pool alert on utilisation');
    await press(app, 'item.delete');
    await waitForFrame(app, (x) => !x.includes('› No pool alert'), 'deleted');
    expect(app.saves.at(-1)?.factors.map((x) => x.id)).toEqual(['f1']);
    await press(app, 'app.undo');
    await waitForText(app, 'No pool alert on utilisation');
  });

  it('shows the why-tree node a promoted factor came from', async () => {
    const s = sessionWith([
      { type: 'whys/add', node: { id: 'w1', parentId: 'root', mode: 'why', question: 'Why did the pool run dry?', answer: 'Connections leaked on timeout', evidence: [], tags: [], mark: 'open', proposedBy: 'facilitator' } },
      { type: 'whys/promote', id: 'w1', factorId: 'f9', factorType: 'systemic' },
      ...onFactors,
    ]);
    const app = renderApp({ session: s });
    await ready(app);
    const f = app.frame();
    expect(f).toContain('Systemic · the condition beneath (1)');
    expect(f).toMatch(/› Connections leaked on timeout\s+↳ why/);
  });
});

describe('Factors step, why links', () => {
  it('a factor reworded after promotion still names the why it came from', async () => {
    const s = sessionWith([
      { type: 'whys/add', node: { id: 'w1', parentId: 'root', mode: 'why', question: 'Why did the pool run dry?', answer: 'Connections leaked on timeout', evidence: [], tags: [], mark: 'open', proposedBy: 'facilitator' } },
      { type: 'whys/promote', id: 'w1', factorId: 'f9', factorType: 'systemic' },
      { type: 'factors/edit', id: 'f9', patch: { text: 'Timeouts leak pool connections' } },
      ...onFactors,
    ]);
    const app = renderApp({ session: s });
    await ready(app);
    expect(app.frame()).toMatch(/› Timeouts leak pool connections\s+↳ why: Connections leaked on timeout/);
  });
});

describe('Factors step, evidence', () => {
  it('v links timeline events as evidence for the selected factor', async () => {
    const ev = (id: string, at: string, text: string) => ({
      id,
      occurredAt: at,
      detectedAt: null,
      precision: 'minute' as const,
      kind: 'alert' as const,
      actor: null,
      text,
      sources: [],
      conflicts: [],
      confirmed: true,
    });
    const s = sessionWith([
      { type: 'incident/update', patch: { timezone: 'Europe/Berlin' } },
      { type: 'timeline/add', event: ev('e1', '2026-11-20T09:02:00.000Z', 'Pool saturation alert fired') },
      { type: 'timeline/add', event: ev('e2', '2026-11-20T09:10:00.000Z', 'Error rate above 10%') },
      { type: 'factors/add', factor: { id: 'f1', text: 'No alert on pool use', type: 'contributing', category: null, whyNodes: [], evidence: [] } },
      ...onFactors,
    ]);
    const app = renderApp({ session: s });
    await ready(app);
    await press(app, 'factors.evidence');
    let f = await waitForText(app, 'Evidence for: No alert on pool use');
    expect(f).toContain('[ ] 10:02 alert'); // Berlin time
    await press(app, 'nav.down');
    await press(app, 'item.toggle');
    f = await waitForText(app, '[x] 10:10 alert');
    expect(f).toContain('1 linked');
    await press(app, 'edit.submit');
    f = await waitForText(app, '1 ev.');
    expect(app.saves.at(-1)?.factors[0]?.evidence).toEqual(['e2']);
  });
});

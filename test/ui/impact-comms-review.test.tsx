import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import type { Dispatchable } from '../../src/domain/actions.js';
import { parseFigure } from '../../src/ui/steps/impact/index.js';
import { wrapLines } from '../../src/ui/steps/comms/index.js';
import { backspace, paste, press, ready, renderApp, sessionWith, waitForFrame, waitForText } from './helpers.js';

afterEach(() => cleanup());

const at = '2026-11-20T10:00:00.000Z';
const goto = (step: 'impact' | 'comms' | 'review'): Dispatchable => ({ type: 'meeting/goto', step, at });
const moments: Dispatchable[] = [
  { type: 'timeline/moment', key: 'impactStart', eventId: null, time: '2026-11-20T09:00:00.000Z' },
  { type: 'timeline/moment', key: 'detected', eventId: null, time: '2026-11-20T09:12:00.000Z' },
  { type: 'timeline/moment', key: 'mitigated', eventId: null, time: '2026-11-20T09:40:00.000Z' },
];

describe('Impact step', () => {
  it('parses figures as the room types them', () => {
    expect(parseFigure('1,200', 'number')).toBe(1200);
    expect(parseFigure('12%', 'ratio')).toBeCloseTo(0.12);
    expect(parseFigure('99.9', 'ratio')).toBeCloseTo(0.999);
    expect(parseFigure('0.05', 'ratio')).toBeCloseTo(0.05);
    expect(parseFigure('', 'number')).toBeNull();
    expect(parseFigure('lots', 'number')).toBeInstanceOf(Error);
    expect(parseFigure('150%', 'ratio')).toBeInstanceOf(Error);
  });

  it('enters request rate and error ratio, and shows computed figures with their formula', async () => {
    const app = renderApp({ session: sessionWith([...moments, goto('impact')]), size: { columns: 120, rows: 40 } });
    await ready(app);
    let f = app.frame();
    expect(f).toMatch(/Time to detect\s+12 min/);
    await press(app, 'item.edit');
    await paste(app, '50');
    await press(app, 'edit.nextField');
    await paste(app, '10%');
    await press(app, 'edit.submit');
    f = await waitForText(app, '10%');
    expect(app.saves.at(-1)?.impact.inputs).toMatchObject({ requestRate: 50, errorRatio: 0.1 });
    // 40 minutes × 50 req/s × 10% = 12,000 failed requests
    expect(f).toMatch(/Failed requests\s+12,000/);
    // the figures pane shows the formula of the selected figure
    await press(app, 'nav.right');
    await press(app, 'nav.down');
    f = await waitForFrame(app, (x) => x.includes('= '), 'a formula line');
    expect(f).toMatch(/= .+/);
  });

  it('refuses a value that is not a number, and sets an SLO target', async () => {
    const app = renderApp({ session: sessionWith([goto('impact')]) });
    await ready(app);
    await press(app, 'item.edit');
    await paste(app, 'lots');
    await press(app, 'edit.submit');
    await waitForText(app, '"lots" is not a number.');
    await press(app, 'edit.cancel');
    for (let i = 0; i < 8; i++) await press(app, 'nav.down');
    await press(app, 'item.edit');
    await paste(app, '99.9%');
    await press(app, 'edit.submit');
    await waitForText(app, '99.9%');
    expect(app.saves.at(-1)?.impact.slo).toMatchObject({ target: 0.999, windowDays: 30 });
    expect(app.saves.at(-1)?.impact.inputs.requestRate).toBeUndefined();
  });
});

describe('Impact step, series', () => {
  it('chooses which imported metric series the figures use', async () => {
    const series = (id: string, name: string) => ({ id, name, labels: {}, points: [[Date.parse('2026-11-20T09:00:00Z'), 0.1]] as [number, number][], source: { type: 'prometheus' as const, file: 'x.json', ref: id } });
    const s = sessionWith([
      { type: 'timeline/import', source: { id: 'src1', path: 'x.json', types: ['prometheus'], hash: 'h1', importedAt: at, eventCount: 0, warnings: [] }, events: [], series: [series('s1', 'error ratio'), series('s2', 'latency p99')] },
      goto('impact'),
    ]);
    const app = renderApp({ session: s });
    await ready(app);
    expect(app.frame()).toContain('Metric series');
    expect(app.frame()).toContain('auto (the first error-ratio series)');
    await press(app, 'item.cycle');
    await press(app, 'item.cycle');
    await waitForFrame(app, (f) => /Metric series\s+latency p99/.test(f), 'series 2');
    expect(app.saves.at(-1)?.impact.inputs.seriesId).toBe('s2');
  });
});

describe('Comms step', () => {
  it('wraps text to the width', () => {
    expect(wrapLines('aaa bbb ccc', 7)).toEqual(['aaa bbb', 'ccc']);
    expect(wrapLines('x\n\ny', 5)).toEqual(['x', '', 'y']);
  });

  it('reads the drafts, edits one as text (comms/edit) and reverts it', async () => {
    const app = renderApp({ session: sessionWith([{ type: 'incident/update', patch: { title: 'Checkout errors', services: ['checkout'] } }, ...moments, goto('comms')]) });
    await ready(app);
    let f = app.frame();
    expect(f).toContain('1/8 ·');
    expect(f).toContain('Investigating');
    await press(app, 'nav.right');
    f = await waitForText(app, '2/8 ·');
    expect(f).toContain('Identified');
    await press(app, 'item.edit');
    await waitForText(app, 'editing: Ctrl+S saves');
    await press(app, 'nav.end'); // End: end of the line
    await press(app, 'comms.newline');
    await paste(app, 'We are sorry.');
    await press(app, 'comms.save');
    f = await waitForText(app, '(edited)');
    const edits = app.saves.at(-1)!.comms.edits;
    expect(Object.keys(edits)).toEqual(['status:identified']);
    expect(edits['status:identified']).toContain('We are sorry.');
    expect(f).toContain('We are sorry.');
    await press(app, 'comms.revert');
    await waitForFrame(app, (x) => !x.includes('(edited)'), 'reverted');
    expect(app.saves.at(-1)!.comms.edits).toEqual({});
  });
});

describe('Comms step, audience zone', () => {
  it('z shows the drafts in the audience time zone; a bad zone is refused', async () => {
    const app = renderApp({ session: sessionWith([{ type: 'incident/update', patch: { title: 'Checkout errors', services: ['checkout'] } }, ...moments, goto('comms')]) });
    await ready(app);
    expect(app.frame()).toContain('09:00 UTC');
    await press(app, 'comms.zone');
    await waitForText(app, 'Audience time zone');
    await backspace(app, 3);
    await paste(app, 'Mars/Base');
    await press(app, 'edit.submit');
    await waitForText(app, 'is not an IANA time zone');
    await backspace(app, 9);
    await paste(app, 'America/New_York');
    await press(app, 'edit.submit');
    const f = await waitForText(app, 'times in America/New_York');
    expect(f).not.toContain('09:00 UTC');
    expect(f).toMatch(/04:00/);
    expect(app.saves).toHaveLength(0); // a view choice, not a change to the session
  });
});

describe('Review step', () => {
  it('adds to the lists, moves between sections and exports through the callback', async () => {
    const exported: string[] = [];
    const app = renderApp({
      session: sessionWith([goto('review')]),
      exportMarkdown: async (s) => {
        exported.push(s.id);
        return '/tmp/sessions/test.md';
      },
    });
    await ready(app);
    await press(app, 'item.add');
    await paste(app, 'Rollback took 4 minutes');
    await press(app, 'edit.submit');
    await waitForText(app, '• Rollback took 4 minutes');
    await press(app, 'nav.right');
    await press(app, 'nav.right');
    await waitForText(app, 'Where we got lucky');
    await press(app, 'item.add');
    await paste(app, 'Low traffic hour');
    await press(app, 'edit.submit');
    await waitForText(app, '• Low traffic hour');
    expect(app.saves.at(-1)!.review).toMatchObject({ wentWell: ['Rollback took 4 minutes'], gotLucky: ['Low traffic hour'] });
    await press(app, 'review.export');
    await waitForText(app, 'Exported to /tmp/sessions/test.md');
    expect(exported).toEqual(['test']);
    expect(app.saves.at(-1)!.review.exportedAt).toBe('2026-11-20T10:00:00.000Z');
    await press(app, 'item.delete');
    await waitForFrame(app, (x) => !x.includes('• Low traffic hour'), 'removed');
  });

  it('reads back the action items with owner and due date (flagging the missing ones)', async () => {
    const app = renderApp({
      session: sessionWith([
        { type: 'actions/add', item: { id: 'a1', title: 'Alert on pool use', doneWhen: 'fires in test', ownerRole: 'SRE', owner: 'Kim', due: '2026-12-01', horizon: 'short', priority: 'P1', factors: ['f1'], tracker: null, status: 'open' } },
        { type: 'actions/add', item: { id: 'a2', title: 'Load-test pool', doneWhen: '', ownerRole: '', owner: null, due: null, horizon: 'long', priority: 'P2', factors: ['f1'], tracker: null, status: 'open' } },
        goto('review'),
      ]),
    });
    await ready(app);
    for (let i = 0; i < 3; i++) await press(app, 'nav.right');
    const f = await waitForText(app, 'Action items, read back');
    expect(f).toContain('• ○ P1 Alert on pool use — SRE (Kim), due 2026-12-01');
    expect(f).toContain('• ○ P2 Load-test pool — NO OWNER, due NO DATE');
    expect(f).not.toContain('x delete');
  });

  it('reports an export failure on the status line', async () => {
    const app = renderApp({
      session: sessionWith([goto('review')]),
      exportMarkdown: async () => {
        throw new Error('EACCES: permission denied');
      },
    });
    await ready(app);
    await press(app, 'review.export');
    await waitForText(app, 'Export failed: EACCES: permission denied');
  });
});

describe('Review open questions', () => {
  it('lists the why-tree questions nobody has answered', async () => {
    const app = renderApp({
      session: sessionWith([
        { type: 'whys/add', node: { id: 'w1', parentId: 'root', mode: 'why', question: 'Why was the pool so small?', answer: '', evidence: [], tags: [], mark: 'open', proposedBy: 'facilitator' } },
        { type: 'whys/add', node: { id: 'w2', parentId: 'root', mode: 'why', question: 'Why no alert?', answer: 'It was a warning', evidence: [], tags: [], mark: 'open', proposedBy: 'facilitator' } },
        goto('review'),
      ]),
    });
    await ready(app);
    for (let i = 0; i < 6; i++) await press(app, 'nav.right');
    const f = await waitForText(app, 'Open questions: why-tree questions');
    expect(f).toContain('• Why was the pool so small?');
    expect(f).not.toContain('• Why no alert?');
    expect(f).not.toContain('• Why did this happen'); // the root has children: it is being answered
  });
});

describe('Review rubric', () => {
  it('shows the live score and what blocks a good one; the score rises as the session improves', async () => {
    const { rubricOf } = await import('../../src/ui/steps/review/rubric.js');
    const empty = sessionWith([goto('review')]);
    const app = renderApp({ session: empty });
    await ready(app);
    const f = app.frame();
    const m = /Review score (\d+\.\d)\/10/.exec(f);
    expect(m).not.toBeNull();
    expect(f).toMatch(/✗ \S/); // at least one blocker listed
    const r0 = rubricOf(empty, Date.parse(at));
    expect(r0?.score.toFixed(1)).toBe(m![1]);
    const better = sessionWith([
      { type: 'factors/add', factor: { id: 'f1', text: 'Deploy added a slow query', type: 'trigger', category: 'deployment', whyNodes: [], evidence: [] } },
      { type: 'factors/add', factor: { id: 'f2', text: 'No production-sized data in staging', type: 'systemic', category: 'testing', whyNodes: [], evidence: [] } },
      { type: 'review/add', list: 'wentWell', text: 'Rollback was quick' },
      { type: 'review/add', list: 'gotLucky', text: 'Low traffic hour' },
      goto('review'),
    ]);
    expect(rubricOf(better, Date.parse(at))!.score).toBeGreaterThan(r0!.score);
  });
});

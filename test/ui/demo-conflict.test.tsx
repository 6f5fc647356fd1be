// The demo carries a real disagreement between sources (Argo CD says the rollback sync finished at
// 14:52:05, GitHub and Kubernetes say it started at 14:38): N finds it on the Timeline, r steps through
// the values, and the room's choice is recorded with the source it trusted.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { SessionSchema, type Session } from '../../src/domain/schema.js';
import { press, ready, renderApp, waitForFrame, waitForText, type Harness } from './helpers.js';

const demo = SessionSchema.parse(JSON.parse(readFileSync(new URL('../../demo/demo-session.json', import.meta.url), 'utf8'))) as Session;
let app: Harness | undefined;
afterEach(() => {
  app?.unmount();
  app = undefined;
});

describe('the demo conflict', () => {
  it('comes from the sources, is found with N and resolved with r', async () => {
    const withConflict = demo.timeline.events.filter((e) => e.conflicts.some((c) => !c.resolution));
    expect(withConflict).toHaveLength(1);
    const e = withConflict[0]!;
    expect(e.sources.map((s) => s.type)).toEqual(expect.arrayContaining(['github', 'k8s', 'argocd']));
    expect(e.conflicts[0]!.values).toContain('2024-03-12T14:52:05Z');

    app = renderApp({ session: demo, size: { columns: 120, rows: 40 } });
    await ready(app);
    await waitForText(app, '100 events');
    await press(app, 'timeline.nextConflict');
    await press(app, 'timeline.resolve');
    const f = await waitForText(app, 'Conflict 1/1 · occurredAt');
    expect(f).toContain('from argocd');
    expect(f).toContain('from github');
    // the first value is GitHub's (the earliest, shown); choosing it records GitHub as trusted
    await press(app, 'confirm.choose');
    await waitForText(app, 'occurredAt: trusted github');
    const saved = app.saves.at(-1)!.timeline.events.find((x) => x.id === e.id)!;
    expect(saved.conflicts[0]!.resolution).toMatchObject({ value: '2024-03-12T14:38:10Z', trustedSource: expect.stringMatching(/^github:inputs\/github\/deployments\.json/) });
    await press(app, 'timeline.nextConflict');
    await waitForFrame(app, (x) => x.includes('No conflict left'), 'no conflict left');
  });
});

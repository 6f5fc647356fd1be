import { describe, expect, it } from 'vitest';
import { k8sImporter } from '../../src/ingest/k8s.js';
import { iso, runFixture, runImporter } from './ops-helpers.js';

const FIX = 'ops-incidents/checkout-pool-exhaustion/k8s-events.json';

describe('k8sImporter', () => {
  it('the checkout events: two rollouts (one deploy event each), two manual scales, six probe warnings', async () => {
    const r = await runFixture(k8sImporter, FIX);
    expect(r.warnings).toEqual([]);
    expect(r.events.map((e) => e.kind)).toEqual(['deploy', 'note', 'note', 'note', 'note', 'note', 'note', 'action', 'action', 'deploy']);
    const [first, rollback] = r.events.filter((e) => e.kind === 'deploy');
    expect(iso(first!.occurredAt)).toBe('2024-03-12T13:58:06.000Z');
    expect(first!.text).toBe(
      'Kubernetes Deployment prod/checkout-api rollout: replica set checkout-api-7d9f8b6c5d scaled up to 6, checkout-api-5c8d7f9b4 scaled down to 0 (12 scaling events, 13:58:06-14:00:46)',
    );
    expect(first!.keys).toEqual(['deploy:checkout-api']);
    expect(iso(rollback!.occurredAt)).toBe('2024-03-12T14:38:20.000Z');
    expect(rollback!.text).toMatch(/replica set checkout-api-5c8d7f9b4 scaled up to 6, checkout-api-7d9f8b6c5d scaled down to 0/);
    const scale = r.events.find((e) => e.kind === 'action')!;
    expect([iso(scale.occurredAt), scale.text]).toEqual(['2024-03-12T14:24:38.000Z', 'Kubernetes Deployment prod/checkout-api: Scaled up replica set checkout-api-7d9f8b6c5d to 10 from 6']);
  });

  it('null first/last timestamps: eventTime (micro-time) and series.count are used; aggregated counts are in the text', async () => {
    const r = await runFixture(k8sImporter, FIX);
    const p0b5j = r.events.find((e) => e.text.includes('p0b5j'))!;
    expect(iso(p0b5j.occurredAt)).toBe('2024-03-12T14:09:02.118Z');
    expect(p0b5j.rawTime).toBe('2024-03-12T14:09:02.118405Z');
    expect(p0b5j.text).toBe('Warning Pod prod/checkout-api-7d9f8b6c5d-p0b5j: Unhealthy: Readiness probe failed: HTTP probe failed with statuscode: 503 (57 times until 14:40:31)');
    expect(r.events.find((e) => e.text.includes('x2k4p'))!.text).toMatch(/\(47 times until 14:40:12\)$/);
  });

  it('real EventLists (image pull failure, crashloop): warnings are notes with counts, the scale-up of one replica set is an action', async () => {
    const pull = await runFixture(k8sImporter, 'samples/k8s-events/troubleshoot_message-image-pull-fail.eventlist.json');
    expect(pull.warnings).toEqual([]);
    expect(pull.events.some((e) => /ImagePullBackOff \(5 times until 05:36:25\)$/.test(e.text))).toBe(true);
    expect(pull.events.filter((e) => e.kind === 'action').map((e) => e.keys)).toEqual([['deploy:no-image-deployment']]);
    const crash = await runFixture(k8sImporter, 'samples/k8s-events/troubleshoot_message-pod-init-crashloop-backoff.eventlist.json');
    const backoff = crash.events.find((e) => e.text.includes('Back-off restarting failed container (111 times'))!;
    expect(backoff.kind).toBe('note');
    expect(backoff.text.startsWith('Warning Pod')).toBe(true);
    for (const r of [pull, crash]) for (let i = 1; i < r.events.length; i++) expect(r.events[i]!.occurredAt).toBeGreaterThanOrEqual(r.events[i - 1]!.occurredAt);
  });

  it('a single Event object; creationTimestamp when every event time is null; an item without any time warns', async () => {
    const one = { apiVersion: 'v1', kind: 'Event', metadata: { name: 'e1', namespace: 'prod', creationTimestamp: '2024-03-12T14:00:41Z' }, involvedObject: { kind: 'Pod', name: 'p' }, reason: 'Killing', message: 'Stopping container app', firstTimestamp: null, lastTimestamp: null, eventTime: null, type: 'Normal' };
    const r = await runImporter(k8sImporter, 'e.json', JSON.stringify(one));
    expect(r.events.map((e) => [iso(e.occurredAt), e.text])).toEqual([['2024-03-12T14:00:41.000Z', 'Pod prod/p: Killing: Stopping container app']]);
    const list = { apiVersion: 'v1', kind: 'List', items: [one, { ...one, metadata: { name: 'e2' } }] };
    const r2 = await runImporter(k8sImporter, 'l.json', JSON.stringify(list));
    expect(r2.events).toHaveLength(1);
    expect(r2.warnings[0]!.message).toMatch(/item 2 \(e2\)/);
  });

  it('events.k8s.io/v1 objects: regarding, note, deprecated* fields', async () => {
    const ev = {
      apiVersion: 'events.k8s.io/v1',
      kind: 'Event',
      metadata: { name: 'n1', namespace: 'prod' },
      regarding: { kind: 'Pod', name: 'web-1', namespace: 'prod' },
      reason: 'BackOff',
      note: 'Back-off restarting failed container',
      type: 'Warning',
      eventTime: null,
      deprecatedFirstTimestamp: '2024-03-12T14:00:00Z',
      deprecatedLastTimestamp: '2024-03-12T14:09:00Z',
      deprecatedCount: 12,
    };
    const r = await runImporter(k8sImporter, 'v1.json', JSON.stringify({ kind: 'EventList', apiVersion: 'events.k8s.io/v1', items: [ev] }));
    expect(r.events.map((e) => [iso(e.occurredAt), e.text])).toEqual([
      ['2024-03-12T14:00:00.000Z', 'Warning Pod prod/web-1: BackOff: Back-off restarting failed container (12 times until 14:09:00)'],
    ]);
  });
});

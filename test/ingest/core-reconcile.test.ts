// Reconciliation rules on small hand-made records.
import { describe, expect, it } from 'vitest';
import type { TimelineEvent } from '../../src/domain/schema.js';
import { mergeIntoTimeline } from '../../src/ingest/merge.js';
import { proposeMoments, seriesImpact } from '../../src/ingest/moments.js';
import { hash64, incidentPrecision, reconcile, stableId } from '../../src/ingest/reconcile.js';
import type { RawEvent } from '../../src/ingest/types.js';

const T = Date.UTC(2024, 2, 12, 14, 0, 0);
const min = 60_000;
let n = 0;
function raw(p: Partial<RawEvent> & Pick<RawEvent, 'source' | 'kind'>): RawEvent {
  n++;
  return { file: `${p.source}.json`, ref: `r${n}`, occurredAt: T, precision: 'second', actor: null, text: `${p.kind} ${n}`, ...p };
}

describe('reconcile', () => {
  it('merges a GitHub deployment, its statuses and the Kubernetes rollout events into one deploy', () => {
    const events = [
      raw({ source: 'github', file: 'deployments.json', kind: 'deploy', occurredAt: T, text: 'GitHub deployment 4821 to production', keys: ['deployment:4821', 'deploy:checkout-api'] }),
      raw({ source: 'github', file: 'statuses.json', kind: 'deploy', occurredAt: T + 5000, text: 'status in_progress', keys: ['deployment:4821'], facts: { status: 'in_progress' } }),
      raw({ source: 'github', file: 'statuses.json', kind: 'deploy', occurredAt: T + 3 * min, text: 'status success', keys: ['deployment:4821'], facts: { status: 'success' } }),
      raw({ source: 'k8s', kind: 'deploy', occurredAt: T + 30_000, text: 'Scaled up replica set checkout-api-7d9 to 3', keys: ['deploy:checkout-api'] }),
      raw({ source: 'k8s', kind: 'deploy', occurredAt: T + 60_000, text: 'Scaled down replica set checkout-api-6c8 to 0', keys: ['deploy:checkout-api'] }),
      // a later rollout of the same service is another event
      raw({ source: 'k8s', kind: 'deploy', occurredAt: T + 40 * min, text: 'Scaled up replica set checkout-api-5b7 to 3', keys: ['deploy:checkout-api'] }),
    ];
    const { events: out } = reconcile(events);
    expect(out).toHaveLength(2);
    expect(out[0]!.text).toBe('GitHub deployment 4821 to production (final state: success)');
    expect(out[0]!.sources.map((s) => s.type)).toEqual(['github', 'github', 'github', 'k8s', 'k8s']);
    expect(out[0]!.occurredAt).toBe('2024-03-12T14:00:00Z');
    expect(out[1]!.sources.map((s) => s.type)).toEqual(['k8s']);
  });

  it('keeps when an alert began and when it paged: occurred at startsAt, detected at the trigger', () => {
    const { events: out } = reconcile([
      raw({ source: 'pagerduty', kind: 'alert', occurredAt: T + 32_000, text: '[FIRING:1] Checkout5xx', keys: ['alert:checkout5xx', 'pd:1932'] }),
      raw({ source: 'alertmanager', kind: 'alert', occurredAt: T, text: 'FIRING Checkout5xx: 5xx ratio above 5%', keys: ['alert:checkout5xx'] }),
    ]);
    expect(out).toHaveLength(1);
    expect(out[0]!.text).toBe('FIRING Checkout5xx: 5xx ratio above 5%');
    expect(out[0]!.occurredAt).toBe('2024-03-12T14:00:00Z');
    expect(out[0]!.detectedAt).toBe('2024-03-12T14:00:32Z');
    expect(out[0]!.conflicts).toEqual([]);
  });

  it('merges alike alerts from different sources without a shared key, but not far apart or unalike', () => {
    const { events: out } = reconcile([
      raw({ source: 'log', kind: 'alert', occurredAt: T, text: 'ERROR: alert raised: EHR_RESULTS_OUT queue depth above 500 (depth=509)', keys: ['alert:queue-depth'] }),
      raw({ source: 'pagerduty', kind: 'alert', occurredAt: T + 1000, text: 'EHR_RESULTS_OUT queue depth above 500', keys: ['pd:4410'] }),
      raw({ source: 'opsgenie', kind: 'alert', occurredAt: T + 1000, text: 'disk almost full on db-3' }),
      raw({ source: 'datadog', kind: 'alert', occurredAt: T + 10 * min, text: 'EHR_RESULTS_OUT queue depth above 500' }),
    ]);
    expect(out.map((e) => e.sources.map((s) => s.type).join('+'))).toEqual(['log+pagerduty', 'opsgenie', 'datadog']);
  });

  it('attaches bot echoes to the nearest event of the echoed source, and not across different ids', () => {
    const { events: out } = reconcile([
      raw({ source: 'pagerduty', kind: 'ack', occurredAt: T, text: 'Acknowledged by Alice', keys: ['pd:1932'] }),
      raw({ source: 'pagerduty', kind: 'ack', occurredAt: T + 4 * min, text: 'Acknowledged by Bob', keys: ['pd:1933'] }),
      raw({ source: 'slack', kind: 'ack', occurredAt: T + 4 * min + 2000, text: 'Acknowledged #1932 by Alice', echoOf: 'pagerduty', keys: ['pd:1932'] }),
      raw({ source: 'slack', kind: 'ack', occurredAt: T + 3 * 60 * min, text: 'Acknowledged #1934', echoOf: 'pagerduty', keys: ['pd:1934'] }),
    ]);
    expect(out.map((e) => e.sources.map((s) => s.type).join('+'))).toEqual(['pagerduty+slack', 'pagerduty', 'slack']);
    expect(out[0]!.text).toBe('Acknowledged by Alice');
    // the echo's time is kept on its source, the event keeps the source of truth's time
    expect(out[0]!.occurredAt).toBe('2024-03-12T14:00:00Z');
    expect(out[0]!.sources[1]!.at).toBe('2024-03-12T14:04:02Z');
  });

  it('never merges chat messages, however alike', () => {
    const { events: out } = reconcile([
      raw({ source: 'slack', kind: 'message', text: 'rolling back now' }),
      raw({ source: 'teams', kind: 'message', text: 'rolling back now' }),
      raw({ source: 'slack', kind: 'message', text: 'rolling back now' }),
    ]);
    expect(out).toHaveLength(3);
    // ties keep source order
    expect(out.map((e) => e.sources[0]!.type)).toEqual(['slack', 'teams', 'slack']);
  });

  it('keeps disagreements as conflicts: facts and far-apart times', () => {
    const { events: out } = reconcile([
      raw({ source: 'argocd', kind: 'deploy', occurredAt: T, text: 'ledger-svc synced to 9e8d7c6', keys: ['deploy:ledger-svc', 'rev:9e8d7c6'], facts: { revision: '9e8d7c6' } }),
      raw({ source: 'grafana', kind: 'deploy', occurredAt: T + 12 * min, text: 'deploy ledger-svc', keys: ['deploy:ledger-svc'], facts: { revision: '4be1c9d' } }),
    ]);
    expect(out).toHaveLength(1);
    const fields = out[0]!.conflicts.map((c) => c.field).sort();
    expect(fields).toEqual(['occurredAt', 'revision']);
    const rev = out[0]!.conflicts.find((c) => c.field === 'revision')!;
    expect(rev.values).toEqual(['9e8d7c6', '4be1c9d']);
    expect(rev.sources).toEqual(['argocd:argocd.json#' + out[0]!.sources[0]!.ref, 'grafana:grafana.json#' + out[0]!.sources[1]!.ref]);
    expect(rev.resolution).toBeNull();
  });

  it('links thread replies to their parent, also across day files', () => {
    const parent = raw({ source: 'slack', kind: 'message', file: 'inc/2024-03-12.json', ref: '1710252000.000100', channel: 'inc' });
    const reply = raw({ source: 'slack', kind: 'message', file: 'inc/2024-03-13.json', ref: '1710338400.000200', channel: 'inc', parentRef: '1710252000.000100', occurredAt: T + 86_400_000 });
    const orphan = raw({ source: 'slack', kind: 'message', file: 'inc/2024-03-13.json', ref: '1710338401.000300', channel: 'inc', parentRef: '999.000', occurredAt: T + 86_400_000 });
    const { events: out } = reconcile([parent, reply, orphan]);
    expect(out[1]!.parentId).toBe(out[0]!.id);
    expect(out[2]!.parentId).toBeUndefined();
  });

  it('gives stable ids from source, file and ref, unique even when records repeat', () => {
    const a = raw({ source: 'slack', kind: 'message', file: 'a.json', ref: '1' });
    expect(stableId(a)).toBe(stableId({ source: 'slack', file: 'a.json', ref: '1' }));
    expect(stableId(a)).not.toBe(stableId({ source: 'slack', file: 'a.json', ref: '2' }));
    expect(stableId(a)).toBe(`ev-${hash64('slack\u0000a.json\u00001').slice(0, 12)}`);
    const { events: out } = reconcile([a, { ...a }]);
    expect(new Set(out.map((e) => e.id)).size).toBe(2);
  });

  it('sanitises text that reaches it unsanitised', () => {
    const { events: out } = reconcile([raw({ source: 'log', kind: 'note', text: 'boom \u001b[31mred\u001b[0m \u001b]0;title\u0007done' })]);
    expect(out[0]!.text).toBe('boom red done');
  });

  it('chooses minute, hour or day precision from the span', () => {
    expect(incidentPrecision(55 * min)).toBe('minute');
    expect(incidentPrecision(58 * 60 * min)).toBe('hour');
    expect(incidentPrecision(20 * 24 * 60 * min)).toBe('day');
  });
});

describe('moments', () => {
  it('takes impact start and mitigation from a series, detection from the page, resolution from the paging tool', () => {
    const points: Array<[number, number]> = Array.from({ length: 40 }, (_, i) => [T + i * 60_000, i >= 5 && i < 30 ? 0.08 : 0.003]);
    const series = [{ id: 's', name: 'ratio', labels: {}, points, source: { type: 'prometheus' as const, file: 'p.json', ref: 's' }, threshold: 0.01 }];
    expect(seriesImpact(series[0]!)).toMatchObject({ start: T + 5 * min, end: T + 30 * min });
    const { events } = reconcile([
      raw({ source: 'alertmanager', kind: 'alert', occurredAt: T + 8 * min, keys: ['alert:x'] }),
      raw({ source: 'pagerduty', kind: 'alert', occurredAt: T + 9 * min, keys: ['alert:x'] }),
      raw({ source: 'pagerduty', kind: 'ack', occurredAt: T + 11 * min }),
      raw({ source: 'alertmanager', kind: 'resolve', occurredAt: T + 31 * min }),
      raw({ source: 'pagerduty', kind: 'resolve', occurredAt: T + 45 * min }),
    ]);
    const m = proposeMoments(events, series);
    expect(m.impactStart?.at).toBe('2024-03-12T14:05:00Z');
    expect(m.detected?.at).toBe('2024-03-12T14:09:00Z');
    expect(m.acknowledged?.at).toBe('2024-03-12T14:11:00Z');
    expect(m.mitigated?.at).toBe('2024-03-12T14:30:00Z');
    expect(m.resolved?.at).toBe('2024-03-12T14:45:00Z');
    expect(m.detected?.eventId).toBe(events[0]!.id);
    expect(m.resolved?.evidence).toMatch(/^PagerDuty resolved/);
  });

  it('without a series, walks back from the first alert through warning log lines', () => {
    const { events } = reconcile([
      raw({ source: 'log', kind: 'note', occurredAt: T - 3 * 60 * min, text: 'WARN: unrelated, hours earlier' }),
      raw({ source: 'log', kind: 'note', occurredAt: T - 50 * min, text: 'WARN: connection refused' }),
      raw({ source: 'log', kind: 'note', occurredAt: T - 20 * min, text: 'WARN: slow ACK' }),
      raw({ source: 'log', kind: 'note', occurredAt: T - 10 * min, text: 'queue stats depth=300' }),
      raw({ source: 'pagerduty', kind: 'alert', occurredAt: T, text: 'queue depth above 500' }),
    ]);
    const m = proposeMoments(events, []);
    expect(m.impactStart?.at).toBe('2024-03-12T13:10:00Z');
    expect(m.detected?.at).toBe('2024-03-12T14:00:00Z');
    expect(m.mitigated).toBeNull();
    expect(m.resolved).toBeNull();
  });

  it('gives no moments for a timeline without alerts', () => {
    const { events } = reconcile([raw({ source: 'slack', kind: 'message' })]);
    expect(proposeMoments(events, [])).toEqual({ impactStart: null, detected: null, acknowledged: null, mitigated: null, resolved: null });
  });
});

describe('mergeIntoTimeline (import into a session)', () => {
  const ev = (id: string, p: Partial<TimelineEvent>): TimelineEvent => ({
    id,
    occurredAt: '2024-03-12T14:00:00Z',
    detectedAt: null,
    precision: 'second',
    kind: 'alert',
    actor: null,
    text: 'Checkout5xx firing',
    sources: [{ type: 'pagerduty', file: 'pd.json', ref: id }],
    conflicts: [],
    confirmed: false,
    ...p,
  });

  it('skips what is already there, joins the same happening from a new source, keeps the room\'s edits', () => {
    const existing = [ev('a', { text: 'Edited by the room: Checkout5xx firing (page)', confirmed: true })];
    const incoming = [
      ev('a', {}),
      ev('b', { occurredAt: '2024-03-12T13:59:30Z', sources: [{ type: 'alertmanager', file: 'am.json', ref: 'x' }], text: 'FIRING Checkout5xx firing' }),
      ev('c', { kind: 'message', text: 'hello', sources: [{ type: 'slack', file: 's.json', ref: '1' }] }),
    ];
    const r = mergeIntoTimeline(existing, incoming);
    expect([r.added, r.joined, r.skipped]).toEqual([1, 1, 1]);
    expect(r.events).toHaveLength(2);
    const a = r.events.find((e) => e.id === 'a')!;
    expect(a.text).toBe('Edited by the room: Checkout5xx firing (page)');
    expect(a.confirmed).toBe(true);
    expect(a.sources.map((s) => s.type)).toEqual(['pagerduty', 'alertmanager']);
    expect(existing[0]!.sources).toHaveLength(1);
    const again = mergeIntoTimeline(r.events, incoming);
    expect([again.added, again.joined]).toEqual([0, 0]);
  });
});

describe('lean mode', () => {
  it('drops chat excerpts only when asked, keeping text and citation', () => {
    const e = raw({ source: 'slack', kind: 'message', text: 'hi @bob', excerpt: 'hi <@U123>' });
    expect(reconcile([e]).events[0]!.sources[0]!.excerpt).toBe('hi <@U123>');
    const lean = reconcile([{ ...e }], { lean: true }).events[0]!;
    expect(lean.sources[0]).toEqual({ type: 'slack', file: 'slack.json', ref: e.ref });
    expect(lean.text).toBe('hi @bob');
  });
});

describe('ordering (property)', () => {
  it('sorts by time with ties in source order, for packed keys and the comparator fallback alike', async () => {
    const fc = (await import('fast-check')).default;
    fc.assert(
      fc.property(
        fc.array(fc.record({ dt: fc.integer({ min: 0, max: 5 }), chat: fc.boolean() }), { maxLength: 60 }),
        fc.constantFrom(0, 1e15),
        (specs, spread) => {
          const events = specs.map((s, i) =>
            raw({ source: s.chat ? 'slack' : 'log', kind: s.chat ? 'message' : 'note', ref: `k${i}`, occurredAt: T + s.dt * 1000 + (i === 0 ? spread : 0) }),
          );
          const out = reconcile(events).events;
          expect(out).toHaveLength(events.length);
          const seq = (e: TimelineEvent) => Number(e.sources[0]!.ref.slice(1));
          for (let i = 1; i < out.length; i++) {
            const a = Date.parse(out[i - 1]!.occurredAt);
            const b = Date.parse(out[i]!.occurredAt);
            expect(a < b || (a === b && seq(out[i - 1]!) < seq(out[i]!))).toBe(true);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

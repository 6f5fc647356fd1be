// Test sessions built with createSession and the reducer, from the three fixtures' README figures.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Dispatchable } from '../../../src/domain/actions.js';
import { reduce } from '../../../src/domain/reducer.js';
import type { EventKind, MetricSeries, Session, SourceType, TimelineEvent } from '../../../src/domain/schema.js';
import { createSession } from '../../../src/domain/session.js';

export const NOW = '2024-03-14T09:00:00.000Z';

export function apply(s: Session, ...actions: Dispatchable[]): Session {
  return actions.reduce((acc, a) => reduce(acc, a), s);
}

/** A tiny local parser for a Prometheus query_range matrix (the real importer lives in src/ingest). */
export function promSeries(file: string, id = 'checkout-5xx'): MetricSeries {
  const path = fileURLToPath(new URL(`../../fixtures/report/${file}`, import.meta.url));
  const json = JSON.parse(readFileSync(path, 'utf8')) as {
    data: { result: Array<{ metric: Record<string, string>; values: Array<[number, string]> }> };
  };
  const r = json.data.result[0]!;
  const { __name__: name = 'series', ...labels } = r.metric;
  return {
    id,
    name,
    labels,
    points: r.values.map(([t, v]) => [t * 1000, Number(v)] as [number, number]),
    source: { type: 'prometheus', file, ref: name },
    unit: 'ratio',
    threshold: null,
  };
}

let seq = 0;
export function ev(
  at: string,
  kind: EventKind,
  text: string,
  extra: Partial<TimelineEvent> & { source?: SourceType } = {},
): TimelineEvent {
  const { source = 'slack', ...rest } = extra;
  seq += 1;
  return {
    id: rest.id ?? `e${String(seq).padStart(3, '0')}`,
    occurredAt: at,
    detectedAt: null,
    precision: 'second',
    kind,
    actor: null,
    text,
    sources: [{ type: source, file: `${source}.json`, ref: `r${seq}` }],
    conflicts: [],
    confirmed: true,
    ...rest,
  };
}

const d = (hms: string) => `2024-03-12T${hms}Z`;

/** The checkout incident, with a full meeting: timeline, moments, why-tree, factors, actions, impact. */
export function checkoutSession(opts: { withSeries?: boolean } = {}): Session {
  seq = 0;
  let s = createSession({
    id: 'checkout-pool-exhaustion',
    now: '2024-03-13T09:00:00.000Z',
    incident: {
      title: 'Checkout failures after the promo-code deploy',
      severity: 'SEV1',
      services: ['checkout-api'],
      summary: 'Card checkout returned errors for 39 minutes after deploy 4821 added a slow promo-code query.',
      customerImpact: 'Shoppers could not pay at checkout.',
      timezone: 'UTC',
      status: 'in review',
      authors: ['Alice Chen', 'Bob Marsh'],
    },
  });
  const events: TimelineEvent[] = [
    ev(d('13:58:00'), 'deploy', 'Deploy 4821 checkout-api v2.14.3 started (fully rolled out 14:00:58)', { source: 'github', id: 'deploy-4821' }),
    ev(d('14:02:45'), 'metric', 'job:http_requests_5xx:ratio_rate1m above 1% (checkout-api)', { source: 'prometheus', id: 'metric-up' }),
    ev(d('14:07:00'), 'message', 'Support: first merchant call, "payment could not be completed"', { source: 'text', id: 'support-call' }),
    ev(d('14:08:16'), 'alert', 'Warning CheckoutDBPoolSaturation posted in #payments', { source: 'slack', id: 'pool-warning', detectedAt: d('14:24:00') }),
    ev(d('14:10:30'), 'alert', 'FIRING Checkout5xx: 5xx ratio > 5% for 3m on checkout-api', {
      source: 'alertmanager',
      id: 'alert-5xx',
      detectedAt: d('14:11:02'),
    }),
    ev(d('14:13:40'), 'ack', 'Alice Chen acknowledged PagerDuty #1932', { source: 'pagerduty', id: 'ack', actor: 'Alice Chen' }),
    ev(d('14:15:31'), 'message', 'Incident channel opened', { id: 'channel' }),
    ev(d('14:19:42'), 'status', 'Statuspage: investigating elevated errors on checkout', { source: 'statuspage', id: 'sp-investigating' }),
    ev(d('14:24:38'), 'action', 'Bob Marsh scaled checkout-api-7f9c6d-xk2lp to 10 replicas on db-primary-01.internal.acme.net (10.2.3.4)', {
      id: 'scale-out',
      actor: 'Bob Marsh',
    }),
    ev(d('14:27:20'), 'message', 'pg_stat_activity shows seq scan on promo_redemptions (38M rows) | lower(code) # <script>alert(1)</script> ``` `x`', {
      id: 'diagnosis',
    }),
    ev(d('14:29:00'), 'message', 'Decision: roll back to v2.14.2', { id: 'decision' }),
    ev(d('14:35:58'), 'status', 'Statuspage: identified', { source: 'statuspage', id: 'sp-identified' }),
    ev(d('14:38:10'), 'deploy', 'Rollback deploy 4822 (v2.14.2) started; image rebuild delayed it ~6 min', { source: 'github', id: 'deploy-4822' }),
    ev(d('14:41:12'), 'deploy', 'Rollback 4822 completed', { source: 'github', id: 'rollback-done' }),
    ev(d('14:45:12'), 'status', 'Statuspage: monitoring', { source: 'statuspage', id: 'sp-monitoring' }),
    ev(d('14:58:30'), 'resolve', 'PagerDuty #1932 resolved', { source: 'pagerduty', id: 'pd-resolved' }),
    ev(d('15:01:15'), 'status', 'Statuspage: resolved', { source: 'statuspage', id: 'sp-resolved' }),
    ev(d('14:50:00'), 'note', 'UNCONFIRMED rumour about the CDN', { id: 'rumour', confirmed: false }),
  ];
  s = apply(s, ...events.map((event) => ({ type: 'timeline/add', event }) as Dispatchable));
  const moment = (key: 'impactStart' | 'detected' | 'acknowledged' | 'mitigated' | 'resolved', at: string, eventId: string | null) =>
    ({ type: 'timeline/moment', key, time: d(at), eventId }) as Dispatchable;
  s = apply(
    s,
    moment('impactStart', '14:02:45', 'metric-up'),
    moment('detected', '14:11:02', 'alert-5xx'),
    moment('acknowledged', '14:13:40', 'ack'),
    moment('mitigated', '14:41:12', 'rollback-done'),
    moment('resolved', '14:58:30', 'pd-resolved'),
  );
  // why-tree
  const node = (id: string, parentId: string, question: string, answer: string, mark: 'open' | 'trigger' | 'contributing' | 'systemic', tags: string[] = []) =>
    ({
      type: 'whys/add',
      node: { id, parentId, mode: 'why', question, answer, evidence: [], tags, mark, proposedBy: 'facilitator', factorId: null },
    }) as Dispatchable;
  s = apply(
    s,
    { type: 'whys/edit', id: 'root', patch: { answer: 'Checkout requests failed with 5xx after the pool saturated.' } },
    node('w1', 'root', 'Why did the connection pool saturate?', 'Each promo checkout ran a 1.9 s sequential scan.', 'trigger', ['deployment']),
    node('w2', 'w1', 'Why was the query a sequential scan?', 'lower(code) is not covered by the index on code.', 'contributing', ['testing']),
    node('w3', 'w2', 'Why did tests not catch it?', 'Staging has 1000x less data than production.', 'systemic', ['testing']),
    node('w4', 'root', 'Why did scaling out make it worse?', 'More pods opened more DB connections (198/200).', 'contributing', ['capacity']),
  );
  s = apply(
    s,
    { type: 'whys/promote', id: 'w1', factorId: 'f1', factorType: 'trigger' },
    { type: 'whys/promote', id: 'w2', factorId: 'f2', factorType: 'contributing' },
    { type: 'whys/promote', id: 'w3', factorId: 'f3', factorType: 'systemic' },
    {
      type: 'factors/add',
      factor: { id: 'f4', text: 'The rollback was only ~6 min slower because a cached base image existed', type: 'mitigator', category: 'deployment', whyNodes: [], evidence: [] },
    },
  );
  s = apply(
    s,
    {
      type: 'actions/add',
      item: {
        id: 'a1',
        title: 'Add a functional index on lower(code) for promo_redemptions',
        doneWhen: 'EXPLAIN for the redemption check shows an index scan in production',
        ownerRole: 'backend team',
        owner: 'Alice Chen',
        due: '2024-03-19',
        horizon: 'immediate',
        priority: 'P1',
        factors: ['f1', 'f2'],
        tracker: null,
        status: 'open',
      },
    },
    {
      type: 'actions/add',
      item: {
        id: 'a2',
        title: '=HYPERLINK("http://evil") staging data at 10% of production size, "quoted", with commas',
        doneWhen: "Staging promo_redemptions has >= 3.8M rows; it's refreshed weekly",
        ownerRole: 'platform team',
        owner: null,
        due: '2024-04-30',
        horizon: 'long',
        priority: 'P2',
        factors: ['f3'],
        tracker: null,
        status: 'open',
      },
    },
  );
  s = apply(
    s,
    { type: 'review/add', list: 'wentWell', text: 'The rollback decision was made within 2 minutes of diagnosis.' },
    { type: 'review/add', list: 'couldBeBetter', text: 'The pool-saturation warning did not page.' },
    { type: 'review/add', list: 'gotLucky', text: 'The promo peak ended soon after the rollback.' },
    { type: 'meeting/decide', id: 'd1', text: 'Promo launches need a load test with production-sized data.', at: '2024-03-13T09:30:00.000Z' },
    { type: 'meeting/park', id: 'p1', text: 'Should the rollback image be pre-built?', at: '2024-03-13T09:31:00.000Z' },
    { type: 'meeting/addAttendee', attendee: { name: 'Alice Chen', role: 'incident commander' } },
    { type: 'meeting/addAttendee', attendee: { name: 'Bob Marsh', role: 'responder' } },
  );
  s = apply(
    s,
    {
      type: 'impact/inputs',
      patch: {
        requestRate: 42,
        baselineErrorRatio: 0.003,
        impactThreshold: 0.01,
        downThreshold: 0.05,
        usersAffected: 5742,
        failedTransactions: 5742,
        abandonRate: 1762 / 5742,
        averageOrderValue: 48,
        currency: 'EUR',
      },
    },
    {
      type: 'impact/slo',
      slo: { name: 'Checkout availability', target: 0.999, windowDays: 28, windowVolume: 61_000_000, sla: { target: 0.9995, periodMinutes: 44_640, creditPercent: 10 } },
    },
  );
  if (opts.withSeries !== false) {
    s = { ...s, timeline: { ...s.timeline, series: [promSeries('prometheus-checkout-5xx-ratio.json')] } };
  }
  return s;
}

/** cert-expiry-slow-burn: no series, entered figures over the moments' window. */
export function certSession(): Session {
  let s = createSession({
    id: 'cert-expiry',
    now: '2024-05-09T09:00:00.000Z',
    incident: { title: 'Billing sync delays from an expired mesh certificate', severity: 'SEV2', services: ['billing-gateway', 'ledger-svc'], timezone: 'UTC' },
  });
  const m = (key: 'impactStart' | 'detected' | 'acknowledged' | 'mitigated' | 'resolved', at: string) =>
    ({ type: 'timeline/moment', key, time: at, eventId: null }) as Dispatchable;
  s = apply(
    s,
    m('impactStart', '2024-05-06T02:14:07Z'),
    m('detected', '2024-05-06T02:20:31Z'),
    m('mitigated', '2024-05-08T09:47:00Z'),
    m('resolved', '2024-05-08T12:10:00Z'),
    { type: 'impact/inputs', patch: { requestRate: 210, errorRatio: 0.0041, baselineErrorRatio: 0.0002 } },
    { type: 'impact/slo', slo: { name: 'Billing API availability', target: 0.995, windowDays: 30, windowVolume: null } },
  );
  return s;
}

/** hl7-queue-backlog: the failed (late) count is entered; the SLO is per calendar day. */
export function hl7Session(): Session {
  let s = createSession({
    id: 'hl7-queue-backlog',
    now: '2024-07-17T09:00:00.000Z',
    incident: { title: 'Lab results delayed to the EHR', severity: 'SEV2', services: ['EHR_RESULTS_OUT'], timezone: 'Europe/Dublin' },
  });
  const m = (key: 'impactStart' | 'detected' | 'acknowledged' | 'mitigated' | 'resolved', at: string) =>
    ({ type: 'timeline/moment', key, time: at, eventId: null }) as Dispatchable;
  s = apply(
    s,
    m('impactStart', '2024-07-16T06:03:10Z'),
    m('detected', '2024-07-16T06:56:41Z'),
    m('acknowledged', '2024-07-16T07:14:05Z'),
    m('mitigated', '2024-07-16T09:58:02Z'),
    m('resolved', '2024-07-16T10:35:12Z'),
    { type: 'impact/inputs', patch: { failedRequests: 7840, usersAffected: 2960 } },
    { type: 'impact/slo', slo: { name: 'Results filed within 5 minutes', target: 0.95, windowDays: 1, windowVolume: 21_400 } },
  );
  return s;
}

// A small, hand-written incident for the Timeline and 5 Whys frame tests (shaped after the
// checkout-pool-exhaustion fixture: two days, several sources, a detection gap, a conflict, two series).
import { createSession } from '../../src/domain/session.js';
import type { MetricSeries, Session, TimelineEvent } from '../../src/domain/schema.js';

const e = (id: string, occurredAt: string, kind: TimelineEvent['kind'], actor: string | null, text: string, extra: Partial<TimelineEvent> = {}): TimelineEvent => ({
  id,
  occurredAt,
  detectedAt: null,
  precision: 'minute',
  kind,
  actor,
  text,
  sources: [],
  conflicts: [],
  confirmed: false,
  ...extra,
});

export function checkoutSession(): Session {
  const base = createSession({
    id: 'checkout',
    now: '2024-03-14T09:00:00Z',
    step: 'timeline',
    incident: { title: 'Checkout 5xx', summary: 'checkout-api returned 5xx for 39 minutes', timezone: 'UTC', severity: 'SEV2' },
  });
  const events: TimelineEvent[] = [
    e('deploy', '2024-03-12T13:58:40Z', 'deploy', 'argocd', 'Deploy 4821 shipped checkout-api v2.14.3', {
      sources: [{ type: 'github', file: 'github/deployments.json', ref: 'deployment 4821', line: 12, excerpt: '{"id":4821,"ref":"v2.14.3","environment":"production"}' }],
      confirmed: true,
    }),
    e('impact', '2024-03-12T14:02:45Z', 'metric', null, '5xx ratio above 1%', {
      sources: [{ type: 'prometheus', file: 'prometheus-checkout-5xx-ratio.json', ref: 'job:http_requests_5xx:ratio_rate1m' }],
    }),
    e('warn', '2024-03-12T14:08:16Z', 'alert', 'alertmanager', 'CheckoutDBPoolSaturation warning posted in #payments', {
      detectedAt: '2024-03-12T14:22:00Z',
      sources: [
        {
          type: 'slack',
          file: 'slack-export/payments/2024-03-12.json',
          ref: 'ts 1710252496.000100',
          excerpt: 'Alertmanager: [FIRING:1] CheckoutDBPoolSaturation \u001b[31mwarning\u001b[0m',
          context: ['dana: is anyone looking at the pool warning?', 'erik: probably the promo, will check'],
        },
      ],
    }),
    e('page', '2024-03-12T14:11:02Z', 'page', 'pagerduty', 'PagerDuty #1932 triggered, assigned to alice', {
      sources: [{ type: 'pagerduty', file: 'pagerduty-log-entries.json', ref: 'R1932' }],
      conflicts: [
        {
          field: 'occurredAt',
          values: ['2024-03-12T14:11:02Z', '2024-03-12T14:10:30Z'],
          sources: ['pagerduty', 'alertmanager'],
          note: 'the page and the alert disagree',
          resolution: null,
        },
      ],
    }),
    e('ack', '2024-03-12T14:13:40Z', 'ack', 'alice', 'Acknowledged #1932', { sources: [{ type: 'pagerduty', file: 'pagerduty-log-entries.json', ref: 'A1932' }] }),
    e('rollback', '2024-03-12T14:29:00Z', 'message', 'bob', 'decision: roll back to v2.14.2', {
      sources: [{ type: 'slack', file: 'slack-export/inc-1932/2024-03-12.json', ref: 'ts 1710253740.000200' }],
    }),
    e('mitigated', '2024-03-12T14:41:12Z', 'deploy', 'argocd', 'Deploy 4822 (v2.14.2) rolled out', {
      sources: [{ type: 'github', file: 'github/deployment-statuses.json', ref: 'status 4822' }],
    }),
    e('resolved', '2024-03-12T14:58:30Z', 'resolve', 'pagerduty', 'PagerDuty #1932 resolved', {
      sources: [{ type: 'pagerduty', file: 'pagerduty-log-entries.json', ref: 'X1932' }],
    }),
    e('followup', '2024-03-13T08:15:30Z', 'message', 'carol', 'Postmortem scheduled; 2 follow-up tickets opened', {
      sources: [{ type: 'slack', file: 'slack-export/inc-1932/2024-03-13.json', ref: 'ts 1710317730.000300' }],
    }),
  ];
  const t0 = Date.parse('2024-03-12T13:15:00Z');
  const points = (f: (k: number) => number): Array<[number, number]> =>
    Array.from({ length: 120 }, (_, k) => [t0 + k * 60_000, f(k)] as [number, number]);
  const series: MetricSeries[] = [
    {
      id: 'ratio',
      name: 'job:http_requests_5xx:ratio_rate1m',
      labels: { service: 'checkout-api' },
      points: points((k) => (k >= 48 && k <= 87 ? 0.096 : 0.003)),
      source: { type: 'prometheus', file: 'prometheus-checkout-5xx-ratio.json', ref: 'ratio' },
      unit: 'ratio',
    },
    {
      id: 'conns',
      name: 'pg_connections_busy',
      labels: { db: 'payments' },
      points: points((k) => (k >= 45 && k <= 90 ? 198 : 60)),
      source: { type: 'prometheus', file: 'prometheus-db.json', ref: 'conns' },
      unit: 'count',
    },
  ];
  return { ...base, timeline: { ...base.timeline, events, series } };
}

// Small sessions built from the facts of the three incident fixtures (/work/shared/fixtures/incidents/*/README.md),
// through createSession + the reducer, so the tests do not depend on the importers.
import type { Dispatchable } from '../../src/domain/actions.js';
import { reduce } from '../../src/domain/reducer.js';
import type { Category, EventKind, Mark, MomentKey, Session, TimelineEvent } from '../../src/domain/schema.js';
import { createSession } from '../../src/domain/session.js';

const NOW = '2026-11-28T10:00:00Z';

export function ev(id: string, at: string, kind: EventKind, text: string, actor: string | null = null): TimelineEvent {
  return {
    id,
    occurredAt: at,
    detectedAt: null,
    precision: 'second',
    kind,
    actor,
    text,
    sources: [{ type: 'manual', file: 'test', ref: id }],
    conflicts: [],
    confirmed: true,
  };
}

export function apply(s: Session, ...actions: Dispatchable[]): Session {
  return actions.reduce((acc, a) => reduce(acc, a), s);
}

function moment(key: MomentKey, e: TimelineEvent): Dispatchable {
  return { type: 'timeline/moment', key, eventId: e.id, time: e.occurredAt };
}

let counter = 0;
/** Add a why node under `parentId`; returns the new session and the node id. */
export function addWhy(
  s: Session,
  parentId: string,
  question: string,
  answer: string,
  opts: { tags?: Category[]; mark?: Mark; evidence?: string[]; id?: string; mode?: 'why' | 'how' } = {},
): [Session, string] {
  const id = opts.id ?? `n${++counter}`;
  const next = reduce(s, {
    type: 'whys/add',
    node: {
      id,
      parentId,
      mode: opts.mode ?? 'why',
      question,
      answer,
      evidence: opts.evidence ?? [],
      tags: opts.tags ?? [],
      mark: opts.mark ?? 'open',
      proposedBy: 'facilitator',
      factorId: null,
    },
  });
  return [next, id];
}

export const CHECKOUT_PEOPLE = ['Alice Chen', 'Dmitri Volkov', 'Priya Nair', 'Bob Martin', 'Sam Okafor'];

/** checkout-pool-exhaustion: minute-level, 2024-03-12, UTC. */
export function checkoutSession(): Session {
  const e = {
    promo: ev('e-promo', '2024-03-12T13:00:00Z', 'note', 'SPRING24 promo went live'),
    deploy: ev('e-deploy', '2024-03-12T13:59:30Z', 'deploy', 'Deploy 4821 checkout-api v2.14.3 by Bob Martin', 'Bob Martin'),
    impact: ev('e-impact', '2024-03-12T14:02:45Z', 'metric', 'checkout-api 5xx ratio above 1%'),
    support: ev('e-support', '2024-03-12T14:07:00Z', 'message', 'Merchant Bloom says: payment could not be completed', 'Priya Nair'),
    warn: ev('e-warn', '2024-03-12T14:08:16Z', 'alert', 'CheckoutDBPoolSaturation warning firing in #payments'),
    alert: ev('e-alert', '2024-03-12T14:10:30Z', 'alert', 'Checkout5xx: 5xx ratio > 5% for 3m on checkout-api'),
    page: ev('e-page', '2024-03-12T14:11:02Z', 'page', 'PagerDuty #1932 triggered, assigned to Alice Chen', 'PagerDuty'),
    ack: ev('e-ack', '2024-03-12T14:13:40Z', 'ack', 'Acknowledged by Alice Chen', 'Alice Chen'),
    chan: ev('e-chan', '2024-03-12T14:15:31Z', 'message', 'Opened the incident channel, @dmitri please join', 'Alice Chen'),
    status: ev('e-status', '2024-03-12T14:19:42Z', 'status', 'Investigating: failed card payments at checkout'),
    scale: ev('e-scale', '2024-03-12T14:23:40Z', 'message', 'Scaled checkout-api to 10 replicas', 'Dmitri Volkov'),
    diag: ev('e-diag', '2024-03-12T14:27:20Z', 'message', 'pg_stat_activity: seq scan on promo_redemptions, 38M rows', 'Dmitri Volkov'),
    decide: ev('e-decide', '2024-03-12T14:29:00Z', 'message', 'Decision: roll back to v2.14.2', 'Sam Okafor'),
    rollback: ev('e-rollback', '2024-03-12T14:38:10Z', 'deploy', 'Rollback deploy 4822 checkout-api v2.14.2 (image rebuild)'),
    mitigated: ev('e-mitigated', '2024-03-12T14:41:12Z', 'metric', 'checkout-api 5xx ratio back below 1%'),
    resolved: ev('e-resolved', '2024-03-12T14:58:30Z', 'resolve', 'PagerDuty #1932 resolved'),
  };
  let s = createSession({
    id: 'checkout-pool-exhaustion',
    now: NOW,
    incident: {
      title: 'Checkout 5xx during SPRING24 promo',
      severity: 'SEV2',
      services: ['checkout-api'],
      summary: 'Card checkout failed for 39 minutes after a promo-code query exhausted the DB connection pool.',
      timezone: 'UTC',
    },
  });
  s = apply(
    s,
    { type: 'meeting/addAttendee', attendee: { name: 'Alice Chen', role: 'incident commander' } },
    { type: 'meeting/addAttendee', attendee: { name: 'Dmitri Volkov', role: 'responder' } },
    { type: 'meeting/addAttendee', attendee: { name: 'Sam Okafor', role: 'facilitator' } },
    ...Object.values(e).map((event): Dispatchable => ({ type: 'timeline/add', event })),
    moment('impactStart', e.impact),
    moment('detected', e.page),
    moment('acknowledged', e.ack),
    moment('mitigated', e.mitigated),
    moment('resolved', e.resolved),
  );
  return s;
}

/** hl7-queue-backlog: minute-level, 2024-07-16, incident zone Europe/Dublin (UTC+1). */
export function hl7Session(): Session {
  const e = {
    window: ev('h-window', '2024-07-16T05:20:11Z', 'message', 'WardView patch window 05:41-06:03 starts soon', 'Niamh Kelly'),
    refused: ev('h-refused', '2024-07-16T05:41:02Z', 'note', 'EHR_RESULTS_OUT: connection refused'),
    impact: ev('h-impact', '2024-07-16T06:03:10Z', 'note', 'EHR_RESULTS_OUT: ACK received after 5.6 s'),
    slow: ev('h-slow', '2024-07-16T06:13:00Z', 'metric', 'slow ACK warning on EHR_RESULTS_OUT'),
    alert: ev('h-alert', '2024-07-16T06:56:41Z', 'alert', 'EHR_RESULTS_OUT queue depth above 500'),
    page: ev('h-page', '2024-07-16T06:56:42Z', 'page', 'Paged Sean Murphy (L1)', 'PagerDuty'),
    esc: ev('h-esc', '2024-07-16T07:11:41Z', 'escalation', 'Escalated to L2 after no response'),
    ack: ev('h-ack', '2024-07-16T07:14:05Z', 'ack', 'Acknowledged by Aoife Byrne', 'Aoife Byrne'),
    ward: ev('h-ward', '2024-07-16T07:18:03Z', 'message', 'Ward 7 calling: troponin results missing', 'Service Desk'),
    diag: ev('h-diag', '2024-07-16T07:22:04Z', 'message', 'ACKs take 5.6 s instead of 40 ms', 'Aoife Byrne'),
    threads: ev('h-threads', '2024-07-16T08:50:18Z', 'action', '6 threads live, partitioned by MRN', 'Aoife Byrne'),
    drained: ev('h-drained', '2024-07-16T09:58:02Z', 'metric', 'queue drained'),
    resolved: ev('h-resolved', '2024-07-16T10:35:12Z', 'resolve', 'PagerDuty #4410 resolved'),
  };
  let s = createSession({
    id: 'hl7-queue-backlog',
    now: NOW,
    incident: {
      title: 'Lab results delayed to WardView',
      severity: 'SEV1',
      services: ['EHR_RESULTS_OUT'],
      summary: 'Lab results queued for up to 91 minutes after a vendor patch slowed HL7 ACKs.',
      timezone: 'Europe/Dublin',
    },
  });
  s = apply(
    s,
    { type: 'meeting/addAttendee', attendee: { name: 'Aoife Byrne', role: 'incident commander' } },
    { type: 'meeting/addAttendee', attendee: { name: 'Sean Murphy', role: 'responder' } },
    ...Object.values(e).map((event): Dispatchable => ({ type: 'timeline/add', event })),
    moment('impactStart', e.impact),
    moment('detected', e.page),
    moment('acknowledged', e.ack),
    moment('mitigated', e.drained),
    moment('resolved', e.resolved),
  );
  return s;
}

/** cert-expiry-slow-burn: hour/day-level, 2024-05-06 to 2024-05-08, UTC. */
export function certSession(): Session {
  const e = {
    move: ev('c-move', '2024-04-08T13:20:41Z', 'deploy', 'platform-mesh-certs synced 7a3f9e2: move mesh secrets to platform-secrets', 'Argo CD'),
    impact: ev('c-impact', '2024-05-06T02:14:07Z', 'note', 'pool-b client certificate expired'),
    grafana: ev('c-grafana', '2024-05-06T02:20:00Z', 'alert', 'TLS handshake errors on ledger-svc'),
    og: ev('c-og', '2024-05-06T02:20:31Z', 'alert', 'Opsgenie #4411 P3 TLS handshake failures (email only)', 'Opsgenie'),
    flaky: ev('c-flaky', '2024-05-06T09:58:14Z', 'message', 'x509 errors in logs, probably a flaky pod, retry handles it', 'Jonas Weber'),
    herring: ev('c-herring', '2024-05-06T15:31:02Z', 'deploy', 'ledger-svc 3.8.1 synced 9e8d7c6', 'Argo CD'),
    report: ev('c-report', '2024-05-07T09:15:40Z', 'message', 'Three tenants report invoices stuck in syncing', 'Support'),
    cause: ev('c-cause', '2024-05-08T08:52:30Z', 'message', 'cert-rotator fails every night: forbidden in mesh-system', 'Lena Fischer'),
    ack: ev('c-ack', '2024-05-08T09:10:22Z', 'ack', 'Opsgenie #4411 acknowledged', 'Lena Fischer'),
    drained: ev('c-drained', '2024-05-08T09:47:03Z', 'message', 'pool-b drain done, errors stopped', 'Lena Fischer'),
    fix: ev('c-fix', '2024-05-08T10:58:37Z', 'deploy', 'platform-mesh-certs synced 4be1c9d: fix rotator RBAC', 'Argo CD'),
    resolved: ev('c-resolved', '2024-05-08T12:10:00Z', 'message', 'Resolving INC-2291', 'Lena Fischer'),
  };
  let s = createSession({
    id: 'cert-expiry-slow-burn',
    now: NOW,
    incident: {
      title: 'Invoice sync delays from an expired mesh certificate',
      severity: 'SEV3',
      services: ['ledger-svc', 'billing-gateway'],
      summary: 'A quarter of ledger-svc replicas failed TLS for 55 hours after a certificate expired unrotated.',
      timezone: 'UTC',
    },
  });
  s = apply(
    s,
    { type: 'meeting/addAttendee', attendee: { name: 'Lena Fischer', role: 'incident commander' } },
    { type: 'meeting/addAttendee', attendee: { name: 'Jonas Weber', role: 'responder' } },
    ...Object.values(e).map((event): Dispatchable => ({ type: 'timeline/add', event })),
    moment('impactStart', e.impact),
    moment('detected', e.og),
    moment('acknowledged', e.ack),
    moment('mitigated', e.drained),
    moment('resolved', e.resolved),
  );
  return s;
}

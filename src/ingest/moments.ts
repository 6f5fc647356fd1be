// Proposed key moments (impact start, detected, acknowledged, mitigated, resolved), each with the
// evidence it came from. The facilitator confirms or moves them in the meeting. Pure.
import type { MetricSeries, Moment, Moments, SourceType, TimelineEvent } from '../domain/schema.js';
import { clip } from '../domain/text.js';
import { isoUtc } from './time.js';

const PAGING: ReadonlySet<string> = new Set(['pagerduty', 'opsgenie']);
const CHAT: ReadonlySet<string> = new Set(['slack', 'teams', 'discord', 'text']);
const HOUR = 3_600_000;

const SOURCE_NAMES: Record<string, string> = {
  pagerduty: 'PagerDuty',
  opsgenie: 'Opsgenie',
  alertmanager: 'Alertmanager',
  prometheus: 'Prometheus',
  grafana: 'Grafana',
  github: 'GitHub',
  argocd: 'Argo CD',
  k8s: 'Kubernetes',
  statuspage: 'Statuspage',
  slack: 'Slack',
  teams: 'Teams',
  discord: 'Discord',
  datadog: 'Datadog',
  cloudwatch: 'CloudWatch',
  log: 'log',
  git: 'git',
  text: 'pasted chat',
};

interface Ev {
  e: TimelineEvent;
  t: number;
  d: number | null;
  types: SourceType[];
}

const ms = (iso: string | null | undefined): number | null => (iso ? Date.parse(iso) : null);

function describe(ev: Ev, what: string): string {
  const src = ev.types.map((t) => SOURCE_NAMES[t] ?? t).join(' + ');
  return `${src} ${what}: ${clip(ev.e.text, 90)}`;
}

function moment(at: number, ev: Ev | null, evidence: string): Moment {
  return { at: isoUtc(at), eventId: ev ? ev.e.id : null, evidence, confirmed: false };
}

function isProblemNote(ev: Ev): boolean {
  return ev.e.kind === 'note' && ev.types.includes('log') && /^(WARN|WARNING|ERROR|FATAL|CRITICAL|EMERG|ALERT)\b/.test(ev.e.text);
}

/** Direction of a series' threshold: rising when the early samples sit below it. */
function risingOf(s: MetricSeries): boolean {
  const th = s.threshold ?? NaN;
  const early = s.points.slice(0, Math.max(1, Math.ceil(s.points.length / 10))).map((p) => p[1]).sort((a, b) => a - b);
  const med = early[Math.floor(early.length / 2)] ?? 0;
  return !(med >= th);
}

interface Window {
  start: number;
  end: number | null;
  series: MetricSeries;
}

/** The impact window of a series: first bad sample to the first good sample after the last bad one. */
export function seriesImpact(s: MetricSeries): Window | null {
  if (s.threshold == null || !Number.isFinite(s.threshold) || s.points.length === 0) return null;
  const rising = risingOf(s);
  const bad = (v: number) => (rising ? v > s.threshold! : v < s.threshold!);
  let first = -1;
  let last = -1;
  s.points.forEach(([, v], i) => {
    if (bad(v)) {
      if (first === -1) first = i;
      last = i;
    }
  });
  if (first === -1) return null;
  const after = s.points[last + 1];
  return { start: s.points[first]![0], end: after ? after[0] : null, series: s };
}

export function proposeMoments(events: TimelineEvent[], series: MetricSeries[]): Moments {
  // chat messages never propose a moment: skip them up front (a big export is mostly messages)
  const evs: Ev[] = [];
  for (const e of events) {
    if (e.kind === 'message' || e.kind === 'action') continue;
    evs.push({ e, t: Date.parse(e.occurredAt), d: ms(e.detectedAt), types: e.sources.map((s) => s.type) });
  }
  const nonChat = (ev: Ev) => ev.types.some((t) => !CHAT.has(t));
  const out: Moments = { impactStart: null, detected: null, acknowledged: null, mitigated: null, resolved: null };

  // detected: the first page (a paging source's alert or page), else the first machine alert
  const paged = evs.filter((ev) => (ev.e.kind === 'alert' || ev.e.kind === 'page') && ev.types.some((t) => PAGING.has(t)));
  const alerts = evs.filter((ev) => ev.e.kind === 'alert' && nonChat(ev));
  let detectedEv: Ev | null = null;
  let detectedAt: number | null = null;
  const firstBy = (list: Ev[], at: (ev: Ev) => number) => list.reduce<Ev | null>((a, b) => (a === null || at(b) < at(a) ? b : a), null);
  const pageAt = (ev: Ev) => ev.d ?? ev.t;
  if (paged.length) {
    detectedEv = firstBy(paged, pageAt);
    detectedAt = detectedEv ? pageAt(detectedEv) : null;
  } else if (alerts.length) {
    detectedEv = firstBy(alerts, pageAt);
    detectedAt = detectedEv ? pageAt(detectedEv) : null;
  } else {
    const chatAlerts = evs.filter((ev) => ev.e.kind === 'alert');
    detectedEv = firstBy(chatAlerts, (ev) => ev.t);
    detectedAt = detectedEv ? detectedEv.t : null;
  }
  if (detectedEv && detectedAt !== null) {
    out.detected = moment(detectedAt, detectedEv, describe(detectedEv, detectedEv.e.kind === 'page' ? 'page' : 'alert'));
  }

  // impact start: a metric series crossing its threshold, else the first problem signal leading up to detection
  const windows = series
    .map(seriesImpact)
    .filter((w): w is Window => w !== null)
    .filter((w) => detectedAt === null || (w.start <= detectedAt + HOUR && w.start >= detectedAt - 24 * HOUR));
  const firstWindow = windows.reduce<Window | null>((a, b) => (a === null || b.start < a.start ? b : a), null);
  if (firstWindow) {
    const ev = evs.find((x) => x.e.kind === 'metric' && x.t === firstWindow.start) ?? null;
    out.impactStart = moment(firstWindow.start, ev, `${firstWindow.series.name || firstWindow.series.id} first above ${firstWindow.series.threshold}`);
  } else if (detectedAt !== null && detectedEv) {
    // walk back from the first alert through problem signals (alerts, metric crossings, warning/error
    // log lines) no more than an hour apart
    const anchorT = Math.min(detectedEv.t, detectedAt);
    const signals = evs
      .filter((ev) => ev.t <= anchorT && ((ev.e.kind === 'alert' && nonChat(ev)) || ev.e.kind === 'metric' || isProblemNote(ev)))
      .sort((a, b) => b.t - a.t);
    let start: Ev = detectedEv;
    let cursor = anchorT;
    for (const s of signals) {
      if (cursor - s.t > HOUR) break;
      start = s;
      cursor = s.t;
    }
    out.impactStart = moment(Math.min(start.t, anchorT), start, describe(start, start === detectedEv ? 'first alert' : 'first sign of trouble'));
  }

  const afterDetect = (ev: Ev) => detectedAt === null || ev.t >= detectedAt - 5 * 60_000;

  // acknowledged: the first ack after detection, paging sources first
  const acks = evs.filter((ev) => ev.e.kind === 'ack' && afterDetect(ev));
  const ack = firstBy(acks.filter((ev) => ev.types.some((t) => PAGING.has(t))), (ev) => ev.t) ?? firstBy(acks, (ev) => ev.t);
  if (ack) out.acknowledged = moment(ack.t, ack, describe(ack, 'acknowledged'));

  // resolved: the last paging resolve, else the status page's resolved update, else any resolve
  const resolves = evs.filter((ev) => ev.e.kind === 'resolve' && afterDetect(ev));
  const lastBy = (list: Ev[]) => list.reduce<Ev | null>((a, b) => (a === null || b.t >= a.t ? b : a), null);
  const statusResolved = evs.filter((ev) => ev.e.kind === 'status' && ev.types.includes('statuspage') && /:\s*Resolved\b/i.test(ev.e.text));
  const resolvedEv =
    lastBy(resolves.filter((ev) => ev.types.some((t) => PAGING.has(t)))) ??
    lastBy(statusResolved) ??
    lastBy(resolves.filter(nonChat)) ??
    lastBy(resolves);
  if (resolvedEv) out.resolved = moment(resolvedEv.t, resolvedEv, describe(resolvedEv, 'resolved'));

  // mitigated: the metric back under its threshold, else the last deploy between detection and resolution
  const endT = resolvedEv ? resolvedEv.t : Infinity;
  if (firstWindow && firstWindow.end !== null && firstWindow.end <= endT) {
    const ev = evs.find((x) => x.e.kind === 'metric' && x.t === firstWindow.end) ?? null;
    out.mitigated = moment(firstWindow.end, ev, `${firstWindow.series.name || firstWindow.series.id} back under ${firstWindow.series.threshold}`);
  } else if (detectedAt !== null) {
    const deploys = evs.filter((ev) => ev.e.kind === 'deploy' && ev.t >= detectedAt! && ev.t <= endT);
    const d = lastBy(deploys);
    if (d) out.mitigated = moment(d.t, d, describe(d, 'change'));
  }
  return out;
}

/** Moments as the contract prints them: ISO strings or null. */
export function momentsToContract(m: Moments): Record<keyof Moments, string | null> {
  return {
    impactStart: m.impactStart?.at ?? null,
    detected: m.detected?.at ?? null,
    acknowledged: m.acknowledged?.at ?? null,
    mitigated: m.mitigated?.at ?? null,
    resolved: m.resolved?.at ?? null,
  };
}

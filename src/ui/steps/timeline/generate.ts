// A deterministic generated session of any size, for the Timeline step's scale tests and its benchmark.
// Pure: the start instant and the seed are passed in.
import { createSession } from '../../../domain/session.js';
import { EVENT_KINDS, type MetricSeries, type Session, type SourceType, type TimelineEvent } from '../../../domain/schema.js';

const WORDS = [
  'checkout', 'api', 'deploy', 'rollback', 'pool', 'saturation', 'alert', 'pager', 'database', 'latency', 'timeout',
  'connection', 'promo', 'index', 'replica', 'scale', 'errors', '5xx', 'merchant', 'support', 'ticket', 'status',
  'incident', 'query', 'queue', 'backlog', 'certificate', 'restart', 'cache', 'retry',
];
const ACTORS = ['alice', 'bob', 'carol', 'dmitri', 'erin', 'pagerduty', 'alertmanager', 'argocd'];
const SOURCES: SourceType[] = ['slack', 'pagerduty', 'alertmanager', 'github', 'k8s', 'statuspage', 'prometheus'];

export interface GenerateOptions {
  events: number;
  /** first event instant */
  start?: string;
  /** ms between events */
  stepMs?: number;
  seed?: number;
  /** add two metric series */
  series?: boolean;
  /** every n-th event carries an open conflict (0: none) */
  conflictEvery?: number;
}

export function generateSession(opts: GenerateOptions): Session {
  const start = Date.parse(opts.start ?? '2024-03-12T13:00:00Z');
  const step = opts.stepMs ?? 20_000;
  let seed = opts.seed ?? 7;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const pick = <T,>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!;
  const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
  const events: TimelineEvent[] = [];
  for (let i = 0; i < opts.events; i++) {
    const at = start + i * step;
    const words = Array.from({ length: 6 + Math.floor(rand() * 6) }, () => pick(WORDS));
    const type = pick(SOURCES);
    const gap = i % 9 === 4 ? 14 * 60_000 : 0;
    const conflict = opts.conflictEvery && i % opts.conflictEvery === 3;
    events.push({
      id: `g${i}`,
      occurredAt: iso(at),
      detectedAt: gap ? iso(at + gap) : null,
      precision: 'minute',
      kind: EVENT_KINDS[i % EVENT_KINDS.length]!,
      actor: pick(ACTORS),
      text: `#${i} ${words.join(' ')}`,
      sources: [
        {
          type,
          file: `${type}/export.json`,
          ref: `${type}-${i}`,
          line: i + 1,
          excerpt: `{"id":"${type}-${i}","text":"${words.join(' ')}"}`,
          ...(type === 'slack' ? { context: [`parent: what is going on with ${pick(WORDS)}?`, `reply: looking at ${pick(WORDS)}`] } : {}),
        },
      ],
      conflicts: conflict
        ? [
            {
              field: 'occurredAt',
              values: [iso(at), iso(at + 90_000)],
              sources: [type, 'pagerduty'],
              note: 'sources disagree on the time',
              resolution: null,
            },
          ]
        : [],
      confirmed: false,
    });
  }
  const session = createSession({
    id: `generated-${opts.events}`,
    now: iso(start),
    step: 'timeline',
    incident: { title: `Generated incident (${opts.events} events)`, timezone: 'UTC', summary: 'checkout errors' },
  });
  const series: MetricSeries[] = [];
  if (opts.series) {
    const end = start + Math.max(1, opts.events) * step;
    const mk = (id: string, name: string, f: (k: number) => number): MetricSeries => {
      const points: Array<[number, number]> = [];
      for (let t = start, k = 0; t <= end; t += 60_000, k++) points.push([t, f(k)]);
      return { id, name, labels: { service: 'checkout-api' }, points, source: { type: 'prometheus', file: 'prom.json', ref: id }, unit: 'ratio' };
    };
    const n = Math.max(1, (end - start) / 60_000);
    series.push(mk('s1', 'http_5xx_ratio', (k) => (k > n * 0.3 && k < n * 0.7 ? 0.1 + 0.05 * Math.sin(k) : 0.003)));
    series.push(mk('s2', 'db_connections_busy', (k) => (k > n * 0.25 && k < n * 0.75 ? 0.95 : 0.4)));
  }
  return { ...session, timeline: { ...session.timeline, events, series } };
}

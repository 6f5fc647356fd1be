// Kubernetes events: `kubectl get events -o json` (`{kind:"List", items:[Event]}`), client-go's
// `EventList`, or a single `Event`. Time: `eventTime ?? firstTimestamp ?? metadata.creationTimestamp`
// (null timestamps are normal for events.k8s.io/v1 events; eventTime is micro-time); last seen:
// `series.lastObservedTime ?? lastTimestamp`. An aggregated event (`count` or `series.count` > 1) is
// one event whose text says how many times and until when. events.k8s.io/v1 objects (`regarding`,
// `note`, `deprecatedFirstTimestamp`/`deprecatedLastTimestamp`/`deprecatedCount`) are read too.
//
// Mapping:
//   * ScalingReplicaSet events of one Deployment that involve two or more replica sets within 5 minutes
//     of each other are one rollout: ONE kind deploy event at the first scaling event, text
//     `Kubernetes Deployment <ns>/<x> rollout: replica set <new> scaled up to N, <old> scaled down to 0
//     (k scaling events, hh:mm:ss-hh:mm:ss)`. (They never name a GitHub deployment id; reconcile joins
//     them to the GitHub/Argo CD deploy of the same rollout by `deploy:<x>` and time.)
//   * ScalingReplicaSet of a single replica set (a manual scale) -> kind action.
//   * Warning events (BackOff/CrashLoopBackOff, Failed/ErrImagePull/ImagePullBackOff, Unhealthy,
//     FailedScheduling, OOMKilling, Evicted, ...) -> kind note, with the count; they are symptoms, not
//     notifications, so they never stand in for an alert.
//   * Other Normal events -> kind note.
//
// Keys emitted: `deploy:<deployment>` on rollout and scale events (lower case).
import type { EventKind } from '../domain/schema.js';
import type { ParsedTime } from './time.js';
import { arr, Collector, isObj, keyPart, obj, plain, type Obj } from './ops-common.js';
import type { DetectInput, FileImporter, ParseContext, ParseResult, VFile } from './types.js';

function isEvent(v: unknown): boolean {
  return isObj(v) && (v.kind === 'Event' || (isObj(v.involvedObject) && 'reason' in v)) && ('involvedObject' in v || 'regarding' in v);
}

export function detectK8s(input: DetectInput): boolean {
  const j = input.json;
  if (!isObj(j)) return false;
  if (isEvent(j)) return true;
  if (!Array.isArray(j.items)) return false;
  if (j.kind === 'EventList' && j.items.length === 0) return true;
  return j.items.length > 0 && isEvent(j.items[0]);
}

interface K8sEv {
  index: number;
  raw: Obj;
  at: ParsedTime;
  last: ParsedTime | null;
  count: number;
  objKind: string;
  objName: string;
  ns: string;
  reason: string;
  message: string;
  type: string;
}

const hhmmss = (ms: number) => new Date(ms).toISOString().slice(11, 19);

function read(c: Collector, raw: unknown, i: number): K8sEv | null {
  if (!isEvent(raw) || !isObj(raw)) {
    c.warn(`item ${i + 1}: not a Kubernetes Event, skipped`);
    return null;
  }
  const meta = obj(raw.metadata);
  const inv = obj(raw.involvedObject ?? raw.regarding);
  const series = obj(raw.series);
  const label = plain(meta.name) || `item ${i + 1}`;
  const at =
    c.time(raw.eventTime, `event ${label} eventTime`) ??
    c.time(raw.firstTimestamp, `event ${label} firstTimestamp`) ??
    c.time(raw.deprecatedFirstTimestamp, `event ${label} deprecatedFirstTimestamp`) ??
    c.time(meta.creationTimestamp, `event ${label} creationTimestamp`);
  if (!at) {
    c.warn(`item ${i + 1} (${label}): no eventTime, firstTimestamp or creationTimestamp, skipped`);
    return null;
  }
  const last =
    c.time(series.lastObservedTime, `event ${label} series.lastObservedTime`) ??
    c.time(raw.lastTimestamp, `event ${label} lastTimestamp`) ??
    c.time(raw.deprecatedLastTimestamp, `event ${label} deprecatedLastTimestamp`);
  const countRaw =
    typeof raw.count === 'number' ? raw.count : typeof series.count === 'number' ? series.count : typeof raw.deprecatedCount === 'number' ? raw.deprecatedCount : 1;
  return {
    index: i,
    raw,
    at,
    last,
    count: Number.isFinite(countRaw) && countRaw > 0 ? Math.trunc(countRaw) : 1,
    objKind: plain(inv.kind) || 'Object',
    objName: plain(inv.name) || '?',
    ns: plain(inv.namespace) || plain(meta.namespace),
    reason: plain(raw.reason) || 'Event',
    message: plain(raw.message ?? raw.note),
    type: plain(raw.type) || 'Normal',
  };
}

function excerpt(e: K8sEv): unknown {
  return {
    name: obj(e.raw.metadata).name,
    involvedObject: `${e.objKind}/${e.objName}`,
    reason: e.reason,
    message: e.message,
    type: e.type,
    count: e.count,
    firstTimestamp: e.raw.firstTimestamp,
    lastTimestamp: e.raw.lastTimestamp,
    eventTime: e.raw.eventTime,
  };
}

const SCALE = /^Scaled (up|down) replica set (\S+) to (\d+)/;

function scalingGroups(events: K8sEv[]): K8sEv[][] {
  const byDeploy = new Map<string, K8sEv[]>();
  for (const e of events) {
    const k = `${e.ns}/${e.objName}`;
    byDeploy.set(k, [...(byDeploy.get(k) ?? []), e]);
  }
  const groups: K8sEv[][] = [];
  for (const list of byDeploy.values()) {
    list.sort((a, b) => a.at.ms - b.at.ms);
    let cur: K8sEv[] = [];
    for (const e of list) {
      const prev = cur[cur.length - 1];
      if (prev && e.at.ms - prev.at.ms > 5 * 60_000) {
        groups.push(cur);
        cur = [];
      }
      cur.push(e);
    }
    if (cur.length) groups.push(cur);
  }
  return groups;
}

function emitScaling(c: Collector, group: K8sEv[]): void {
  const first = group[0]!;
  const lastEv = group[group.length - 1]!;
  const deployment = first.objName;
  const key = `deploy:${keyPart(deployment)}`;
  const sets = new Map<string, { up: boolean; to: number }>();
  let newest: string | null = null;
  for (const e of group) {
    const m = SCALE.exec(e.message);
    if (!m) continue;
    sets.set(m[2]!, { up: m[1] === 'up', to: Number(m[3]) });
    if (m[1] === 'up' && newest === null) newest = m[2]!;
  }
  const where = `${first.ns ? `${first.ns}/` : ''}${deployment}`;
  if (sets.size >= 2) {
    const parts = [...sets.entries()]
      .sort(([a], [b]) => (a === newest ? -1 : b === newest ? 1 : 0))
      .map(([rs, s]) => `${rs} scaled ${s.up ? 'up' : 'down'} to ${s.to}`);
    const span = group.length > 1 ? ` (${group.length} scaling events, ${hhmmss(first.at.ms)}-${hhmmss(lastEv.at.ms)})` : '';
    c.add({
      ref: plain(obj(first.raw.metadata).name) || `scaling-${first.index + 1}`,
      at: first.at,
      kind: 'deploy',
      text: `Kubernetes Deployment ${where} rollout: replica set ${parts.join(', ')}${span}`,
      actor: plain(obj(first.raw.source).component) || plain(first.raw.reportingComponent) || null,
      excerpt: { deployment: where, events: group.map((e) => `${hhmmss(e.at.ms)} ${e.message}`) },
      keys: [key],
      facts: newest ? { replicaSet: newest } : undefined,
    });
    return;
  }
  for (const e of group) {
    c.add({
      ref: plain(obj(e.raw.metadata).name) || `event-${e.index + 1}`,
      at: e.at,
      kind: 'action',
      text: `Kubernetes Deployment ${where}: ${e.message || e.reason}`,
      actor: plain(obj(e.raw.source).component) || null,
      excerpt: excerpt(e),
      keys: [key],
    });
  }
}

export function parseK8sJson(j: unknown, ctx: ParseContext): ParseResult {
  const c = new Collector('k8s', ctx);
  if (!isObj(j)) return c.result();
  const items = isEvent(j) ? [j] : arr(j.items);
  const evs: K8sEv[] = [];
  items.forEach((raw, i) => {
    try {
      const e = read(c, raw, i);
      if (e) evs.push(e);
    } catch (err) {
      c.warn(`item ${i + 1}: skipped (${err instanceof Error ? err.message : String(err)})`);
    }
  });
  const scaling = evs.filter((e) => e.reason === 'ScalingReplicaSet' && e.objKind === 'Deployment');
  for (const g of scalingGroups(scaling)) emitScaling(c, g);
  for (const e of evs) {
    if (scaling.includes(e)) continue;
    const kind: EventKind = 'note';
    const times = e.count > 1 ? ` (${e.count} times${e.last && e.last.ms > e.at.ms ? ` until ${hhmmss(e.last.ms)}` : ''})` : '';
    c.add({
      ref: plain(obj(e.raw.metadata).name) || `event-${e.index + 1}`,
      at: e.at,
      kind,
      text: `${e.type === 'Warning' ? 'Warning ' : ''}${e.objKind} ${e.ns ? `${e.ns}/` : ''}${e.objName}: ${e.reason}${e.message ? `: ${e.message}` : ''}${times}`,
      actor: plain(obj(e.raw.source).component) || plain(e.raw.reportingComponent) || null,
      excerpt: excerpt(e),
      facts: { reason: e.reason },
    });
  }
  return c.result();
}

export const k8sImporter = {
  id: 'k8s',
  source: 'k8s',
  detect: (input: DetectInput) => {
    try {
      return detectK8s(input);
    } catch {
      return false;
    }
  },
  parse: (_file: VFile, input: DetectInput, ctx: ParseContext) => parseK8sJson(input.json, ctx),
} satisfies FileImporter;

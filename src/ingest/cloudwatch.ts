// AWS CloudWatch: `aws cloudwatch describe-alarm-history` output (`{AlarmHistoryItems:[{AlarmName,
// AlarmType, Timestamp, HistoryItemType, HistorySummary, HistoryData}]}`) and `describe-alarms`
// output (`{MetricAlarms:[...], CompositeAlarms:[...]}`: the current state only, one event per alarm),
// and `get-metric-data` output (`{MetricDataResults:[{Id, Label, Timestamps, Values, StatusCode}]}`):
// each result kept whole as a MetricSeries (id `cloudwatch:<Label or Id>`, points sorted: the API
// returns newest first) with threshold-crossing events of kind metric, by the Prometheus importer's
// documented default-threshold rule.
// `HistoryData` is a JSON *string*; its dates use `+0000` offsets. The event time is the item's
// `Timestamp`; `stateReason` text is never parsed for time.
//
// Mapping: StateUpdate to ALARM -> kind alert, to OK -> kind resolve, to INSUFFICIENT_DATA -> note;
// ConfigurationUpdate / Action / others -> note (text = HistorySummary).
//
// Keys emitted: `alert:<alarmname>`.
import type { EventKind, MetricSeries } from '../domain/schema.js';
import { arr, Collector, eachRecord, excerptOf, isObj, keyPart, obj, plain, str, type Obj } from './ops-common.js';
import { crossings, defaultThreshold, unitOf } from './prometheus.js';
import { toMs } from './time.js';
import type { DetectInput, FileImporter, ParseContext, ParseResult, VFile } from './types.js';

export function detectCloudwatch(input: DetectInput): boolean {
  const j = input.json;
  if (!isObj(j)) return false;
  if (Array.isArray(j.AlarmHistoryItems)) return true;
  if (Array.isArray(j.MetricDataResults)) return true;
  return (Array.isArray(j.MetricAlarms) || Array.isArray(j.CompositeAlarms)) && !('AlarmHistoryItems' in j);
}

function stateKind(state: string): EventKind {
  if (state === 'ALARM') return 'alert';
  if (state === 'OK') return 'resolve';
  return 'note';
}

function historyItem(c: Collector, it: unknown, i: number): void {
  if (!isObj(it)) {
    c.warn(`history item ${i + 1}: not an object, skipped`);
    return;
  }
  const name = plain(it.AlarmName) || 'alarm';
  const at = c.time(it.Timestamp, `history item ${i + 1} (${name})`);
  if (!at) {
    c.warn(`history item ${i + 1} (${name}): no readable Timestamp, skipped`);
    return;
  }
  const type = plain(it.HistoryItemType);
  const summary = plain(it.HistorySummary);
  let data: Obj = {};
  const rawData = str(it.HistoryData);
  if (rawData) {
    try {
      const parsed: unknown = JSON.parse(rawData);
      if (isObj(parsed)) data = parsed;
    } catch {
      c.warn(`history item ${i + 1} (${name}): HistoryData is not valid JSON; using HistorySummary`);
    }
  }
  let kind: EventKind = 'note';
  let text = summary || `${name}: ${type || 'update'}`;
  if (type === 'StateUpdate') {
    const fromSummary = /from (\w+) to (\w+)/.exec(summary);
    const newState = plain(obj(data.newState).stateValue) || fromSummary?.[2] || '';
    const oldState = plain(obj(data.oldState).stateValue) || fromSummary?.[1] || '';
    const reason = plain(obj(data.newState).stateReason);
    kind = stateKind(newState);
    text = `${name}: ${oldState || '?'} -> ${newState || '?'}${reason ? ` (${reason})` : ''}`;
  } else if (summary && !summary.toLowerCase().includes(name.toLowerCase())) {
    text = `${name}: ${summary}`;
  }
  c.add({
    ref: `${name}@${at.raw}`,
    at,
    kind,
    text,
    excerpt: { AlarmName: it.AlarmName, Timestamp: it.Timestamp, HistoryItemType: it.HistoryItemType, HistorySummary: it.HistorySummary },
    keys: [`alert:${keyPart(name)}`],
  });
}

function alarm(c: Collector, a: unknown, i: number): void {
  if (!isObj(a)) {
    c.warn(`alarm ${i + 1}: not an object, skipped`);
    return;
  }
  const name = plain(a.AlarmName) || 'alarm';
  const at = c.time(a.StateUpdatedTimestamp, `alarm ${i + 1} (${name})`);
  if (!at) {
    c.warn(`alarm ${i + 1} (${name}): no readable StateUpdatedTimestamp, skipped`);
    return;
  }
  const state = plain(a.StateValue);
  c.add({
    ref: `${name}@${at.raw}`,
    at,
    kind: stateKind(state),
    text: `${name}: state ${state || '?'}${plain(a.StateReason) ? ` (${plain(a.StateReason)})` : ''}`,
    excerpt: { AlarmName: a.AlarmName, StateValue: a.StateValue, StateUpdatedTimestamp: a.StateUpdatedTimestamp, MetricName: a.MetricName, Threshold: a.Threshold },
    keys: [`alert:${keyPart(name)}`],
  });
}

function metricData(c: Collector, results: unknown[], series: MetricSeries[]): void {
  results.forEach((raw, i) => {
    if (!isObj(raw)) {
      c.warn(`metric data result ${i + 1}: not an object, skipped`);
      return;
    }
    const name = plain(raw.Label) || plain(raw.Id) || `result ${i + 1}`;
    const ts = arr(raw.Timestamps);
    const vs = arr(raw.Values);
    const status = plain(raw.StatusCode);
    if (status && status !== 'Complete') c.warn(`metric data ${name}: StatusCode ${status}${arr(raw.Messages).length ? ` (${arr(raw.Messages).map((m) => plain(obj(m).Value)).join('; ')})` : ''}`);
    if (ts.length !== vs.length) c.warn(`metric data ${name}: ${ts.length} timestamps but ${vs.length} values; extra entries ignored`);
    const points: Array<[number, number]> = [];
    let bad = 0;
    for (let k = 0; k < Math.min(ts.length, vs.length); k++) {
      const t = toMs(ts[k]);
      const v = vs[k];
      if (t === null || typeof v !== 'number' || !Number.isFinite(v)) bad++;
      else points.push([t, v]);
    }
    if (bad) c.warn(`metric data ${name}: ${bad} unreadable sample(s) skipped`);
    points.sort((a, b) => a[0] - b[0]);
    if (!points.length) {
      c.warn(`metric data ${name}: no usable samples, skipped`);
      return;
    }
    const unit = unitOf(name, points.map((p) => p[1]));
    const { threshold, rising } = defaultThreshold(points.map((p) => p[1]), unit, name);
    const id = `cloudwatch:${name}`;
    series.push({ id, name, labels: { id: plain(raw.Id) }, points, source: { type: 'cloudwatch', file: c.ctx.file, ref: name, excerpt: excerptOf({ Id: raw.Id, Label: raw.Label, samples: points.length, StatusCode: raw.StatusCode }) }, unit, threshold });
    for (const x of crossings(points, threshold, rising)) {
      const [t, v] = points[x.index]!;
      c.add({
        ref: `${name}@${t}`,
        at: { ms: t, raw: new Date(t).toISOString(), zoned: true, fractionDigits: 3 },
        kind: 'metric',
        text: `${name} ${x.up ? 'rose above' : 'fell below'} ${+threshold.toPrecision(4)} (${+v.toPrecision(4)})`,
        excerpt: { series: name, t: new Date(t).toISOString(), value: v, threshold },
        keys: [`series:${id}`],
      });
    }
  });
}

export function parseCloudwatchJson(j: unknown, ctx: ParseContext): ParseResult {
  const c = new Collector('cloudwatch', ctx);
  if (!isObj(j)) return c.result();
  if (Array.isArray(j.MetricDataResults)) {
    const series: MetricSeries[] = [];
    metricData(c, j.MetricDataResults, series);
    return { ...c.result(), series };
  }
  if (Array.isArray(j.AlarmHistoryItems)) eachRecord(c, j.AlarmHistoryItems, 'history item', (it, i) => historyItem(c, it, i));
  else {
    const alarms = [...arr(j.MetricAlarms), ...arr(j.CompositeAlarms)];
    eachRecord(c, alarms, 'alarm', (a, i) => alarm(c, a, i));
  }
  return c.result();
}

export const cloudwatchImporter = {
  id: 'cloudwatch',
  source: 'cloudwatch',
  detect: (input: DetectInput) => {
    try {
      return detectCloudwatch(input);
    } catch {
      return false;
    }
  },
  parse: (_file: VFile, input: DetectInput, ctx: ParseContext) => parseCloudwatchJson(input.json, ctx),
} satisfies FileImporter;

// Prometheus HTTP API `query_range` JSON: `{status, data:{resultType:"matrix", result:[{metric, values}]}}`,
// or only `data.result` (a bare array). Each series is kept whole as a MetricSeries (id stable:
// `prometheus:<name>{sorted labels}`; name = `__name__`, else the expression or `series N`), and
// threshold crossings become kind `metric` events naming the series (`__name__{labels}`).
//
// Threshold rule (documented, deterministic; a facilitator can override in the Impact step):
//   baseline = median of the first quarter of the finite samples (the query is expected to start
//   before the incident).
//   * ratio series (every finite value within [0, 1]):
//       baseline < 0.5% -> 1% (0.01), the usual "errors above 1%" line;
//       baseline < 50%  -> twice the baseline (an error ratio already above 0.5% must double);
//       otherwise (success/availability ratios, `up`) -> baseline - 5 points, crossings are drops.
//   * percent series (name says percent/pct, values within [0, 100]): the same rule on value/100.
//   * `up`: 0.5, crossings downward are the bad direction (target down), upward the recovery.
//   * any other series: baseline + max(4 x 1.4826 x MAD, 50% of |baseline|, 1e-9).
//   An "up" crossing is the first sample at or above the threshold after samples below it; a "down"
//   crossing the first sample below after samples at or above. A crossing counts only when the
//   next sample (if any) stays on the new side, so one noisy sample does not make two events.
//   The state before the first sample is "below" for rising thresholds ("above" for drop thresholds)
//   so a series that starts inside the incident still yields its crossing.
//   Missing samples (gaps longer than 1.5 x the step) are left as gaps; NaN/Inf samples are dropped;
//   both are counted in one warning per series.
// Instant queries (`vector`, `scalar`, `string`) have no time range: a warning, no events.
import type { MetricSeries } from '../domain/schema.js';
import { oneLine } from '../domain/text.js';
import { arr, Collector, excerptOf, isObj, obj, plain, str, type Obj } from './ops-common.js';
import type { DetectInput, FileImporter, ParseContext, ParseResult, VFile } from './types.js';

function isSeriesItem(v: unknown): boolean {
  return isObj(v) && isObj(v.metric) && (Array.isArray(v.values) || Array.isArray(v.value) || Array.isArray(v.histograms));
}

export function detectPrometheus(input: DetectInput): boolean {
  const j = input.json;
  if (Array.isArray(j)) return j.length > 0 && isSeriesItem(j[0]);
  if (!isObj(j) || !isObj(j.data)) return false;
  const d = j.data;
  return typeof d.resultType === 'string' && ['matrix', 'vector', 'scalar', 'string'].includes(d.resultType) && 'result' in d;
}

export function seriesLabel(name: string, labels: Record<string, string>): string {
  const ls = Object.entries(labels)
    .filter(([k]) => k !== '__name__')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}="${v}"`)
    .join(',');
  return ls ? `${name}{${ls}}` : name;
}

export function unitOf(name: string, values: number[]): MetricSeries['unit'] {
  const n = name.toLowerCase();
  if (/ratio/.test(n)) return 'ratio';
  if (/percent|pct/.test(n)) return 'percent';
  if (/_seconds/.test(n)) return 'seconds';
  if (/^rate\(|^irate\(|_rate\d*[smh]?$|per_?second/.test(n)) return 'rate';
  if (/_total|_count|^count/.test(n)) return 'count';
  if (values.length && values.every((v) => v >= 0 && v <= 1)) return 'ratio';
  return 'other';
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length === 0 ? 0 : s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** The default threshold for a series and whether crossing it upward is the bad direction. */
export function defaultThreshold(values: number[], unit: MetricSeries['unit'], name = ''): { threshold: number; rising: boolean } {
  // `up` is 1 (scraped) or 0 (down): the line is halfway, crossing it downward is the bad direction
  if (name === 'up') return { threshold: 0.5, rising: false };
  const finite = values.filter(Number.isFinite);
  const head = finite.slice(0, Math.max(1, Math.ceil(finite.length / 4)));
  const base = median(head);
  const scale = unit === 'percent' && finite.every((v) => v >= 0 && v <= 100) ? 100 : 1;
  const isRatio = unit === 'ratio' || unit === 'percent' ? finite.every((v) => v >= 0 && v <= scale) : false;
  if (isRatio) {
    const b = base / scale;
    if (b < 0.005) return { threshold: 0.01 * scale, rising: true };
    if (b < 0.5) return { threshold: 2 * b * scale, rising: true };
    return { threshold: (b - 0.05) * scale, rising: false };
  }
  const mad = median(head.map((v) => Math.abs(v - base)));
  return { threshold: base + Math.max(4 * 1.4826 * mad, 0.5 * Math.abs(base), 1e-9), rising: true };
}

export function crossings(points: Array<[number, number]>, threshold: number, rising: boolean): Array<{ index: number; up: boolean }> {
  const out: Array<{ index: number; up: boolean }> = [];
  let above = !rising; // assume the healthy side before the first sample
  for (let i = 0; i < points.length; i++) {
    const v = points[i]![1];
    const isAbove = v >= threshold;
    if (isAbove === above) continue;
    const next = points[i + 1];
    if (next && next[1] >= threshold !== isAbove) continue; // a single-sample blip
    above = isAbove;
    out.push({ index: i, up: isAbove });
  }
  return out;
}

function fmt(v: number, unit: MetricSeries['unit']): string {
  if (unit === 'ratio') return `${+(v * 100).toFixed(2)}%`;
  if (unit === 'percent') return `${+v.toFixed(2)}%`;
  return String(+v.toPrecision(4));
}

export function parsePrometheusJson(j: unknown, ctx: ParseContext): ParseResult {
  const c = new Collector('prometheus', ctx);
  const series: MetricSeries[] = [];
  let result: unknown[];
  let resultType = 'matrix';
  if (Array.isArray(j)) result = j;
  else {
    const root = obj(j);
    if (str(root.status) === 'error') c.warn(`query failed: ${str(root.errorType) ?? 'error'} ${str(root.error) ?? ''}`);
    const d = obj(root.data);
    resultType = str(d.resultType) ?? 'matrix';
    if (resultType !== 'matrix') {
      c.warn(`resultType "${resultType}" is an instant query, not a range: no series or events (export a query_range instead)`);
      return { events: [], series: [], warnings: c.warnings };
    }
    result = arr(d.result);
  }
  result.forEach((item, si) => {
    if (!isObj(item) || !isObj(item.metric)) {
      c.warn(`series ${si + 1}: malformed (no metric), skipped`);
      return;
    }
    const labels: Record<string, string> = {};
    for (const [k, v] of Object.entries(item.metric)) {
      const s = str(v);
      if (s !== null) labels[oneLine(k)] = oneLine(s);
    }
    if (!Array.isArray(item.values)) {
      c.warn(`series ${si + 1}: ${Array.isArray(item.value) ? 'an instant vector sample' : 'no float samples (histograms only?)'}, skipped`);
      return;
    }
    const name = labels.__name__ ?? (plain((item as Obj).query) || `series ${si + 1}`);
    const label = seriesLabel(name, labels);
    const points: Array<[number, number]> = [];
    let bad = 0;
    for (const p of item.values as unknown[]) {
      if (!Array.isArray(p) || p.length < 2) {
        bad++;
        continue;
      }
      const t = typeof p[0] === 'number' ? p[0] : Number(p[0]);
      const v = typeof p[1] === 'string' ? Number(p[1]) : typeof p[1] === 'number' ? p[1] : NaN;
      if (!Number.isFinite(t) || !Number.isFinite(v)) {
        bad++;
        continue;
      }
      points.push([Math.round(t * 1000), v]);
    }
    points.sort((a, b) => a[0] - b[0]);
    if (points.length === 0) {
      c.warn(`series ${si + 1} (${label}): no usable samples, skipped`);
      return;
    }
    // gaps: steps longer than 1.5x the median step
    const steps = points.slice(1).map((p, i) => p[0] - points[i]![0]);
    const step = median(steps);
    let missing = 0;
    if (step > 0) for (const s of steps) if (s > step * 1.5) missing += Math.round(s / step) - 1;
    if (bad || missing)
      c.warn(`series ${si + 1} (${label}): ${missing ? `${missing} missing sample(s)` : ''}${missing && bad ? ', ' : ''}${bad ? `${bad} unusable sample(s) (NaN/Inf/malformed)` : ''}`);
    const unit = unitOf(name, points.map((p) => p[1]));
    const { threshold, rising } = defaultThreshold(points.map((p) => p[1]), unit, name);
    const id = `prometheus:${label}`;
    series.push({
      id,
      name,
      labels,
      points,
      source: { type: 'prometheus', file: ctx.file, ref: label, excerpt: excerptOf({ metric: item.metric, samples: points.length, step_s: step / 1000 }) },
      unit,
      threshold,
    });
    for (const x of crossings(points, threshold, rising)) {
      const [t, v] = points[x.index]!;
      const dir = x.up ? 'rose above' : 'fell below';
      c.add({
        ref: `${label}@${t}`,
        at: { ms: t, raw: String(t / 1000), zoned: true, fractionDigits: 0 },
        kind: 'metric',
        text: `${label} ${dir} ${fmt(threshold, unit)} (${fmt(v, unit)})`,
        excerpt: { series: label, t: t / 1000, value: v, threshold },
        keys: [`series:${id}`],
        facts: { series: label },
      });
    }
  });
  const r = c.result();
  return { ...r, series };
}

export const prometheusImporter = {
  id: 'prometheus',
  source: 'prometheus',
  detect: (input: DetectInput) => {
    try {
      return detectPrometheus(input);
    } catch {
      return false;
    }
  },
  parse: (_file: VFile, input: DetectInput, ctx: ParseContext) => parsePrometheusJson(input.json, ctx),
} satisfies FileImporter;

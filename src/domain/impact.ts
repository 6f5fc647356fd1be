// Impact maths: every figure is computed from the session's key moments, metric series and entered
// inputs, and carries its formula and inputs so the room can check it. Pure: no I/O, no clock.
import type { MetricSeries, Moment, Moments, Session } from './schema.js';

export type FigureKey =
  | 'timeToDetect'
  | 'timeToAcknowledge'
  | 'timeToMitigate'
  | 'timeToResolve'
  | 'impactWindow'
  | 'degradedTime'
  | 'downtime'
  | 'requests'
  | 'failedRequests'
  | 'failedAboveBaseline'
  | 'meanErrorRatio'
  | 'peakErrorRatio'
  | 'usersAffected'
  | 'failedTransactions'
  | 'revenueAtRisk'
  | 'sloBudgetConsumed'
  | 'slaAvailability';

export const FIGURE_ORDER: FigureKey[] = [
  'timeToDetect',
  'timeToAcknowledge',
  'timeToMitigate',
  'timeToResolve',
  'impactWindow',
  'degradedTime',
  'downtime',
  'requests',
  'failedRequests',
  'failedAboveBaseline',
  'meanErrorRatio',
  'peakErrorRatio',
  'usersAffected',
  'failedTransactions',
  'revenueAtRisk',
  'sloBudgetConsumed',
  'slaAvailability',
];

export const FIGURE_LABELS: Record<FigureKey, string> = {
  timeToDetect: 'Time to detect',
  timeToAcknowledge: 'Time to acknowledge',
  timeToMitigate: 'Time to mitigate',
  timeToResolve: 'Time to resolve',
  impactWindow: 'Impact window',
  degradedTime: 'Degraded time',
  downtime: 'Total downtime',
  requests: 'Requests in the impact window',
  failedRequests: 'Failed requests',
  failedAboveBaseline: 'Failed requests above baseline',
  meanErrorRatio: 'Mean error ratio',
  peakErrorRatio: 'Peak error ratio',
  usersAffected: 'Users affected',
  failedTransactions: 'Failed transactions',
  revenueAtRisk: 'Revenue at risk',
  sloBudgetConsumed: 'SLO error budget consumed',
  slaAvailability: 'SLA availability',
};

export interface Figure {
  key: FigureKey;
  label: string;
  value: number;
  unit: string;
  /** human-readable formula */
  formula: string;
  inputs: Record<string, number | string>;
  /** the one display string every document uses */
  display: string;
  /** for SLO and SLA figures */
  breached?: boolean;
}

export interface MissingFigure {
  key: FigureKey;
  label: string;
  /** which inputs are missing, in words */
  missing: string[];
}

export interface ImpactWindow {
  start: string;
  end: string;
  /** where the window came from */
  from: 'series' | 'moments';
}

export interface ImpactReport {
  figures: Figure[];
  byKey: Partial<Record<FigureKey, Figure>>;
  missing: MissingFigure[];
  window: ImpactWindow | null;
  /** the series used, if any */
  seriesId: string | null;
  notes: string[];
}

export interface ImpactOptions {
  /** pick a series other than inputs.seriesId */
  seriesId?: string;
  /** ignore key moments the room has not confirmed (proposed by an import): documents use this */
  confirmedOnly?: boolean;
}

// ---------- formatting (one place, used by every document) ----------

const numberFormats = new Map<string, Intl.NumberFormat>();
function nf(min: number, max: number): Intl.NumberFormat {
  const key = `${min}-${max}`;
  let f = numberFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat('en-US', { minimumFractionDigits: min, maximumFractionDigits: max });
    numberFormats.set(key, f);
  }
  return f;
}

/** 9498 -> "9,498" */
export function formatInt(n: number): string {
  return nf(0, 0).format(Math.round(n));
}

/** A number with at most `digits` decimals and thousands separators. */
export function formatNumber(n: number, digits = 1): string {
  return nf(0, digits).format(n);
}

/** 0.15569 -> "15.6%" (ratio in, percent out). */
export function formatPercent(ratio: number, digits = 1): string {
  return `${nf(digits, digits).format(ratio * 100)}%`;
}

/** 2355000 -> "39 min 15 s"; 199973000 -> "55 h 32 min 53 s". Seconds are rounded. */
export function formatDuration(ms: number): string {
  const neg = ms < 0;
  let s = Math.round(Math.abs(ms) / 1000);
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  const parts: string[] = [];
  if (h) parts.push(`${h} h`);
  if (m) parts.push(`${m} min`);
  if (s || parts.length === 0) parts.push(`${s} s`);
  return (neg ? '-' : '') + parts.join(' ');
}

export function formatMoney(amount: number, currency: string | null | undefined): string {
  const n = formatInt(amount);
  return currency ? `${currency} ${n}` : n;
}

// ---------- helpers ----------

function ms(iso: string | null | undefined): number | null {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : t;
}

function iso(t: number): string {
  return new Date(t).toISOString();
}

/** The median spacing of a series' samples, in ms. */
export function seriesStep(points: ReadonlyArray<readonly [number, number]>): number | null {
  if (points.length < 2) return null;
  const gaps: number[] = [];
  for (let i = 1; i < points.length; i++) gaps.push(points[i]![0] - points[i - 1]![0]);
  gaps.sort((a, b) => a - b);
  return gaps[Math.floor(gaps.length / 2)]! || null;
}

/** Pick the series impact maths should use: inputs.seriesId, else the first ratio/percent series. */
export function pickSeries(session: Session, seriesId?: string | null): MetricSeries | null {
  const all = session.timeline.series;
  const id = seriesId ?? session.impact.inputs.seriesId;
  if (id) return all.find((x) => x.id === id) ?? null;
  return all.find((x) => x.unit === 'ratio' || x.unit === 'percent') ?? null;
}

interface SeriesStats {
  startMs: number;
  endMs: number;
  stepMs: number;
  present: number;
  missing: number;
  sumRatio: number;
  peak: number;
  peakAt: number;
  aboveDown: number | null;
  aboveImpact: number;
}

function seriesStats(series: MetricSeries, threshold: number | null, window: { start: number; end: number } | null, down: number | null): SeriesStats | null {
  const scale = series.unit === 'percent' ? 0.01 : 1;
  const pts = series.points.map(([t, v]) => [t, v * scale] as const).filter(([, v]) => Number.isFinite(v));
  const stepMs = seriesStep(pts);
  if (!stepMs) return null;
  let start: number;
  let end: number;
  if (threshold !== null) {
    const above = pts.filter(([t, v]) => v > threshold && (!window || (t >= window.start - 30 * 60_000 && t <= window.end + 30 * 60_000)));
    if (!above.length) return null;
    start = above[0]![0];
    end = above[above.length - 1]![0];
  } else if (window) {
    start = window.start;
    end = window.end;
  } else return null;
  const inWindow = pts.filter(([t]) => t >= start && t <= end);
  if (!inWindow.length) return null;
  const expected = Math.round((end - start) / stepMs) + 1;
  let sum = 0;
  let peak = -Infinity;
  let peakAt = start;
  let aboveDown = 0;
  let aboveImpact = 0;
  for (const [t, v] of inWindow) {
    sum += v;
    if (v > peak) {
      peak = v;
      peakAt = t;
    }
    if (down !== null && v > down) aboveDown++;
    if (threshold !== null && v > threshold) aboveImpact++;
  }
  // samples above the SLA threshold count wherever they fall in the series' whole range near the window
  return {
    startMs: start,
    endMs: end,
    stepMs,
    present: inWindow.length,
    missing: Math.max(0, expected - inWindow.length),
    sumRatio: sum,
    peak,
    peakAt,
    aboveDown: down === null ? null : aboveDown,
    aboveImpact: threshold === null ? inWindow.length : aboveImpact,
  };
}

// ---------- the report ----------

export function computeImpact(session: Session, opts: ImpactOptions = {}): ImpactReport {
  const inp = session.impact.inputs;
  const slo = session.impact.slo;
  const raw = session.timeline.moments;
  const unconfirmed = (m: Moment | null) => !!m && opts.confirmedOnly === true && m.confirmed === false;
  const mo: Moments = {
    impactStart: unconfirmed(raw.impactStart) ? null : raw.impactStart,
    detected: unconfirmed(raw.detected) ? null : raw.detected,
    acknowledged: unconfirmed(raw.acknowledged) ? null : raw.acknowledged,
    mitigated: unconfirmed(raw.mitigated) ? null : raw.mitigated,
    resolved: unconfirmed(raw.resolved) ? null : raw.resolved,
  };
  const momentName = (key: keyof Moments, label: string) => (unconfirmed(raw[key]) ? `${label} (proposed, not yet confirmed)` : label);
  const figures: Figure[] = [];
  const missing: MissingFigure[] = [];
  const notes: string[] = [];
  const add = (f: Omit<Figure, 'label'>) => figures.push({ ...f, label: FIGURE_LABELS[f.key] });
  const miss = (key: FigureKey, ...what: string[]) => missing.push({ key, label: FIGURE_LABELS[key], missing: what });

  const start = ms(mo.impactStart?.at);
  const momentDur = (key: 'detected' | 'acknowledged' | 'mitigated' | 'resolved', fig: FigureKey) => {
    const at = ms(mo[key]?.at);
    if (start === null || at === null) {
      const need: string[] = [];
      if (start === null) need.push(momentName('impactStart', 'the impact start moment'));
      if (at === null) need.push(momentName(key, `the ${key} moment`));
      miss(fig, ...need);
      return;
    }
    add({
      key: fig,
      value: (at - start) / 1000,
      unit: 's',
      formula: `${key} − impact start`,
      inputs: { 'impact start': mo.impactStart!.at, [key]: mo[key]!.at },
      display: formatDuration(at - start),
    });
  };
  momentDur('detected', 'timeToDetect');
  momentDur('acknowledged', 'timeToAcknowledge');
  momentDur('mitigated', 'timeToMitigate');
  momentDur('resolved', 'timeToResolve');

  const endMoment = mo.mitigated ?? mo.resolved;
  const momentWindow = start !== null && ms(endMoment?.at) !== null ? { start, end: ms(endMoment!.at)! } : null;
  const endName = mo.mitigated ? 'mitigated' : 'resolved';

  // ----- series or entered figures -----
  const series = pickSeries(session, opts.seriesId);
  const threshold = inp.impactThreshold ?? series?.threshold ?? null;
  const down = inp.downThreshold ?? null;
  const stats = series ? seriesStats(series, threshold, momentWindow, down) : null;
  if (series && !stats) notes.push(`The series ${series.name} has no samples ${threshold !== null ? `above ${formatPercent(threshold, 1)}` : 'in the impact window'}; figures use the entered inputs.`);

  let window: ImpactWindow | null = null;
  let requests: number | null = null;
  let failed: number | null = null;
  const rate = inp.requestRate ?? null;

  if (stats && series) {
    window = { start: iso(stats.startMs), end: iso(stats.endMs), from: 'series' };
    const stepS = stats.stepMs / 1000;
    const seriesIn: Record<string, number | string> = {
      series: series.name,
      ...(threshold !== null ? { 'impact threshold': formatPercent(threshold, 1) } : {}),
      'step (s)': stepS,
      'samples in window': stats.present,
      ...(stats.missing ? { 'missing samples (not counted)': stats.missing } : {}),
    };
    add({
      key: 'impactWindow',
      value: (stats.endMs - stats.startMs) / 1000,
      unit: 's',
      formula: threshold !== null ? `last sample above the threshold − first sample above it` : `${endName} − impact start`,
      inputs: { start: window.start, end: window.end, ...seriesIn },
      display: formatDuration(stats.endMs - stats.startMs),
    });
    if (stats.missing) notes.push(`${stats.missing} sample${stats.missing === 1 ? '' : 's'} missing from ${series.name} in the impact window: not counted.`);
    const degradedMs = stats.aboveImpact * stats.stepMs;
    add({
      key: 'degradedTime',
      value: degradedMs / 1000,
      unit: 's',
      formula: threshold !== null ? 'samples above the impact threshold × step' : 'samples in the window × step',
      inputs: { 'samples above': stats.aboveImpact, 'step (s)': stepS },
      display: formatDuration(degradedMs),
    });
    add({
      key: 'meanErrorRatio',
      value: stats.sumRatio / stats.present,
      unit: 'ratio',
      formula: 'sum of the sampled ratios ÷ samples',
      inputs: { 'sum of ratios': Number(stats.sumRatio.toFixed(6)), samples: stats.present },
      display: formatPercent(stats.sumRatio / stats.present, 2),
    });
    add({
      key: 'peakErrorRatio',
      value: stats.peak,
      unit: 'ratio',
      formula: 'highest sampled ratio',
      inputs: { at: iso(stats.peakAt) },
      display: formatPercent(stats.peak, 1),
    });
    if (rate !== null) {
      requests = rate * stepS * stats.present;
      failed = rate * stepS * stats.sumRatio;
      add({
        key: 'requests',
        value: requests,
        unit: 'requests',
        formula: 'request rate × step × samples',
        inputs: { 'request rate (req/s)': rate, 'step (s)': stepS, samples: stats.present },
        display: formatInt(requests),
      });
    } else {
      miss('requests', 'the request rate (requests per second)');
    }
    if (down !== null && stats.aboveDown !== null) {
      const downMs = stats.aboveDown * stats.stepMs;
      add({
        key: 'downtime',
        value: downMs / 1000,
        unit: 's',
        formula: 'samples above the down threshold × step',
        inputs: { 'down threshold': formatPercent(down, 1), 'samples above': stats.aboveDown, 'step (s)': stepS },
        display: formatDuration(downMs),
      });
    } else miss('downtime', 'the down threshold (ratio above which a minute counts as down)');
  } else {
    if (momentWindow) {
      window = { start: iso(momentWindow.start), end: iso(momentWindow.end), from: 'moments' };
      const durMs = momentWindow.end - momentWindow.start;
      add({
        key: 'impactWindow',
        value: durMs / 1000,
        unit: 's',
        formula: `${endName} − impact start`,
        inputs: { start: window.start, end: window.end },
        display: formatDuration(durMs),
      });
      add({
        key: 'degradedTime',
        value: durMs / 1000,
        unit: 's',
        formula: `${endName} − impact start`,
        inputs: { start: window.start, end: window.end },
        display: formatDuration(durMs),
      });
      if (rate !== null) {
        requests = rate * (durMs / 1000);
        add({
          key: 'requests',
          value: requests,
          unit: 'requests',
          formula: 'request rate × impact window',
          inputs: { 'request rate (req/s)': rate, 'impact window (s)': durMs / 1000 },
          display: formatInt(requests),
        });
      } else miss('requests', 'the request rate (requests per second)');
      if (inp.errorRatio != null) {
        add({
          key: 'meanErrorRatio',
          value: inp.errorRatio,
          unit: 'ratio',
          formula: 'entered by the room',
          inputs: { 'error ratio': inp.errorRatio },
          display: formatPercent(inp.errorRatio, 2),
        });
        if (requests !== null) failed = inp.errorRatio * requests;
      }
      if (down !== null && inp.errorRatio != null) {
        const downMs = inp.errorRatio > down ? durMs : 0;
        add({
          key: 'downtime',
          value: downMs / 1000,
          unit: 's',
          formula: 'the whole window when the entered error ratio is above the down threshold, else none',
          inputs: { 'error ratio': inp.errorRatio, 'down threshold': down },
          display: formatDuration(downMs),
        });
      } else miss('downtime', ...(down === null ? ['the down threshold'] : []), ...(inp.errorRatio == null ? ['an error-ratio series or the error ratio'] : []));
    } else {
      const need = [start === null ? momentName('impactStart', 'the impact start moment') : '', endMoment ? '' : 'the mitigated or resolved moment'].filter(Boolean);
      miss('impactWindow', ...need);
      miss('degradedTime', ...need);
      miss('downtime', ...need);
    }
  }

  // ----- failed requests -----
  let failedFig: Figure | null = null;
  if (inp.failedRequests != null) {
    failed = inp.failedRequests;
    add({
      key: 'failedRequests',
      value: failed,
      unit: 'requests',
      formula: 'entered by the room',
      inputs: { 'failed requests': failed },
      display: formatInt(failed),
    });
  } else if (failed !== null && stats && series) {
    add({
      key: 'failedRequests',
      value: failed,
      unit: 'requests',
      formula: 'sum over the window of (error ratio × request rate × step)',
      inputs: { series: series.name, 'request rate (req/s)': rate!, 'step (s)': stats.stepMs / 1000, 'sum of ratios': Number(stats.sumRatio.toFixed(6)), samples: stats.present },
      display: formatInt(failed),
    });
  } else if (failed !== null && requests !== null) {
    add({
      key: 'failedRequests',
      value: failed,
      unit: 'requests',
      formula: 'error ratio × requests in the impact window',
      inputs: { 'error ratio': inp.errorRatio!, requests: Math.round(requests) },
      display: formatInt(failed),
    });
  } else {
    miss('failedRequests', ...(rate === null ? ['the request rate'] : []), ...(!stats && inp.errorRatio == null ? ['an error-ratio series or the error ratio'] : []), ...(window ? [] : ['the impact window']));
  }
  failedFig = figures.find((f) => f.key === 'failedRequests') ?? null;
  if (failedFig && requests !== null && failedFig.formula !== 'entered by the room') {
    failedFig.display = `${formatInt(failed!)} of ${formatInt(requests)} (${formatPercent(failed! / requests, 2)})`;
  }

  if (failed !== null && requests !== null && inp.baselineErrorRatio != null) {
    const base = inp.baselineErrorRatio * requests;
    const above = Math.max(0, failed - base);
    add({
      key: 'failedAboveBaseline',
      value: above,
      unit: 'requests',
      formula: 'failed requests − baseline error ratio × requests',
      inputs: { 'failed requests': Math.round(failed), 'baseline error ratio': inp.baselineErrorRatio, requests: Math.round(requests), 'baseline failures': Math.round(base) },
      display: formatInt(above),
    });
  } else miss('failedAboveBaseline', ...(inp.baselineErrorRatio == null ? ['the baseline error ratio'] : []), ...(failed === null || requests === null ? ['failed requests and requests in the window'] : []));

  // ----- users, transactions, revenue -----
  if (inp.usersAffected != null) {
    const share = inp.totalUsers ? inp.usersAffected / inp.totalUsers : null;
    add({
      key: 'usersAffected',
      value: inp.usersAffected,
      unit: 'users',
      formula: share !== null ? 'entered by the room; share = users affected ÷ total users' : 'entered by the room',
      inputs: { 'users affected': inp.usersAffected, ...(inp.totalUsers ? { 'total users': inp.totalUsers } : {}) },
      display: share !== null ? `${formatInt(inp.usersAffected)} (${formatPercent(share, 1)} of ${formatInt(inp.totalUsers!)})` : formatInt(inp.usersAffected),
    });
  } else miss('usersAffected', 'the number of users affected');

  const txn = inp.failedTransactions ?? null;
  if (txn !== null) {
    add({
      key: 'failedTransactions',
      value: txn,
      unit: 'transactions',
      formula: 'entered by the room',
      inputs: { 'failed transactions': txn },
      display: formatInt(txn),
    });
  } else miss('failedTransactions', 'the number of failed transactions');

  if (txn !== null && inp.averageOrderValue != null) {
    const abandon = inp.abandonRate ?? null;
    const value = txn * (abandon ?? 1) * inp.averageOrderValue;
    add({
      key: 'revenueAtRisk',
      value,
      unit: inp.currency ?? 'currency',
      formula: abandon !== null ? 'failed transactions × abandon rate × average order value' : 'failed transactions × average order value (no abandon rate given: an upper bound)',
      inputs: {
        'failed transactions': txn,
        ...(abandon !== null ? { 'abandon rate': Number(abandon.toFixed(4)), 'transactions abandoned': Math.round(txn * abandon) } : {}),
        'average order value': inp.averageOrderValue,
        ...(inp.currency ? { currency: inp.currency } : {}),
      },
      display: formatMoney(value, inp.currency),
    });
  } else miss('revenueAtRisk', ...(txn === null ? ['the number of failed transactions'] : []), ...(inp.averageOrderValue == null ? ['the average order value'] : []));

  // ----- SLO -----
  if (slo && failed !== null) {
    const volume = slo.windowVolume ?? (rate !== null ? rate * slo.windowDays * 86400 : null);
    if (volume !== null) {
      const budget = volume * (1 - slo.target);
      const consumed = failed / budget;
      const breached = failed > budget;
      const over = failed - budget;
      const times = failed / budget;
      const display =
        `${formatPercent(consumed, 1)} of the ${formatInt(budget)}-request budget (${formatPercent(slo.target, 2).replace(/\.?0+%$/, '%')} over ${formatNumber(slo.windowDays, 0)} day${slo.windowDays === 1 ? '' : 's'})` +
        (breached ? `: breached, ${formatNumber(times, 1)}× the budget, ${formatInt(over)} over` : ': not breached');
      add({
        key: 'sloBudgetConsumed',
        value: consumed * 100,
        unit: '%',
        formula: 'failed requests ÷ (window volume × (1 − target))',
        inputs: {
          slo: slo.name,
          target: slo.target,
          'window (days)': slo.windowDays,
          'window volume': Math.round(volume),
          ...(slo.windowVolume == null ? { 'window volume from': 'request rate × window' } : {}),
          budget: Math.round(budget),
          'failed requests': Math.round(failed),
          'attained in window': formatPercent(1 - failed / volume, 1 - failed / volume >= 0.99 ? 3 : 1),
        },
        display,
        breached,
      });
    } else miss('sloBudgetConsumed', 'the SLO window volume or the request rate');
  } else miss('sloBudgetConsumed', ...(slo ? [] : ['an SLO (target, window)']), ...(failed === null ? ['failed requests'] : []));

  // ----- SLA -----
  const sla = slo?.sla ?? null;
  const downFig = figures.find((f) => f.key === 'downtime');
  if (sla && downFig) {
    const downMin = downFig.value / 60;
    const allowed = sla.periodMinutes * (1 - sla.target);
    const availability = 1 - downMin / sla.periodMinutes;
    const breached = availability < sla.target;
    const credit = breached ? (sla.creditPercent ?? null) : 0;
    const display =
      `${formatPercent(availability, 3)} (${formatNumber(downMin, 1)} down minutes of ${formatInt(sla.periodMinutes)}; target ${formatPercent(sla.target, 2)}, ${formatNumber(allowed, 1)} allowed)` +
      (breached ? `: breached${credit !== null ? `, ${formatNumber(credit, 1)}% service credit` : ', credit terms not given'}` : ': not breached');
    add({
      key: 'slaAvailability',
      value: availability * 100,
      unit: '%',
      formula: '1 − down minutes ÷ minutes in the period; breached when below the target',
      inputs: {
        'down minutes': Number(downMin.toFixed(2)),
        'period (minutes)': sla.periodMinutes,
        target: sla.target,
        'allowed down minutes': Number(allowed.toFixed(2)),
        ...(credit !== null ? { 'credit (%)': credit } : {}),
      },
      display,
      breached,
    });
  } else miss('slaAvailability', ...(sla ? [] : ['SLA terms (target, period, credit)']), ...(downFig ? [] : ['total downtime']));

  figures.sort((a, b) => FIGURE_ORDER.indexOf(a.key) - FIGURE_ORDER.indexOf(b.key));
  const byKey: Partial<Record<FigureKey, Figure>> = {};
  for (const f of figures) byKey[f.key] = f;
  return { figures, byKey, missing, window, seriesId: stats && series ? series.id : null, notes };
}

/** The SLA credit owed (percent), or null when none is owed or terms are missing. */
export function slaCredit(report: ImpactReport, session: Session): number | null {
  const f = report.byKey.slaAvailability;
  if (!f?.breached) return null;
  return session.impact.slo?.sla?.creditPercent ?? null;
}

import { describe, expect, it } from 'vitest';
import { crossings, defaultThreshold, prometheusImporter } from '../../src/ingest/prometheus.js';
import { iso, runFixture, runImporter } from './ops-helpers.js';

const FIX = 'ops-incidents/checkout-pool-exhaustion/prometheus-checkout-5xx-ratio.json';
const matrix = (result: unknown[]) => JSON.stringify({ status: 'success', data: { resultType: 'matrix', result } });
const T0 = 1710252000;

describe('prometheusImporter', () => {
  it('keeps the 5xx ratio series whole, warns about the missing 14:31:45 sample, and emits the up and down 1% crossings', async () => {
    const r = await runFixture(prometheusImporter, FIX);
    expect(r.series).toHaveLength(1);
    const s = r.series[0]!;
    expect(s.name).toBe('job:http_requests_5xx:ratio_rate1m');
    expect(s.id).toBe('prometheus:job:http_requests_5xx:ratio_rate1m{env="prod",job="checkout-api"}');
    expect(s.points).toHaveLength(480);
    expect(s.points.every((p, i) => i === 0 || p[0] > s.points[i - 1]![0])).toBe(true);
    expect(s.unit).toBe('ratio');
    expect(s.threshold).toBe(0.01);
    expect(s.source).toMatchObject({ type: 'prometheus', file: FIX });
    expect(r.warnings.map((w) => w.message)).toEqual([expect.stringMatching(/1 missing sample/)]);
    expect(r.events.map((e) => [e.kind, iso(e.occurredAt), e.text])).toEqual([
      ['metric', '2024-03-12T14:02:45.000Z', 'job:http_requests_5xx:ratio_rate1m{env="prod",job="checkout-api"} rose above 1% (1.02%)'],
      ['metric', '2024-03-12T14:42:15.000Z', 'job:http_requests_5xx:ratio_rate1m{env="prod",job="checkout-api"} fell below 1% (0.64%)'],
    ]);
  });

  it('the series id is stable across imports and file names', async () => {
    const { fixtureText } = await import('./ops-helpers.js');
    const a = await runImporter(prometheusImporter, 'a.json', fixtureText(FIX));
    const b = await runImporter(prometheusImporter, 'elsewhere/b.json', fixtureText(FIX));
    expect(a.series[0]!.id).toBe(b.series[0]!.id);
  });

  it('reads the bare data.result array (real `up` data, 9 series) with gaps warned per series', async () => {
    const r = await runFixture(prometheusImporter, 'samples/prometheus-query-range/prometheus-api-client-python_up_201907281200.result-array.json');
    expect(r.series).toHaveLength(9);
    expect(r.series.every((s) => s.name === 'up' && s.threshold === 0.5)).toBe(true);
    expect(r.warnings.some((w) => /missing sample/.test(w.message))).toBe(true);
    // every crossing names its series and is a down (target lost) or up (back) crossing of 50%
    for (const e of r.events) expect(e.text).toMatch(/^up\{.*\} (fell below|rose above) 50% \(\d+%\)$/);
  });

  it('the docs example: fractional-second timestamps, string values; `up` going 0 -> 1 is a recovery', async () => {
    const r = await runFixture(prometheusImporter, 'samples/prometheus-query-range/prometheus-docs_api_query_range.example.json');
    expect(r.series.map((s) => s.points.length)).toEqual([3, 3]);
    expect(r.series[0]!.points[0]![0]).toBe(1435781430781);
  });

  it('vector and scalar results: a warning, no series, no events', async () => {
    for (const resultType of ['vector', 'scalar']) {
      const r = await runImporter(prometheusImporter, 'v.json', JSON.stringify({ status: 'success', data: { resultType, result: resultType === 'scalar' ? [T0, '1'] : [{ metric: {}, value: [T0, '1'] }] } }));
      expect(r.series).toEqual([]);
      expect(r.events).toEqual([]);
      expect(r.warnings[0]!.message).toMatch(new RegExp(`"${resultType}".*instant`));
    }
  });

  it('drops NaN/Inf samples with a warning; a series without __name__ is named by position', async () => {
    const r = await runImporter(prometheusImporter, 'n.json', matrix([{ metric: { job: 'x' }, values: [[T0, '0.001'], [T0 + 60, 'NaN'], [T0 + 120, '+Inf'], [T0 + 180, '0.002']] }]));
    expect(r.series[0]!.points).toHaveLength(2);
    expect(r.series[0]!.name).toBe('series 1');
    expect(r.warnings[0]!.message).toMatch(/2 unusable sample/);
  });

  it('a single-sample blip does not make two events', async () => {
    const vals = [0.001, 0.002, 0.001, 0.05, 0.001, 0.002, 0.001, 0.002].map((v, i) => [T0 + i * 15, String(v)]);
    const r = await runImporter(prometheusImporter, 'b.json', matrix([{ metric: { __name__: 'err_ratio' }, values: vals }]));
    expect(r.events).toEqual([]);
  });
});

describe('default threshold rule', () => {
  it('ratio with a low baseline -> 1%; ratio with a 2% baseline -> 4%; success ratio -> baseline - 5 points, falling', () => {
    expect(defaultThreshold([0.003, 0.002, 0.003, 0.2], 'ratio')).toEqual({ threshold: 0.01, rising: true });
    expect(defaultThreshold([0.02, 0.02, 0.02, 0.02, 0.3], 'ratio').threshold).toBeCloseTo(0.04);
    const s = defaultThreshold([0.999, 0.999, 0.998, 0.999, 0.5], 'ratio');
    expect(s.rising).toBe(false);
    expect(s.threshold).toBeCloseTo(0.949);
  });

  it('percent series use the same rule scaled by 100; other series use baseline + a clear margin', () => {
    expect(defaultThreshold([0.2, 0.3, 0.2, 9], 'percent')).toEqual({ threshold: 1, rising: true });
    const lat = defaultThreshold([300, 310, 290, 305, 1200, 1300, 1250, 1400], 'seconds');
    expect(lat.rising).toBe(true);
    expect(lat.threshold).toBeGreaterThanOrEqual(300 * 1.5);
    expect(lat.threshold).toBeLessThan(1200);
  });

  it('crossings: both directions, first sample on the new side, series starting inside the incident', () => {
    const pts = [0, 0, 5, 6, 7, 0, 0].map((v, i) => [i * 1000, v] as [number, number]);
    expect(crossings(pts, 1, true)).toEqual([
      { index: 2, up: true },
      { index: 5, up: false },
    ]);
    const inside = [9, 9, 0, 0].map((v, i) => [i, v] as [number, number]);
    expect(crossings(inside, 1, true)).toEqual([
      { index: 0, up: true },
      { index: 2, up: false },
    ]);
  });
});

describe('prometheus labels are sanitised', () => {
  it('escape sequences and bidi overrides in label names and values never reach the series or event text', async () => {
    const r = await runImporter(
      prometheusImporter,
      'e.json',
      matrix([{ metric: { __name__: 'err\u001b[2J_ratio', 'jo\u202eb': 'x\u001b]0;pwn\u0007y' }, values: [[T0, '0'], [T0 + 15, '0.5'], [T0 + 30, '0.5']] }]),
    );
    const s = r.series[0]!;
    expect(s.name).toBe('err_ratio');
    expect(s.labels).toEqual({ __name__: 'err_ratio', job: 'xy' });
    expect(r.events[0]!.text).toBe('err_ratio{job="xy"} rose above 1% (50%)');
  });
});

describe('crossings (property)', () => {
  it('alternate in direction, sit on the new side of the threshold, and the sample before sits on the old side', async () => {
    const fc = (await import('fast-check')).default;
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 80 }), fc.double({ min: 0.01, max: 0.99, noNaN: true }), fc.boolean(), (vals, thr, rising) => {
        const pts = vals.map((v, i) => [i * 15_000, v] as [number, number]);
        const xs = crossings(pts, thr, rising);
        let above = !rising;
        for (const x of xs) {
          expect(x.up).toBe(!above);
          expect(pts[x.index]![1] >= thr).toBe(x.up);
          if (x.index > 0) expect(pts[x.index - 1]![1] >= thr).toBe(!x.up);
          above = x.up;
        }
        for (let k = 1; k < xs.length; k++) expect(xs[k]!.index).toBeGreaterThan(xs[k - 1]!.index);
      }),
      { numRuns: 300 },
    );
  });
});

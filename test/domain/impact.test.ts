import { describe, expect, it } from 'vitest';
import { computeImpact, formatDuration, formatPercent } from '../../src/domain/impact.js';
import { apply, certSession, checkoutSession, hl7Session } from '../report/helpers/sessions.js';

describe('computeImpact: checkout-pool-exhaustion (series at 42 req/s, 15 s step)', () => {
  const r = computeImpact(checkoutSession());

  it('finds the impact window from the 1% threshold: 14:02:45-14:42:00 = 39 min 15 s', () => {
    expect(r.window).toEqual({ start: '2024-03-12T14:02:45.000Z', end: '2024-03-12T14:42:00.000Z', from: 'series' });
    expect(r.byKey.impactWindow?.display).toBe('39 min 15 s');
    expect(r.byKey.impactWindow?.inputs['samples in window']).toBe(157);
    // the missing 14:31:45 sample is reported, not invented
    expect(r.byKey.impactWindow?.inputs['missing samples (not counted)']).toBe(1);
    expect(r.notes.join(' ')).toMatch(/1 sample missing/);
  });

  it('integrates the ratio series: 9,498 failed of 98,910, 9,201 above the 0.3% baseline', () => {
    expect(Math.round(r.byKey.failedRequests!.value)).toBe(9498);
    expect(Math.round(r.byKey.requests!.value)).toBe(98910);
    expect(r.byKey.failedRequests!.display).toBe('9,498 of 98,910 (9.60%)');
    expect(Math.round(r.byKey.failedAboveBaseline!.value)).toBe(9201);
    expect(r.byKey.meanErrorRatio!.display).toBe('9.60%');
    expect(r.byKey.peakErrorRatio!.display).toBe('18.0%');
    expect(r.byKey.peakErrorRatio!.inputs.at).toBe('2024-03-12T14:28:15.000Z');
  });

  it('key-moment durations', () => {
    expect(r.byKey.timeToDetect!.display).toBe('8 min 17 s');
    expect(r.byKey.timeToAcknowledge!.display).toBe('10 min 55 s');
    expect(r.byKey.timeToMitigate!.display).toBe('38 min 27 s');
    expect(r.byKey.timeToResolve!.display).toBe('55 min 45 s');
    expect(r.byKey.degradedTime!.display).toBe('39 min 15 s');
    expect(r.byKey.downtime!.display).toBe('32 min 30 s');
  });

  it('SLO: 15.6% of a 61,000-request budget, not breached', () => {
    const f = r.byKey.sloBudgetConsumed!;
    expect(f.value).toBeCloseTo(15.57, 1);
    expect(f.breached).toBe(false);
    expect(f.inputs.budget).toBe(61000);
    expect(f.display).toBe('15.6% of the 61,000-request budget (99.9% over 28 days): not breached');
  });

  it('SLA: 32.5 down minutes of 44,640 = 99.927%, breached, 10% credit', () => {
    const f = r.byKey.slaAvailability!;
    expect(f.inputs['down minutes']).toBe(32.5);
    expect(f.value).toBeCloseTo(99.927, 3);
    expect(f.breached).toBe(true);
    expect(f.display).toBe('99.927% (32.5 down minutes of 44,640; target 99.95%, 22.3 allowed): breached, 10% service credit');
  });

  it('revenue at risk: 1,762 abandoned of 5,742 x EUR 48 = EUR 84,576', () => {
    const f = r.byKey.revenueAtRisk!;
    expect(Math.round(f.value)).toBe(84576);
    expect(f.display).toBe('EUR 84,576');
    expect(f.inputs['transactions abandoned']).toBe(1762);
    expect(f.formula).toMatch(/abandon rate/);
  });

  it('every figure carries a formula and its inputs', () => {
    for (const f of r.figures) {
      expect(f.formula.length, f.key).toBeGreaterThan(5);
      expect(Object.keys(f.inputs).length, f.key).toBeGreaterThan(0);
      expect(f.display, f.key).not.toMatch(/NaN|undefined|Infinity/);
    }
  });

  it('without an abandon rate, revenue is an upper bound and says so', () => {
    const s = apply(checkoutSession(), { type: 'impact/inputs', patch: { abandonRate: null, failedTransactions: 1762 } });
    const f = computeImpact(s).byKey.revenueAtRisk!;
    expect(f.value).toBe(84576);
    expect(f.formula).toMatch(/upper bound/);
  });
});

describe('computeImpact: cert-expiry-slow-burn (entered ratio over the moments window)', () => {
  const r = computeImpact(certSession());
  it('window 55 h 32 min 53 s, 41,994,330 requests, 172,177 failed, 163,778 above baseline', () => {
    expect(r.window?.from).toBe('moments');
    expect(r.byKey.impactWindow!.value).toBe(199_973);
    expect(r.byKey.impactWindow!.display).toBe('55 h 32 min 53 s');
    expect(Math.round(r.byKey.requests!.value)).toBe(41_994_330);
    expect(Math.round(r.byKey.failedRequests!.value)).toBe(172_177);
    expect(Math.round(r.byKey.failedAboveBaseline!.value)).toBe(163_778);
  });
  it('SLO 99.5% over 30 days: budget 2,721,600 from 210 req/s, 6.3% consumed, not breached', () => {
    const f = r.byKey.sloBudgetConsumed!;
    expect(f.inputs['window volume']).toBe(544_320_000);
    expect(f.inputs.budget).toBe(2_721_600);
    expect(formatPercent(f.value / 100, 1)).toBe('6.3%');
    expect(f.breached).toBe(false);
  });
  it('time to detect 6 min 24 s; resolve 57 h 55 min 53 s', () => {
    expect(r.byKey.timeToDetect!.display).toBe('6 min 24 s');
    expect(r.byKey.timeToResolve!.display).toBe('57 h 55 min 53 s');
  });
  it('says which inputs are missing instead of inventing figures', () => {
    const keys = r.missing.map((m) => m.key);
    expect(keys).toContain('timeToAcknowledge');
    expect(keys).toContain('revenueAtRisk');
    expect(keys).toContain('slaAvailability');
    expect(r.byKey.revenueAtRisk).toBeUndefined();
    expect(r.missing.find((m) => m.key === 'timeToAcknowledge')!.missing).toEqual(['the acknowledged moment']);
    expect(r.missing.find((m) => m.key === 'downtime')!.missing).toEqual(['the down threshold']);
  });
});

describe('computeImpact: hl7-queue-backlog (entered late results, daily SLO)', () => {
  const r = computeImpact(hl7Session());
  it('7,840 late of a 1,070 budget: breached, 7.3x', () => {
    const f = r.byKey.sloBudgetConsumed!;
    expect(f.inputs.budget).toBe(1070);
    expect(f.breached).toBe(true);
    expect(f.value).toBeCloseTo(732.7, 1);
    expect(f.display).toContain('breached, 7.3× the budget, 6,770 over');
    expect(f.inputs['attained in window']).toBe('63.4%');
    expect(r.byKey.failedRequests!.formula).toBe('entered by the room');
  });
  it('durations match the README', () => {
    expect(r.byKey.timeToDetect!.display).toBe('53 min 31 s');
    expect(r.byKey.timeToAcknowledge!.display).toBe('1 h 10 min 55 s');
    expect(r.byKey.timeToMitigate!.display).toBe('3 h 54 min 52 s');
    expect(r.byKey.timeToResolve!.display).toBe('4 h 32 min 2 s');
  });
});

describe('edge cases', () => {
  it('an empty session gives no figures and lists what is missing', () => {
    const c = certSession();
    const s = { ...c, timeline: { ...c.timeline, moments: { ...c.timeline.moments, impactStart: null } } };
    const r = computeImpact(s);
    expect(r.byKey.timeToDetect).toBeUndefined();
    expect(r.missing.find((m) => m.key === 'impactWindow')!.missing).toContain('the impact start moment');
  });
  it('an entered failed-request figure wins over the series and is labelled so', () => {
    const s = apply(checkoutSession(), { type: 'impact/inputs', patch: { failedRequests: 10_000 } });
    const f = computeImpact(s).byKey.failedRequests!;
    expect(f.value).toBe(10_000);
    expect(f.formula).toBe('entered by the room');
  });
  it('a percent series is scaled to a ratio', () => {
    const s = checkoutSession();
    const series = s.timeline.series[0]!;
    const pct = { ...series, unit: 'percent' as const, points: series.points.map(([t, v]) => [t, v * 100] as [number, number]) };
    const r = computeImpact({ ...s, timeline: { ...s.timeline, series: [pct] } });
    expect(Math.round(r.byKey.failedRequests!.value)).toBe(9498);
  });
  it('formatDuration', () => {
    expect(formatDuration(0)).toBe('0 s');
    expect(formatDuration(1_950_000)).toBe('32 min 30 s');
    expect(formatDuration(3_600_000)).toBe('1 h');
  });
});

describe('properties', () => {
  it('for any series, rate and thresholds: failed <= requests, figures finite, the ratio window holds its samples', async () => {
    const fc = (await import('fast-check')).default;
    const base = checkoutSession();
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null }), { minLength: 2, maxLength: 60 }),
        fc.integer({ min: 1, max: 5000 }),
        fc.double({ min: 0.001, max: 0.5, noNaN: true }),
        fc.double({ min: 0.001, max: 0.9, noNaN: true }),
        (values, rate, impactThreshold, downThreshold) => {
          const t0 = Date.parse('2024-03-12T14:00:00Z');
          const points = values.flatMap((v, i) => (v === null ? [] : [[t0 + i * 15_000, v] as [number, number]]));
          const series = { ...base.timeline.series[0]!, points };
          const s = apply(
            { ...base, timeline: { ...base.timeline, series: [series] } },
            { type: 'impact/inputs', patch: { requestRate: rate, impactThreshold, downThreshold } },
          );
          const r = computeImpact(s);
          for (const f of r.figures) {
            expect(Number.isFinite(f.value), f.key).toBe(true);
            expect(f.display).not.toMatch(/NaN|undefined|Infinity/);
          }
          const failed = r.byKey.failedRequests?.value;
          const requests = r.byKey.requests?.value;
          if (failed !== undefined && requests !== undefined) expect(failed).toBeLessThanOrEqual(requests + 1e-6);
          if (r.window?.from === 'series') {
            const inWindow = points.filter(([t]) => t >= Date.parse(r.window!.start) && t <= Date.parse(r.window!.end));
            // the window opens and closes on samples above the threshold
            expect(inWindow[0]![1]).toBeGreaterThan(impactThreshold);
            expect(inWindow[inWindow.length - 1]![1]).toBeGreaterThan(impactThreshold);
            expect(r.byKey.impactWindow!.inputs['samples in window']).toBe(inWindow.length);
          }
          const down = r.byKey.downtime?.value ?? 0;
          const degraded = r.byKey.degradedTime?.value ?? Infinity;
          if (downThreshold >= impactThreshold) expect(down).toBeLessThanOrEqual(degraded);
        },
      ),
      { numRuns: 200 },
    );
  });
});

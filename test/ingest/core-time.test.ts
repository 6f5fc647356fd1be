import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoUtc, localToUtc, parseEpoch, parseGitDate, parseInstant, toMs } from '../../src/ingest/time.js';

const ms = (v: unknown, tz?: string | null) => {
  const r = parseInstant(v, tz);
  if (!r.ok) throw new Error(`not ok: ${JSON.stringify(r)}`);
  return isoUtc(r.time.ms);
};

describe('parseInstant', () => {
  it('reads every offset form', () => {
    expect(ms('2024-03-12T14:02:11Z')).toBe('2024-03-12T14:02:11Z');
    expect(ms('2024-03-12T14:02:11+00:00')).toBe('2024-03-12T14:02:11Z');
    expect(ms('2024-03-12T14:02:11+0000')).toBe('2024-03-12T14:02:11Z');
    expect(ms('2024-03-12T07:02:11-07')).toBe('2024-03-12T14:02:11Z');
    expect(ms('2024-03-12 15:02:11 +0100')).toBe('2024-03-12T14:02:11Z');
    expect(ms('2024-07-16T07:14:05+01:00')).toBe('2024-07-16T06:14:05Z');
    expect(ms('2024-03-12T09:32:11.5-04:30')).toBe('2024-03-12T14:02:11.500Z');
  });

  it('keeps 0 to 9 fraction digits, truncated to ms, and the raw string', () => {
    expect(ms('2024-03-12T14:02:11.24Z')).toBe('2024-03-12T14:02:11.240Z');
    expect(ms('2024-03-12T14:04:00.0000000+00:00')).toBe('2024-03-12T14:04:00Z');
    expect(ms('2024-03-12T14:10:30.512345678Z')).toBe('2024-03-12T14:10:30.512Z');
    const r = parseInstant('2024-03-12T14:10:30.512345678Z');
    expect(r.ok && r.time.raw).toBe('2024-03-12T14:10:30.512345678Z');
    expect(r.ok && r.time.fractionDigits).toBe(9);
  });

  it('reads epochs by magnitude (s, ms, us, ns, float strings)', () => {
    expect(ms(1710252131)).toBe('2024-03-12T14:02:11Z');
    expect(ms(1710252131123)).toBe('2024-03-12T14:02:11.123Z');
    expect(ms('1710252131123456')).toBe('2024-03-12T14:02:11.123Z');
    expect(ms('1710252131123456789')).toBe('2024-03-12T14:02:11.123Z');
    expect(ms('1710252131.123')).toBe('2024-03-12T14:02:11.123Z');
    expect(ms(1710252131.5)).toBe('2024-03-12T14:02:11.500Z');
    expect(parseEpoch('123456789012345678901234').ok).toBe(false);
  });

  it('treats Go zero time, null, empty and "-" as unknown, not year 1', () => {
    for (const v of ['0001-01-01T00:00:00Z', null, undefined, '', '-', '0001-01-01T00:00:00.000000000Z']) {
      const r = parseInstant(v);
      expect(r.ok).toBe(false);
      expect(!r.ok && r.unknown).toBe(true);
    }
  });

  it('never guesses a zone: zone-less times need tz', () => {
    const r = parseInstant('2024-03-12T09:07:00');
    expect(r.ok).toBe(false);
    expect(!r.ok && !r.unknown && r.message).toMatch(/no time zone/);
    expect(ms('2024-03-12T09:07:00', 'America/Chicago')).toBe('2024-03-12T14:07:00Z');
    expect(ms('2024-01-12T09:07:00', 'America/Chicago')).toBe('2024-01-12T15:07:00Z');
    expect(ms('2024-07-16 07:03', 'Europe/Dublin')).toBe('2024-07-16T06:03:00Z');
  });

  it('flags DST gaps and overlaps', () => {
    const gap = parseInstant('2024-03-10T02:30:00', 'America/Chicago');
    expect(gap.ok && gap.time.dst).toBe('gap');
    const overlap = parseInstant('2024-11-03T01:30:00', 'America/Chicago');
    expect(overlap.ok && overlap.time.dst).toBe('overlap');
    expect(overlap.ok && isoUtc(overlap.time.ms)).toBe('2024-11-03T06:30:00Z');
    const normal = parseInstant('2024-11-03T03:30:00', 'America/Chicago');
    expect(normal.ok && normal.time.dst).toBeUndefined();
  });

  it('rejects impossible dates and unknown zones', () => {
    expect(parseInstant('2024-02-30T00:00:00Z').ok).toBe(false);
    expect(parseInstant('2024-13-01T00:00:00Z').ok).toBe(false);
    expect(parseInstant('yesterday').ok).toBe(false);
    expect(parseInstant('2024-03-12T09:07:00', 'Mars/Olympus').ok).toBe(false);
    expect(toMs({})).toBeNull();
  });

  it('reads git dates', () => {
    const r = parseGitDate('Wed May 8 12:42:10 2024 +0200');
    expect(r.ok && isoUtc(r.time.ms)).toBe('2024-05-08T10:42:10Z');
    const r2 = parseGitDate('Tue, 23 Apr 2024 15:20:00 +0100');
    expect(r2.ok && isoUtc(r2.time.ms)).toBe('2024-04-23T14:20:00Z');
    const r3 = parseGitDate('2024-03-12T14:50:12+01:00');
    expect(r3.ok && isoUtc(r3.time.ms)).toBe('2024-03-12T13:50:12Z');
  });

  it('agrees with Date.parse on zoned ISO strings (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1971, 0, 1), max: Date.UTC(2200, 0, 1) }),
        fc.integer({ min: -14 * 60, max: 14 * 60 }),
        (t, offMin) => {
          const local = new Date(t + offMin * 60000).toISOString().slice(0, 23);
          const sign = offMin < 0 ? '-' : '+';
          const a = Math.abs(offMin);
          const str = `${local}${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
          const r = parseInstant(str);
          return r.ok && r.time.ms === t && r.time.ms === Date.parse(str);
        },
      ),
    );
  });

  it('local time through a zone round-trips except in gaps (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) }), fc.constantFrom('Europe/Dublin', 'America/Chicago', 'Asia/Kolkata', 'Australia/Lord_Howe', 'UTC'), (t, zone) => {
        const wall = new Intl.DateTimeFormat('en-CA', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
          .formatToParts(new Date(t))
          .reduce<Record<string, string>>((o, p) => ((o[p.type] = p.value), o), {});
        const wallMs = Date.UTC(+wall.year!, +wall.month! - 1, +wall.day!, +wall.hour!, +wall.minute!, +wall.second!);
        const back = localToUtc(wallMs, zone);
        const whole = t - (t % 1000);
        return back.dst === 'overlap' ? Math.abs(back.ms - whole) <= 3 * 3600_000 : back.ms === whole;
      }),
      { numRuns: 300 },
    );
  });
});

describe('isoUtc', () => {
  it('matches Date#toISOString (without .000) everywhere (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e13, max: 3e14 }), (t) => {
        const s = new Date(t).toISOString();
        return isoUtc(t) === (s.endsWith('.000Z') ? `${s.slice(0, 19)}Z` : s);
      }),
      { numRuns: 2000 },
    );
    expect(isoUtc(Date.UTC(2024, 1, 29, 23, 59, 59, 7))).toBe('2024-02-29T23:59:59.007Z');
  });
});

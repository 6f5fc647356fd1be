// The one time formatter every document uses: instants in the audience's zone, with the zone named.
// Pure: the zone and precision are passed in; Intl does the zone maths.
import type { Precision } from '../domain/schema.js';

const cache = new Map<string, Intl.DateTimeFormat>();
function fmt(tz: string, opts: Intl.DateTimeFormatOptions, locale = 'en-GB'): Intl.DateTimeFormat {
  const key = `${locale}|${tz}|${Object.entries(opts).join(',')}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { ...opts, timeZone: tz });
    cache.set(key, f);
  }
  return f;
}

/** A valid IANA zone, or UTC. */
const zoneOk = new Map<string, boolean>();
export function safeZone(tz: string | null | undefined): string {
  if (!tz) return 'UTC';
  let ok = zoneOk.get(tz);
  if (ok === undefined) {
    try {
      new Intl.DateTimeFormat('en-GB', { timeZone: tz });
      ok = true;
    } catch {
      ok = false;
    }
    if (zoneOk.size < 1000) zoneOk.set(tz, ok);
  }
  return ok ? tz : 'UTC';
}

export interface Parts {
  year: string;
  month: string;
  day: string;
  hour: string;
  minute: string;
  second: string;
  weekday: string;
}

/** The calendar and clock fields of an instant in a zone (`tz` must be valid: see safeZone). */
export function parts(ms: number, tz: string): Parts {
  const out: Record<string, string> = {};
  for (const p of fmt(tz, {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    weekday: 'short',
    hourCycle: 'h23',
  }).formatToParts(ms)) {
    out[p.type] = p.value;
  }
  return out as unknown as Parts;
}

/** "UTC+1", "UTC-5", "UTC" for the zone's offset at that instant. */
export function utcOffset(ms: number, tz: string): string {
  const name = fmt(tz, { timeZoneName: 'longOffset' }).formatToParts(ms).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!m) return 'UTC';
  const h = String(Number(m[2]));
  return `UTC${m[1]}${h}${m[3] === '00' ? '' : `:${m[3]}`}`;
}

/** The zone's name for readers: "UTC", "CDT", or "UTC+1" when the zone has no common abbreviation. */
export function zoneLabel(ms: number, tz: string): string {
  if (tz === 'UTC' || tz === 'Etc/UTC') return 'UTC';
  const short = fmt(tz, { timeZoneName: 'short' }, 'en-US').formatToParts(ms).find((p) => p.type === 'timeZoneName')?.value ?? '';
  if (/^[A-Z]{2,5}$/.test(short) && short !== 'GMT') return short;
  return utcOffset(ms, tz);
}

export interface Clock {
  tz: string;
  precision: Precision;
  /** whether times need their date (the incident spans days in this zone) */
  multiDay: boolean;
  /** "14:02" (or "2024-05-06 02:14" when multi-day) */
  time(iso: string): string;
  /** time plus zone: "14:02 UTC" */
  stamp(iso: string): string;
  /** "2024-03-12" in the zone */
  date(iso: string): string;
  /** "12 March 2024" in the zone */
  longDate(iso: string): string;
  /** "UTC", "CDT", "UTC+1" */
  zone(iso?: string): string;
}

/**
 * Build the clock for a document. `moments` are the key instants: when they fall on one day in this
 * zone, times on that day read "14:02" and times on other days carry their date; when the moments
 * span days, every time carries its date ("Mon 2024-05-06 02:14").
 */
export function makeClock(tz: string | null | undefined, precision: Precision, moments: string[]): Clock {
  const zone = safeZone(tz);
  const dayOf = (t: number) => {
    const p = parts(t, zone);
    return `${p.year}-${p.month}-${p.day}`;
  };
  const instants = moments.map((s) => Date.parse(s)).filter((t) => !Number.isNaN(t));
  const days = new Set(instants.map(dayOf));
  const multiDay = days.size > 1;
  const homeDay = days.size === 1 ? [...days][0]! : null;
  const ref = instants[0] ?? 0;
  const clockOf = (p: Parts) => {
    switch (precision) {
      case 'second':
        return `${p.hour}:${p.minute}:${p.second}`;
      case 'minute':
        return `${p.hour}:${p.minute}`;
      case 'hour':
        return `${p.hour}:00`;
      case 'day':
        return '';
    }
  };
  const date = (iso: string) => dayOf(Date.parse(iso));
  const time = (iso: string) => {
    const t = Date.parse(iso);
    if (Number.isNaN(t)) return '?';
    const p = parts(t, zone);
    const day = `${p.year}-${p.month}-${p.day}`;
    if (precision === 'day') return day;
    const c = clockOf(p);
    return homeDay === day || (homeDay === null && !multiDay) ? c : `${p.weekday} ${day} ${c}`;
  };
  const zoneAt = (iso?: string) => zoneLabel(iso ? Date.parse(iso) : ref, zone);
  return {
    tz: zone,
    precision,
    multiDay,
    time,
    stamp: (iso) => `${time(iso)} ${zoneAt(iso)}`,
    date,
    longDate: (iso) => fmt(zone, { day: 'numeric', month: 'long', year: 'numeric' }).format(Date.parse(iso)),
    zone: zoneAt,
  };
}

/** A compact gap for the timeline's detection column: "+14m", "+1h 5m", "+32s", "+2d 3h". */
export function formatGap(ms: number): string {
  const s = Math.round(Math.abs(ms) / 1000);
  const sign = ms < 0 ? '-' : '+';
  if (s < 60) return `${sign}${s}s`;
  const m = Math.round(s / 60);
  if (m < 60) return `${sign}${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${sign}${h}h${m % 60 ? ` ${m % 60}m` : ''}`;
  const d = Math.floor(h / 24);
  return `${sign}${d}d${h % 24 ? ` ${h % 24}h` : ''}`;
}

// Instants: every time string or number an importer meets becomes UTC epoch ms, with the raw kept.
// Pure: no clock, no I/O. Never hands a raw string to Date (zone-less strings would read as local).

export interface ParsedTime {
  /** epoch ms UTC */
  ms: number;
  /** the raw value as written */
  raw: string;
  /** the value carried its own zone (offset, Z, or an epoch number) */
  zoned: boolean;
  /** set when a zone-less local time was expanded through an IANA zone and was ambiguous or nonexistent */
  dst?: 'gap' | 'overlap';
  /** digits after the seconds (0 when whole seconds, -1 when no seconds were written) */
  fractionDigits: number;
}

export type TimeResult =
  | { ok: true; time: ParsedTime }
  /** unknown: null, empty, Go zero time, syslog NILVALUE. Not an error. */
  | { ok: false; unknown: true; raw: string }
  /** a time that could not be read, or a zone-less time without a zone: the message says which */
  | { ok: false; unknown: false; raw: string; message: string };

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9})\d*)?)?)?\s*(Z|z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/;

const GO_ZERO = /^0001-01-01([T ]00:00:00(\.0+)?)?(Z|[+-]00:?00)?$/;

const DAYS_IN = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function validDate(y: number, mo: number, d: number, h: number, mi: number, s: number): boolean {
  return mo >= 1 && mo <= 12 && d >= 1 && d <= (DAYS_IN[mo - 1] ?? 31) && h <= 24 && mi <= 59 && s <= 60 && y > 0;
}

/** Offset in ms of an IANA zone at a UTC instant (positive east of Greenwich). Throws on an unknown zone. */
export function zoneOffsetMs(zone: string, utcMs: number): number {
  const fmt = formatterFor(zone);
  const parts = fmt.formatToParts(new Date(utcMs));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  let hour = get('hour');
  if (hour === 24) hour = 0;
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), hour, get('minute'), get('second'));
  return asUtc - (utcMs - (utcMs % 1000 + 1000) % 1000);
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** Is this a zone name Intl knows? */
export function isValidZone(zone: string): boolean {
  try {
    formatterFor(zone);
    return true;
  } catch {
    return false;
  }
}

/**
 * Expand a wall-clock time (given as if it were UTC: Date.UTC(y, m, d, h, mi, s)) in an IANA zone.
 * Returns the instant and whether the wall time fell in a DST gap (nonexistent; the later offset is
 * used, as if the clock had not been changed yet) or overlap (ambiguous; the earlier instant is used).
 */
export function localToUtc(wallMs: number, zone: string): { ms: number; dst?: 'gap' | 'overlap' } {
  // candidate offsets around the wall time
  const o1 = zoneOffsetMs(zone, wallMs - 36e5 * 24);
  const o2 = zoneOffsetMs(zone, wallMs + 36e5 * 24);
  const candidates = new Set<number>([o1, o2, zoneOffsetMs(zone, wallMs)]);
  const hits: number[] = [];
  for (const off of candidates) {
    const utc = wallMs - off;
    if (zoneOffsetMs(zone, utc) === off) hits.push(utc);
  }
  hits.sort((a, b) => a - b);
  if (hits.length === 1) return { ms: hits[0]! };
  if (hits.length > 1) return { ms: hits[0]!, dst: 'overlap' };
  // gap: the wall time does not exist; read it with the offset before the change
  const before = zoneOffsetMs(zone, wallMs - 36e5 * 3);
  return { ms: wallMs - before, dst: 'gap' };
}

/**
 * Parse an instant: ISO 8601 / RFC 3339 with any offset (`Z`, `+00:00`, `+0000`, `-07`), a space for
 * `T`, 0-9 fraction digits; epoch seconds/ms/us/ns by magnitude (numbers or digit strings, also
 * `"1710252131.123"`); `0001-01-01T00:00:00Z`, null, '' and '-' are unknown. A zone-less time needs
 * `tz` (an IANA zone); without it the result is an error, never a guess.
 */
export function parseInstant(value: unknown, tz?: string | null): TimeResult {
  if (value === null || value === undefined) return { ok: false, unknown: true, raw: String(value) };
  if (typeof value === 'number' || typeof value === 'bigint') return parseEpoch(String(value));
  if (typeof value !== 'string') return { ok: false, unknown: false, raw: String(value), message: 'not a time value' };
  const raw = value;
  const s = value.trim();
  if (s === '' || s === '-' || s === 'null' || GO_ZERO.test(s)) return { ok: false, unknown: true, raw };
  if (/^\d+(\.\d+)?$/.test(s)) return parseEpoch(s);
  const m = ISO.exec(s);
  if (!m) return { ok: false, unknown: false, raw, message: `unreadable time "${clipRaw(raw)}"` };
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const h = Number(m[4] ?? 0);
  const mi = Number(m[5] ?? 0);
  const sec = Number(m[6] ?? 0);
  const frac = m[7] ?? '';
  if (!validDate(y, mo, d, h, mi, sec)) return { ok: false, unknown: false, raw, message: `impossible date "${clipRaw(raw)}"` };
  const fracMs = frac ? Math.floor(Number(`0.${frac}`) * 1000 + 1e-6) : 0;
  const wall = Date.UTC(y, mo - 1, d, h, mi, Math.min(sec, 59)) + (sec === 60 ? 1000 : 0) + fracMs;
  const fractionDigits = m[6] === undefined ? -1 : frac.length;
  const zone = m[8];
  if (zone) {
    let off = 0;
    if (!/^(Z|z|UTC|GMT)$/.test(zone)) {
      const sign = zone[0] === '-' ? -1 : 1;
      const digits = zone.slice(1).replace(':', '');
      const oh = Number(digits.slice(0, 2));
      const om = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
      if (oh > 23 || om > 59) return { ok: false, unknown: false, raw, message: `impossible offset "${clipRaw(raw)}"` };
      off = sign * (oh * 60 + om) * 60_000;
    }
    return { ok: true, time: { ms: wall - off, raw, zoned: true, fractionDigits } };
  }
  if (m[4] === undefined) {
    // a bare date: a day, no zone needed for day precision, but an instant still needs one
    if (!tz) return { ok: false, unknown: false, raw, message: `date "${clipRaw(raw)}" has no time zone; pass --tz ZONE` };
  }
  if (!tz) return { ok: false, unknown: false, raw, message: `time "${clipRaw(raw)}" has no time zone; pass --tz ZONE (an IANA zone such as Europe/Dublin)` };
  if (!isValidZone(tz)) return { ok: false, unknown: false, raw, message: `unknown time zone "${tz}"` };
  const local = localToUtc(wall, tz);
  const time: ParsedTime = { ms: local.ms, raw, zoned: false, fractionDigits };
  if (local.dst) time.dst = local.dst;
  return { ok: true, time };
}

/** Epoch number by magnitude: s ~1e9-1e10, ms ~1e12-1e13, us ~1e15-1e16, ns ~1e18-1e19. */
export function parseEpoch(raw: string): TimeResult {
  const s = raw.trim();
  const m = /^(\d+)(?:\.(\d+))?$/.exec(s);
  if (!m) return { ok: false, unknown: false, raw, message: `unreadable epoch "${clipRaw(raw)}"` };
  const int = m[1]!.replace(/^0+(?=\d)/, '');
  const frac = m[2] ?? '';
  if (int === '0' && !/[1-9]/.test(frac)) return { ok: false, unknown: true, raw };
  const digits = int.length;
  let ms: number;
  let fractionDigits = frac.length;
  if (digits <= 11) {
    ms = Number(int) * 1000 + (frac ? Math.floor(Number(`0.${frac}`) * 1000 + 1e-6) : 0);
  } else if (digits <= 14) {
    ms = Number(int) + (frac ? Math.floor(Number(`0.${frac}`)) : 0);
    fractionDigits = 3;
  } else if (digits <= 17) {
    ms = Number(int.slice(0, digits - 3));
    fractionDigits = 6;
  } else if (digits <= 20) {
    ms = Number(int.slice(0, digits - 6));
    fractionDigits = 9;
  } else {
    return { ok: false, unknown: false, raw, message: `epoch "${clipRaw(raw)}" is out of range` };
  }
  if (!Number.isFinite(ms) || ms < 0 || ms > 8.64e15) return { ok: false, unknown: false, raw, message: `epoch "${clipRaw(raw)}" is out of range` };
  return { ok: true, time: { ms, raw, zoned: true, fractionDigits } };
}

/** Convenience: epoch ms or null (unknown or unreadable). Use parseInstant when you need the reason. */
export function toMs(value: unknown, tz?: string | null): number | null {
  const r = parseInstant(value, tz);
  return r.ok ? r.time.ms : null;
}

/** ISO 8601 UTC with `Z`, whole seconds written without a fraction (the contract's shape). */
export function isoUtc(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0 || ms >= 253402300800000) {
    const s = new Date(ms).toISOString();
    return s.endsWith('.000Z') ? `${s.slice(0, 19)}Z` : s;
  }
  const t = Math.floor(ms);
  const days = Math.floor(t / 86400000);
  let rem = t - days * 86400000;
  const h = Math.floor(rem / 3600000);
  rem -= h * 3600000;
  const mi = Math.floor(rem / 60000);
  rem -= mi * 60000;
  const sec = Math.floor(rem / 1000);
  const frac = rem - sec * 1000;
  // one flat string straight from char codes: no cons strings, no temporary array (this runs once per
  // event of a million-message export)
  const d = dayCodes(days);
  if (d === null) {
    const day = dayString(days);
    return frac === 0
      ? [day, 'T', TWO[h], ':', TWO[mi], ':', TWO[sec], 'Z'].join('')
      : [day, 'T', TWO[h], ':', TWO[mi], ':', TWO[sec], '.', THREE[frac], 'Z'].join('');
  }
  const h0 = 48 + ((h / 10) | 0);
  const h1 = 48 + (h % 10);
  const m0 = 48 + ((mi / 10) | 0);
  const m1 = 48 + (mi % 10);
  const s0 = 48 + ((sec / 10) | 0);
  const s1 = 48 + (sec % 10);
  if (frac === 0) return String.fromCharCode(d[0]!, d[1]!, d[2]!, d[3]!, 45, d[5]!, d[6]!, 45, d[8]!, d[9]!, 84, h0, h1, 58, m0, m1, 58, s0, s1, 90);
  return String.fromCharCode(
    d[0]!, d[1]!, d[2]!, d[3]!, 45, d[5]!, d[6]!, 45, d[8]!, d[9]!, 84, h0, h1, 58, m0, m1, 58, s0, s1, 46,
    48 + ((frac / 100) | 0), 48 + (((frac / 10) | 0) % 10), 48 + (frac % 10), 90,
  );
}

const TWO = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
const THREE = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
const dayCache = new Map<number, string>();
let lastDay = NaN;
let lastCodes: number[] | null = null;

/** The char codes of YYYY-MM-DD for a day number, or null when the year is not four digits. */
function dayCodes(days: number): number[] | null {
  if (days === lastDay) return lastCodes;
  const s = dayString(days);
  lastDay = days;
  lastCodes = s.length === 10 ? Array.from(s, (c) => c.charCodeAt(0)) : null;
  return lastCodes;
}

/** YYYY-MM-DD of a day number since the epoch (civil from days), cached. */
function dayString(days: number): string {
  let s = dayCache.get(days);
  if (s !== undefined) return s;
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  s = `${String(y).padStart(4, '0')}-${TWO[m]}-${TWO[d]}`;
  if (dayCache.size > 100_000) dayCache.clear();
  dayCache.set(days, s);
  return s;
}

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
};

/** Month number from an English name or abbreviation, or undefined. */
export function monthNumber(name: string): number | undefined {
  return MONTHS[name.slice(0, 3).toLowerCase()];
}

/**
 * git's default date (`Wed May 8 12:42:10 2024 +0200`) and RFC 2822 (`Wed, 8 May 2024 12:42:10 +0200`).
 */
export function parseGitDate(value: string, tz?: string | null): TimeResult {
  const raw = value;
  const s = value.trim();
  let m = /^(?:[A-Za-z]{3},?\s+)?([A-Za-z]{3})\s+(\d{1,2})\s+(\d{1,2}):(\d{2}):(\d{2})\s+(\d{4})(?:\s+([+-]\d{4}))?$/.exec(s);
  let y: number, mo: number | undefined, d: number, h: number, mi: number, sec: number, off: string | undefined;
  if (m) {
    mo = monthNumber(m[1]!);
    d = Number(m[2]);
    h = Number(m[3]);
    mi = Number(m[4]);
    sec = Number(m[5]);
    y = Number(m[6]);
    off = m[7];
  } else {
    m = /^(?:[A-Za-z]{3},?\s+)?(\d{1,2})\s+([A-Za-z]{3})\s+(\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s+([+-]\d{4}|GMT|UTC|Z))?$/.exec(s);
    if (!m) return parseInstant(value, tz);
    d = Number(m[1]);
    mo = monthNumber(m[2]!);
    y = Number(m[3]);
    h = Number(m[4]);
    mi = Number(m[5]);
    sec = Number(m[6] ?? 0);
    off = m[7] === 'GMT' || m[7] === 'UTC' || m[7] === 'Z' ? '+0000' : m[7];
  }
  if (!mo) return { ok: false, unknown: false, raw, message: `unreadable date "${clipRaw(raw)}"` };
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const iso = `${p(y, 4)}-${p(mo)}-${p(d)}T${p(h)}:${p(mi)}:${p(sec)}${off ?? ''}`;
  const r = parseInstant(iso, tz);
  if (r.ok) r.time.raw = raw;
  return r.ok ? r : { ...r, raw };
}

function clipRaw(raw: string): string {
  return raw.length > 40 ? `${raw.slice(0, 39)}…` : raw;
}

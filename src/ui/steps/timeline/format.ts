// Time, gap and duration formatting for the Timeline step. Pure: no clock, the zone is passed in.
import { MOMENT_KEYS, MOMENT_LABELS, type MomentKey, type Moments, type Precision, type TimelineEvent } from '../../../domain/schema.js';
import { clip } from '../../../domain/text.js';
import { parts, safeZone, type Parts } from '../../../report/format.js';

// Formatting the same instant many times while scrolling is common; a bounded cache keeps it cheap.
const PARTS_CACHE = new Map<string, Parts>();
const PARTS_CACHE_MAX = 4096;

export function zonedParts(iso: string, tz: string): Parts {
  const key = `${tz}|${iso}`;
  const hit = PARTS_CACHE.get(key);
  if (hit) return hit;
  const ms = Date.parse(iso);
  // an unknown zone in a session file falls back to UTC rather than crashing the screen
  const out: Parts = Number.isNaN(ms) ? { year: '', month: '', day: '', hour: '', minute: '', second: '', weekday: '' } : parts(ms, safeZone(tz));
  if (PARTS_CACHE.size >= PARTS_CACHE_MAX) PARTS_CACHE.clear();
  PARTS_CACHE.set(key, out);
  return out;
}

/** Calendar day of an instant in the incident's zone, "YYYY-MM-DD". */
export function dayKey(iso: string, tz: string): string {
  const p = zonedParts(iso, tz);
  return `${p.year}-${p.month}-${p.day}`;
}

/** A day header: "Tue 2024-03-12". */
export function formatDay(iso: string, tz: string): string {
  const p = zonedParts(iso, tz);
  return `${p.weekday} ${p.year}-${p.month}-${p.day}`;
}

/** The clock time of an instant at a display precision, in the incident's zone. */
export function formatTime(iso: string, precision: Precision, tz: string): string {
  const p = zonedParts(iso, tz);
  if (!p.hour) return '??:??';
  switch (precision) {
    case 'second':
      return `${p.hour}:${p.minute}:${p.second}`;
    case 'minute':
      return `${p.hour}:${p.minute}`;
    case 'hour':
      return `${p.hour}h`;
    case 'day':
      return `${p.month}-${p.day}`;
  }
}

/** A short day: "Tue 03-12". */
export function formatShortDay(iso: string, tz: string): string {
  const p = zonedParts(iso, tz);
  return p.hour ? `${p.weekday} ${p.month}-${p.day}` : '';
}

/**
 * The clock time at a precision, with the short day in front when `withDay` ("Tue 03-12 14h",
 * "Tue 03-12 14:02", "Tue 03-12" at day precision): what a multi-day incident needs to be read in order.
 */
export function formatStamp(iso: string, precision: Precision, tz: string, withDay: boolean): string {
  const time = formatTime(iso, precision, tz);
  if (!withDay) return time;
  const day = formatShortDay(iso, tz);
  if (!day) return time;
  return precision === 'day' ? day : `${day} ${time}`;
}

/**
 * Whether times need their day to be read in order: the key moments fall on more than one day in the
 * zone, or the display precision is coarse (hour, day: a slow burn) and the events span several days.
 * A minute-level incident that stays within one day keeps its bare clock times.
 */
export function needsDates(events: readonly Pick<TimelineEvent, 'occurredAt'>[], moments: Moments, precision: Precision, tz: string): boolean {
  const days = new Set<string>();
  for (const k of Object.keys(moments) as MomentKey[]) {
    const m = moments[k];
    if (m) days.add(dayKey(m.at, tz));
  }
  if (days.size > 1) return true;
  if (precision !== 'hour' && precision !== 'day') return false;
  const first = events[0];
  const last = events[events.length - 1];
  return Boolean(first && last && dayKey(first.occurredAt, tz) !== dayKey(last.occurredAt, tz));
}

const UNIT_MS: Record<Precision, number> = { second: 1000, minute: 60_000, hour: 3_600_000, day: 86_400_000 };

/**
 * A duration at a precision, compact: "8m 17s" (second), "14m", "1h 02m" (minute), "3h" (hour), "2d" (day).
 * Rounded down to the precision unit; under one unit shows "<1m" (or "0s").
 */
export function formatDuration(ms: number, precision: Precision): string {
  const sign = ms < 0 ? '-' : '';
  const abs = Math.abs(ms);
  const unit = UNIT_MS[precision];
  const whole = Math.floor(abs / unit) * unit;
  if (whole === 0) return precision === 'second' ? `${sign}0s` : `${sign}<1${precision === 'minute' ? 'm' : precision === 'hour' ? 'h' : 'd'}`;
  const d = Math.floor(whole / 86_400_000);
  const h = Math.floor((whole % 86_400_000) / 3_600_000);
  const m = Math.floor((whole % 3_600_000) / 60_000);
  const s = Math.floor((whole % 60_000) / 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  const parts: string[] = [];
  if (d) parts.push(`${d}d`);
  if (precision === 'day') return sign + (parts.join(' ') || '0d');
  if (h || (d && precision !== 'hour')) parts.push(parts.length ? `${pad(h)}h` : `${h}h`);
  if (precision === 'hour') return sign + parts.join(' ');
  if (m || parts.length) parts.push(parts.length ? `${pad(m)}m` : `${m}m`);
  if (precision === 'minute') return sign + parts.join(' ');
  parts.push(parts.length ? `${pad(s)}s` : `${s}s`);
  return sign + parts.join(' ');
}

/**
 * When an event was noticed later than it happened: "noticed 14:24, +14m". Null when the instants agree
 * at the display precision.
 */
export function gapLabel(event: Pick<TimelineEvent, 'occurredAt' | 'detectedAt'>, precision: Precision, tz: string): string | null {
  if (!event.detectedAt) return null;
  const gap = Date.parse(event.detectedAt) - Date.parse(event.occurredAt);
  if (Number.isNaN(gap) || Math.abs(gap) < UNIT_MS[precision]) return null;
  // noticed on another day: the day goes with the time, or "noticed 02h" would read as before it happened
  const when = formatStamp(event.detectedAt, precision, tz, dayKey(event.detectedAt, tz) !== dayKey(event.occurredAt, tz));
  return `noticed ${when}, ${gap >= 0 ? '+' : ''}${formatDuration(gap, precision)}`;
}

export interface MomentDuration {
  key: 'detect' | 'acknowledge' | 'mitigate' | 'resolve';
  label: string;
  from: MomentKey;
  to: MomentKey;
  /** null while either end is unset */
  ms: number | null;
}

const SPANS: Array<Pick<MomentDuration, 'key' | 'label' | 'from' | 'to'>> = [
  { key: 'detect', label: 'time to detect', from: 'impactStart', to: 'detected' },
  { key: 'acknowledge', label: 'time to acknowledge', from: 'impactStart', to: 'acknowledged' },
  { key: 'mitigate', label: 'time to mitigate', from: 'impactStart', to: 'mitigated' },
  { key: 'resolve', label: 'time to resolve', from: 'impactStart', to: 'resolved' },
];

/** The four durations between the key moments, each from impact start (as the Impact step and the documents count them). */
export function momentDurations(moments: Moments): MomentDuration[] {
  return SPANS.map((s) => {
    const a = moments[s.from];
    const b = moments[s.to];
    const ms = a && b ? Date.parse(b.at) - Date.parse(a.at) : null;
    return { ...s, ms: ms === null || Number.isNaN(ms) ? null : ms };
  });
}

/** Parse a time typed by the facilitator ("14:10", "14:10:30", "2024-03-12 14:10", ISO) in the incident's zone, on the day of `base`. */
export function parseTypedTime(input: string, base: string, tz: string): string | null {
  const text = input.trim();
  if (!text) return null;
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z$/.test(text)) {
    const ms = Date.parse(text);
    return Number.isNaN(ms) ? null : new Date(ms).toISOString().replace('.000Z', 'Z');
  }
  const m = /^(?:(\d{4})-(\d{2})-(\d{2})[ T])?(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(text);
  if (!m) return null;
  const bp = zonedParts(base, tz);
  const y = Number(m[1] ?? bp.year);
  const mo = Number(m[2] ?? bp.month);
  const d = Number(m[3] ?? bp.day);
  const h = Number(m[4]);
  const mi = Number(m[5]);
  const s = Number(m[6] ?? 0);
  if (h > 23 || mi > 59 || s > 59 || mo < 1 || mo > 12 || d < 1 || d > 31) return null;
  // wall time in tz -> UTC: guess as UTC, then correct by the zone offset at that instant (twice for DST edges)
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  let guess = wall;
  for (let i = 0; i < 2; i++) {
    const p = zonedParts(new Date(guess).toISOString(), tz);
    const shown = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
    guess += wall - shown;
  }
  return new Date(guess).toISOString().replace('.000Z', 'Z');
}

// ---- the key-moment strip and the durations line ----

export const MOMENT_GLYPHS: Record<MomentKey, string> = {
  impactStart: 'I',
  detected: 'D',
  acknowledged: 'A',
  mitigated: 'M',
  resolved: 'R',
};

const SHORT_LABELS: Record<MomentKey, string> = { ...MOMENT_LABELS, acknowledged: "ack'd" };

/** Items joined with " · " into at most `maxLines` lines of `width`; null when they do not fit. */
function pack(items: readonly string[], width: number, maxLines: number): string[] | null {
  const lines: string[] = [];
  let cur = '';
  for (const it of items) {
    if (it.length > width) return null;
    if (!cur) cur = it;
    else if (cur.length + 3 + it.length <= width) cur += ` · ${it}`;
    else {
      lines.push(cur);
      cur = it;
    }
  }
  if (cur) lines.push(cur);
  return lines.length <= maxLines ? lines : null;
}

/**
 * The five key moments as one line, or two when one is too narrow: full labels, then shorter labels, then
 * the letters alone, so every moment stays visible at 80 columns. Dates go with the times when `withDay`.
 */
export function momentStrip(moments: Moments, precision: Precision, tz: string, width: number, withDay: boolean, maxLines = 2): string[] {
  const value = (k: MomentKey) => {
    const m = moments[k];
    return m ? formatStamp(m.at, precision, tz, withDay) : '—';
  };
  const items = (labels: Record<MomentKey, string> | null) =>
    MOMENT_KEYS.map((k) => `${MOMENT_GLYPHS[k]}${labels ? ` ${labels[k]}` : ''} ${value(k)}`);
  const tries: Array<[Record<MomentKey, string> | null, number]> = [
    [MOMENT_LABELS, 1],
    [SHORT_LABELS, 1],
    [MOMENT_LABELS, maxLines],
    [SHORT_LABELS, maxLines],
    [null, 1],
    [null, maxLines],
  ];
  for (const [labels, lines] of tries) {
    const out = pack(items(labels), width, Math.min(lines, maxLines));
    if (out) return out;
  }
  return [clip(items(null).join(' · '), width)];
}

/** The four durations on one line: spelled out when there is room, else "TTD 8m · TTA 10m · …". */
export function durationLine(moments: Moments, precision: Precision, width: number): string {
  const ds = momentDurations(moments);
  const val = (d: MomentDuration) => (d.ms === null ? '—' : formatDuration(d.ms, precision));
  const verbs: Record<MomentDuration['key'], string> = { detect: 'detect', acknowledge: 'acknowledge', mitigate: 'mitigate', resolve: 'resolve' };
  const full = ds.map((d) => `${d.label} ${val(d)}`).join(' · ');
  if (full.length <= width) return full;
  const mid = `time to ${ds.map((d) => `${verbs[d.key]} ${val(d)}`).join(' · ')}`;
  if (mid.length <= width) return mid;
  const acronyms: Record<MomentDuration['key'], string> = { detect: 'TTD', acknowledge: 'TTA', mitigate: 'TTM', resolve: 'TTR' };
  return clip(ds.map((d) => `${acronyms[d.key]} ${val(d)}`).join(' · '), width);
}

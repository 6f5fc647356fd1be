// Shared helpers for the paging, alerting, metrics and change importers (pagerduty, opsgenie,
// alertmanager, prometheus, grafana, datadog, cloudwatch, github, argocd, k8s).
// Pure: no I/O, no clock. Every field is read defensively; upstream ids stay strings.
import type { EventKind, Precision, SourceType } from '../domain/schema.js';
import { clip, oneLine, sanitize } from '../domain/text.js';
import { parseInstant, type ParsedTime } from './time.js';
import type { IngestWarning, ParseContext, ParseResult, RawEvent } from './types.js';

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function obj(v: unknown): Obj {
  return isObj(v) ? v : {};
}

export function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** A string or number as a string (ids), else null. Empty strings are null. */
export function str(v: unknown): string | null {
  if (typeof v === 'string') return v.length ? v : null;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'bigint') return String(v);
  return null;
}

/** Plain one-line text (sanitised, whitespace folded). */
export function plain(v: unknown): string {
  const s = str(v);
  return s ? oneLine(s) : '';
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };

/** Strip HTML tags and decode the common entities, then fold to one sanitised line. */
export function stripHtml(v: unknown): string {
  const s = str(v);
  if (!s) return '';
  const noTags = s
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<br\s*\/?>|<\/p>|<\/li>|<\/div>/gi, ' ')
    .replace(/<[^>]*>/g, '');
  const decoded = noTags.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+\d*);/gi, (m, e: string) => {
    const k = e.toLowerCase();
    if (k.startsWith('#x')) return safeChar(parseInt(k.slice(2), 16)) ?? m;
    if (k.startsWith('#')) return safeChar(parseInt(k.slice(1), 10)) ?? m;
    return ENTITIES[k] ?? m;
  });
  return oneLine(decoded);
}

function safeChar(code: number): string | null {
  if (!Number.isFinite(code) || code <= 0 || code > 0x10ffff) return null;
  return String.fromCodePoint(code);
}

/** A short sanitised excerpt of a raw record for the evidence pane. */
export function excerptOf(record: unknown, max = 400): string {
  let s: string;
  try {
    s = typeof record === 'string' ? record : JSON.stringify(record) ?? '';
  } catch {
    s = '';
  }
  return clip(oneLine(sanitize(s)), max);
}

/** First 7 hex characters of a git revision, or null when it does not look like one. */
export function sha7(v: unknown): string | null {
  const s = str(v);
  if (!s) return null;
  const m = /^[0-9a-f]{7,40}$/i.exec(s.trim());
  return m ? s.trim().slice(0, 7).toLowerCase() : null;
}

export function keyPart(v: string): string {
  return v.trim().toLowerCase().replace(/\s+/g, '-');
}

/** Unique, non-empty keys. */
export function keys(...ks: Array<string | null | undefined | false>): string[] {
  const out: string[] = [];
  for (const k of ks) if (k && !out.includes(k)) out.push(k);
  return out;
}

export function precisionOf(t: ParsedTime): Precision {
  return t.fractionDigits === -1 ? 'minute' : 'second';
}

/** Collects events and warnings for one file, with the importer's source and the display path. */
export class Collector {
  readonly events: RawEvent[] = [];
  readonly warnings: IngestWarning[] = [];
  private readonly refs = new Set<string>();
  constructor(
    readonly source: SourceType,
    readonly ctx: ParseContext,
  ) {}

  warn(message: string, line?: number | null): void {
    const w: IngestWarning = { file: this.ctx.file, message: oneLine(message) };
    if (line != null) w.line = line;
    this.warnings.push(w);
  }

  /** Parse a time field; unknown (null, Go zero) gives null silently, unreadable gives null + warning. */
  time(value: unknown, what: string): ParsedTime | null {
    const r = parseInstant(value, this.ctx.tz);
    if (r.ok) {
      if (r.time.dst) this.warn(`${what}: local time "${r.time.raw}" is ${r.time.dst === 'gap' ? 'in a DST gap' : 'ambiguous (DST overlap)'} in ${this.ctx.tz ?? 'the zone'}`);
      return r.time;
    }
    if (!r.unknown) this.warn(`${what}: ${r.message}`);
    return null;
  }

  add(e: {
    ref: string;
    at: ParsedTime;
    kind: EventKind;
    text: string;
    actor?: string | null;
    detectedAt?: number | null;
    precision?: Precision;
    excerpt?: unknown;
    keys?: string[];
    facts?: Record<string, string>;
    line?: number | null;
    channel?: string | null;
  }): RawEvent {
    let ref = oneLine(e.ref) || 'record';
    if (this.refs.has(ref)) {
      let n = 2;
      while (this.refs.has(`${ref}#${n}`)) n++;
      ref = `${ref}#${n}`;
    }
    this.refs.add(ref);
    const ev: RawEvent = {
      source: this.source,
      file: this.ctx.file,
      ref,
      occurredAt: e.at.ms,
      precision: e.precision ?? precisionOf(e.at),
      kind: e.kind,
      actor: e.actor ? oneLine(e.actor) || null : null,
      text: clip(oneLine(e.text), 2000),
      rawTime: sanitize(e.at.raw),
    };
    if (e.detectedAt != null) ev.detectedAt = e.detectedAt;
    if (e.excerpt !== undefined) ev.excerpt = excerptOf(e.excerpt);
    if (e.keys?.length) ev.keys = e.keys.map((k) => oneLine(k)).filter(Boolean);
    if (e.facts && Object.keys(e.facts).length) {
      const f: Record<string, string> = {};
      for (const [k, v] of Object.entries(e.facts)) if (v) f[k] = oneLine(v);
      ev.facts = f;
    }
    if (e.line != null) ev.line = e.line;
    if (e.channel) ev.channel = oneLine(e.channel);
    this.events.push(ev);
    return ev;
  }

  result(): ParseResult {
    this.events.sort((a, b) => a.occurredAt - b.occurredAt);
    return { events: this.events, series: [], warnings: capWarnings(this.warnings, this.ctx.file) };
  }
}

/**
 * Records in ascending time order when the export lists them newest first (first time > last time),
 * so same-second records keep their causal order (trigger before assign) whichever order was exported.
 * Returns the items with their original indexes.
 */
export function chronological<T>(items: T[], timeOf: (item: T) => number | null): Array<{ item: T; index: number }> {
  const withIdx = items.map((item, index) => ({ item, index }));
  const times = withIdx.map((x) => timeOf(x.item)).filter((t): t is number => t !== null);
  if (times.length >= 2 && times[0]! > times[times.length - 1]!) withIdx.reverse();
  return withIdx;
}

export const MAX_WARNINGS = 50;

/** At most MAX_WARNINGS per file, then one line saying how many more there were. */
export function capWarnings(ws: IngestWarning[], file: string): IngestWarning[] {
  if (ws.length <= MAX_WARNINGS) return ws;
  return [...ws.slice(0, MAX_WARNINGS), { file, message: `${ws.length - MAX_WARNINGS} more warnings like these not shown` }];
}

/** Run `fn` per record; a throw on one record becomes a warning naming its index, never a crash. */
export function eachRecord<T>(c: Collector, items: T[], label: string, fn: (item: T, index: number) => void): void {
  items.forEach((item, i) => {
    try {
      fn(item, i);
    } catch (err) {
      c.warn(`${label} ${i + 1}: skipped (${err instanceof Error ? err.message : String(err)})`);
    }
  });
}

/** Objects of a JSON-lines head (first few lines), for detection of line-delimited exports. */
export function headJsonLines(head: string, max = 3): Obj[] {
  const out: Obj[] = [];
  for (const line of head.split('\n')) {
    const t = line.trim();
    if (!t) continue;
    try {
      const v: unknown = JSON.parse(t);
      if (isObj(v)) out.push(v);
      else return out;
    } catch {
      return out;
    }
    if (out.length >= max) break;
  }
  return out;
}

/** A user/agent reference's display name: summary, name, login, email. */
export function refName(v: unknown): string | null {
  const o = obj(v);
  return plain(o.summary ?? o.name ?? o.login ?? o.email ?? o.username) || null;
}

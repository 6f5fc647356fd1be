// JSON-lines application logs, streamed line by line (any size). Time in timestamp/@timestamp/time/
// ts/date/datetime/asctime/t (ISO with a zone, or an epoch number by magnitude); message in
// message/msg/log/event; level in level/severity/lvl/levelname. A line that says an alert was raised
// is an alert (keyed `alert:<name>`); every other line is a note.
import type { EventKind } from '../domain/schema.js';
import { clip, oneLine, sanitize } from '../domain/text.js';
import { parseInstant } from './time.js';
import type { DetectInput, FileImporter, IngestWarning, ParseContext, ParseResult, RawEvent, VFile } from './types.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export const TIME_KEYS = ['timestamp', '@timestamp', 'time', 'ts', 'date', 'datetime', 'asctime', 't', 'eventTime', 'Timestamp'];
export const MESSAGE_KEYS = ['message', 'msg', 'log', 'event', 'Message', 'text'];
export const LEVEL_KEYS = ['level', 'severity', 'lvl', 'levelname', 'log.level', 'Level', 'SeverityText'];
const ACTOR_KEYS = ['service', 'app', 'application', 'logger', 'host', 'hostname', 'component'];

function field(o: Obj, keys: string[]): unknown {
  for (const k of keys) {
    if (k in o && o[k] !== undefined && o[k] !== null && o[k] !== '') return o[k];
    if (k.includes('.')) {
      const [a, b] = k.split('.');
      const inner = o[a!];
      if (isObj(inner) && inner[b!] != null) return inner[b!];
    }
  }
  return undefined;
}

function headObjects(head: string, max = 5): Obj[] | null {
  const lines = head.split('\n');
  // the last line of a head may be cut
  const complete = head.length >= 64 * 1024 ? lines.slice(0, -1) : lines;
  const out: Obj[] = [];
  for (const l of complete) {
    const t = l.trim();
    if (!t) continue;
    if (!t.startsWith('{')) return null;
    try {
      const o: unknown = JSON.parse(t);
      if (!isObj(o)) return null;
      out.push(o);
    } catch {
      return null;
    }
    if (out.length >= max) break;
  }
  return out.length ? out : null;
}

export function detectJsonLines(input: DetectInput): boolean {
  const objs = headObjects(input.head);
  if (!objs) return false;
  // a single-object file is JSON-lines only if it looks like a log record
  return objs.every((o) => field(o, TIME_KEYS) !== undefined && field(o, MESSAGE_KEYS) !== undefined);
}

const ALERT_RAISED = /\balert(?:s)?\b[^.]{0,40}?\b(raised|fired|firing|triggered|opened)\b|\b(raised|fired|triggered)\b[^.]{0,20}\balert\b/i;

function kindOf(msg: string, level: string, o: Obj): EventKind {
  if (ALERT_RAISED.test(msg)) return 'alert';
  if (/^(alert|alerting)$/i.test(level)) return 'alert';
  void o;
  return 'note';
}

function alertName(o: Obj, msg: string): string | null {
  const a = o.alert ?? o.alertname ?? o.alert_name ?? o.rule;
  if (typeof a === 'string' && a.trim()) return a.trim().toLowerCase().replace(/\s+/g, '-');
  const m = /alert (?:raised|fired|triggered):\s*([^\s(,]+)/i.exec(msg);
  return m?.[1] ? m[1].toLowerCase() : null;
}

export async function parseJsonLines(file: VFile, _input: DetectInput, ctx: ParseContext): Promise<ParseResult> {
  const events: RawEvent[] = [];
  const warnings: IngestWarning[] = [];
  let bad = 0;
  let noTime = 0;
  const warn = (line: number, message: string) => {
    if (warnings.length < 20) warnings.push({ file: ctx.file, line, message });
  };
  for await (const { line, text } of file.lines()) {
    const t = text.trim();
    if (!t) continue;
    let o: unknown;
    try {
      o = JSON.parse(t);
    } catch {
      bad++;
      warn(line, t.length > 100_000 ? 'line too long to be a log record; skipped' : 'not a JSON object (truncated or malformed line); skipped');
      continue;
    }
    if (!isObj(o)) {
      bad++;
      warn(line, 'not a JSON object; skipped');
      continue;
    }
    const rawTime = field(o, TIME_KEYS);
    const tr = parseInstant(typeof rawTime === 'object' ? undefined : rawTime, ctx.tz);
    if (!tr.ok) {
      noTime++;
      warn(line, tr.unknown ? 'no time on this line; skipped' : `${tr.message}; skipped`);
      continue;
    }
    if (tr.time.dst) warn(line, `local time "${tr.time.raw}" is ${tr.time.dst === 'gap' ? 'in a DST gap' : 'ambiguous (DST overlap)'} in ${ctx.tz}`);
    const msgRaw = field(o, MESSAGE_KEYS);
    const msg = oneLine(typeof msgRaw === 'string' ? msgRaw : JSON.stringify(msgRaw ?? ''));
    const levelRaw = field(o, LEVEL_KEYS);
    const level = typeof levelRaw === 'string' || typeof levelRaw === 'number' ? String(levelRaw).toUpperCase() : '';
    const kind = kindOf(msg, level, o);
    const actorRaw = field(o, ACTOR_KEYS);
    const actor = typeof actorRaw === 'string' ? oneLine(actorRaw) || null : null;
    const ev: RawEvent = {
      source: 'log',
      file: ctx.file,
      ref: `L${line}`,
      line,
      occurredAt: tr.time.ms,
      precision: tr.time.fractionDigits === -1 ? 'minute' : 'second',
      kind,
      actor,
      text: clip(level && /^(WARN|WARNING|ERROR|FATAL|CRITICAL|ALERT|EMERG)/.test(level) ? `${level}: ${msg}` : msg, 2000),
      rawTime: sanitize(tr.time.raw),
      excerpt: clip(oneLine(t), 600),
    };
    const channel = o.channel;
    if (typeof channel === 'string') ev.channel = oneLine(channel);
    if (kind === 'alert') {
      const name = alertName(o, msg);
      if (name) ev.keys = [`alert:${name}`];
    }
    events.push(ev);
  }
  if (bad > 20 || noTime > 20 || warnings.length >= 20) {
    warnings.push({ file: ctx.file, message: `${bad} malformed and ${noTime} undated lines in all (only the first 20 are listed)` });
  }
  return { events, series: [], warnings };
}

export const jsonLinesLogImporter: FileImporter = {
  id: 'jsonl-log',
  source: 'log',
  detect: detectJsonLines,
  parse: parseJsonLines,
};

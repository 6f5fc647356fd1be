// `debrief timeline <inputs...> [--json] [--tz ZONE] [--since T --until T] [--channel GLOB]`:
// reconstruct the timeline from exports and print it without saving (docs/cli-contract.md).
import { Writable } from 'node:stream';
import type { TimelineEvent } from '../../domain/schema.js';
import { clip, oneLine } from '../../domain/text.js';
import { reconstruct, toContractJson, type ReconstructResult } from '../../ingest/index.js';
import { isValidZone, parseInstant } from '../../ingest/time.js';
import type { IngestWarning } from '../../ingest/types.js';
import { UserError, type CliIO, type Command } from '../command.js';

type Out = CliIO['stdout'] & { once?: (ev: 'drain', cb: () => void) => unknown; writableNeedDrain?: boolean };

/** Write with backpressure, so a million events do not pile up in memory on a slow pipe. */
async function putRaw(out: Out, chunk: string | Buffer): Promise<void> {
  const ok = (out.write as (c: string | Buffer) => unknown)(chunk);
  if (ok === false && typeof out.once === 'function') await new Promise<void>((res) => out.once!('drain', res));
}

/**
 * JSON.stringify escapes C0 controls (ESC becomes \u001b) but writes C1 controls, bidi overrides and
 * line separators raw, and a terminal showing the JSON would act on them (a file name holding U+202E
 * reorders the line). Escape them too: the JSON still parses to the exact same strings.
 */
const RAW_UNSAFE = /[\u0080-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const HAS_RAW_UNSAFE = /[\u0080-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const jsonSafe = (json: string): string => json.replace(RAW_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/**
 * Output to a real stream, in ~1 MB Buffers: each chunk is encoded once, straight into the buffer,
 * and checked for the characters jsonSafe escapes on the bytes (every one of them is encoded with a
 * lead byte C2, D8 or E2, which a native search finds fast); only a chunk holding such a byte is
 * scanned as a string. The bytes are those of the string path exactly.
 */
class ByteOut {
  private static readonly SIZE = 1 << 20;
  private buf = Buffer.allocUnsafe(ByteOut.SIZE);
  private pos = 0;
  constructor(private readonly out: Out) {}

  /** Add a chunk; a promise only when the buffer had to be written out first (await it then). */
  put(chunk: string): Promise<void> | undefined {
    if (this.pos + chunk.length * 3 > ByteOut.SIZE) return this.putAfterFlush(chunk);
    const start = this.pos;
    const end = start + this.buf.write(chunk, start, 'utf8');
    // as many bytes as characters: all ASCII, nothing to escape
    if (end - start !== chunk.length && this.unsafeBytes(start, end) && HAS_RAW_UNSAFE.test(chunk)) {
      // longer once escaped: put it again (the escaped text holds nothing to escape, so once)
      return this.put(jsonSafe(chunk));
    }
    this.pos = end;
    return undefined;
  }

  private unsafeBytes(start: number, end: number): boolean {
    const written = this.buf.subarray(start, end);
    return written.indexOf(0xc2) >= 0 || written.indexOf(0xd8) >= 0 || written.indexOf(0xe2) >= 0;
  }

  private async putAfterFlush(chunk: string): Promise<void> {
    await this.flush();
    if (chunk.length * 3 > ByteOut.SIZE) await putRaw(this.out, Buffer.from(jsonSafe(chunk), 'utf8'));
    else await this.put(chunk);
  }

  async flush(): Promise<void> {
    if (this.pos === 0) return;
    const full = this.buf.subarray(0, this.pos);
    // a new buffer each time: the stream may still hold the last one (an async pipe)
    this.buf = Buffer.allocUnsafe(ByteOut.SIZE);
    this.pos = 0;
    await putRaw(this.out, full);
  }
}

/** JSON.stringify writes a string as is, in quotes, unless it holds one of these. */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;
const quote = (s: string): string => (NEEDS_ESCAPE.test(s) ? JSON.stringify(s) : `"${s}"`);
/** A string's JSON without the quotes (itself, most of the time: no new string). */
const inner = (s: string): string => (NEEDS_ESCAPE.test(s) ? JSON.stringify(s).slice(1, -1) : s);
// strings that repeat across a million events (actor, file, channel, kind): quoted once each
const quoted = new Map<string, string>();
function quoteCached(s: string): string {
  let q = quoted.get(s);
  if (q === undefined) {
    q = quote(s);
    if (quoted.size > 50_000) quoted.clear();
    quoted.set(s, q);
  }
  return q;
}

const EVENT_KEYS = ['id', 'occurredAt', 'detectedAt', 'precision', 'kind', 'actor', 'text', 'sources', 'conflicts', 'confirmed', 'proposedBy'];

/**
 * JSON.stringify(e), built by hand for the shape reconstruction gives every event (the fixed keys in
 * order, then `channel` and `parentId` when set, each source `{type, file, ref}`): a million events
 * cost far less this way. Anything else (another key, order or value type) returns undefined, and
 * the caller stringifies that event as before; a source with more fields is stringified natively.
 */
export function eventJson(e: TimelineEvent): string | undefined {
  if (Object.getPrototypeOf(e) !== Object.prototype) return undefined;
  let n = 0;
  let channel = false;
  let parent = false;
  for (const k in e) {
    if (n < 11) {
      if (k !== EVENT_KEYS[n]) return undefined;
    } else if (k === 'channel' && n === 11) channel = true;
    else if (k === 'parentId' && !parent) parent = true;
    else return undefined;
    n++;
  }
  if (n < 11) return undefined;
  const { id, occurredAt, detectedAt, precision, kind, actor, text, sources, conflicts, confirmed, proposedBy } = e;
  if (typeof id !== 'string' || typeof occurredAt !== 'string' || typeof precision !== 'string' || typeof kind !== 'string' || typeof text !== 'string') return undefined;
  if (typeof proposedBy !== 'string' || typeof confirmed !== 'boolean') return undefined;
  if (detectedAt !== null && typeof detectedAt !== 'string') return undefined;
  if (actor !== null && typeof actor !== 'string') return undefined;
  if (!Array.isArray(sources) || !Array.isArray(conflicts)) return undefined;
  let src: string | undefined;
  const s0 = sources.length === 1 ? sources[0] : undefined;
  if (s0 !== undefined && s0 !== null && typeof s0 === 'object' && Object.getPrototypeOf(s0) === Object.prototype) {
    let m = 0;
    for (const k in s0) {
      if (k !== (m === 0 ? 'type' : m === 1 ? 'file' : m === 2 ? 'ref' : '')) {
        m = -1;
        break;
      }
      m++;
    }
    const { type, file, ref } = s0;
    if (m === 3 && typeof type === 'string' && typeof file === 'string' && typeof ref === 'string') {
      src = `[{"type":${quoteCached(type)},"file":${quoteCached(file)},"ref":"${inner(ref)}"}]`;
    }
  }
  if (src === undefined) src = JSON.stringify(sources);
  let out =
    `{"id":"${inner(id)}","occurredAt":"${inner(occurredAt)}","detectedAt":${detectedAt === null ? 'null' : quote(detectedAt)},` +
    `"precision":${quoteCached(precision)},"kind":${quoteCached(kind)},"actor":${actor === null ? 'null' : quoteCached(actor)},` +
    `"text":"${inner(text)}","sources":${src},"conflicts":${conflicts.length === 0 ? '[]' : JSON.stringify(conflicts)},` +
    `"confirmed":${confirmed ? 'true' : 'false'},"proposedBy":${quoteCached(proposedBy)}`;
  if (channel) {
    if (typeof e.channel !== 'string') return undefined;
    out += `,"channel":${quoteCached(e.channel)}`;
  }
  if (parent) {
    if (typeof e.parentId !== 'string') return undefined;
    out += `,"parentId":"${inner(e.parentId)}"`;
  }
  return `${out}}`;
}

/** The contract JSON, streamed: one event per line, so output size is not bounded by string limits. */
export async function writeContractJson(out: Out, result: ReconstructResult): Promise<void> {
  // a Node stream takes Buffers; anything else (a test's collector) gets strings
  const bytes = out instanceof Writable ? new ByteOut(out) : null;
  const put = (chunk: string): Promise<void> | undefined => (bytes ? bytes.put(chunk) : putRaw(out, jsonSafe(chunk)));
  const { events: _events, ...rest } = toContractJson(result);
  await put('{\n"events": [');
  const events = result.events;
  // small batches: each chunk stays well under V8's large-object size and dies young, and a chunk
  // holding one two-byte character (an emoji) is a two-byte string: fewer events share that cost
  const BATCH = 10;
  for (let i = 0; i < events.length; i += BATCH) {
    let json = i === 0 ? '\n' : ',\n';
    const end = Math.min(events.length, i + BATCH);
    for (let j = i; j < end; j++) {
      const ev = events[j]!;
      json += (j === i ? '' : ',\n') + (eventJson(ev) ?? JSON.stringify(ev));
    }
    const b = put(json);
    if (b) await b;
  }
  await put(events.length ? '\n],\n' : '],\n');
  const tail = Object.entries(rest)
    .map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`)
    .join(',\n');
  await put(`${tail}\n}\n`);
  await bytes?.flush();
}

export function formatWarning(w: IngestWarning): string {
  return `warning: ${oneLine(w.file)}${w.line != null ? `:${w.line}` : ''}: ${oneLine(w.message)}`;
}

function hhmm(iso: string, withDate: boolean): string {
  return withDate ? `${iso.slice(0, 10)} ${iso.slice(11, 19)}` : iso.slice(11, 19);
}

export function formatTable(result: ReconstructResult, width: number): string {
  const events = result.events;
  const days = new Set(events.map((e) => e.occurredAt.slice(0, 10)));
  const withDate = days.size > 1;
  const timeW = withDate ? 19 : 8;
  const srcOf = (e: TimelineEvent) => [...new Set(e.sources.map((s) => s.type))].join('+');
  const srcW = Math.min(24, Math.max(7, ...events.map((e) => srcOf(e).length)));
  const lines: string[] = [];
  const head = `${'TIME (UTC)'.padEnd(timeW)}  ${'KIND'.padEnd(10)}  ${'SOURCES'.padEnd(srcW)}  TEXT`;
  lines.push(head);
  const textW = Math.max(20, width - timeW - 10 - srcW - 6);
  for (const e of events) {
    const who = e.actor ? `${oneLine(e.actor)}: ` : '';
    const mark = e.conflicts.length ? ' [conflict]' : '';
    const det = e.detectedAt ? ` (detected ${hhmm(e.detectedAt, withDate)})` : '';
    lines.push(
      `${hhmm(e.occurredAt, withDate).padEnd(timeW)}  ${e.kind.padEnd(10)}  ${clip(srcOf(e), srcW).padEnd(srcW)}  ${clip(oneLine(`${who}${e.text}${det}${mark}`), textW)}`,
    );
  }
  lines.push('');
  lines.push(`${events.length} event${events.length === 1 ? '' : 's'}, precision ${result.precision}. Proposed key moments (UTC):`);
  for (const [k, m] of Object.entries(result.moments)) {
    lines.push(`  ${k.padEnd(13)} ${m ? `${hhmm(m.at, true)}  ${clip(oneLine(m.evidence ?? ''), Math.max(20, width - 40))}` : '-'}`);
  }
  return `${lines.join('\n')}\n`;
}

function instantArg(v: unknown, tz: string | null, name: string): string | null {
  if (typeof v !== 'string' || v === '') return null;
  const r = parseInstant(v, tz);
  if (!r.ok) throw new UserError(`--${name} ${oneLine(v).slice(0, 40)}: ${r.unknown ? 'not a time' : r.message} (use ISO 8601, e.g. 2024-03-12T14:00:00Z)`);
  return v;
}

export default {
  name: 'timeline',
  summary: 'rebuild a cited timeline from exports and print it (no session)',
  usage:
    'debrief timeline <inputs...> [--json] [--tz ZONE] [--since T] [--until T] [--channel GLOB]\n' +
    '  inputs: files, folders or .zip exports (Slack, Teams, Discord, PagerDuty, Opsgenie, Alertmanager,\n' +
    '  Prometheus, Grafana, Datadog, CloudWatch, GitHub, Argo CD, kubectl events, git log, JSON-lines logs,\n' +
    '  Statuspage, pasted chat); formats are detected from content.\n' +
    '  --tz ZONE      IANA zone for times written without one (pasted chat); without it they are skipped with a warning\n' +
    '  --since/--until  keep events in this window (ISO 8601)\n' +
    '  --channel GLOB   keep chat messages only from matching channels (e.g. "inc-*")',
  options: {
    json: { type: 'boolean' },
    tz: { type: 'string' },
    since: { type: 'string' },
    until: { type: 'string' },
    channel: { type: 'string' },
  },
  async run(args, io) {
    const inputs = args.positionals;
    if (!inputs.length) throw new UserError('timeline needs at least one input (a file, folder or .zip). Usage: debrief timeline <inputs...> [--json]');
    const tzArg = args.values.tz;
    const tz = typeof tzArg === 'string' && tzArg ? tzArg : null;
    if (tz && !isValidZone(tz)) throw new UserError(`--tz ${oneLine(tz).slice(0, 40)}: not an IANA time zone (e.g. Europe/Dublin, America/Chicago, UTC)`);
    const since = instantArg(args.values.since, tz, 'since');
    const until = instantArg(args.values.until, tz, 'until');
    const channel = typeof args.values.channel === 'string' && args.values.channel ? args.values.channel : null;
    const result = await reconstruct(inputs, { tz, since, until, channel, cwd: io.cwd, contentHash: false });
    for (const w of result.warnings) io.stderr.write(`${formatWarning(w)}\n`);
    if (!result.readAny) {
      io.stderr.write(`debrief timeline: nothing could be read from ${inputs.length === 1 ? oneLine(inputs[0]!) : `${inputs.length} inputs`} (see the warnings above)\n`);
      if (args.values.json) await writeContractJson(io.stdout as Out, result);
      return 2;
    }
    if (args.values.json) await writeContractJson(io.stdout as Out, result);
    else io.stdout.write(formatTable(result, Math.max(80, io.stdout.columns ?? 120)));
    return 0;
  },
} satisfies Command;

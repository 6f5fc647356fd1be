// Datadog events: v1 `GET /api/v1/events` (`{events:[...], status}`), a v1 single event response
// (`{event:{...}, status}`), and v2 `GET /api/v2/events` pages (`{data:[{id, type:"event",
// attributes:{timestamp, message, tags, attributes:{title, status, ...}}}], links, meta}`).
// v1 ids: `id_str` (the number `id` loses precision above 2^53); `date_happened` is unix seconds.
// v2 time: `attributes.timestamp` (ISO) or the nested `attributes.attributes.timestamp` (ms).
//
// Mapping: Monitor events titled `[Triggered]`/`[Warn]`, or alert_type/status error|warning ->
// kind alert; `[Recovered]` or alert_type/status success -> resolve; deployment events (source
// deploy/deployment, tag `deploy`, or a title starting `Deploy`) -> deploy; everything else -> note.
// Markdown wrappers `%%%` are removed.
//
// Keys emitted: `alert:<monitor title without the [State] prefix>` for monitor events,
// `deploy:<service>` for deploy events with a `service:<x>` tag.
import type { EventKind } from '../domain/schema.js';
import { arr, Collector, eachRecord, isObj, keyPart, keys, obj, plain, str, type Obj } from './ops-common.js';
import { parseEpoch } from './time.js';
import type { DetectInput, FileImporter, ParseContext, ParseResult, VFile } from './types.js';

function isV1(v: unknown): v is Obj {
  return isObj(v) && 'date_happened' in v && ('id_str' in v || 'id' in v) && ('title' in v || 'text' in v);
}
function isV2(v: unknown): v is Obj {
  return isObj(v) && v.type === 'event' && isObj(v.attributes) && ('timestamp' in v.attributes || isObj(v.attributes.attributes));
}

export function detectDatadog(input: DetectInput): boolean {
  const j = input.json;
  if (!isObj(j)) return false;
  if (Array.isArray(j.events)) return j.events.length === 0 ? str(j.status) === 'ok' : isV1(j.events[0]);
  if (isV1(j.event)) return true;
  if (Array.isArray(j.data)) return j.data.length > 0 && isV2(j.data[0]);
  return false;
}

function textOf(v: unknown): string {
  const s = str(v) ?? '';
  return plain(s.replace(/%%%/g, ' '));
}

function classify(title: string, alertType: string, source: string, tags: string[]): EventKind {
  const t = title.toLowerCase();
  if (/^\[(recovered|ok)\]/.test(t) || alertType === 'success') return 'resolve';
  if (/^\[(triggered|warn|alert|re-triggered)\]/.test(t) || alertType === 'error' || alertType === 'warning') return 'alert';
  if (/deploy/.test(source.toLowerCase()) || tags.some((x) => /^deploy(ment)?$/i.test(x)) || /^deploy/.test(t)) return 'deploy';
  return 'note';
}

function emit(c: Collector, e: {
  id: string;
  at: ReturnType<Collector['time']>;
  title: string;
  body: string;
  alertType: string;
  source: string;
  tags: string[];
  host: string | null;
  raw: unknown;
  index: number;
}): void {
  if (!e.at) {
    c.warn(`event ${e.index + 1} (${e.id}): no readable time, skipped`);
    return;
  }
  const kind = classify(e.title, e.alertType, e.source, e.tags);
  const monitor = /^\[[^\]]+\]\s*(.+)$/.exec(e.title)?.[1];
  const service = e.tags.map((t) => /^service:(.+)$/.exec(t)?.[1]).find((s) => s && s !== 'undefined');
  const text = e.body && e.body !== e.title ? `${e.title}: ${e.body}` : e.title || e.body || '(empty event)';
  c.add({
    ref: e.id,
    at: e.at,
    kind,
    text,
    actor: e.host,
    excerpt: e.raw,
    keys: keys(
      (kind === 'alert' || kind === 'resolve') && monitor ? `alert:${keyPart(monitor)}` : null,
      kind === 'deploy' && service ? `deploy:${keyPart(service)}` : null,
    ),
  });
}

function v1(c: Collector, ev: unknown, i: number): void {
  if (!isV1(ev)) {
    c.warn(`event ${i + 1}: malformed (no date_happened), skipped`);
    return;
  }
  const id = str(ev.id_str) ?? str(ev.id) ?? `event-${i + 1}`;
  if (!str(ev.id_str) && typeof ev.id === 'number' && !Number.isSafeInteger(ev.id))
    c.warn(`event ${i + 1}: numeric id ${id} is above 2^53 and was rounded by JSON; export id_str to keep it exact`);
  const dh = ev.date_happened;
  const r = typeof dh === 'number' ? parseEpoch(String(Math.trunc(dh))) : null;
  const at = r?.ok ? r.time : c.time(dh, `event ${i + 1}`);
  const tags = arr(ev.tags).map(plain).filter(Boolean);
  emit(c, {
    id,
    at,
    title: plain(ev.title),
    body: textOf(ev.text),
    alertType: plain(ev.alert_type).toLowerCase(),
    source: plain(ev.source_type_name),
    tags,
    host: plain(ev.host) || null,
    raw: { id_str: id, date_happened: dh, title: ev.title, text: ev.text, alert_type: ev.alert_type, source_type_name: ev.source_type_name, tags },
    index: i,
  });
}

function v2(c: Collector, ev: unknown, i: number): void {
  if (!isV2(ev)) {
    c.warn(`event ${i + 1}: malformed (not a v2 event), skipped`);
    return;
  }
  const attrs = obj(ev.attributes);
  const inner = obj(attrs.attributes);
  const id = str(ev.id) ?? str(obj(inner.evt).id) ?? `event-${i + 1}`;
  const at = attrs.timestamp !== undefined ? c.time(attrs.timestamp, `event ${i + 1}`) : c.time(inner.timestamp, `event ${i + 1}`);
  const tags = arr(attrs.tags).map(plain).filter(Boolean);
  emit(c, {
    id,
    at,
    title: plain(inner.title),
    body: textOf(attrs.message),
    alertType: plain(inner.status).toLowerCase(),
    source: plain(inner.source_type_name) || plain(tags.find((t) => t.startsWith('source:'))?.slice(7)),
    tags,
    host: plain(inner.hostname) || null,
    raw: { id, timestamp: attrs.timestamp, title: inner.title, message: attrs.message, status: inner.status, tags },
    index: i,
  });
}

export function parseDatadogJson(j: unknown, ctx: ParseContext): ParseResult {
  const c = new Collector('datadog', ctx);
  if (!isObj(j)) return c.result();
  if (Array.isArray(j.events)) eachRecord(c, j.events, 'event', (e, i) => v1(c, e, i));
  else if (isV1(j.event)) v1(c, j.event, 0);
  else if (Array.isArray(j.data)) eachRecord(c, j.data, 'event', (e, i) => v2(c, e, i));
  return c.result();
}

export const datadogImporter = {
  id: 'datadog',
  source: 'datadog',
  detect: (input: DetectInput) => {
    try {
      return detectDatadog(input);
    } catch {
      return false;
    }
  },
  parse: (_file: VFile, input: DetectInput, ctx: ParseContext) => parseDatadogJson(input.json, ctx),
} satisfies FileImporter;

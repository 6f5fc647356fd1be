// Opsgenie: alert lists (`GET /v2/alerts`: `{data:[alert], paging, took, requestId}`), a single alert
// (`{data:{...}}`), alert logs and notes (`{data:[{log|note, owner, createdAt, offset}], paging}`), and
// webhook payloads (`{action, alert:{alertId, tinyId, createdAt(ms), updatedAt(ns)}}`).
//
// Mapping: an alert object -> one alert event at createdAt; log lines: 'Alert created' -> alert (carries
// the same og: key so reconcile merges it into the alert object), 'acknowledged' -> ack, 'closed' ->
// resolve, 'escalat' -> escalation, 'Sent [...] notification to X' -> page, anything else (notes,
// count increases, views) -> note. Webhooks: Create/Acknowledge/Close/Escalate/AddNote likewise.
//
// Keys emitted: `og:<tinyId>` and `og:<alert id>` (the logs carry only the alert id, read from the
// paging URL `/v2/alerts/<id>/logs`), `alert:<name>` from the alert message without a leading
// `[Integration]` tag (so a Grafana rule title matches the Grafana annotation's `alert:` key).
import type { EventKind } from '../domain/schema.js';
import { parseEpoch, toMs } from './time.js';
import { arr, chronological, Collector, eachRecord, isObj, keyPart, keys, obj, plain, str, type Obj } from './ops-common.js';
import type { DetectInput, FileImporter, ParseContext, ParseResult, VFile } from './types.js';

function isAlert(v: unknown): v is Obj {
  return isObj(v) && typeof v.id === 'string' && 'message' in v && 'createdAt' in v && ('tinyId' in v || 'alias' in v || 'acknowledged' in v);
}

function isLog(v: unknown): v is Obj {
  return isObj(v) && (typeof v.log === 'string' || typeof v.note === 'string') && 'createdAt' in v && ('offset' in v || 'owner' in v);
}

function isWebhook(v: unknown): v is Obj {
  return isObj(v) && typeof v.action === 'string' && isObj(v.alert) && ('alertId' in v.alert || 'tinyId' in v.alert);
}

export function detectOpsgenie(input: DetectInput): boolean {
  const j = input.json;
  if (isWebhook(j)) return true;
  if (!isObj(j)) return false;
  if (isAlert(j.data)) return true;
  if (!Array.isArray(j.data) || j.data.length === 0) return false;
  const first = j.data[0];
  return isAlert(first) || (isLog(first) && ('paging' in j || 'requestId' in j || 'took' in j));
}

export function alertNameKey(message: string): string | null {
  const name = message.replace(/^\s*\[[^\]]*\]\s*/, '').trim();
  return name ? `alert:${keyPart(name)}` : null;
}

function alertIdFromPaging(j: Obj): { id: string | null; tiny: boolean } {
  const paging = obj(j.paging);
  for (const u of [paging.first, paging.next, paging.last, paging.prev]) {
    const s = str(u);
    const m = s ? /\/v2\/alerts\/([^/?#]+)\/(?:logs|notes)/.exec(s) : null;
    if (m?.[1]) return { id: decodeURIComponent(m[1]), tiny: /identifierType=tiny/.test(s ?? '') };
  }
  return { id: null, tiny: false };
}

function alertEvent(c: Collector, a: Obj, i: number): void {
  const id = str(a.id) ?? `alert-${i + 1}`;
  const tiny = str(a.tinyId);
  const at = c.time(a.createdAt, `alert ${i + 1} (${tiny ?? id})`);
  if (!at) {
    c.warn(`alert ${i + 1} (${tiny ?? id}): no readable createdAt, skipped`);
    return;
  }
  const message = plain(a.message) || '(no message)';
  const priority = str(a.priority);
  const label = tiny ? `#${tiny}` : id;
  const status = str(a.status);
  // report.ackTime/closeTime are durations whose meaning is not documented (and disagree with the
  // alert-log times in practice): never turned into instants; who acked/closed goes into the text.
  const report = obj(a.report);
  const ackBy = plain(report.acknowledgedBy);
  const closedBy = plain(report.closedBy);
  const after = [
    a.acknowledged === true || ackBy ? `acknowledged${ackBy ? ` by ${ackBy}` : ''}` : '',
    status === 'closed' ? `closed${closedBy ? ` by ${closedBy}` : ''}` : '',
  ].filter(Boolean);
  c.add({
    ref: id,
    at,
    kind: 'alert',
    text: `Opsgenie alert ${label}${priority ? ` (${priority})` : ''}: ${message}${after.length ? ` (later ${after.join(', ')})` : ''}`,
    actor: plain(a.source) || plain(obj(a.integration).name) || null,
    excerpt: { id, tinyId: tiny, message: a.message, priority, status, acknowledged: a.acknowledged, count: a.count, createdAt: a.createdAt, source: a.source },
    keys: keys(tiny && `og:${tiny}`, `og:${id.toLowerCase()}`, alertNameKey(message)),
    facts: priority ? { priority } : undefined,
  });
}

function logKind(log: string): EventKind {
  const l = log.toLowerCase();
  if (/^alert created/.test(l)) return 'alert';
  if (/\bunacknowledged\b/.test(l)) return 'note';
  if (/\backnowledged\b/.test(l)) return 'ack';
  if (/^alert closed|\bclosed (via|by)\b/.test(l)) return 'resolve';
  if (/escalat/.test(l)) return 'escalation';
  if (/^sent \[[^\]]*\] notification|\bnotified\b/.test(l)) return 'page';
  return 'note';
}

function logEvents(c: Collector, j: Obj): void {
  const { id, tiny } = alertIdFromPaging(j);
  const alertKey = id ? (tiny ? `og:${id}` : `og:${id.toLowerCase()}`) : null;
  const ordered = chronological(arr(j.data), (r) => (isObj(r) ? toMs(r.createdAt) : null));
  eachRecord(c, ordered, 'log line', ({ item: r, index: i }) => {
    if (!isLog(r)) {
      c.warn(`log line ${i + 1}: malformed (no log/createdAt), skipped`);
      return;
    }
    const at = c.time(r.createdAt, `log line ${i + 1}`);
    if (!at) {
      c.warn(`log line ${i + 1}: no readable createdAt, skipped`);
      return;
    }
    const isNote = typeof r.note === 'string' && typeof r.log !== 'string';
    const log = isNote ? `Note added: ${plain(r.note)}` : plain(r.log);
    const kind = isNote ? 'note' : logKind(log);
    const owner = plain(r.owner);
    const actor = owner && !/^system$/i.test(owner) ? owner : null;
    // a notification names its recipient: that person is the one paged
    const to = kind === 'page' ? /notification to (\S+)/i.exec(log)?.[1] : undefined;
    c.add({
      ref: str(r.offset) ?? `${alertKey ?? 'log'}-${i + 1}`,
      at,
      kind,
      text: log || '(empty log line)',
      actor: to ?? actor,
      excerpt: r,
      keys: keys(alertKey),
    });
  });
}

const WEBHOOK_KINDS: Record<string, EventKind> = {
  create: 'alert',
  acknowledge: 'ack',
  close: 'resolve',
  escalate: 'escalation',
  escalatetonext: 'escalation',
  addnote: 'note',
};

function webhookEvent(c: Collector, j: Obj): void {
  const a = obj(j.alert);
  const action = str(j.action) ?? 'unknown';
  const kind = WEBHOOK_KINDS[action.toLowerCase()] ?? 'note';
  // Create happens at createdAt; later actions at updatedAt (nanoseconds, beyond 2^53: read by magnitude).
  const raw = kind === 'alert' ? a.createdAt : (a.updatedAt ?? a.createdAt);
  const t = typeof raw === 'number' ? parseEpoch(String(BigInt(Math.trunc(raw)))) : parseEpoch(String(raw ?? ''));
  const at = t.ok ? t.time : c.time(raw, `webhook ${action}`);
  if (!at) {
    c.warn(`webhook ${action}: no readable alert time, skipped`);
    return;
  }
  const tiny = str(a.tinyId);
  const id = str(a.alertId);
  const message = plain(a.message) || '(no message)';
  const who = plain(a.username) || plain(obj(j.source).name) || null;
  const verb: Record<EventKind, string> = { alert: 'Alert created', ack: 'Alert acknowledged', resolve: 'Alert closed', escalation: 'Alert escalated' } as Record<EventKind, string>;
  const head = verb[kind] ?? action;
  const note = plain(a.note);
  c.add({
    ref: `${id ?? tiny ?? 'alert'}:${action}`,
    at,
    kind,
    text: `${head}${who && kind !== 'alert' ? ` by ${who}` : ''}: ${tiny ? `#${tiny} ` : ''}${message}${note ? ` (${note})` : ''}`,
    actor: who,
    excerpt: { action, alertId: id, tinyId: tiny, message: a.message, username: a.username, createdAt: a.createdAt, updatedAt: a.updatedAt },
    keys: keys(tiny && `og:${tiny}`, id && `og:${id.toLowerCase()}`, alertNameKey(message)),
  });
}

export function parseOpsgenieJson(j: unknown, ctx: ParseContext): ParseResult {
  const c = new Collector('opsgenie', ctx);
  if (isWebhook(j)) webhookEvent(c, j);
  else if (isObj(j)) {
    if (isAlert(j.data)) alertEvent(c, j.data, 0);
    else if (Array.isArray(j.data)) {
      if (isLog(j.data.find((x) => isObj(x)))) logEvents(c, j);
      else eachRecord(c, j.data, 'alert', (a, i) => (isAlert(a) ? alertEvent(c, a, i) : c.warn(`alert ${i + 1}: malformed (no id/createdAt), skipped`)));
    }
  }
  return c.result();
}

export const opsgenieImporter = {
  id: 'opsgenie',
  source: 'opsgenie',
  detect: (input: DetectInput) => {
    try {
      return detectOpsgenie(input);
    } catch {
      return false;
    }
  },
  parse: (_file: VFile, input: DetectInput, ctx: ParseContext) => parseOpsgenieJson(input.json, ctx),
} satisfies FileImporter;

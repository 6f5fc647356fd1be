// PagerDuty: REST log entries (`{log_entries}`, a bare array, a single `{log_entry}`), incidents
// (`{incidents}`, `{incident}`), v3 webhooks (`{event:{event_type,...}}`), v2 webhook messages
// (`{messages:[{event, log_entries, incident}]}`), and Airbyte JSON-lines records of the same objects.
//
// Mapping: trigger -> alert (text: the trigger's channel summary), notify -> page (names who was
// notified), acknowledge/acknowledgement -> ack, escalate (and exhaust/repeat escalation path) ->
// escalation, resolve -> resolve, annotate -> note (summary plus the note), anything else -> note with
// the entry's own summary. An entry's text is never the incident title.
//
// Keys emitted: `pd:<incident-number>` (from `[#1932]` in the incident reference or `number`),
// `pd-incident:<id>`, `alert:<alertname>` (from a `[FIRING:n] Name` trigger summary, an
// `alertname = X` detail, or the last segment of a `a/b/name` incident_key),
// `fingerprint:<incident_key>` when the incident key is an Alertmanager-style hex fingerprint.
import type { EventKind } from '../domain/schema.js';
import {
  arr,
  chronological,
  Collector,
  eachRecord,
  headJsonLines,
  isObj,
  keyPart,
  keys,
  obj,
  plain,
  refName,
  str,
  type Obj,
} from './ops-common.js';
import { toMs } from './time.js';
import type { DetectInput, FileImporter, ParseContext, ParseResult, VFile } from './types.js';

const LOG_ENTRY = /_log_entry$/;

function isLogEntry(v: unknown): v is Obj {
  return isObj(v) && typeof v.type === 'string' && LOG_ENTRY.test(v.type) && 'created_at' in v;
}

function isIncident(v: unknown): v is Obj {
  return isObj(v) && v.type === 'incident' && ('incident_number' in v || 'number' in v) && 'created_at' in v;
}

function isV3(v: unknown): boolean {
  const e = isObj(v) ? obj(v.event) : {};
  return typeof e.event_type === 'string' && /^(incident|service)\./.test(e.event_type) && 'occurred_at' in e;
}

function isV2(v: unknown): boolean {
  if (!isObj(v) || !Array.isArray(v.messages) || v.messages.length === 0) return false;
  const m = obj(v.messages[0]);
  return typeof m.event === 'string' && /^incident\./.test(m.event) && (Array.isArray(m.log_entries) || isObj(m.incident));
}

function airbyteRecord(v: unknown): Obj | null {
  if (!isObj(v) || typeof v.stream !== 'string' || !isObj(v.data)) return null;
  return isLogEntry(v.data) || isIncident(v.data) ? v.data : null;
}

export function detectPagerduty(input: DetectInput): boolean {
  const j = input.json;
  if (j === undefined) {
    const lines = headJsonLines(input.head, 3);
    return lines.length > 0 && lines.some((l) => airbyteRecord(l) !== null);
  }
  if (Array.isArray(j)) return j.length > 0 && (isLogEntry(j[0]) || isIncident(j[0]));
  if (!isObj(j)) return false;
  if (Array.isArray(j.log_entries)) return j.log_entries.length === 0 ? 'more' in j || 'limit' in j : isLogEntry(j.log_entries[0]);
  if (Array.isArray(j.incidents)) return j.incidents.length === 0 ? 'more' in j || 'limit' in j : isIncident(j.incidents[0]);
  if (isLogEntry(j.log_entry) || isIncident(j.incident)) return true;
  if (isLogEntry(j) || isIncident(j)) return true;
  return isV3(j) || isV2(j);
}

function incidentKeys(incident: unknown): string[] {
  const inc = obj(incident);
  const out: string[] = [];
  const num = str(inc.incident_number ?? inc.number);
  const summary = plain(inc.summary);
  const m = /\[#(\d+)\]/.exec(summary);
  if (num) out.push(`pd:${num}`);
  else if (m) out.push(`pd:${m[1]}`);
  const id = str(inc.id);
  if (id) out.push(`pd-incident:${id.toLowerCase()}`);
  return out;
}

function alertKeysFrom(summary: string, details: unknown, incidentKey: string | null): string[] {
  const out: string[] = [];
  const m = /^\[(?:FIRING|RESOLVED)(?::\d+)?\]\s+([^\s(]+)/i.exec(summary);
  if (m?.[1]) out.push(`alert:${keyPart(m[1])}`);
  const firing = str(obj(details).firing);
  const a = firing ? /alertname\s*=\s*([^\s\n]+)/.exec(firing) : null;
  if (a?.[1]) out.push(`alert:${keyPart(a[1])}`);
  if (incidentKey) {
    if (/^[0-9a-f]{16}$/i.test(incidentKey)) out.push(`fingerprint:${incidentKey.toLowerCase()}`);
    else if (incidentKey.includes('/')) {
      const last = incidentKey.split('/').filter(Boolean).pop();
      if (last) out.push(`alert:${keyPart(last)}`);
    }
  }
  return out;
}

function kindOfEntry(type: string): EventKind {
  if (type === 'trigger_log_entry') return 'alert';
  if (type === 'notify_log_entry') return 'page';
  if (type === 'acknowledge_log_entry' || type === 'acknowledgement_log_entry') return 'ack';
  if (type === 'escalate_log_entry' || type === 'exhaust_escalation_path_log_entry' || type === 'repeat_escalation_path_log_entry')
    return 'escalation';
  if (type === 'resolve_log_entry') return 'resolve';
  return 'note';
}

function logEntry(c: Collector, e: Obj, index: number, incidentFallback?: unknown): void {
  const type = str(e.type) ?? 'unknown';
  const id = str(e.id) ?? `entry-${index + 1}`;
  const at = c.time(e.created_at, `log entry ${index + 1} (${id})`);
  if (!at) {
    c.warn(`log entry ${index + 1} (${id}): no readable created_at, skipped`);
    return;
  }
  const kind = kindOfEntry(type);
  const channel = obj(e.channel);
  const summary = plain(e.summary);
  const agent = refName(e.agent);
  const incident = isObj(e.incident) ? e.incident : incidentFallback;
  const incidentKey = str(channel.incident_key);
  let text = summary;
  let actor = agent;
  const extraKeys: string[] = [];
  switch (type) {
    case 'trigger_log_entry': {
      const trig = plain(channel.summary) || plain(channel.description) || plain(obj(e.event_details).description) || plain(channel.subject);
      text = trig || summary || 'Triggered';
      extraKeys.push(...alertKeysFrom(text, channel.details, incidentKey));
      break;
    }
    case 'notify_log_entry': {
      const user = refName(e.user) ?? refName(obj(channel.notification).user);
      const how = plain(obj(channel.notification).type).replace(/_notification$/, '');
      text = summary || `Notified ${user ?? 'someone'}${how ? ` by ${how}` : ''}`;
      if (user && !text.toLowerCase().includes(user.toLowerCase())) text = `${text} (${user})`;
      actor = user ?? agent;
      break;
    }
    case 'annotate_log_entry': {
      const note = plain(e.note) || plain(channel.summary);
      const head = summary.replace(/[.\s]+$/, '') || 'Note added';
      text = note && note !== summary ? `${head}: ${note}` : head;
      break;
    }
    case 'escalate_log_entry':
    case 'assign_log_entry':
    case 'delegate_log_entry': {
      const who = arr(e.assignees).map(refName).filter(Boolean).join(', ');
      if (!text) text = `${type === 'escalate_log_entry' ? 'Escalated' : 'Assigned'}${who ? ` to ${who}` : ''}`;
      else if (who && !text.toLowerCase().includes(who.toLowerCase())) text = `${text} (${who})`;
      break;
    }
    default: {
      if (!text) text = type.replace(/_log_entry$/, '').replace(/_/g, ' ');
      const note = plain(e.note);
      if (note && !text.includes(note)) text = `${text}: ${note}`;
    }
  }
  if (!text) text = type;
  c.add({
    ref: id,
    at,
    kind,
    text,
    actor,
    excerpt: { id, type, summary: e.summary, created_at: e.created_at, agent: agent ?? undefined, channel: channel.type, note: e.note },
    keys: keys(...incidentKeys(incident), ...extraKeys),
    facts: kind === 'alert' || kind === 'resolve' || kind === 'ack' ? { status: kind } : undefined,
  });
}

function incidentObject(c: Collector, inc: Obj, index: number): void {
  const id = str(inc.id) ?? `incident-${index + 1}`;
  const num = str(inc.incident_number ?? inc.number);
  const title = plain(inc.title) || plain(inc.summary) || 'incident';
  const label = num ? `#${num}` : id;
  const created = c.time(inc.created_at, `incident ${label}`);
  const ks = keys(...incidentKeys(inc), ...alertKeysFrom(title, null, str(inc.incident_key)));
  const service = refName(inc.service);
  if (created) {
    c.add({
      ref: `${id}:triggered`,
      at: created,
      kind: 'alert',
      text: `PagerDuty incident ${label} triggered: ${title}${service ? ` (${service})` : ''}`,
      actor: service,
      excerpt: { id, incident_number: num, title, status: inc.status, created_at: inc.created_at, urgency: inc.urgency },
      keys: ks,
    });
  } else c.warn(`incident ${index + 1} (${label}): no readable created_at`);
  const status = str(inc.status);
  const by = refName(inc.last_status_change_by);
  if (status === 'resolved') {
    const at = c.time(inc.resolved_at ?? inc.last_status_change_at, `incident ${label} resolved_at`);
    if (at)
      c.add({ ref: `${id}:resolved`, at, kind: 'resolve', text: `PagerDuty incident ${label} resolved${by ? ` by ${by}` : ''}`, actor: by, excerpt: { id, status, resolved_at: inc.resolved_at, last_status_change_at: inc.last_status_change_at }, keys: ks });
  } else if (status === 'acknowledged') {
    const at = c.time(inc.last_status_change_at, `incident ${label} last_status_change_at`);
    if (at)
      c.add({ ref: `${id}:acknowledged`, at, kind: 'ack', text: `PagerDuty incident ${label} acknowledged${by ? ` by ${by}` : ''}`, actor: by, excerpt: { id, status, last_status_change_at: inc.last_status_change_at }, keys: ks });
  }
}

const V3_KINDS: Record<string, EventKind> = {
  'incident.triggered': 'alert',
  'incident.acknowledged': 'ack',
  'incident.resolved': 'resolve',
  'incident.escalated': 'escalation',
  'incident.annotated': 'note',
  'incident.status_update_published': 'status',
};

function v3Event(c: Collector, env: Obj): void {
  const ev = obj(env.event);
  const type = str(ev.event_type) ?? 'unknown';
  const id = str(ev.id) ?? type;
  const at = c.time(ev.occurred_at, `webhook event ${id}`);
  if (!at) {
    c.warn(`webhook event ${id}: no readable occurred_at, skipped`);
    return;
  }
  const data = obj(ev.data);
  const incident = data.type === 'incident' ? data : obj(data.incident);
  const num = str(incident.number ?? incident.incident_number);
  const label = num ? `#${num}` : (str(incident.id) ?? '');
  const agent = refName(ev.agent);
  const title = plain(incident.title) || plain(incident.summary);
  const verb = type.replace(/^incident\./, '').replace(/[._]/g, ' ');
  let text: string;
  switch (type) {
    case 'incident.triggered':
      text = `Triggered: ${title || label}`;
      break;
    case 'incident.annotated':
      text = `Note added: ${plain(data.content) || plain(obj(data).note)}`;
      break;
    case 'incident.status_update_published':
      text = `Status update: ${plain(data.message)}`;
      break;
    default:
      text = `${verb.charAt(0).toUpperCase()}${verb.slice(1)}${agent ? ` by ${agent}` : ''}${label ? ` (incident ${label})` : ''}`;
  }
  c.add({
    ref: id,
    at,
    kind: V3_KINDS[type] ?? 'note',
    text,
    actor: agent,
    excerpt: { id, event_type: type, occurred_at: ev.occurred_at, agent, incident: label, title, status: incident.status },
    keys: keys(...incidentKeys(incident), ...(type === 'incident.triggered' ? alertKeysFrom(title, null, str(incident.incident_key)) : [])),
  });
}

function v2Messages(c: Collector, j: Obj): void {
  eachRecord(c, arr(j.messages), 'message', (m, i) => {
    const msg = obj(m);
    const entries = arr(msg.log_entries).filter(isLogEntry);
    if (entries.length) {
      entries.forEach((e, k) => logEntry(c, e, i * 100 + k, msg.incident));
      return;
    }
    const event = str(msg.event) ?? 'incident.unknown';
    const at = c.time(msg.created_on, `message ${i + 1}`);
    if (!at) {
      c.warn(`message ${i + 1}: no log entry and no readable created_on, skipped`);
      return;
    }
    const inc = obj(msg.incident);
    const mapped: Record<string, EventKind> = { 'incident.trigger': 'alert', 'incident.acknowledge': 'ack', 'incident.resolve': 'resolve', 'incident.escalate': 'escalation' };
    c.add({
      ref: str(msg.id) ?? `message-${i + 1}`,
      at,
      kind: mapped[event] ?? 'note',
      text: `${event.replace(/^incident\./, '')}: ${plain(inc.title) || plain(inc.summary)}`,
      excerpt: { event, created_on: msg.created_on, incident: inc.summary },
      keys: incidentKeys(inc),
    });
  });
}

export function parsePagerdutyJson(j: unknown, ctx: ParseContext): ParseResult {
  const c = new Collector('pagerduty', ctx);
  if (Array.isArray(j)) {
    eachRecord(c, j, 'record', (r, i) => {
      if (isLogEntry(r)) logEntry(c, r, i);
      else if (isIncident(r)) incidentObject(c, r, i);
      else c.warn(`record ${i + 1}: not a PagerDuty log entry or incident, skipped`);
    });
  } else if (isObj(j)) {
    if (Array.isArray(j.log_entries))
      for (const { item: r, index: i } of chronological(j.log_entries, (r) => (isObj(r) ? toMs(r.created_at) : null))) {
        try {
          if (isLogEntry(r)) logEntry(c, r, i);
          else c.warn(`log entry ${i + 1}: malformed (no type/created_at), skipped`);
        } catch (err) {
          c.warn(`log entry ${i + 1}: skipped (${err instanceof Error ? err.message : String(err)})`);
        }
      }
    if (Array.isArray(j.incidents))
      eachRecord(c, j.incidents, 'incident', (r, i) => (isIncident(r) ? incidentObject(c, r, i) : c.warn(`incident ${i + 1}: malformed, skipped`)));
    if (isLogEntry(j.log_entry)) logEntry(c, j.log_entry, 0);
    if (isIncident(j.incident) && !Array.isArray(j.incidents)) incidentObject(c, j.incident, 0);
    if (isLogEntry(j)) logEntry(c, j, 0);
    if (isIncident(j)) incidentObject(c, j, 0);
    if (isV3(j)) v3Event(c, j);
    if (isV2(j)) v2Messages(c, j);
  }
  return c.result();
}

async function parseAirbyte(file: VFile, ctx: ParseContext): Promise<ParseResult> {
  const c = new Collector('pagerduty', ctx);
  for await (const { line, text } of file.lines()) {
    const t = text.trim();
    if (!t) continue;
    let v: unknown;
    try {
      v = JSON.parse(t);
    } catch {
      c.warn(`line ${line}: not valid JSON, skipped`, line);
      continue;
    }
    const data = airbyteRecord(v);
    if (!data) {
      c.warn(`line ${line}: not a PagerDuty record, skipped`, line);
      continue;
    }
    const before = c.events.length;
    try {
      if (isLogEntry(data)) logEntry(c, data, line - 1);
      else incidentObject(c, data, line - 1);
    } catch (err) {
      c.warn(`line ${line}: skipped (${err instanceof Error ? err.message : String(err)})`, line);
    }
    for (let k = before; k < c.events.length; k++) c.events[k]!.line = line;
  }
  return c.result();
}

export const pagerdutyImporter = {
  id: 'pagerduty',
  source: 'pagerduty',
  detect: (input: DetectInput) => {
    try {
      return detectPagerduty(input);
    } catch {
      return false;
    }
  },
  parse: (file: VFile, input: DetectInput, ctx: ParseContext) =>
    input.json === undefined ? parseAirbyte(file, ctx) : parsePagerdutyJson(input.json, ctx),
} satisfies FileImporter;

// Atlassian Statuspage incidents: one incident object, `{incident: {...}}` (webhook), `{incidents: [...]}`
// (v2 API) or a bare array. Each incident update is a status event at display_at.
import { clip, oneLine, sanitize } from '../domain/text.js';
import { parseInstant } from './time.js';
import type { DetectInput, FileImporter, IngestWarning, ParseContext, ParseResult, RawEvent, VFile } from './types.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null =>
  typeof v === 'string' ? v || null : typeof v === 'number' && Number.isFinite(v) ? String(v) : null;

function isIncident(v: unknown): v is Obj {
  return isObj(v) && Array.isArray(v.incident_updates) && (typeof v.id === 'string' || typeof v.name === 'string');
}

function incidentsOf(json: unknown): Obj[] | null {
  if (isIncident(json)) return [json];
  if (isObj(json)) {
    if (isIncident(json.incident)) return [json.incident];
    const list = json.incidents ?? json.scheduled_maintenances;
    if (Array.isArray(list) && list.some(isIncident)) return list.filter(isIncident);
  }
  if (Array.isArray(json) && json.length && json.some(isIncident)) return json.filter(isIncident);
  return null;
}

export function detectStatuspage(input: DetectInput): boolean {
  return incidentsOf(input.json) !== null;
}

const STATUS_LABEL: Record<string, string> = {
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
  postmortem: 'Postmortem',
  scheduled: 'Scheduled',
  in_progress: 'In progress',
  verifying: 'Verifying',
  completed: 'Completed',
};

export function parseStatuspageJson(json: unknown, ctx: ParseContext): ParseResult {
  const events: RawEvent[] = [];
  const warnings: IngestWarning[] = [];
  const incidents = incidentsOf(json) ?? [];
  for (const inc of incidents) {
    const incId = str(inc.id) ?? 'incident';
    const name = oneLine(str(inc.name) ?? '');
    const updates = (inc.incident_updates as unknown[]).filter(isObj);
    updates.forEach((u, index) => {
      try {
        const when = u.display_at ?? u.created_at;
        const t = parseInstant(when, ctx.tz);
        if (!t.ok) {
          if (!t.unknown) warnings.push({ file: ctx.file, message: `incident ${incId} update ${index + 1}: ${t.message}; skipped` });
          return;
        }
        const status = oneLine(str(u.status) ?? 'update');
        const label = STATUS_LABEL[status] ?? status;
        const body = oneLine(str(u.body) ?? '');
        const comps = Array.isArray(u.affected_components)
          ? u.affected_components
              .filter(isObj)
              .map((c) => {
                const n = oneLine(str(c.name) ?? str(c.code) ?? 'component');
                const from = oneLine(str(c.old_status) ?? '');
                const to = oneLine(str(c.new_status) ?? '');
                return from && to && from !== to ? `${n}: ${from.replace(/_/g, ' ')} -> ${to.replace(/_/g, ' ')}` : to ? `${n}: ${to.replace(/_/g, ' ')}` : n;
              })
          : [];
        const text = `Status page${name ? ` "${name}"` : ''}: ${label}${body ? `. ${body}` : ''}${comps.length ? ` (${comps.join('; ')})` : ''}`;
        const ev: RawEvent = {
          source: 'statuspage',
          file: ctx.file,
          ref: str(u.id) ?? `${incId}:${index}`,
          occurredAt: t.time.ms,
          precision: t.time.fractionDigits === -1 ? 'minute' : 'second',
          kind: 'status',
          actor: null,
          text: clip(text, 2000),
          rawTime: sanitize(t.time.raw),
          excerpt: clip(oneLine(JSON.stringify({ id: u.id, status: u.status, body: u.body, display_at: u.display_at, created_at: u.created_at })), 600),
          keys: [`status:${incId.toLowerCase()}`, `status-update:${status}`],
          facts: { status },
        };
        const created = parseInstant(u.created_at, ctx.tz);
        if (created.ok && created.time.ms !== t.time.ms && u.display_at != null) {
          ev.excerpt = `${ev.excerpt} (display_at differs from created_at: back-dated or edited)`;
        }
        events.push(ev);
      } catch {
        warnings.push({ file: ctx.file, message: `incident ${incId} update ${index + 1} could not be read; skipped` });
      }
    });
    if (!updates.length) warnings.push({ file: ctx.file, message: `incident ${incId} has no updates` });
  }
  return { events, series: [], warnings };
}

export const statuspageImporter: FileImporter = {
  id: 'statuspage',
  source: 'statuspage',
  detect: detectStatuspage,
  async parse(file: VFile, input: DetectInput, ctx: ParseContext) {
    const json = input.json !== undefined ? input.json : JSON.parse(await file.readText());
    return parseStatuspageJson(json, ctx);
  },
};

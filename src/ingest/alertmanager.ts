// Alertmanager webhook payloads (version "4") and the Grafana-managed alerting webhook (same shape plus
// `orgId`, `version: "1"`, `title`, `state`, `message`, per-alert `values`/`valueString`).
//
// One event per alert per status: firing -> kind alert at startsAt, text `FIRING <alertname>: <summary>`;
// resolved -> kind resolve at endsAt, text `RESOLVED <alertname>: <summary>`. `0001-01-01T00:00:00Z`
// means unset; nanosecond fractions are truncated to ms (raw kept). The same alert re-sent in one file
// (same fingerprint/labels, startsAt and status) is emitted once.
//
// Keys emitted: `alert:<alertname>`, `fingerprint:<fingerprint>` (PagerDuty uses it as incident_key),
// `deploy:<service>` is NOT emitted (an alert is not a rollout).
import { arr, Collector, eachRecord, isObj, keyPart, keys, obj, plain, str, type Obj } from './ops-common.js';
import type { DetectInput, FileImporter, ParseContext, ParseResult, VFile } from './types.js';

function isAlertItem(v: unknown): boolean {
  return isObj(v) && isObj(v.labels) && ('startsAt' in v || 'endsAt' in v);
}

export function detectAlertmanager(input: DetectInput): boolean {
  const j = input.json;
  if (!isObj(j) || !Array.isArray(j.alerts)) return false;
  if (!('groupKey' in j || 'receiver' in j || 'version' in j || 'orgId' in j)) return false;
  return j.alerts.length === 0 ? 'groupKey' in j : isAlertItem(j.alerts[0]);
}

function labelsOf(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(obj(v))) {
    const s = str(val);
    if (s !== null) out[k] = s;
  }
  return out;
}

export function parseAlertmanagerJson(j: unknown, ctx: ParseContext): ParseResult {
  const c = new Collector('alertmanager', ctx);
  if (!isObj(j)) return c.result();
  const grafana = 'orgId' in j || str(j.version) === '1';
  const groupStatus = str(j.status);
  const common = labelsOf(j.commonAnnotations);
  const seen = new Set<string>();
  eachRecord(c, arr(j.alerts), 'alert', (raw, i) => {
    if (!isObj(raw) || !isAlertItem(raw)) {
      c.warn(`alert ${i + 1}: malformed (no labels/startsAt), skipped`);
      return;
    }
    const a: Obj = raw;
    const labels = labelsOf(a.labels);
    const ann = { ...common, ...labelsOf(a.annotations) };
    const name = labels.alertname ?? labels.__alert_rule_title__ ?? 'alert';
    const starts = c.time(a.startsAt, `alert ${i + 1} (${name}) startsAt`);
    const ends = c.time(a.endsAt, `alert ${i + 1} (${name}) endsAt`);
    // status: the alert's own, else the group's, else resolved iff it has a real end
    const status = (str(a.status) ?? groupStatus ?? (ends ? 'resolved' : 'firing')).toLowerCase();
    const summary = plain(ann.summary) || plain(ann.description) || plain(ann.message) || plain(j.title);
    const severity = labels.severity;
    const fp = str(a.fingerprint);
    const values = grafana ? plain(a.valueString) || Object.entries(obj(a.values)).map(([k, v]) => `${k}=${String(v)}`).join(', ') : '';
    const ident = fp ?? Object.entries(labels).sort().map(([k, v]) => `${k}=${v}`).join(',');
    const ks = keys(`alert:${keyPart(name)}`, fp && `fingerprint:${fp.toLowerCase()}`);
    const excerpt = { status: a.status ?? groupStatus, labels, annotations: a.annotations, startsAt: a.startsAt, endsAt: a.endsAt, fingerprint: fp ?? undefined };
    const tail = `${severity ? ` (severity ${severity})` : ''}${values ? ` [${values}]` : ''}`;
    if (status === 'firing') {
      if (!starts) {
        c.warn(`alert ${i + 1} (${name}): firing without a readable startsAt, skipped`);
        return;
      }
      const dedupe = `${ident}|${starts.ms}|firing`;
      if (seen.has(dedupe)) return;
      seen.add(dedupe);
      c.add({ ref: `${fp ?? name}@${starts.raw}`, at: starts, kind: 'alert', text: `FIRING ${name}: ${summary || name}${tail}`, excerpt, keys: ks, facts: { alertname: name } });
    } else if (status === 'resolved') {
      if (!ends) {
        c.warn(`alert ${i + 1} (${name}): resolved but endsAt is unset or unreadable, skipped`);
        return;
      }
      const dedupe = `${ident}|${starts?.ms ?? ''}|resolved`;
      if (seen.has(dedupe)) return;
      seen.add(dedupe);
      c.add({ ref: `${fp ?? name}@${starts?.raw ?? ''}:resolved`, at: ends, kind: 'resolve', text: `RESOLVED ${name}: ${summary || name}${tail}`, excerpt, keys: ks, facts: { alertname: name } });
    } else {
      c.warn(`alert ${i + 1} (${name}): unknown status "${status}", skipped`);
    }
  });
  return c.result();
}

export const alertmanagerImporter = {
  id: 'alertmanager',
  source: 'alertmanager',
  detect: (input: DetectInput) => {
    try {
      return detectAlertmanager(input);
    } catch {
      return false;
    }
  },
  parse: (_file: VFile, input: DetectInput, ctx: ParseContext) => parseAlertmanagerJson(input.json, ctx),
} satisfies FileImporter;

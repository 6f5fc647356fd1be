// Grafana annotations API (`GET /api/annotations`): a bare array of
// `{id, alertId, alertName?, dashboardUID, panelId, userId, login?, newState, prevState, time, timeEnd, text, tags, data}`.
// `time`/`timeEnd` are epoch milliseconds; a region has timeEnd > time (its end is put in the text);
// HTML in `text` is stripped. (Grafana-managed alerting *webhooks* are read by the Alertmanager importer.)
//
// Mapping: alert-state annotations (alertId != 0 or newState set): newState Alerting/Pending... ->
// kind alert when it is `alerting`, kind resolve when it goes back to `normal`/`ok` (incl. `Normal
// (MissingSeries)`), else note. Deploy annotations (tag `deploy`/`deployment`/`release`, or text like
// `... synced to <sha>`) -> kind deploy. Everything else (manual annotations) -> kind note.
//
// Keys emitted: `alert:<alertName or rule title>`; for deploys `deploy:<app>` (a tag other than
// deploy/argocd/..., or the app named in `Argo CD: <app> synced to <rev>`) and `rev:<sha7>` (a 7-40 hex
// word in the text or tags).
import { arr, Collector, eachRecord, isObj, keyPart, keys, plain, sha7, str, stripHtml, type Obj } from './ops-common.js';
import { parseEpoch } from './time.js';
import type { DetectInput, FileImporter, ParseContext, ParseResult, VFile } from './types.js';

function isAnnotation(v: unknown): v is Obj {
  return (
    isObj(v) &&
    typeof v.time === 'number' &&
    ('dashboardId' in v || 'dashboardUID' in v || 'panelId' in v || 'alertId' in v) &&
    ('text' in v || 'tags' in v)
  );
}

export function detectGrafana(input: DetectInput): boolean {
  const j = input.json;
  return Array.isArray(j) && j.length > 0 && isAnnotation(j[0]);
}

const DEPLOY_TAGS = new Set(['deploy', 'deployment', 'release', 'rollout']);
const GENERIC_TAGS = new Set(['deploy', 'deployment', 'release', 'rollout', 'argocd', 'argo-cd', 'flux', 'github', 'ci', 'cd', 'prod', 'production', 'staging']);

function epochMs(c: Collector, v: unknown, what: string) {
  if (typeof v !== 'number' || !Number.isFinite(v)) return null;
  const r = parseEpoch(String(Math.trunc(v)));
  if (!r.ok) {
    if (!r.unknown) c.warn(`${what}: ${r.message}`);
    return null;
  }
  // `time` is documented as epoch ms; a seconds value (Graphite `when`) is read by magnitude.
  return r.time;
}

export function parseGrafanaJson(j: unknown, ctx: ParseContext): ParseResult {
  const c = new Collector('grafana', ctx);
  eachRecord(c, arr(j), 'annotation', (raw, i) => {
    if (!isAnnotation(raw)) {
      c.warn(`annotation ${i + 1}: malformed (no numeric time), skipped`);
      return;
    }
    const a: Obj = raw;
    const id = str(a.id) ?? `annotation-${i + 1}`;
    const at = epochMs(c, a.time, `annotation ${i + 1}`);
    if (!at) {
      c.warn(`annotation ${i + 1} (${id}): unreadable time, skipped`);
      return;
    }
    const end = typeof a.timeEnd === 'number' && a.timeEnd > (a.time as number) ? epochMs(c, a.timeEnd, `annotation ${i + 1} timeEnd`) : null;
    const tags = arr(a.tags).map((t) => plain(t)).filter(Boolean);
    const lowerTags = tags.map((t) => t.toLowerCase());
    const text = stripHtml(a.text);
    const newState = plain(a.newState);
    const prevState = plain(a.prevState);
    const alertName = plain(a.alertName) || (/^(.+?)\s*\{alertname=/.exec(text)?.[1] ?? '').trim();
    const who = plain(a.login) || plain(a.userName) || plain(a.email) || null;
    const excerpt = { id, time: a.time, timeEnd: a.timeEnd, text: a.text, tags, newState, prevState, alertId: a.alertId, dashboardUID: a.dashboardUID, panelId: a.panelId };
    const region = end ? ` (until ${new Date(end.ms).toISOString().replace('.000Z', 'Z')})` : '';
    const isAlert = (typeof a.alertId === 'number' && a.alertId !== 0) || newState !== '';
    if (isAlert) {
      const st = newState.toLowerCase();
      const kind = /^alerting/.test(st) ? 'alert' : /^(normal|ok)\b/.test(st) ? 'resolve' : 'note';
      const name = alertName || text || 'alert';
      c.add({
        ref: id,
        at,
        kind,
        text: `${newState ? `${newState.toUpperCase()}` : 'ALERT'}${prevState ? ` (was ${prevState})` : ''}: ${text || name}${region}`,
        actor: who,
        excerpt,
        keys: keys(`alert:${keyPart(name)}`),
        facts: { state: newState },
      });
      return;
    }
    const syncMatch = /(?:argo\s*cd:?\s*)?([A-Za-z0-9][\w.-]*)\s+synced to\s+([0-9a-f]{7,40})/i.exec(text);
    const revWord = /\b([0-9a-f]{7,40})\b/i.exec(text)?.[1] ?? tags.map(sha7).find(Boolean) ?? null;
    const isDeploy = lowerTags.some((t) => DEPLOY_TAGS.has(t)) || !!syncMatch;
    if (isDeploy) {
      const app = syncMatch?.[1] ?? tags.find((t) => !GENERIC_TAGS.has(t.toLowerCase())) ?? null;
      const rev = sha7(syncMatch?.[2] ?? revWord);
      c.add({
        ref: id,
        at,
        kind: 'deploy',
        text: `${text || `deploy${app ? ` ${app}` : ''}`}${region}`,
        actor: who,
        excerpt,
        keys: keys(app && `deploy:${keyPart(app)}`, rev && `rev:${rev}`),
        facts: rev ? { revision: rev } : undefined,
      });
      return;
    }
    c.add({
      ref: id,
      at,
      kind: 'note',
      text: `${text || tags.join(', ') || 'annotation'}${region}`,
      actor: who,
      excerpt,
    });
  });
  return c.result();
}

export const grafanaImporter = {
  id: 'grafana',
  source: 'grafana',
  detect: (input: DetectInput) => {
    try {
      return detectGrafana(input);
    } catch {
      return false;
    }
  },
  parse: (_file: VFile, input: DetectInput, ctx: ParseContext) => parseGrafanaJson(input.json, ctx),
} satisfies FileImporter;

// Argo CD: an `Application` object (`kubectl get application <app> -o json` or the Argo CD API), a
// `List`/`ApplicationList` of them, or a bare `{status:{history}}` fragment.
// Each `status.history` entry is one deploy event at `deployedAt` (the sync completed; falls back to
// deployStartedAt) naming the application and its revision (7-character prefix), e.g.
// `Argo CD synced platform-mesh-certs to 7a3f9e2 (history 122, by lena@...)`. Multi-source apps use
// `revisions[]`. A running or failed `operationState` that is not yet in the history (phase Running,
// Failed or Error) becomes one more event (kind deploy / note).
//
// Keys emitted: `deploy:<app>`, `rev:<sha7>` (each revision that looks like a git sha).
import { arr, Collector, isObj, keyPart, keys, obj, plain, sha7, str, type Obj } from './ops-common.js';
import type { DetectInput, FileImporter, ParseContext, ParseResult, VFile } from './types.js';

function isApplication(v: unknown): boolean {
  if (!isObj(v)) return false;
  if (v.kind === 'Application') return true;
  const status = obj(v.status);
  return (Array.isArray(status.history) && (isObj(v.spec) || isObj(v.metadata) || 'sync' in status || 'operationState' in status)) || false;
}

export function detectArgocd(input: DetectInput): boolean {
  const j = input.json;
  if (!isObj(j)) return false;
  if (isApplication(j)) return true;
  if (Array.isArray(j.items) && (j.kind === 'List' || j.kind === 'ApplicationList' || !('kind' in j))) return j.items.length > 0 && isApplication(j.items[0]);
  // a bare `{status:{history:[{revision, deployedAt}]}}` fragment
  const h = arr(obj(j.status).history);
  return h.length > 0 && isObj(h[0]) && 'deployedAt' in h[0] && ('revision' in h[0] || 'revisions' in h[0]);
}

function appName(app: Obj, i: number): string {
  return plain(obj(app.metadata).name) || `application ${i + 1}`;
}

function describeRev(rev: string | null): string {
  if (!rev) return '?';
  return sha7(rev) ?? rev;
}

function application(c: Collector, app: Obj, ai: number): void {
  const name = appName(app, ai);
  const status = obj(app.status);
  const history = arr(status.history);
  const revsSeen = new Set<string>();
  history.forEach((raw, hi) => {
    if (!isObj(raw)) {
      c.warn(`${name} history entry ${hi + 1}: not an object, skipped`);
      return;
    }
    const h: Obj = raw;
    const at = c.time(h.deployedAt, `${name} history entry ${hi + 1} deployedAt`) ?? c.time(h.deployStartedAt, `${name} history entry ${hi + 1} deployStartedAt`);
    if (!at) {
      c.warn(`${name} history entry ${hi + 1}: no readable deployedAt, skipped`);
      return;
    }
    const revs = [str(h.revision), ...arr(h.revisions).map(str)].filter((r): r is string => !!r);
    for (const r of revs) revsSeen.add(r);
    const by = obj(h.initiatedBy);
    const who = plain(by.username) || (by.automated === true ? 'automated sync' : '');
    const source = obj(h.source);
    const path = plain(source.path) || plain(source.chart);
    const hid = str(h.id);
    c.add({
      ref: `${name}:${hid ?? hi + 1}`,
      at,
      kind: 'deploy',
      text: `Argo CD synced ${name} to ${revs.map(describeRev).join(', ') || '?'}${path ? ` (${path})` : ''}${hid ? `, history ${hid}` : ''}${who ? `, ${who}` : ''}`,
      actor: plain(by.username) || null,
      excerpt: { application: name, ...h },
      keys: keys(`deploy:${keyPart(name)}`, ...revs.map((r) => sha7(r) && `rev:${sha7(r)}`)),
      facts: revs[0] ? { revision: describeRev(revs[0]) } : undefined,
    });
  });
  const op = obj(status.operationState);
  const phase = plain(op.phase);
  if (phase && phase !== 'Succeeded') {
    const syncRev = str(obj(obj(op.operation).sync).revision) ?? str(obj(op.syncResult).revision);
    const at = c.time(op.finishedAt, `${name} operationState.finishedAt`) ?? c.time(op.startedAt, `${name} operationState.startedAt`);
    if (at && !(syncRev && revsSeen.has(syncRev) && phase === 'Succeeded')) {
      c.add({
        ref: `${name}:operation`,
        at,
        kind: phase === 'Running' ? 'deploy' : 'note',
        text: `Argo CD sync of ${name} to ${describeRev(syncRev)} ${phase.toLowerCase()}${plain(op.message) ? `: ${plain(op.message)}` : ''}`,
        excerpt: { application: name, phase, message: op.message, startedAt: op.startedAt, finishedAt: op.finishedAt },
        keys: keys(`deploy:${keyPart(name)}`, sha7(syncRev) && `rev:${sha7(syncRev)}`),
      });
    }
  }
}

export function parseArgocdJson(j: unknown, ctx: ParseContext): ParseResult {
  const c = new Collector('argocd', ctx);
  if (!isObj(j)) return c.result();
  const apps = Array.isArray(j.items) ? j.items : [j];
  apps.forEach((a, i) => {
    if (!isObj(a) || (!isApplication(a) && !isObj(obj(a).status))) {
      c.warn(`item ${i + 1}: not an Argo CD Application, skipped`);
      return;
    }
    try {
      application(c, a as Obj, i);
    } catch (err) {
      c.warn(`item ${i + 1}: skipped (${err instanceof Error ? err.message : String(err)})`);
    }
  });
  return c.result();
}

export const argocdImporter = {
  id: 'argocd',
  source: 'argocd',
  detect: (input: DetectInput) => {
    try {
      return detectArgocd(input);
    } catch {
      return false;
    }
  },
  parse: (_file: VFile, input: DetectInput, ctx: ParseContext) => parseArgocdJson(input.json, ctx),
} satisfies FileImporter;

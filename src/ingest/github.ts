// GitHub: deployments (`GET /repos/{o}/{r}/deployments`, a bare array), deployment statuses (a bare
// array, newest first, or a single status object), a file holding both (a mixed array or
// `{deployments, statuses}`), `deployment_status` / `deployment` webhook payloads, Actions workflow
// runs (`{total_count, workflow_runs}`, or a `workflow_run` webhook).
//
// A deployment and all its statuses are ONE deploy event when they are in the same file: occurredAt is
// the deployment's created_at (its start), text `GitHub deployment <id> to <env>: <description> (<ref> @
// <sha7>): queued -> in_progress -> success -> inactive, final state inactive`. Statuses found without
// their deployment (a separate statuses file) become one deploy event each at the status's
// created_at, carrying `deployment:<id>` so reconcile folds them into the deployment.
// Workflow runs: kind deploy when the workflow's name/path/title says deploy/release/rollout, else note;
// at run_started_at (else created_at); conclusion in the text.
//
// Keys emitted: `deployment:<id>`, `rev:<sha7>`, `deploy:<service>` (service from the payload's
// service/app/application, else the name before a version in the description, `checkout-api v2.14.3`,
// and the repository name), `run:<id>` for workflow runs.
import { arr, Collector, eachRecord, isObj, keyPart, keys, obj, plain, refName, sha7, str, type Obj } from './ops-common.js';
import type { DetectInput, FileImporter, ParseContext, ParseResult, VFile } from './types.js';

function isDeployment(v: unknown): v is Obj {
  return isObj(v) && 'id' in v && 'created_at' in v && ('statuses_url' in v || ('sha' in v && 'task' in v) || ('sha' in v && 'environment' in v && !('state' in v)));
}
function isStatus(v: unknown): v is Obj {
  return isObj(v) && typeof v.state === 'string' && 'created_at' in v && ('deployment_url' in v || ('environment' in v && 'target_url' in v)) && !('sha' in v);
}
function isRun(v: unknown): v is Obj {
  return isObj(v) && 'id' in v && ('run_number' in v || 'workflow_id' in v) && 'head_sha' in v;
}

export function detectGithub(input: DetectInput): boolean {
  const j = input.json;
  if (Array.isArray(j)) return j.length > 0 && (isDeployment(j[0]) || isStatus(j[0]));
  if (!isObj(j)) return false;
  if (Array.isArray(j.workflow_runs)) return j.workflow_runs.length === 0 ? 'total_count' in j : isRun(j.workflow_runs[0]);
  if (isObj(j.deployment_status) && isObj(j.deployment)) return true;
  if (isDeployment(j.deployment) && 'action' in j) return true;
  if (isRun(j.workflow_run) && 'action' in j) return true;
  if (Array.isArray(j.deployments) && (j.deployments.length === 0 || isDeployment(j.deployments[0]))) return true;
  return isStatus(j) || (isDeployment(j) && 'sha' in j);
}

function deploymentIdOf(status: Obj): string | null {
  const u = str(status.deployment_url);
  const m = u ? /\/deployments\/(\d+)(?:\/|$)/.exec(u) : null;
  return m?.[1] ?? str(obj(status.deployment).id);
}

function repoOf(o: Obj): string | null {
  const u = str(o.repository_url) ?? str(o.url);
  const m = u ? /\/repos\/[^/]+\/([^/]+)/.exec(u) : null;
  const name = m?.[1] ? decodeURIComponent(m[1]) : null;
  return name && !/^<.*>$/.test(name) ? name : null;
}

export function serviceFromDescription(desc: string): string | null {
  const m = /(?:^|[\s:])([a-z0-9][a-z0-9._-]*[a-z0-9])\s+v?\d+\.\d+/i.exec(desc);
  return m?.[1] ?? null;
}

function deployKeys(d: Obj): string[] {
  const payload = obj(typeof d.payload === 'string' ? safeJson(d.payload) : d.payload);
  const desc = plain(d.description);
  const svc = plain(payload.service) || plain(payload.app) || plain(payload.application) || serviceFromDescription(desc);
  const repo = repoOf(d);
  const id = str(d.id);
  return keys(
    id && `deployment:${id}`,
    sha7(d.sha) && `rev:${sha7(d.sha)}`,
    sha7(d.ref) && `rev:${sha7(d.ref)}`,
    svc && `deploy:${keyPart(svc)}`,
    repo && `deploy:${keyPart(repo)}`,
  );
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return {};
  }
}

const hhmmss = (ms: number) => new Date(ms).toISOString().slice(11, 19);

function deploymentEvent(c: Collector, d: Obj, statuses: Obj[], i: number): void {
  const id = str(d.id) ?? `deployment-${i + 1}`;
  const at = c.time(d.created_at, `deployment ${i + 1} (${id})`);
  if (!at) {
    c.warn(`deployment ${i + 1} (${id}): no readable created_at, skipped`);
    return;
  }
  const env = plain(d.environment) || plain(d.original_environment);
  const desc = plain(d.description);
  const ref = plain(d.ref);
  const sha = sha7(d.sha);
  const where = ref ? ` (${ref}${sha && !ref.toLowerCase().startsWith(sha) ? ` @ ${sha}` : ''})` : sha ? ` (${sha})` : '';
  let text = `GitHub deployment ${id}${env ? ` to ${env}` : ''}${desc ? `: ${desc}` : ''}${where}`;
  const timed = statuses
    .map((s) => ({ s, t: c.time(s.created_at, `deployment ${id} status ${str(s.id) ?? ''}`) }))
    .filter((x): x is { s: Obj; t: NonNullable<typeof x.t> } => x.t !== null)
    .sort((a, b) => a.t.ms - b.t.ms || Number(str(a.s.id) ?? 0) - Number(str(b.s.id) ?? 0));
  let finalState: string | null = null;
  if (timed.length) {
    finalState = plain(timed[timed.length - 1]!.s.state) || null;
    const chain = timed.map((x) => `${plain(x.s.state)} ${hhmmss(x.t.ms)}`).join(' -> ');
    text += `: ${chain}; final state ${finalState}`;
  }
  c.add({
    ref: id,
    at,
    kind: 'deploy',
    text,
    actor: refName(d.creator),
    excerpt: { id, environment: d.environment, description: d.description, ref: d.ref, sha: d.sha, created_at: d.created_at, statuses: timed.map((x) => ({ id: x.s.id, state: x.s.state, created_at: x.s.created_at })) },
    keys: deployKeys(d),
    facts: { ...(sha ? { revision: sha } : {}), ...(finalState ? { status: finalState } : {}) },
  });
}

function statusEvent(c: Collector, s: Obj, i: number): void {
  const sid = str(s.id) ?? `status-${i + 1}`;
  const at = c.time(s.created_at, `status ${i + 1} (${sid})`);
  if (!at) {
    c.warn(`status ${i + 1} (${sid}): no readable created_at, skipped`);
    return;
  }
  const dep = deploymentIdOf(s);
  const state = plain(s.state) || 'unknown';
  const env = plain(s.environment);
  const desc = plain(s.description);
  c.add({
    ref: `status:${sid}`,
    at,
    kind: 'deploy',
    text: `GitHub deployment ${dep ?? '?'}${env ? ` (${env})` : ''} ${state}${desc ? `: ${desc}` : ''}`,
    actor: refName(s.creator),
    excerpt: { id: sid, state, description: s.description, environment: s.environment, created_at: s.created_at, deployment_url: s.deployment_url },
    keys: keys(dep && `deployment:${dep}`, repoOf(s) && `deploy:${keyPart(repoOf(s)!)}`),
    facts: { status: state },
  });
}

function runEvent(c: Collector, r: Obj, i: number): void {
  const id = str(r.id) ?? `run-${i + 1}`;
  const at = c.time(r.run_started_at ?? r.created_at, `workflow run ${i + 1} (${id})`) ?? c.time(r.created_at, `workflow run ${i + 1} (${id})`);
  if (!at) {
    c.warn(`workflow run ${i + 1} (${id}): no readable run_started_at/created_at, skipped`);
    return;
  }
  const name = plain(r.name) || plain(r.path) || 'workflow';
  const title = plain(r.display_title);
  const status = plain(r.status);
  const conclusion = plain(r.conclusion);
  const sha = sha7(r.head_sha);
  const isDeploy = /deploy|release|rollout|promote/i.test(`${name} ${plain(r.path)} ${title}`);
  const num = str(r.run_number);
  const attempt = typeof r.run_attempt === 'number' && r.run_attempt > 1 ? ` (attempt ${r.run_attempt})` : '';
  c.add({
    ref: `run:${id}`,
    at,
    kind: isDeploy ? 'deploy' : 'note',
    text: `GitHub Actions "${name}"${num ? ` #${num}` : ''}${attempt}${title && title !== name ? ` (${title})` : ''} ${conclusion || status || 'run'}${plain(r.head_branch) ? ` on ${plain(r.head_branch)}` : ''}${sha ? ` @ ${sha}` : ''}`,
    actor: refName(r.triggering_actor) ?? refName(r.actor),
    excerpt: { id, name: r.name, run_number: r.run_number, event: r.event, status: r.status, conclusion: r.conclusion, head_branch: r.head_branch, head_sha: r.head_sha, run_started_at: r.run_started_at, updated_at: r.updated_at },
    keys: keys(`run:${id}`, sha && `rev:${sha}`),
    facts: conclusion ? { status: conclusion } : undefined,
  });
}

function deploymentsWithStatuses(c: Collector, deployments: Obj[], statuses: Obj[]): void {
  const byDep = new Map<string, Obj[]>();
  const orphans: Obj[] = [];
  const depIds = new Set(deployments.map((d) => str(d.id)).filter((x): x is string => !!x));
  for (const s of statuses) {
    const dep = deploymentIdOf(s);
    if (dep && depIds.has(dep)) byDep.set(dep, [...(byDep.get(dep) ?? []), s]);
    else orphans.push(s);
  }
  deployments.forEach((d, i) => {
    try {
      deploymentEvent(c, d, byDep.get(str(d.id) ?? '') ?? [], i);
    } catch (err) {
      c.warn(`deployment ${i + 1}: skipped (${err instanceof Error ? err.message : String(err)})`);
    }
  });
  eachRecord(c, orphans, 'status', (s, i) => statusEvent(c, s, i));
}

export function parseGithubJson(j: unknown, ctx: ParseContext): ParseResult {
  const c = new Collector('github', ctx);
  if (Array.isArray(j)) {
    const deployments: Obj[] = [];
    const statuses: Obj[] = [];
    j.forEach((x, i) => {
      if (isDeployment(x)) deployments.push(x);
      else if (isStatus(x)) statuses.push(x);
      else c.warn(`record ${i + 1}: not a GitHub deployment or deployment status, skipped`);
    });
    deploymentsWithStatuses(c, deployments, statuses);
  } else if (isObj(j)) {
    if (Array.isArray(j.workflow_runs)) eachRecord(c, j.workflow_runs, 'workflow run', (r, i) => (isRun(r) ? runEvent(c, r, i) : c.warn(`workflow run ${i + 1}: malformed, skipped`)));
    else if (isObj(j.deployment_status) && isObj(j.deployment)) deploymentsWithStatuses(c, [j.deployment], [{ ...j.deployment_status, deployment_url: j.deployment_status.deployment_url ?? j.deployment.url }]);
    else if (isDeployment(j.deployment)) deploymentsWithStatuses(c, [j.deployment], []);
    else if (isRun(j.workflow_run)) runEvent(c, j.workflow_run, 0);
    else if (Array.isArray(j.deployments)) deploymentsWithStatuses(c, arr(j.deployments).filter(isDeployment), arr(j.statuses).filter(isStatus));
    else if (isStatus(j)) statusEvent(c, j, 0);
    else if (isDeployment(j)) deploymentsWithStatuses(c, [j], []);
  }
  return c.result();
}

export const githubImporter = {
  id: 'github',
  source: 'github',
  detect: (input: DetectInput) => {
    try {
      return detectGithub(input);
    } catch {
      return false;
    }
  },
  parse: (_file: VFile, input: DetectInput, ctx: ParseContext) => parseGithubJson(input.json, ctx),
} satisfies FileImporter;

import { describe, expect, it } from 'vitest';
import { githubImporter, serviceFromDescription } from '../../src/ingest/github.js';
import { fixtureText, iso, runFixture, runImporter } from './ops-helpers.js';

const DIR = 'ops-incidents/checkout-pool-exhaustion/github';

describe('githubImporter: deployments and statuses', () => {
  it('a deployments file: one deploy event per deployment at created_at with id, description and keys', async () => {
    const r = await runFixture(githubImporter, `${DIR}/deployments.json`);
    expect(r.warnings).toEqual([]);
    expect(r.events.map((e) => [e.ref, iso(e.occurredAt), e.kind])).toEqual([
      ['4819', '2024-03-11T16:20:05.000Z', 'deploy'],
      ['4820', '2024-03-12T13:28:40.000Z', 'deploy'],
      ['4821', '2024-03-12T13:58:00.000Z', 'deploy'],
      ['4822', '2024-03-12T14:38:10.000Z', 'deploy'],
    ]);
    const d = r.events.find((e) => e.ref === '4821')!;
    expect(d.text).toBe('GitHub deployment 4821 to production: checkout-api v2.14.3 (main @ 9f1c2e7)');
    expect(d.keys).toEqual(['deployment:4821', 'rev:9f1c2e7', 'deploy:checkout-api', 'deploy:checkout']);
    expect(d.actor).toBe('deploy-bot[bot]');
    expect(d.facts).toEqual({ revision: '9f1c2e7' });
  });

  it('a statuses file (newest first, incl. inactive): one event per status carrying deployment:<id>', async () => {
    const r = await runFixture(githubImporter, `${DIR}/deployment-statuses.json`);
    const for4821 = r.events.filter((e) => e.keys?.includes('deployment:4821'));
    expect(for4821.map((e) => [iso(e.occurredAt), e.facts?.status])).toEqual([
      ['2024-03-12T13:58:00.000Z', 'queued'],
      ['2024-03-12T13:58:05.000Z', 'in_progress'],
      ['2024-03-12T14:00:58.000Z', 'success'],
      ['2024-03-12T14:41:12.000Z', 'inactive'],
    ]);
    expect(for4821.every((e) => e.kind === 'deploy' && e.text.startsWith('GitHub deployment 4821 (production)'))).toBe(true);
  });

  it('deployments and statuses in one file fold into ONE event per deployment: start time, state chain, final state', async () => {
    const deps = JSON.parse(fixtureText(`${DIR}/deployments.json`)) as unknown[];
    const sts = JSON.parse(fixtureText(`${DIR}/deployment-statuses.json`)) as unknown[];
    for (const text of [JSON.stringify([...deps, ...sts]), JSON.stringify({ deployments: deps, statuses: sts })]) {
      const r = await runImporter(githubImporter, 'both.json', text);
      expect(r.events).toHaveLength(4);
      const d = r.events.find((e) => e.ref === '4821')!;
      expect(iso(d.occurredAt)).toBe('2024-03-12T13:58:00.000Z');
      expect(d.text).toBe(
        'GitHub deployment 4821 to production: checkout-api v2.14.3 (main @ 9f1c2e7): queued 13:58:00 -> in_progress 13:58:05 -> success 14:00:58 -> inactive 14:41:12; final state inactive',
      );
      expect(d.facts?.status).toBe('inactive');
      expect(r.events.find((e) => e.ref === '4822')!.text).toMatch(/final state success$/);
      // the rollback's payload names 4821 but its text does not
      expect(r.events.find((e) => e.ref === '4822')!.text).not.toContain('4821');
    }
  });

  it('the deployment_status webhook payload is one deploy event', async () => {
    const r = await runFixture(githubImporter, 'samples/github-deployments/octokit-webhooks_deployment_status.gh-pages.payload.json');
    expect(r.events).toHaveLength(1);
    const e = r.events[0]!;
    expect(e.kind).toBe('deploy');
    expect(e.text).toMatch(/^GitHub deployment \d+ to github-pages .*final state in_progress$/);
    expect(e.keys!.some((k) => k.startsWith('deployment:'))).toBe(true);
  });

  it('real octokit recordings: a deployments list and a single status, VCR placeholders never become keys', async () => {
    const list = await runFixture(githubImporter, 'samples/github-deployments/octokit-rb_list-deployments.response.valid-subset.json');
    expect(list.events).toHaveLength(12);
    expect(list.events.every((e) => e.kind === 'deploy' && /^GitHub deployment \d+ to production/.test(e.text))).toBe(true);
    expect(list.events.flatMap((e) => e.keys ?? []).some((k) => k.includes('<'))).toBe(false);
    const st = await runFixture(githubImporter, 'samples/github-deployments/octokit-rb_create-deployment-status.response.json');
    expect(st.events.map((e) => [e.kind, e.facts?.status, iso(e.occurredAt)])).toEqual([['deploy', 'success', '2018-03-30T19:04:41.000Z']]);
    expect(st.events[0]!.keys).toEqual(['deployment:78406020']);
  });

  it('a payload given as a JSON string still names the service', async () => {
    const text = JSON.stringify([{ id: 1, sha: 'abcdef1234567', ref: 'main', task: 'deploy', environment: 'prod', description: null, payload: '{"service":"Cart-API"}', created_at: '2024-01-01T00:00:00Z' }]);
    const r = await runImporter(githubImporter, 'd.json', text);
    expect(r.events[0]!.keys).toEqual(['deployment:1', 'rev:abcdef1', 'deploy:cart-api']);
  });

  it('service names from descriptions', () => {
    expect(serviceFromDescription('checkout-api v2.14.3')).toBe('checkout-api');
    expect(serviceFromDescription('rollback: checkout-api v2.14.2')).toBe('checkout-api');
    expect(serviceFromDescription('hotfix')).toBeNull();
  });
});

describe('githubImporter: workflow runs', () => {
  it('the octokit runs page: a non-deploy workflow is a note with its conclusion and sha', async () => {
    const r = await runFixture(githubImporter, 'samples/github-deployments/octokit-rb_list-workflow-runs.response.json');
    expect(r.events.map((e) => [e.kind, iso(e.occurredAt), e.text])).toEqual([['note', '2022-09-22T23:06:16.000Z', 'GitHub Actions "test" #3 success on main @ f5b9db8']]);
  });

  it('a deploy workflow is kind deploy at run_started_at; a malformed run is a warning', async () => {
    const text = JSON.stringify({
      total_count: 2,
      workflow_runs: [
        { id: 8123456789, name: 'deploy-prod', display_title: 'checkout v2.14.3', run_number: 551, workflow_id: 1, head_sha: '9f1c2e7d4b5a69788123456789abcdef01234567', head_branch: 'main', status: 'completed', conclusion: 'success', created_at: '2024-03-12T13:57:40Z', run_started_at: '2024-03-12T13:57:41Z' },
        { id: 8123456790, name: 'ci', run_number: 552, run_attempt: 2, workflow_id: 2, head_sha: 'deadbeefcafe', head_branch: 'main', status: 'completed', conclusion: 'failure', created_at: '2024-03-12T13:50:00Z', run_started_at: null },
        { name: 'broken' },
      ],
    });
    const r = await runImporter(githubImporter, 'runs.json', text);
    expect(r.events.map((e) => [e.kind, iso(e.occurredAt), e.keys])).toEqual([
      ['note', '2024-03-12T13:50:00.000Z', ['run:8123456790', 'rev:deadbee']],
      ['deploy', '2024-03-12T13:57:41.000Z', ['run:8123456789', 'rev:9f1c2e7']],
    ]);
    expect(r.events[0]!.text).toBe('GitHub Actions "ci" #552 (attempt 2) failure on main @ deadbee');
    expect(r.events[1]!.text).toBe('GitHub Actions "deploy-prod" #551 (checkout v2.14.3) success on main @ 9f1c2e7');
    expect(r.warnings[0]!.message).toMatch(/workflow run 3/);
  });
});

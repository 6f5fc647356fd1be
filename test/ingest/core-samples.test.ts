// Every real sample (test/fixtures/samples, see the PROVENANCE files) is recognised through the walker
// and gives events or a series; only the provenance notes are unknown.
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { reconstruct } from '../../src/ingest/index.js';

const SAMPLES = fileURLToPath(new URL('../fixtures/samples/', import.meta.url));

it('reads every sample in the samples folder as one input', async () => {
  const r = await reconstruct(['.'], { cwd: SAMPLES, tz: null });
  const bad = r.warnings.filter((w) => /unknown format|malformed|truncated|could not be read|binary/.test(w.message) && !w.file.endsWith('.md'));
  expect(bad).toEqual([]);
  const cited = new Set(r.events.flatMap((e) => e.sources.map((s) => s.file.split('/')[1])));
  for (const s of r.series) cited.add(s.source.file.split('/')[1]);
  const folders = ['alertmanager-webhook', 'argocd', 'cloudwatch', 'datadog', 'discord-dce-json', 'github-deployments', 'grafana-annotations', 'k8s-events', 'opsgenie', 'pagerduty-log-entries', 'pagerduty-webhook-v3', 'prometheus-query-range', 'slack-api', 'slack-export', 'teams-graph'];
  for (const f of folders) expect(cited.has(f), `${f} gave events`).toBe(true);
  expect(r.events.length).toBeGreaterThan(100);
});

// Detection of the paging / alerting / metrics / change formats: each real sample and fixture is
// claimed by exactly its own importer, formats of other importers are claimed by none, and random or
// mutated input never makes a detector or a parser throw.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { claimants, detectInput, fixtureText, memFile, OPS_IMPORTERS } from './ops-helpers.js';

const OWN: Array<[string, string]> = [
  ['ops-incidents/checkout-pool-exhaustion/alertmanager/webhook-firing.json', 'alertmanager'],
  ['ops-incidents/checkout-pool-exhaustion/alertmanager/webhook-resolved.json', 'alertmanager'],
  ['ops-incidents/checkout-pool-exhaustion/github/deployments.json', 'github'],
  ['ops-incidents/checkout-pool-exhaustion/github/deployment-statuses.json', 'github'],
  ['ops-incidents/checkout-pool-exhaustion/k8s-events.json', 'k8s'],
  ['ops-incidents/checkout-pool-exhaustion/pagerduty-log-entries.json', 'pagerduty'],
  ['ops-incidents/checkout-pool-exhaustion/prometheus-checkout-5xx-ratio.json', 'prometheus'],
  ['ops-incidents/cert-expiry-slow-burn/opsgenie/alerts.json', 'opsgenie'],
  ['ops-incidents/cert-expiry-slow-burn/opsgenie/alert-4411-logs.json', 'opsgenie'],
  ['ops-incidents/cert-expiry-slow-burn/opsgenie/alert-4468-logs.json', 'opsgenie'],
  ['ops-incidents/cert-expiry-slow-burn/argocd-applications.json', 'argocd'],
  ['ops-incidents/cert-expiry-slow-burn/grafana-annotations.json', 'grafana'],
  ['ops-incidents/hl7-queue-backlog/pagerduty-4410-log-entries.json', 'pagerduty'],
  ['samples/alertmanager-webhook/prometheus-msteams_prom_post_request.json', 'alertmanager'],
  ['samples/alertmanager-webhook/zulip_alert.json', 'alertmanager'],
  ['samples/argocd/argo-cd_controller-testdata_diff-cache.application.converted.json', 'argocd'],
  ['samples/cloudwatch/aws-cli_describe-alarm-history.output.json', 'cloudwatch'],
  ['samples/cloudwatch/aws-cli_describe-alarms.output.json', 'cloudwatch'],
  ['samples/datadog/dd-api-client-go_v1-post-event.response.json', 'datadog'],
  ['samples/datadog/dd-api-client-go_v2-events-list-page1.response.json', 'datadog'],
  ['samples/datadog/dd-api-client-go_v2-events-list-page2.response.json', 'datadog'],
  ['samples/github-deployments/octokit-rb_create-deployment-status.response.json', 'github'],
  ['samples/github-deployments/octokit-rb_list-deployments.response.valid-subset.json', 'github'],
  ['samples/github-deployments/octokit-rb_list-workflow-runs.response.json', 'github'],
  ['samples/github-deployments/octokit-webhooks_deployment_status.gh-pages.payload.json', 'github'],
  ['samples/grafana-annotations/grafana-docs-v7_http_api_find-annotations.example.json', 'grafana'],
  ['samples/k8s-events/troubleshoot_message-image-pull-fail.eventlist.json', 'k8s'],
  ['samples/k8s-events/troubleshoot_message-pod-init-crashloop-backoff.eventlist.json', 'k8s'],
  ['samples/opsgenie/zulip_webhook_acknowledge.json', 'opsgenie'],
  ['samples/opsgenie/zulip_webhook_close.json', 'opsgenie'],
  ['samples/opsgenie/zulip_webhook_create.json', 'opsgenie'],
  ['samples/pagerduty-log-entries/airbyte_source-pagerduty_expected_records.jsonl', 'pagerduty'],
  ['samples/pagerduty-log-entries/zulip_webhook_v2_acknowledge.json', 'pagerduty'],
  ['samples/pagerduty-webhook-v3/zulip_acknowledged_v3.json', 'pagerduty'],
  ['samples/pagerduty-webhook-v3/zulip_resolved_v3.json', 'pagerduty'],
  ['samples/pagerduty-webhook-v3/zulip_triggered_v3.json', 'pagerduty'],
  ['samples/prometheus-query-range/prometheus-api-client-python_up_201907281200.result-array.json', 'prometheus'],
  ['samples/prometheus-query-range/prometheus-docs_api_query_range.example.json', 'prometheus'],
];

// Minimal documents in the shapes other importers own (content invented).
const FOREIGN: Record<string, string> = {
  'statuspage incident': JSON.stringify({ meta: {}, page: { id: 'p' }, incident: { id: 'i1', name: 'Checkout errors', status: 'resolved', created_at: '2024-03-12T14:19:42Z', incident_updates: [{ id: 'u', status: 'investigating', body: 'x', display_at: '2024-03-12T14:19:42Z', created_at: '2024-03-12T14:19:42Z' }], components: [] } }),
  'statuspage incidents list': JSON.stringify([{ id: 'i1', name: 'x', status: 'resolved', created_at: '2024-03-12T14:19:42Z', incident_updates: [] }]),
  'slack day file': JSON.stringify([{ type: 'message', user: 'U1', text: 'hi', ts: '1710252131.000100' }]),
  'slack channels.json': JSON.stringify([{ id: 'C1', name: 'inc', created: 1710252131, members: ['U1'] }]),
  'slack users.json': JSON.stringify([{ id: 'U1', name: 'alice', real_name: 'Alice', profile: {} }]),
  'slack conversations.history': JSON.stringify({ ok: true, messages: [{ type: 'message', user: 'U1', text: 'hi', ts: '1710252131.000100' }], has_more: false }),
  'teams messages page': JSON.stringify({ '@odata.context': 'x', '@odata.count': '1', value: [{ id: '1', messageType: 'message', createdDateTime: '2024-05-06T09:58:14.24Z', from: { user: { displayName: 'A' } }, body: { contentType: 'html', content: '<p>x</p>' } }] }),
  'discord DCE json': JSON.stringify({ guild: { id: '1', name: 'g' }, channel: { id: '2', name: 'c' }, messages: [{ id: '3', type: 'Default', timestamp: '2024-07-16T07:18:03.12+01:00', content: 'x', author: { id: '4', name: 'n' } }], messageCount: 1 }),
  'json-lines log': '{"ts":"2024-07-16T06:56:40.611Z","level":"ERROR","msg":"alert raised: queue depth above 500","alert":"queue-depth"}\n{"ts":"2024-07-16T06:57:00Z","level":"INFO","msg":"ok"}\n',
  'git log': 'commit 4be1c9d2e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3\nAuthor: A <a@example.com>\nDate:   Wed May 8 12:42:10 2024 +0200\n\n    fix rbac\n',
  'csv': 'AuthorID,Author,Date,Content,Attachments,Reactions\n"1","a","2024-07-16T07:18:03.1230000+01:00","x","",""\n',
  'plain text': 'Alice Example  2:32 PM\ncheckout 5xx is spiking\n',
  'expected.json': fixtureText('ops-incidents/checkout-pool-exhaustion/expected.json'),
  'empty array': '[]',
  'empty object': '{}',
  'json null': 'null',
  'a number': '42',
};

describe('detection', () => {
  it.each(OWN)('%s is claimed by exactly %s', (rel, id) => {
    expect(claimants(rel, fixtureText(rel))).toEqual([id]);
  });

  it.each(Object.entries(FOREIGN))('%s is claimed by none of these importers', (label, text) => {
    expect(claimants(`${label}.json`, text)).toEqual([]);
  });

  it('detection reads content, not names: a misleading file name changes nothing', () => {
    const text = fixtureText('ops-incidents/checkout-pool-exhaustion/k8s-events.json');
    expect(claimants('pagerduty-log-entries.json', text)).toEqual(['k8s']);
    expect(claimants('k8s-events.json', FOREIGN['slack day file']!)).toEqual([]);
  });

  it('no two detectors claim the same document, for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (v) => {
        const text = JSON.stringify(v) ?? 'null';
        expect(claimants('x.json', text).length).toBeLessThanOrEqual(1);
      }),
      { numRuns: 300 },
    );
  });
});

/** Replace the value at a random path with another JSON value. */
function mutate(root: unknown, picks: number[], replacement: unknown): unknown {
  const clone: unknown = structuredClone(root);
  let node: unknown = clone;
  for (let depth = 0; depth < picks.length; depth++) {
    if (typeof node !== 'object' || node === null) break;
    const keys = Object.keys(node);
    if (keys.length === 0) break;
    const key = keys[picks[depth]! % keys.length]!;
    const child = (node as Record<string, unknown>)[key];
    if (depth === picks.length - 1 || typeof child !== 'object' || child === null) {
      (node as Record<string, unknown>)[key] = replacement;
      break;
    }
    node = child;
  }
  return clone;
}

const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/;

async function parseAll(path: string, text: string) {
  const input = detectInput(path, text);
  for (const imp of OPS_IMPORTERS) {
    let claimed = false;
    expect(() => (claimed = imp.detect(input))).not.toThrow();
    if (!claimed) continue;
    const r = await imp.parse(memFile(path, text), input, { tz: null, file: path });
    for (const e of r.events) {
      expect(Number.isFinite(e.occurredAt)).toBe(true);
      expect(typeof e.text).toBe('string');
      expect(CONTROL.test(e.text)).toBe(false);
      expect(e.source).toBe(imp.source);
      expect(e.file).toBe(path);
    }
    for (const w of r.warnings) expect(w.file).toBe(path);
  }
}

describe('robustness (property tests)', () => {
  it('random JSON never makes a detector or parser throw', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 5 }), async (v) => {
        await parseAll('r.json', JSON.stringify(v) ?? 'null');
      }),
      { numRuns: 200 },
    );
  });

  it('mutated fixtures (a random field replaced by any JSON value or a control-laden string) never throw and stay sanitised', async () => {
    const docs = OWN.filter(([rel]) => rel.endsWith('.json') && !rel.includes('up_201907281200')).map(([rel]) => JSON.parse(fixtureText(rel)) as unknown);
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: docs.length - 1 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 6 }),
        fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constant('\u001b[31mred\u001b]0;title\u0007 \u202eevil\u0000'), fc.constant(null), fc.constant('0001-01-01T00:00:00Z')),
        async (di, picks, replacement) => {
          const doc = mutate(docs[di], picks, replacement);
          await parseAll('m.json', JSON.stringify(doc));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('truncated files (JSON that no longer parses) are claimed by none', () => {
    for (const [rel] of OWN.filter(([r]) => r.endsWith('.json'))) {
      const text = fixtureText(rel);
      expect(claimants(rel, text.slice(0, Math.floor(text.length / 2)))).toEqual([]);
    }
  });

  it('a JSON-lines file with a broken line still yields the good records, with a warning naming the line', async () => {
    const rel = 'samples/pagerduty-log-entries/airbyte_source-pagerduty_expected_records.jsonl';
    const lines = fixtureText(rel).split('\n');
    const text = [lines[0], '{"stream": "incident_logs", "data": {broken', ...lines.slice(1)].join('\n');
    const { pagerdutyImporter } = await import('../../src/ingest/pagerduty.js');
    const input = detectInput(rel, text);
    expect(pagerdutyImporter.detect(input)).toBe(true);
    const r = await pagerdutyImporter.parse(memFile(rel, text), input, { tz: null, file: rel });
    expect(r.events.length).toBe(2);
    expect(r.warnings).toEqual([expect.objectContaining({ line: 2, file: rel })]);
  });
});

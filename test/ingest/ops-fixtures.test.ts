// The synthetic incidents' expected.json checkpoints for the paging / alerting / metrics / change
// source types, checked on each importer's own output (before reconcile), plus the merge keys that let
// reconcile join the same happening across these sources.
import { describe, expect, it } from 'vitest';
import type { RawEvent } from '../../src/ingest/types.js';
import { fixtureText, OPS_IMPORTERS, claimants, runFixture } from './ops-helpers.js';

interface Checkpoint {
  at: string;
  tolerance_s: number;
  kind: string;
  source_type: string;
  match: string[];
}

const INCIDENTS: Record<string, { files: string[]; tz: string | null }> = {
  'checkout-pool-exhaustion': {
    tz: 'America/Chicago',
    files: [
      'alertmanager/webhook-firing.json',
      'alertmanager/webhook-resolved.json',
      'github/deployments.json',
      'github/deployment-statuses.json',
      'k8s-events.json',
      'pagerduty-log-entries.json',
      'prometheus-checkout-5xx-ratio.json',
    ],
  },
  'cert-expiry-slow-burn': {
    tz: null,
    files: ['opsgenie/alerts.json', 'opsgenie/alert-4411-logs.json', 'opsgenie/alert-4468-logs.json', 'argocd-applications.json', 'grafana-annotations.json'],
  },
  'hl7-queue-backlog': { tz: null, files: ['pagerduty-4410-log-entries.json'] },
};

const MINE = new Set(OPS_IMPORTERS.map((i) => i.source));

async function eventsOf(incident: string): Promise<RawEvent[]> {
  const { files, tz } = INCIDENTS[incident]!;
  const out: RawEvent[] = [];
  for (const f of files) {
    const rel = `ops-incidents/${incident}/${f}`;
    const who = claimants(rel, fixtureText(rel));
    expect(who, rel).toHaveLength(1);
    const imp = OPS_IMPORTERS.find((i) => i.id === who[0])!;
    const r = await runFixture(imp, rel, tz);
    expect(r.warnings.filter((w) => !/missing sample/.test(w.message)), rel).toEqual([]);
    out.push(...r.events);
  }
  return out;
}

const norm = (s: string) => s.toLowerCase().replace(/\s+/g, ' ');

describe.each(Object.keys(INCIDENTS))('fixture %s', (incident) => {
  const expected = JSON.parse(fixtureText(`ops-incidents/${incident}/expected.json`)) as { checkpoints: Checkpoint[] };
  const mine = expected.checkpoints.filter((c) => MINE.has(c.source_type as RawEvent['source']));

  it('has checkpoints for these source types', () => {
    expect(mine.length).toBeGreaterThan(2);
  });

  it.each(mine.map((c) => [`${c.at} ${c.source_type} ${c.kind} "${c.match.join('" "')}"`, c] as const))('checkpoint %s', async (_label, cp) => {
    const events = await eventsOf(incident);
    const at = Date.parse(cp.at);
    const hits = events.filter(
      (e) =>
        e.source === cp.source_type &&
        e.kind === cp.kind &&
        Math.abs(e.occurredAt - at) <= cp.tolerance_s * 1000 &&
        cp.match.every((m) => norm(e.text).includes(norm(m))),
    );
    expect(hits.map((e) => e.text)).not.toEqual([]);
  });
});

describe('merge keys across these sources', () => {
  const near = (a: RawEvent, b: RawEvent, minutes: number) => Math.abs(a.occurredAt - b.occurredAt) <= minutes * 60_000;
  const shared = (a: RawEvent, b: RawEvent) => (a.keys ?? []).filter((k) => (b.keys ?? []).includes(k));

  it('GitHub deployments 4821 and 4822 each share deploy:checkout-api with the k8s rollout of the same time', async () => {
    const events = await eventsOf('checkout-pool-exhaustion');
    const rollouts = events.filter((e) => e.source === 'k8s' && e.kind === 'deploy');
    expect(rollouts).toHaveLength(2);
    for (const id of ['4821', '4822']) {
      const dep = events.find((e) => e.source === 'github' && e.ref === id)!;
      expect(dep.kind).toBe('deploy');
      const partner = rollouts.filter((r) => near(dep, r, 15) && shared(dep, r).includes('deploy:checkout-api'));
      expect(partner).toHaveLength(1);
      // the k8s rollout never names the GitHub deployment: no false text match
      expect(partner[0]!.text).not.toContain(id);
    }
  });

  it('every status event carries its deployment: key, within an hour of the deployment', async () => {
    const events = await eventsOf('checkout-pool-exhaustion');
    const statuses = events.filter((e) => e.source === 'github' && e.ref.startsWith('status:'));
    expect(statuses).toHaveLength(10);
    for (const s of statuses) {
      const key = s.keys!.find((k) => k.startsWith('deployment:'))!;
      const dep = events.find((e) => e.source === 'github' && !e.ref.startsWith('status:') && e.keys?.includes(key))!;
      expect(dep, key).toBeDefined();
      expect(near(dep, s, 60)).toBe(true);
    }
    // the rollback (4822) never mentions 4821 in its text, so the "4821" events stay one happening
    const rollbackTexts = events.filter((e) => e.keys?.includes('deployment:4822')).map((e) => e.text);
    expect(rollbackTexts.every((t) => !t.includes('4821'))).toBe(true);
  });

  it('the Alertmanager firing alert and the PagerDuty trigger share alert: and fingerprint: keys within 5 minutes', async () => {
    const events = await eventsOf('checkout-pool-exhaustion');
    const am = events.find((e) => e.source === 'alertmanager' && e.kind === 'alert')!;
    const pd = events.find((e) => e.source === 'pagerduty' && e.kind === 'alert')!;
    expect(near(am, pd, 5)).toBe(true);
    expect(shared(am, pd)).toEqual(expect.arrayContaining(['alert:checkout5xx', 'fingerprint:3f2a9c1d7e6b5a40']));
    expect(norm(am.text)).toContain('firing');
    expect(norm(pd.text)).toContain('firing');
  });

  it('Argo CD syncs and the Argo CD notification annotations in Grafana share deploy: and rev: keys', async () => {
    const events = await eventsOf('cert-expiry-slow-burn');
    for (const rev of ['4be1c9d', '9e8d7c6']) {
      const argo = events.filter((e) => e.source === 'argocd' && e.keys?.includes(`rev:${rev}`));
      const graf = events.filter((e) => e.source === 'grafana' && e.keys?.includes(`rev:${rev}`));
      expect(argo).toHaveLength(1);
      expect(graf).toHaveLength(1);
      expect(graf[0]!.kind).toBe('deploy');
      expect(near(argo[0]!, graf[0]!, 15)).toBe(true);
      expect(shared(argo[0]!, graf[0]!).some((k) => k.startsWith('deploy:'))).toBe(true);
    }
  });

  it("the Opsgenie alert object and its 'Alert created' log line share the og: key at the same instant", async () => {
    const events = await eventsOf('cert-expiry-slow-burn');
    for (const tiny of ['4411', '4468']) {
      const alert = events.find((e) => e.source === 'opsgenie' && e.keys?.includes(`og:${tiny}`))!;
      const created = events.filter((e) => e.text.startsWith('Alert created') && shared(alert, e).length > 0);
      expect(created).toHaveLength(1);
      expect(created[0]!.kind).toBe('alert');
      expect(created[0]!.occurredAt).toBe(alert.occurredAt);
    }
  });
});

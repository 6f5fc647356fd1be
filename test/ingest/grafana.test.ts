import { describe, expect, it } from 'vitest';
import { grafanaImporter } from '../../src/ingest/grafana.js';
import { iso, runFixture, runImporter } from './ops-helpers.js';

const FIX = 'ops-incidents/cert-expiry-slow-burn/grafana-annotations.json';

describe('grafanaImporter', () => {
  it('the cert-expiry annotations (newest first): alert states, Argo CD deploys with keys, manual notes, in time order', async () => {
    const r = await runFixture(grafanaImporter, FIX);
    expect(r.warnings).toEqual([]);
    expect(r.events).toHaveLength(15);
    for (let i = 1; i < r.events.length; i++) expect(r.events[i]!.occurredAt).toBeGreaterThanOrEqual(r.events[i - 1]!.occurredAt);
    const first = r.events[0]!;
    expect([first.kind, iso(first.occurredAt)]).toEqual(['alert', '2024-05-06T02:20:00.000Z']);
    expect(first.text).toMatch(/^ALERTING \(was Normal\): ledger-svc mTLS handshake errors/);
    expect(first.keys).toEqual(['alert:ledger-svc-mtls-handshake-errors']);
    // Normal and "Normal (MissingSeries)" are the alert going back: resolve
    expect(r.events.filter((e) => e.kind === 'resolve')).toHaveLength(5);
    const deploys = r.events.filter((e) => e.kind === 'deploy');
    expect(deploys.map((e) => [iso(e.occurredAt), e.keys])).toEqual([
      ['2024-05-06T15:31:05.000Z', ['deploy:ledger-svc', 'rev:9e8d7c6']],
      ['2024-05-08T10:58:40.000Z', ['deploy:platform-mesh-certs', 'rev:4be1c9d']],
    ]);
  });

  it('strips HTML from text and writes a region end into the text', async () => {
    const r = await runFixture(grafanaImporter, FIX);
    const restart = r.events.find((e) => e.text.startsWith('restarted'))!;
    expect(restart.kind).toBe('note');
    expect(restart.text).toBe('restarted ledger-svc pods (kubectl rollout restart deploy/ledger-svc), p99 dropped');
    expect(restart.actor).toBe('priya.nair');
    const region = r.events.find((e) => e.text.startsWith('INC-2291: cordon'))!;
    expect(region.text).toContain('(until 2024-05-08T09:47:00Z)');
    expect(iso(region.occurredAt)).toBe('2024-05-08T09:20:30.000Z');
  });

  it('decodes entities and drops script content', async () => {
    const text = JSON.stringify([{ id: 1, alertId: 0, dashboardId: 1, panelId: 1, time: 1710252000000, text: 'a &amp; b&nbsp;<b>bold</b><script>alert(1)</script> &#x41;', tags: [] }]);
    const r = await runImporter(grafanaImporter, 'g.json', text);
    expect(r.events[0]!.text).toBe('a & b bold A');
  });

  it('the vendor doc example: two plain annotations at epoch-ms times', async () => {
    const r = await runFixture(grafanaImporter, 'samples/grafana-annotations/grafana-docs-v7_http_api_find-annotations.example.json');
    expect(r.events.map((e) => [e.kind, iso(e.occurredAt), e.text, e.ref])).toEqual([
      ['note', '2017-10-06T04:45:11.000Z', 'test', '1123'],
      ['note', '2017-10-06T05:06:35.000Z', 'test', '1124'],
    ]);
  });

  it('a deploy tag without an app tag or sha still gives a deploy event; a malformed item is a warning', async () => {
    const text = JSON.stringify([
      { id: 5, dashboardId: 1, panelId: 0, alertId: 0, time: 1710252000000, text: 'deploy checkout v2.14.3', tags: ['deploy', 'checkout'] },
      { id: 6, dashboardId: 1, panelId: 0, alertId: 0, time: 'noon', text: 'x', tags: [] },
    ]);
    const r = await runImporter(grafanaImporter, 'g.json', text);
    expect(r.events.map((e) => [e.kind, e.keys])).toEqual([['deploy', ['deploy:checkout']]]);
    expect(r.warnings[0]!.message).toMatch(/annotation 2/);
  });
});

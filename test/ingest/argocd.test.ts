import { describe, expect, it } from 'vitest';
import { argocdImporter } from '../../src/ingest/argocd.js';
import { iso, runFixture, runImporter } from './ops-helpers.js';

describe('argocdImporter', () => {
  it('a List of two Applications: each history entry is a deploy at deployedAt naming the app and the 7-char revision', async () => {
    const r = await runFixture(argocdImporter, 'ops-incidents/cert-expiry-slow-burn/argocd-applications.json');
    expect(r.warnings).toEqual([]);
    expect(r.events).toHaveLength(7);
    expect(r.events.every((e) => e.kind === 'deploy')).toBe(true);
    const mesh = r.events.find((e) => e.keys?.includes('rev:7a3f9e2'))!;
    expect(iso(mesh.occurredAt)).toBe('2024-04-08T13:20:41.000Z');
    expect(mesh.text).toBe('Argo CD synced platform-mesh-certs to 7a3f9e2 (platform/mesh-certs), history 122, lena.fischer@northwind.example');
    expect(mesh.keys).toEqual(['deploy:platform-mesh-certs', 'rev:7a3f9e2']);
    expect(mesh.actor).toBe('lena.fischer@northwind.example');
    expect(new Set(r.events.map((e) => e.ref)).size).toBe(7);
  });

  it('the real Application (10 history entries) from the argo-cd test data', async () => {
    const r = await runFixture(argocdImporter, 'samples/argocd/argo-cd_controller-testdata_diff-cache.application.converted.json');
    expect(r.events).toHaveLength(10);
    expect(r.events.map((e) => e.ref)).toEqual(Array.from({ length: 10 }, (_, i) => `velero-test:${14 + i}`));
    expect(r.events.every((e) => /^Argo CD synced velero-test to [0-9a-f]{7}/.test(e.text))).toBe(true);
  });

  it('a bare status.history fragment; deployStartedAt when deployedAt is missing; multi-source revisions; a bad entry warns', async () => {
    const text = JSON.stringify({
      status: {
        history: [
          { id: 1, revision: '1d2c3b4a5f6e7d8c9b0a1f2e3d4c5b6a7f8e9d0c', deployedAt: '2024-03-11T09:12:40Z', source: { path: 'apps/checkout' } },
          { id: 2, revisions: ['9f1c2e7d4b5a69788123456789abcdef01234567', '1.2.3'], deployStartedAt: '2024-03-12T13:58:05Z', deployedAt: null },
          { id: 3, revision: 'abc' },
        ],
      },
    });
    const r = await runImporter(argocdImporter, 'h.json', text);
    expect(r.events.map((e) => [iso(e.occurredAt), e.text])).toEqual([
      ['2024-03-11T09:12:40.000Z', 'Argo CD synced application 1 to 1d2c3b4 (apps/checkout), history 1'],
      ['2024-03-12T13:58:05.000Z', 'Argo CD synced application 1 to 9f1c2e7, 1.2.3, history 2'],
    ]);
    expect(r.warnings[0]!.message).toMatch(/history entry 3/);
  });

  it('a running sync that is not in the history yet is one more event', async () => {
    const text = JSON.stringify({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: 'checkout' },
      spec: {},
      status: { history: [], operationState: { phase: 'Running', startedAt: '2024-03-12T14:38:05Z', operation: { sync: { revision: '1d2c3b4a5f6e7d8c9b0a1f2e3d4c5b6a7f8e9d0c' } }, message: 'waiting for healthy state' } },
    });
    const r = await runImporter(argocdImporter, 'a.json', text);
    expect(r.events.map((e) => [e.kind, e.text, e.keys])).toEqual([['deploy', 'Argo CD sync of checkout to 1d2c3b4 running: waiting for healthy state', ['deploy:checkout', 'rev:1d2c3b4']]]);
  });
});

import { describe, expect, it } from 'vitest';
import { alertmanagerImporter } from '../../src/ingest/alertmanager.js';
import { claimants, iso, runFixture, runImporter } from './ops-helpers.js';

const DIR = 'ops-incidents/checkout-pool-exhaustion/alertmanager';

const payload = (alerts: unknown[], extra: Record<string, unknown> = {}) =>
  JSON.stringify({ version: '4', groupKey: '{}:{alertname="X"}', status: 'firing', receiver: 'r', groupLabels: {}, commonLabels: {}, commonAnnotations: {}, externalURL: 'http://am', alerts, ...extra });

describe('alertmanagerImporter', () => {
  it('firing: one alert at startsAt (nanoseconds truncated, raw kept), text FIRING + alertname + summary; zero endsAt ignored', async () => {
    const r = await runFixture(alertmanagerImporter, `${DIR}/webhook-firing.json`);
    expect(r.warnings).toEqual([]);
    expect(r.events).toHaveLength(1);
    const e = r.events[0]!;
    expect(e.kind).toBe('alert');
    expect(iso(e.occurredAt)).toBe('2024-03-12T14:10:30.512Z');
    expect(e.rawTime).toBe('2024-03-12T14:10:30.512345678Z');
    expect(e.text).toBe('FIRING Checkout5xx: checkout-api 5xx ratio above 5% for 3 minutes (severity page)');
    expect(e.keys).toEqual(['alert:checkout5xx', 'fingerprint:3f2a9c1d7e6b5a40']);
  });

  it('resolved: one resolve at endsAt', async () => {
    const r = await runFixture(alertmanagerImporter, `${DIR}/webhook-resolved.json`);
    expect(r.events.map((e) => [e.kind, iso(e.occurredAt)])).toEqual([['resolve', '2024-03-12T14:40:45.512Z']]);
    expect(r.events[0]!.text).toMatch(/^RESOLVED Checkout5xx/);
  });

  it('real samples: an -05:00 offset with 9 fraction digits, alerts without status take the group status', async () => {
    const teams = await runFixture(alertmanagerImporter, 'samples/alertmanager-webhook/prometheus-msteams_prom_post_request.json');
    expect(teams.events.map((e) => [e.kind, iso(e.occurredAt)])).toEqual([['alert', '2018-03-07T11:33:21.873Z']]);
    expect(teams.events[0]!.text).toContain('high_memory_load');
    const zulip = await runFixture(alertmanagerImporter, 'samples/alertmanager-webhook/zulip_alert.json');
    expect(zulip.events.length).toBe(2);
    expect(new Set(zulip.events.map((e) => e.ref)).size).toBe(2);
    expect(zulip.events.every((e) => e.kind === 'alert' && e.text.startsWith('FIRING'))).toBe(true);
  });

  it('mixed statuses in one payload: one event per alert per status; a re-sent duplicate is emitted once', async () => {
    const a = { status: 'firing', labels: { alertname: 'A' }, annotations: { summary: 'a up' }, startsAt: '2024-01-01T10:00:00Z', endsAt: '0001-01-01T00:00:00Z', fingerprint: 'aaaaaaaaaaaaaaaa' };
    const b = { status: 'resolved', labels: { alertname: 'B' }, annotations: {}, startsAt: '2024-01-01T09:00:00Z', endsAt: '2024-01-01T10:30:00+02:00', fingerprint: 'bbbbbbbbbbbbbbbb' };
    const r = await runImporter(alertmanagerImporter, 'p.json', payload([a, b, a]));
    expect(r.events.map((e) => [e.kind, iso(e.occurredAt), e.text])).toEqual([
      ['alert', '2024-01-01T10:00:00.000Z', 'FIRING A: a up'],
      ['resolve', '2024-01-01T08:30:00.000Z', 'RESOLVED B: B'],
    ].sort((x, y) => (x[1]! < y[1]! ? -1 : 1)));
  });

  it('a resolved alert whose endsAt is the Go zero time is skipped with a warning, never dated year 1', async () => {
    const r = await runImporter(alertmanagerImporter, 'p.json', payload([{ status: 'resolved', labels: { alertname: 'Z' }, annotations: {}, startsAt: '2024-01-01T10:00:00Z', endsAt: '0001-01-01T00:00:00Z' }]));
    expect(r.events).toEqual([]);
    expect(r.warnings[0]!.message).toMatch(/alert 1 \(Z\).*endsAt/);
  });

  it('the Grafana-managed webhook (orgId, version "1", values) is read here and not by the Grafana importer', async () => {
    const text = JSON.stringify({
      receiver: 'wh',
      status: 'firing',
      orgId: 1,
      version: '1',
      title: '[FIRING:1] HighLatency',
      state: 'alerting',
      message: '...',
      groupKey: '{}:{}',
      alerts: [{ status: 'firing', labels: { alertname: 'HighLatency' }, annotations: {}, startsAt: '2021-10-12T09:51:03.157076+02:00', endsAt: '0001-01-01T00:00:00Z', values: { B: 44.2, C: 1 }, fingerprint: 'c6eadffa33fcdf37' }],
    });
    expect(claimants('g.json', text)).toEqual(['alertmanager']);
    const r = await runImporter(alertmanagerImporter, 'g.json', text);
    expect(iso(r.events[0]!.occurredAt)).toBe('2021-10-12T07:51:03.157Z');
    expect(r.events[0]!.text).toContain('B=44.2');
  });

  it('malformed alerts are skipped with a warning naming the index', async () => {
    const r = await runImporter(alertmanagerImporter, 'p.json', payload([{ labels: { alertname: 'ok' }, startsAt: '2024-01-01T00:00:00Z', status: 'firing' }, 'junk', { labels: {}, startsAt: 'soon', status: 'firing' }]));
    expect(r.events).toHaveLength(1);
    expect(r.warnings.map((w) => w.message).join(' | ')).toMatch(/alert 2: malformed.*alert 3/);
  });
});

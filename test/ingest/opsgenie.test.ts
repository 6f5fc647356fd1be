import { describe, expect, it } from 'vitest';
import { opsgenieImporter } from '../../src/ingest/opsgenie.js';
import { fixtureText, iso, runFixture, runImporter } from './ops-helpers.js';

const DIR = 'ops-incidents/cert-expiry-slow-burn/opsgenie';

describe('opsgenieImporter', () => {
  it('an alerts list: one alert event per alert at createdAt with tinyId, id and alert-name keys', async () => {
    const r = await runFixture(opsgenieImporter, `${DIR}/alerts.json`);
    expect(r.warnings).toEqual([]);
    expect(r.events.map((e) => [e.kind, iso(e.occurredAt), e.text])).toEqual([
      ['alert', '2024-05-06T02:20:31.318Z', 'Opsgenie alert #4411 (P3): [Grafana] ledger-svc mTLS handshake errors (later acknowledged by tomas.reyes@northwind.example, closed by tomas.reyes@northwind.example)'],
      ['alert', '2024-05-07T14:02:45.102Z', 'Opsgenie alert #4468 (P2): [Grafana] billing-gateway p99 latency above 750ms (later acknowledged by priya.nair@northwind.example, closed by priya.nair@northwind.example)'],
    ]);
    expect(r.events[0]!.keys).toEqual(['og:4411', 'og:7c1d2e3f-4a5b-4c6d-8e7f-90a1b2c34411', 'alert:ledger-svc-mtls-handshake-errors']);
    expect(r.events[0]!.ref).toBe('7c1d2e3f-4a5b-4c6d-8e7f-90a1b2c34411');
  });

  it("alert logs (ascending): 'Alert created' -> alert, notification -> page, acknowledged -> ack, closed -> resolve, others -> note", async () => {
    const r = await runFixture(opsgenieImporter, `${DIR}/alert-4411-logs.json`);
    expect(r.events.map((e) => e.kind)).toEqual(['alert', 'page', 'note', 'note', 'note', 'note', 'ack', 'note', 'resolve']);
    const ack = r.events.find((e) => e.kind === 'ack')!;
    expect(iso(ack.occurredAt)).toBe('2024-05-08T09:10:22.318Z');
    expect(ack.actor).toBe('tomas.reyes@northwind.example');
    expect(r.events.every((e) => e.keys?.[0] === 'og:7c1d2e3f-4a5b-4c6d-8e7f-90a1b2c34411')).toBe(true);
    // the page names who was notified; "System" is not a person
    expect(r.events[1]!.actor).toBe('platform-team@northwind.example');
  });

  it('alert logs in descending order give the same chronological events as ascending', async () => {
    const desc = await runFixture(opsgenieImporter, `${DIR}/alert-4468-logs.json`);
    const j = JSON.parse(fixtureText(`${DIR}/alert-4468-logs.json`)) as { data: unknown[] };
    const asc = await runImporter(opsgenieImporter, 'asc.json', JSON.stringify({ ...j, data: [...j.data].reverse() }));
    const strip = (es: typeof asc.events) => es.map((e) => [e.ref, e.occurredAt, e.kind, e.text]);
    expect(strip(desc.events)).toEqual(strip(asc.events));
    expect(desc.events[0]!.text).toBe('Alert created via Grafana');
    expect(desc.events.at(-1)!.kind).toBe('resolve');
  });

  it('webhooks: Create/Acknowledge/Close with nanosecond updatedAt read to the millisecond', async () => {
    const get = async (f: string) => (await runFixture(opsgenieImporter, `samples/opsgenie/zulip_webhook_${f}.json`)).events;
    const [create] = await get('create');
    const [ack] = await get('acknowledge');
    const [close] = await get('close');
    expect([create!.kind, iso(create!.occurredAt)]).toEqual(['alert', '2017-08-14T11:25:56.288Z']);
    expect([ack!.kind, iso(ack!.occurredAt), ack!.actor]).toEqual(['ack', '2015-01-05T10:03:44.764Z', 'fili@ifountain.com']);
    expect([close!.kind, iso(close!.occurredAt)]).toEqual(['resolve', '2015-01-05T10:06:14.669Z']);
    expect(ack!.keys).toContain('og:23');
    expect(close!.text).toContain('test alert');
  });

  it('an alert-notes page becomes notes; malformed lines are skipped with a warning', async () => {
    const text = JSON.stringify({
      data: [
        { note: 'restarting pods', owner: 'a@example.com', createdAt: '2024-05-07T14:45:02.315Z', offset: '1' },
        { owner: 'b@example.com', offset: '2' },
      ],
      paging: { first: 'https://api.opsgenie.com/v2/alerts/abc/notes?offset=' },
      took: 0.01,
      requestId: 'r',
    });
    const r = await runImporter(opsgenieImporter, 'notes.json', text);
    expect(r.events.map((e) => [e.kind, e.text, e.keys])).toEqual([['note', 'Note added: restarting pods', ['og:abc']]]);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]!.message).toMatch(/log line 2/);
  });

  it('a single alert response ({data:{...}}) is one alert', async () => {
    const text = JSON.stringify({ data: { id: 'u-1', tinyId: '9', message: 'disk full', createdAt: '2024-01-01T00:00:00.5Z', acknowledged: false }, took: 0.1, requestId: 'x' });
    const r = await runImporter(opsgenieImporter, 'one.json', text);
    expect(r.events.map((e) => [e.kind, iso(e.occurredAt)])).toEqual([['alert', '2024-01-01T00:00:00.500Z']]);
  });
});

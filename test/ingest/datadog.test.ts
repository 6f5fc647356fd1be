import { describe, expect, it } from 'vitest';
import { datadogImporter } from '../../src/ingest/datadog.js';
import { iso, runFixture, runImporter } from './ops-helpers.js';

describe('datadogImporter', () => {
  it('v1 single event: ref is id_str, not the number JSON.parse rounded', async () => {
    const r = await runFixture(datadogImporter, 'samples/datadog/dd-api-client-go_v1-post-event.response.json');
    expect(r.events).toHaveLength(1);
    const e = r.events[0]!;
    expect(e.ref).toBe('6327818702635911562');
    expect(iso(e.occurredAt)).toBe('2022-01-06T00:50:51.000Z');
    expect(e.text).toBe('Test-Post_an_event_returns_OK_response-1641430251: A text message.');
    expect(e.kind).toBe('note');
  });

  it('v2 pages: nested attributes, ISO timestamps, string ids', async () => {
    const p1 = await runFixture(datadogImporter, 'samples/datadog/dd-api-client-go_v2-events-list-page1.response.json');
    const p2 = await runFixture(datadogImporter, 'samples/datadog/dd-api-client-go_v2-events-list-page2.response.json');
    expect(p1.events.map((e) => iso(e.occurredAt))).toEqual(['2022-06-20T17:07:30.000Z', '2022-06-20T17:07:32.000Z']);
    expect(p2.events).toHaveLength(1);
    for (const e of [...p1.events, ...p2.events]) {
      expect(e.text).toMatch(/^\[Synthetics\] EVMGT pipeline test: Synthetics test check/);
      expect(e.ref).toMatch(/^AgAAAYG/);
      expect(e.actor).toBe('do ani');
    }
  });

  it('v1 events list: monitor triggered -> alert, recovered -> resolve (same alert: key), %%% markdown stripped, deploys', async () => {
    const text = JSON.stringify({
      status: 'ok',
      events: [
        { id: 7412345678901234567, id_str: '7412345678901234567', date_happened: 1710252060, title: '[Triggered] checkout-api 5xx rate', text: '%%% \n5xx rate 7.2% > 5% on checkout-api\n %%%', alert_type: 'error', source_type_name: 'Monitor Alert', tags: ['service:checkout-api'] },
        { id_str: '2', date_happened: 1710254400, title: '[Recovered] checkout-api 5xx rate', text: '', alert_type: 'success', source_type_name: 'Monitor Alert', tags: [] },
        { id_str: '3', date_happened: 1710251880, title: 'Deployed checkout-api v2.14.3', text: '', alert_type: 'info', source_type_name: 'deployment', tags: ['service:checkout-api'] },
        { id_str: '4', title: 'no date' },
      ],
    });
    const r = await runImporter(datadogImporter, 'dd.json', text);
    expect(r.events.map((e) => [e.kind, iso(e.occurredAt), e.keys ?? []])).toEqual([
      ['deploy', '2024-03-12T13:58:00.000Z', ['deploy:checkout-api']],
      ['alert', '2024-03-12T14:01:00.000Z', ['alert:checkout-api-5xx-rate']],
      ['resolve', '2024-03-12T14:40:00.000Z', ['alert:checkout-api-5xx-rate']],
    ]);
    expect(r.events[1]!.text).toBe('[Triggered] checkout-api 5xx rate: 5xx rate 7.2% > 5% on checkout-api');
    expect(r.events[1]!.ref).toBe('7412345678901234567');
    expect(r.warnings.map((w) => w.message)).toEqual([expect.stringMatching(/event 4/)]);
  });

  it('an event with only a numeric id above 2^53 keeps it as a string and warns that it was rounded', async () => {
    const r = await runImporter(datadogImporter, 'dd.json', '{"status":"ok","events":[{"id":6327818702635911562,"date_happened":1641430251,"title":"t"}]}');
    expect(r.events[0]!.ref).toBe('6327818702635911000');
    expect(r.warnings[0]!.message).toMatch(/above 2\^53/);
  });
});

import { describe, expect, it } from 'vitest';
import { pagerdutyImporter } from '../../src/ingest/pagerduty.js';
import { fixtureText, iso, runFixture, runImporter } from './ops-helpers.js';

const CHECKOUT = 'ops-incidents/checkout-pool-exhaustion/pagerduty-log-entries.json';
const HL7 = 'ops-incidents/hl7-queue-backlog/pagerduty-4410-log-entries.json';

const entry = (over: Record<string, unknown>) => ({
  id: 'R1',
  type: 'trigger_log_entry',
  summary: 'Triggered through the API.',
  created_at: '2024-03-12T14:02:11Z',
  agent: { id: 'PSVC', type: 'service_reference', summary: 'checkout-api' },
  channel: { type: 'api', summary: 'checkout-api 5xx rate > 5%' },
  incident: { id: 'QABC', type: 'incident_reference', summary: '[#1932] checkout-api 5xx rate > 5%' },
  ...over,
});
const doc = (entries: unknown[]) => JSON.stringify({ log_entries: entries, limit: 25, offset: 0, more: false, total: null });

describe('pagerdutyImporter: log entries', () => {
  it('maps the checkout fixture (newest first) to kinds, own texts and incident keys, in time order', async () => {
    const r = await runFixture(pagerdutyImporter, CHECKOUT);
    expect(r.warnings).toEqual([]);
    expect(r.events.map((e) => e.kind)).toEqual(['alert', 'note', 'page', 'page', 'ack', 'note', 'note', 'resolve']);
    const byKind = (k: string) => r.events.filter((e) => e.kind === k);
    expect(byKind('alert')).toHaveLength(1);
    const trig = byKind('alert')[0]!;
    expect(iso(trig.occurredAt)).toBe('2024-03-12T14:11:02.000Z');
    expect(trig.text).toBe('[FIRING:1] Checkout5xx (prod checkout-api page payments)');
    expect(trig.keys).toEqual(expect.arrayContaining(['pd:1932', 'pd-incident:q1abcdef2ghij', 'alert:checkout5xx', 'fingerprint:3f2a9c1d7e6b5a40']));
    expect(byKind('page').map((e) => e.actor)).toEqual(['Alice Example', 'Alice Example']);
    expect(byKind('page')[0]!.text).toContain('Alice Example');
    expect(byKind('ack')[0]!.text).toBe('Acknowledged by Alice Example.');
    expect(iso(byKind('resolve')[0]!.occurredAt)).toBe('2024-03-12T14:58:30.000Z');
    const notes = r.events.filter((e) => e.text.startsWith('Note added'));
    expect(notes.map((e) => e.text)).toEqual([
      'Note added: IC: Erin Walsh. Unindexed promo-code query from deploy 4821 saturates the DB; rolling back to 2.14.2.',
      'Note added: Rollback (deploy 4822) complete, error ratio back to baseline. Watching for 15 minutes.',
    ]);
    // an entry's text is its own summary, never the incident title repeated
    for (const e of r.events) expect(e.text).not.toContain('[#1932]');
    for (let i = 1; i < r.events.length; i++) expect(r.events[i]!.occurredAt).toBeGreaterThanOrEqual(r.events[i - 1]!.occurredAt);
    expect(r.events.every((e) => e.source === 'pagerduty' && e.file === CHECKOUT && e.excerpt && e.precision === 'second')).toBe(true);
  });

  it('newest-first and ascending orders give the same events', async () => {
    const j = JSON.parse(fixtureText(CHECKOUT)) as { log_entries: unknown[] };
    const asc = await runImporter(pagerdutyImporter, 'a.json', JSON.stringify({ ...j, log_entries: [...j.log_entries].reverse() }));
    const desc = await runFixture(pagerdutyImporter, CHECKOUT);
    const strip = (es: typeof asc.events) => es.map((e) => [e.ref, e.occurredAt, e.kind, e.text]);
    expect(strip(asc.events)).toEqual(strip(desc.events));
  });

  it('reads acknowledgement_log_entry (hl7, +01:00 offsets) as ack and converts to UTC', async () => {
    const r = await runFixture(pagerdutyImporter, HL7);
    const ack = r.events.find((e) => e.kind === 'ack')!;
    expect(iso(ack.occurredAt)).toBe('2024-07-16T07:14:05.000Z');
    expect(ack.rawTime).toBe('2024-07-16T08:14:05+01:00');
    expect(ack.text).toContain('Aoife');
    const esc = r.events.filter((e) => e.kind === 'escalation');
    expect(esc).toHaveLength(1);
    expect(iso(esc[0]!.occurredAt)).toBe('2024-07-16T07:11:41.000Z');
    expect(esc[0]!.text).toMatch(/^Escalated to level 2/);
    const trig = r.events.find((e) => e.kind === 'alert')!;
    expect(trig.text).toBe('EHR_RESULTS_OUT queue depth above 500');
    expect(trig.keys).toContain('alert:queue-depth');
    expect(r.events.filter((e) => e.kind === 'page').map((e) => e.actor)).toEqual(['Sean Doyle', 'Sean Doyle', 'Sean Doyle', 'Aoife Brennan']);
  });

  it('maps both acknowledgement spellings to ack', async () => {
    const r = await runImporter(
      pagerdutyImporter,
      'x.json',
      doc([entry({ id: 'A', type: 'acknowledge_log_entry', summary: 'Acknowledged by A.' }), entry({ id: 'B', type: 'acknowledgement_log_entry', summary: 'Acknowledged by B.' })]),
    );
    expect(r.events.map((e) => e.kind)).toEqual(['ack', 'ack']);
  });

  it('accepts short ISO forms (no seconds, 2-digit offset) with minute precision', async () => {
    const r = await runImporter(pagerdutyImporter, 'x.json', doc([entry({ created_at: '2011-05-06T03:30-07' }), entry({ id: 'R2', created_at: '2011-05-06T17:00Z' })]));
    expect(r.events.map((e) => iso(e.occurredAt))).toEqual(['2011-05-06T10:30:00.000Z', '2011-05-06T17:00:00.000Z']);
    expect(r.events.every((e) => e.precision === 'minute')).toBe(true);
  });

  it('reads an annotate note from channel.summary when `note` is absent, and names who was notified without a summary', async () => {
    const r = await runImporter(
      pagerdutyImporter,
      'x.json',
      doc([
        entry({ id: 'N', type: 'annotate_log_entry', summary: 'Note added', channel: { type: 'note', summary: 'Rolling back deploy 4821' } }),
        entry({ id: 'P', type: 'notify_log_entry', summary: undefined, user: { summary: 'Bob Builder' }, channel: { type: 'auto', notification: { type: 'sms_notification' } } }),
      ]),
    );
    expect(r.events.find((e) => e.ref === 'N')!.text).toBe('Note added: Rolling back deploy 4821');
    const page = r.events.find((e) => e.ref === 'P')!;
    expect(page.kind).toBe('page');
    expect(page.text).toBe('Notified Bob Builder by sms');
    expect(page.actor).toBe('Bob Builder');
  });

  it('skips malformed entries with a warning naming the index, keeps the rest, and sanitises text', async () => {
    const r = await runImporter(
      pagerdutyImporter,
      'x.json',
      doc([entry({ channel: { type: 'api', summary: 'red \u001b[31mALERT\u001b[0m \u202eevil' } }), { id: 'bad', type: 'resolve_log_entry', created_at: 'yesterday' }, 42]),
    );
    expect(r.events).toHaveLength(1);
    expect(r.events[0]!.text).toBe('red ALERT evil');
    expect(r.warnings.map((w) => w.message).join('\n')).toMatch(/log entry 2 \(bad\)/);
    expect(r.warnings.map((w) => w.message).join('\n')).toMatch(/log entry 3/);
    expect(r.warnings.every((w) => w.file === 'x.json')).toBe(true);
  });

  it('zone-less times need --tz: with it they are expanded through the zone, without it each is a (capped) warning, never a guess', async () => {
    const entries = Array.from({ length: 120 }, (_, i) => entry({ id: `Z${i}`, created_at: '2024-07-16T07:56:41' }));
    const withTz = await runImporter(pagerdutyImporter, 'z.json', doc(entries), 'Europe/Dublin');
    expect(withTz.events).toHaveLength(120);
    expect(iso(withTz.events[0]!.occurredAt)).toBe('2024-07-16T06:56:41.000Z');
    const without = await runImporter(pagerdutyImporter, 'z.json', doc(entries), null);
    expect(without.events).toEqual([]);
    expect(without.warnings).toHaveLength(51);
    expect(without.warnings[0]!.message).toMatch(/no time zone; pass --tz/);
    expect(without.warnings[50]!.message).toMatch(/^\d+ more warnings/);
  });

  it('unknown entry types pass through as notes with their own summary', async () => {
    const r = await runImporter(pagerdutyImporter, 'x.json', doc([entry({ type: 'urgency_change_log_entry', summary: 'Urgency changed to high.' }), entry({ id: 'Z', type: 'brand_new_log_entry', summary: '' })]));
    expect(r.events.map((e) => [e.kind, e.text])).toEqual([
      ['note', 'Urgency changed to high.'],
      ['note', 'brand new'],
    ]);
  });
});

describe('pagerdutyImporter: incidents, webhooks, Airbyte', () => {
  it('v3 webhooks: triggered -> alert, acknowledged -> ack, resolved -> resolve, with pd: keys', async () => {
    const out: Array<[string, string, string]> = [];
    for (const f of ['triggered', 'acknowledged', 'resolved']) {
      const rel = `samples/pagerduty-webhook-v3/zulip_${f}_v3.json`;
      const r = await runFixture(pagerdutyImporter, rel);
      expect(r.events).toHaveLength(1);
      const e = r.events[0]!;
      expect(e.keys!.some((k) => /^pd:\d+$/.test(k))).toBe(true);
      out.push([e.kind, iso(e.occurredAt), e.text]);
    }
    expect(out[0]).toEqual(['alert', '2021-06-04T13:35:29.781Z', 'Triggered: Test Incident 3']);
    expect(out[1]![0]).toBe('ack');
    expect(out[1]![2]).toContain('PIG 208');
    expect(out[2]![0]).toBe('resolve');
  });

  it('v3 webhook with a null agent (automation) has no actor', async () => {
    const text = JSON.stringify({
      event: { id: 'E1', event_type: 'incident.resolved', resource_type: 'incident', occurred_at: '2024-03-12T14:47:30.412Z', agent: null, client: null, data: { id: 'Q1', type: 'incident', number: 1932, status: 'resolved', title: 'x', priority: null } },
    });
    const r = await runImporter(pagerdutyImporter, 'w.json', text);
    expect(r.events[0]!.actor).toBeNull();
    expect(r.events[0]!.kind).toBe('resolve');
    expect(r.events[0]!.keys).toContain('pd:1932');
  });

  it('v2 webhook messages use their full log entry', async () => {
    const r = await runFixture(pagerdutyImporter, 'samples/pagerduty-log-entries/zulip_webhook_v2_acknowledge.json');
    expect(r.events.map((e) => [e.kind, iso(e.occurredAt), e.text, e.actor])).toEqual([['ack', '2017-09-26T15:15:17.000Z', 'Acknowledged by Laura Haley', 'Laura Haley']]);
    expect(r.events[0]!.keys).toContain('pd:33');
  });

  it('Airbyte JSON-lines records: the incident and its annotate entry, with line numbers', async () => {
    const r = await runFixture(pagerdutyImporter, 'samples/pagerduty-log-entries/airbyte_source-pagerduty_expected_records.jsonl');
    expect(r.warnings).toEqual([]);
    const kinds = r.events.map((e) => e.kind).sort();
    expect(kinds).toContain('alert');
    expect(kinds).toContain('note');
    expect(r.events.every((e) => typeof e.line === 'number' && e.line >= 1)).toBe(true);
    expect(r.events.find((e) => e.kind === 'note')!.text).toMatch(/^Noteadded/);
  });

  it('an incidents list: created -> alert, resolved -> resolve, null priority tolerated', async () => {
    const text = JSON.stringify({
      incidents: [
        { id: 'Q1', type: 'incident', incident_number: 7, title: 'DB down', created_at: '2024-01-01T10:00:00Z', status: 'resolved', resolved_at: '2024-01-01T11:00:00Z', last_status_change_by: { summary: 'Ann' }, priority: null, service: { summary: 'db' } },
        { id: 'Q2', type: 'incident', incident_number: 8, title: 'slow', created_at: '2024-01-02T10:00:00Z', status: 'acknowledged', last_status_change_at: '2024-01-02T10:05:00Z', priority: null },
      ],
      limit: 25,
      offset: 0,
      more: false,
    });
    const r = await runImporter(pagerdutyImporter, 'i.json', text);
    expect(r.events.map((e) => [e.kind, iso(e.occurredAt)])).toEqual([
      ['alert', '2024-01-01T10:00:00.000Z'],
      ['resolve', '2024-01-01T11:00:00.000Z'],
      ['alert', '2024-01-02T10:00:00.000Z'],
      ['ack', '2024-01-02T10:05:00.000Z'],
    ]);
    expect(r.events[1]!.text).toBe('PagerDuty incident #7 resolved by Ann');
    expect(r.events[0]!.keys).toContain('pd:7');
  });
});

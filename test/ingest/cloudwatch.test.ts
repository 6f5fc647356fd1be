import { describe, expect, it } from 'vitest';
import { cloudwatchImporter } from '../../src/ingest/cloudwatch.js';
import { iso, runFixture, runImporter } from './ops-helpers.js';

describe('cloudwatchImporter', () => {
  it('describe-alarm-history (newest first): StateUpdate to ALARM -> alert, to OK -> resolve, in time order', async () => {
    const r = await runFixture(cloudwatchImporter, 'samples/cloudwatch/aws-cli_describe-alarm-history.output.json');
    expect(r.warnings).toEqual([]);
    expect(r.events.map((e) => [e.kind, iso(e.occurredAt), e.keys])).toEqual([
      ['alert', '2014-04-09T18:59:05.805Z', ['alert:myalarm']],
      ['resolve', '2014-04-09T18:59:06.442Z', ['alert:myalarm']],
    ]);
    expect(r.events[0]!.text).toBe('myalarm: OK -> ALARM (testing purposes)');
    expect(r.events[1]!.text).toMatch(/^myalarm: ALARM -> OK \(Threshold Crossed/);
  });

  it('describe-alarms: the current state of each alarm', async () => {
    const r = await runFixture(cloudwatchImporter, 'samples/cloudwatch/aws-cli_describe-alarms.output.json');
    expect(r.events).toHaveLength(1);
    expect(r.events[0]!.kind).toBe('resolve');
    expect(r.events[0]!.text).toMatch(/^myalarm: state OK/);
  });

  it('+0000 offsets, an unreadable HistoryData string (falls back to the summary), and non-state items', async () => {
    const text = JSON.stringify({
      AlarmHistoryItems: [
        { AlarmName: 'checkout-5xx', Timestamp: '2024-03-12T14:02:05.118+0000', HistoryItemType: 'StateUpdate', HistorySummary: 'Alarm updated from OK to ALARM', HistoryData: '{"version":"1.0",' },
        { AlarmName: 'checkout-5xx', Timestamp: '2024-03-12T14:02:06Z', HistoryItemType: 'Action', HistorySummary: 'Successfully executed action arn:aws:sns:...', HistoryData: '{}' },
        { AlarmName: 'checkout-5xx', Timestamp: '2024-03-12 14:40:00+00:00', HistoryItemType: 'StateUpdate', HistorySummary: 'Alarm updated from ALARM to INSUFFICIENT_DATA' },
        { AlarmName: 'bad', HistoryItemType: 'StateUpdate' },
      ],
    });
    const r = await runImporter(cloudwatchImporter, 'cw.json', text);
    expect(r.events.map((e) => [e.kind, iso(e.occurredAt), e.text])).toEqual([
      ['alert', '2024-03-12T14:02:05.118Z', 'checkout-5xx: OK -> ALARM'],
      ['note', '2024-03-12T14:02:06.000Z', 'checkout-5xx: Successfully executed action arn:aws:sns:...'],
      ['note', '2024-03-12T14:40:00.000Z', 'checkout-5xx: ALARM -> INSUFFICIENT_DATA'],
    ]);
    const msgs = r.warnings.map((w) => w.message).join(' | ');
    expect(msgs).toMatch(/history item 1 \(checkout-5xx\): HistoryData is not valid JSON/);
    expect(msgs).toMatch(/history item 4 \(bad\)/);
  });

  it('get-metric-data: a result kept whole as a series (newest-first input sorted) with both threshold crossings', async () => {
    const base = Date.parse('2024-03-12T14:00:00Z');
    const vals = [0.3, 0.2, 0.3, 0.25, 6, 7, 8, 7, 0.3, 0.2];
    const ts = vals.map((_, i) => new Date(base + i * 60_000).toISOString().replace('.000Z', '+00:00'));
    const text = JSON.stringify({ MetricDataResults: [{ Id: 'e1', Label: '5xx percent', Timestamps: [...ts].reverse(), Values: [...vals].reverse(), StatusCode: 'PartialData' }], Messages: [] });
    const r = await runImporter(cloudwatchImporter, 'md.json', text);
    expect(r.series).toHaveLength(1);
    const s = r.series[0]!;
    expect(s.id).toBe('cloudwatch:5xx percent');
    expect(s.unit).toBe('percent');
    expect(s.threshold).toBe(1);
    expect(s.points.map((p) => p[1])).toEqual(vals);
    expect(r.events.map((e) => [e.kind, iso(e.occurredAt), e.text])).toEqual([
      ['metric', '2024-03-12T14:04:00.000Z', '5xx percent rose above 1 (6)'],
      ['metric', '2024-03-12T14:08:00.000Z', '5xx percent fell below 1 (0.3)'],
    ]);
    expect(r.warnings.map((w) => w.message)).toEqual([expect.stringMatching(/StatusCode PartialData/)]);
  });
});

// The chat helpers shared by the Slack, Teams, Discord and pasted-text importers: bot-post
// classification (echoes of other sources and their merge keys), heartbeats, strict ISO instants,
// snowflake times and the sanitising fast path.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyBot, clean, isBotHeartbeat, isHeartbeatLine, parseIsoZoned, snowflakeTime } from '../../src/ingest/chat-common.js';
import { sanitize } from '../../src/domain/text.js';

describe('classifyBot', () => {
  it.each([
    ['PagerDuty', 'Triggered #1932: [FIRING:1] Checkout5xx (prod)', 'alert', 'pagerduty', ['pd:1932', 'alert:checkout5xx']],
    ['PagerDuty', 'Acknowledged #1932 by Alice Example', 'ack', 'pagerduty', ['pd:1932']],
    ['PagerDuty', '#4410 escalated to Aoife Brennan', 'escalation', 'pagerduty', ['pd:4410']],
    ['PagerDuty', 'Resolved #1932 by Alice', 'resolve', 'pagerduty', ['pd:1932']],
    ['PagerDuty', 'Incident #77 assigned to Sean', 'page', 'pagerduty', ['pd:77']],
    ['Alertmanager', '[FIRING:2] HighLatency (prod api)', 'alert', 'alertmanager', ['alert:highlatency']],
    ['prom-bot', '[RESOLVED] DiskFull', 'resolve', 'alertmanager', ['alert:diskfull']],
    ['GitHub', 'Deployment #4821 of `acme/checkout` v2.14.3 to production succeeded', 'deploy', 'github', ['deployment:4821', 'deploy:checkout']],
    ['Argo CD', 'Application **ledger-svc** synced to revision 9e8d7c6 (v3.8.1).', 'deploy', 'argocd', ['deploy:ledger-svc', 'rev:9e8d7c6']],
    ['Argo CD', 'Application payments sync failed: ComparisonError', 'alert', 'argocd', ['deploy:payments']],
    ['Opsgenie', 'P2 billing latency\nAlert #4468 · threshold 750ms', 'alert', 'opsgenie', ['og:4468']],
    ['Opsgenie', 'Alert #4468 acknowledged by Priya', 'ack', 'opsgenie', ['og:4468']],
    ['Statuspage', 'New incident Elevated errors (Investigating) https://status.x.example/incidents/p31zjtmnb8xq', 'status', 'statuspage', ['status:p31zjtmnb8xq']],
    ['Grafana', '[Alerting] Disk full', 'alert', 'grafana', []],
    ['Zendesk', 'New ticket #48213 from Bloom & Co', 'message', null, []],
    [null, 'Build 12 passed', 'message', null, []],
  ])('%s: %s', (name, text, kind, echoOf, keys) => {
    expect(classifyBot(name, text)).toEqual({ kind, echoOf, keys });
  });

  it('finds a Statuspage echo by its incident URL in the raw text even when the plain text dropped it', () => {
    expect(classifyBot('status-bot', 'Incident Errors updated (Resolved): fixed. View incident', '<https://status.x.example/incidents/abc123def|View incident>')).toEqual({
      kind: 'status',
      echoOf: 'statuspage',
      keys: ['status:abc123def'],
    });
  });

  it('calls heartbeats noise, for bots; for sources without a bot flag only an unmistakable heartbeat line', () => {
    for (const t of [':white_check_mark: heartbeat: settlement-reconciler checked in', '💚 nightly-backup heartbeat received', 'job X checked in (every 60 min)', 'keep-alive']) {
      expect(isBotHeartbeat(t)).toBe(true);
      expect(classifyBot('Cronitor', t)).toBe('heartbeat');
    }
    expect(isHeartbeatLine('💓 heartbeat: ie-engine-01 alive')).toBe(true);
    expect(isHeartbeatLine('the heartbeat job is late')).toBe(false);
  });
});

describe('parseIsoZoned', () => {
  it.each([
    ['2024-03-12T14:03:40.31Z', '2024-03-12T14:03:40.310Z'],
    ['2024-03-12T15:04:00.0000000+01:00', '2024-03-12T14:04:00.000Z'],
    ['2024-03-12T15:04:00.123456789+0100', '2024-03-12T14:04:00.123Z'],
    ['2024-03-12 07:04:00-07', '2024-03-12T14:04:00.000Z'],
    ['2024-03-12T14:04Z', '2024-03-12T14:04:00.000Z'],
  ])('%s', (raw, iso) => {
    expect(new Date(parseIsoZoned(raw) ?? NaN).toISOString()).toBe(iso);
  });

  it('rejects zone-less, malformed and placeholder times instead of guessing', () => {
    for (const bad of ['2024-03-12T14:03:40', '2021-03-1706:47:05.123Z', '0001-01-01T00:00:00Z', '2024-02-30T00:00:00Z', '2024-13-01T00:00:00Z', '', 42, null]) {
      expect(parseIsoZoned(bad)).toBeNull();
    }
  });

  it('agrees with Date.parse on random zoned instants', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1990-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }), fc.integer({ min: -12, max: 14 }), (d, off) => {
        const local = new Date(d.getTime() + off * 3600e3).toISOString().slice(0, 23);
        const zone = `${off < 0 ? '-' : '+'}${String(Math.abs(off)).padStart(2, '0')}:00`;
        expect(parseIsoZoned(`${local}${zone}`)).toBe(d.getTime());
      }),
    );
  });
});

describe('snowflakeTime', () => {
  it('decodes Discord snowflakes exactly with BigInt', () => {
    expect(new Date(snowflakeTime('1262639902546329601') ?? 0).toISOString()).toBe('2024-07-16T05:20:11.482Z');
    expect(snowflakeTime('12')).toBeNull();
    expect(snowflakeTime(1262639902546329601)).toBeNull();
  });
});

describe('clean', () => {
  it('equals sanitize() on any string (the fast path only skips clean strings)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect(clean(s)).toBe(sanitize(s));
      }),
    );
    fc.assert(
      fc.property(fc.string(), (s) => {
        const dirty = `\u001b[31m${s}\r\n\u202e`;
        expect(clean(dirty)).toBe(sanitize(dirty));
      }),
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addChannels,
  addUsers,
  emptyDirectory,
  resolveMrkdwn,
  slackApiImporter,
  slackExportImporter,
  slackTsToMs,
} from '../../src/ingest/slack.js';
import type { RawEvent } from '../../src/ingest/types.js';
import { expectCheckpoints, expectNoNoise, expectWellFormed, readExpected } from './chat-expect.js';
import { ctxFor, detectInput, diskDir, diskFile, memDir, memFile } from './chat-vfs.js';

const FIX = 'test/fixtures/chat/checkout-pool-exhaustion';
const SAMPLES = 'test/fixtures/samples';

async function parseExport(abs: string, display = 'slack-export', channel?: string) {
  const dir = diskDir(abs, display);
  expect(slackExportImporter.detectBundle(dir)).toBe(true);
  return slackExportImporter.parseBundle(dir, { ...ctxFor(display), channel: channel ?? null });
}

async function parseApiFile(path: string, display: string) {
  const f = diskFile(path, display);
  const input = await detectInput(f);
  expect(slackApiImporter.detect(input)).toBe(true);
  return slackApiImporter.parse(f, input, ctxFor(display));
}

const byText = (events: RawEvent[], s: string) => events.filter((e) => e.text.includes(s));

describe('Slack export: checkout-pool-exhaustion fixture', async () => {
  const r = await parseExport(`${FIX}/slack-export`);
  const ev = r.events;

  it('parses without warnings into well-formed events', () => {
    expect(r.warnings).toEqual([]);
    expectWellFormed(ev);
    // 2 channels, 2 days: 41 events in the incident channel, 26 in #payments (joins, topics, heartbeats dropped)
    expect(ev.filter((e) => e.channel === 'inc-1932-checkout-5xx')).toHaveLength(41);
    expect(ev.filter((e) => e.channel === 'payments')).toHaveLength(26);
  });

  it('gives every slack checkpoint of expected.json, with its kind', () => {
    const expected = readExpected(`${FIX}/expected.json`);
    expect(expectCheckpoints(ev, expected, 'slack')).toBe(6);
  });

  it('drops noise: joins, leaves, topic/purpose changes, heartbeats', () => {
    expectNoNoise(ev, readExpected(`${FIX}/expected.json`).noise);
    expect(byText(ev, 'settlement-reconciler')).toEqual([]);
  });

  it('keeps Slack ts as the ref string, exact to the millisecond, with the file relative to the input', () => {
    const m = ev.find((e) => e.ref === '1710252931.004895');
    expect(m?.occurredAt).toBe(Date.parse('2024-03-12T14:15:31.004Z'));
    expect(m?.rawTime).toBe('1710252931.004895');
    expect(m?.file).toBe('slack-export/inc-1932-checkout-5xx/2024-03-12.json');
    expect(m?.source).toBe('slack');
    expect(m?.precision).toBe('second');
  });

  it('resolves mentions, channel links, <!channel>/<!here> and link labels (&amp; inside a link)', () => {
    const m = ev.find((e) => e.ref === '1710252931.004895');
    expect(m?.text.startsWith('@channel this is the incident channel for PD #1932')).toBe(true);
    expect(m?.text).toContain('PD #1932 · checkout-api dashboard');
    expect(m?.text).not.toContain('<');
    expect(m?.text).not.toContain('&amp;');
    const ic = ev.find((e) => e.ref === '1710253000.005306');
    expect(ic?.text).toBe("I'll take IC. @alice ops lead, @frank comms please. next stakeholder update at 14:30");
    const moved = ev.find((e) => e.ref === '1710252940.002840');
    expect(moved?.text).toBe('moving the response to #inc-1932-checkout-5xx, updates there');
    const here = ev.find((e) => e.ref === '1710252740.002292');
    expect(here?.text.startsWith('@here support is getting merchant tickets')).toBe(true);
  });

  it('strips the ANSI colour escape inside a pasted stack trace', () => {
    const m = ev.find((e) => e.ref === '1710253050.005717');
    expect(m?.text).toContain('ERROR c.a.checkout.PaymentController');
    expect(m?.text).not.toContain('\u001b');
    expect(m?.text).not.toContain('[31m');
    expect(m?.excerpt).not.toContain('\u001b');
  });

  it('keeps thread parents, also for replies filed in the next day file', () => {
    const r3 = ev.find((e) => e.text.startsWith('follow-up 3: PR #2297'));
    expect(r3?.parentRef).toBe('1710255970.010649');
    expect(r3?.file).toBe('slack-export/inc-1932-checkout-5xx/2024-03-13.json');
    expect(ev.find((e) => e.ref === '1710255970.010649')?.parentRef).toBeNull();
    // the thread_broadcast is one event, with its parent
    const bc = byText(ev, 'rollback complete: all 6 pods on 2.14.2');
    expect(bc).toHaveLength(1);
    expect(bc[0]?.parentRef).toBe('1710253780.007909');
  });

  it('names people by display name, else real name; a user missing from users.json by user_profile', () => {
    expect(ev.find((e) => e.ref === '1710253125.005854')?.actor).toBe('Grace Kim'); // empty display_name
    expect(ev.find((e) => e.ref === '1710253050.005717')?.actor).toBe('alice');
    expect(ev.find((e) => e.ref === '1710252962.002977')?.actor).toBe('zoe (finance ops)'); // shared-channel guest
  });

  it('adds file uploads to the text', () => {
    expect(ev.find((e) => e.ref === '1710253290.006539')?.text).toBe(
      '5xx panel since 13:45, the climb starts right after 14:01 [file: checkout-5xx-panel.png]',
    );
  });

  it('classifies bot posts in both shapes as echoes with merge keys', () => {
    const pd = ev.find((e) => e.ref === '1710252664.002155');
    expect(pd).toMatchObject({ kind: 'alert', echoOf: 'pagerduty', actor: 'PagerDuty' });
    expect(pd?.keys).toEqual(['pd:1932', 'alert:checkout5xx']);
    expect(pd?.text).toContain('Triggered #1932: [FIRING:1] Checkout5xx');
    expect(ev.find((e) => e.ref === '1710252824.002429')).toMatchObject({ kind: 'ack', echoOf: 'pagerduty', keys: ['pd:1932'] });
    expect(ev.find((e) => e.ref === '1710255513.003799')).toMatchObject({ kind: 'resolve', echoOf: 'pagerduty' });
    const am = ev.find((e) => e.ref === '1710252661.002018');
    expect(am).toMatchObject({ kind: 'alert', echoOf: 'alertmanager', keys: ['alert:checkout5xx'], actor: 'Alertmanager' });
    expect(am?.text).toContain('checkout-api 5xx ratio above 5% for 3 minutes');
    expect(ev.find((e) => e.ref === '1710254461.003388')).toMatchObject({ kind: 'resolve', echoOf: 'alertmanager' });
    const gh = ev.find((e) => e.ref === '1710251883.001470');
    expect(gh).toMatchObject({ kind: 'deploy', echoOf: 'github', keys: ['deployment:4821', 'deploy:checkout'], actor: 'GitHub' });
    expect(ev.find((e) => e.ref === '1710250274.001196')?.keys).toEqual(['deployment:4820', 'rev:9f1c2e7']);
    expect(gh?.text).toBe('Deployment #4821 of `acme/checkout` v2.14.3 to production started by deploy-bot');
    const sp = ev.find((e) => e.ref === '1710253185.006128');
    expect(sp).toMatchObject({ kind: 'status', echoOf: 'statuspage', keys: ['status:p31zjtmnb8xq'] });
    // human messages are never echoes
    expect(ev.filter((e) => e.echoOf && !['PagerDuty', 'Alertmanager', 'GitHub', 'Statuspage'].includes(e.actor ?? ''))).toEqual([]);
  });

  it('filters channels by glob when asked', async () => {
    const only = await parseExport(`${FIX}/slack-export`, 'slack-export', 'inc-*');
    expect(only.events.length).toBe(41);
    expect(new Set(only.events.map((e) => e.channel))).toEqual(new Set(['inc-1932-checkout-5xx']));
  });
});

describe('Slack export: real 2016 sample (hfaran/slack-export-viewer)', async () => {
  const r = await parseExport(`${SAMPLES}/slack-export`, 'export');
  it('parses bot_message attachments with empty text, drops joins, keeps escaped-slash URLs readable', () => {
    expect(r.warnings).toEqual([]);
    expectWellFormed(r.events);
    expect(r.events.some((e) => /has joined/.test(e.text))).toBe(false);
    // 6 messages in enrique/2016-01-14 minus 4 joins, 19 + 14 GitHub bot posts
    expect(r.events).toHaveLength(2 + 19 + 14);
    const first = r.events.find((e) => e.ref === '1459154014.000018');
    expect(first?.text).toBe('[enrique:master] 1 new commit by hfaran:\nb698a38: Implement killTask; resolves #20 - hfaran');
    expect(first?.channel).toBe('enrique');
    const human = r.events.find((e) => e.ref === '1452837352.000006');
    expect(human?.text.startsWith('@')).toBe(true);
    expect(human?.text).not.toContain('<@');
  });
});

describe('Slack Web API dumps', () => {
  it('reads the conversations.history example (vendor spec)', async () => {
    const r = await parseApiFile(`${SAMPLES}/slack-api/slack-api-specs_conversations.history.example.json`, 'history.json');
    expect(r.warnings).toEqual([]);
    expect(r.events.map((e) => e.ref)).toEqual(['1512085950.000216', '1512104434.000490']);
    expect(r.events[0]?.actor).toBe('U012AB3CDE'); // no users.json: the raw id
    expect(r.events[0]?.channel).toBe('history');
  });

  it('reads conversations.replies: parent first, replies carry parentRef', async () => {
    const r = await parseApiFile(`${SAMPLES}/slack-api/slack-api-specs_conversations.replies.example.json`, 'replies.json');
    expect(r.events).toHaveLength(4);
    expect(r.events[0]?.parentRef).toBeNull();
    expect(r.events.slice(1).every((e) => e.parentRef === '1482960137.003543')).toBe(true);
  });

  it('reads a single modern message object with blocks (zulip sample)', async () => {
    const r = await parseApiFile(`${SAMPLES}/slack-export/zulip_message_with_varying_block_types.json`, 'one.json');
    expect(r.events).toHaveLength(1);
    expect(r.events[0]?.actor).toBe('Peter');
    expect(r.events[0]?.text).toContain('this is a link');
    expect(r.events[0]?.text).not.toContain('https://google.com');
    expect(r.events[0]?.text).toContain('this is bold');
    expect(r.events[0]?.text).not.toContain('*this is bold*');
  });

  it('reads an array of pages newest first, keeping each ts once (history + replies overlap)', async () => {
    const page1 = { ok: true, messages: [{ type: 'message', ts: '1710252302.000200', text: 'b', user: 'U1', thread_ts: '1710252302.000200' }] };
    const page2 = {
      ok: true,
      messages: [
        { type: 'message', ts: '1710252302.000200', text: 'b', user: 'U1', thread_ts: '1710252302.000200' },
        { type: 'message', ts: '1710252310.000300', text: 'c', user: 'U2', thread_ts: '1710252302.000200' },
      ],
    };
    const f = memFile('pages.json', JSON.stringify([page1, page2]));
    const input = await detectInput(f);
    expect(slackApiImporter.detect(input)).toBe(true);
    const r = await slackApiImporter.parse(f, input, ctxFor('pages.json'));
    expect(r.events.map((e) => e.ref)).toEqual(['1710252302.000200', '1710252310.000300']);
    expect(r.events[1]?.parentRef).toBe('1710252302.000200');
  });

  it('reads NDJSON pages line by line and names the line of a bad one', async () => {
    const good = JSON.stringify({ ok: true, messages: [{ type: 'message', ts: '1710252302.000200', text: 'hello', user: 'U1' }] });
    const third = { ok: true, messages: [{ type: 'message', ts: '1710252303.000200', text: 'x2' }, { type: 'message', text: 'no ts' }] };
    const f = memFile('dump.ndjson', `${good}\n{not json\n${JSON.stringify(third)}\n`);
    const input = { ...(await detectInput(f)), json: undefined };
    expect(slackApiImporter.detect(input)).toBe(true);
    const r = await slackApiImporter.parse(f, input, ctxFor('dump.ndjson'));
    expect(r.events.map((e) => e.text)).toEqual(['hello', 'x2']);
    expect(r.warnings.map((w) => w.line)).toEqual([2, 3]);
    expect(r.warnings[1]?.message).toMatch(/record 2: message without a valid "ts"/);
  });

  it('does not claim other JSON', async () => {
    for (const json of [{ messages: [{ id: '1', content: 'x', author: {} }] }, [{ id: 1 }], { log_entries: [] }, 'x', 42]) {
      expect(slackApiImporter.detect({ name: 'x.json', head: JSON.stringify(json), json, size: 10 })).toBe(false);
    }
  });
});

describe('Slack message conversion edge cases', () => {
  const users = [
    { id: 'U1', name: 'alice.example', real_name: 'Alice Example', profile: { display_name: 'alice', real_name: 'Alice Example' } },
    { id: 'U2', name: 'bob', deleted: true, profile: { display_name: '', real_name: 'Bob Builder' } },
    { id: 'U3', name: 'carol', profile: {} },
    { id: 'U9', name: 'pd', is_bot: true, profile: { real_name: 'PagerDuty', display_name: '', bot_id: 'B9' } },
  ];
  const channels = [{ id: 'C1', name: 'inc', created: '1710000000' }, { id: 'C2', name: 'deploys', created: 1710000000 }];

  async function run(messages: unknown[], extra: Record<string, string> = {}) {
    const dir = memDir('exp', {
      'users.json': JSON.stringify(users),
      'channels.json': JSON.stringify(channels),
      'inc/2024-03-12.json': JSON.stringify(messages),
      ...extra,
    });
    return slackExportImporter.parseBundle(dir, ctxFor('exp'));
  }

  it('names: display_name, real_name, name; deleted users keep theirs; bots via profile.bot_id, username, bot_profile', async () => {
    const r = await run([
      { type: 'message', ts: '1710252000.000100', user: 'U1', text: 'a' },
      { type: 'message', ts: '1710252000.000200', user: 'U2', text: 'b' },
      { type: 'message', ts: '1710252000.000300', user: 'U3', text: 'c' },
      { type: 'message', subtype: 'bot_message', ts: '1710252000.000400', bot_id: 'B9', text: 'd' },
      { type: 'message', subtype: 'bot_message', ts: '1710252000.000500', bot_id: 'B7', username: 'Jenkins', text: 'e' },
      { type: 'message', ts: '1710252000.000600', bot_id: 'B8', bot_profile: { name: 'Sentry' }, text: 'f' },
      { type: 'message', ts: '1710252000.000700', user: 'U404', text: 'g' },
      { type: 'message', ts: '1710252000.000800', user: 'USLACKBOT', text: 'reminder: standup' },
    ]);
    expect(r.events.map((e) => e.actor)).toEqual(['alice', 'Bob Builder', 'carol', 'PagerDuty', 'Jenkins', 'Sentry', 'U404', 'Slackbot']);
  });

  it('skips malformed records with a warning naming the file and the record, never throws', async () => {
    const r = await run([
      { type: 'message', text: 'no ts', user: 'U1' },
      { type: 'message', ts: 1710252000.0001, text: 'numeric ts', user: 'U1' },
      null,
      'text',
      { type: 'message', ts: '1710252000.000100', user: 'U1', text: 42, attachments: [{ fallback: 'from attachment' }] },
      { type: 'message', ts: '1710252001.000100', user: 'U1', text: 'fine' },
    ]);
    expect(r.events.map((e) => e.text)).toEqual(['from attachment', 'fine']);
    expect(r.warnings.map((w) => w.file)).toEqual(Array(5).fill('exp/inc/2024-03-12.json'));
    expect(r.warnings.map((w) => w.message.match(/record \d+/)?.[0])).toEqual(['record 1', 'record 2', 'record 3', 'record 4', 'record 5']);
  });

  it('warns on a day file that is not JSON or not an array, and still reads the others', async () => {
    const r = await run([{ type: 'message', ts: '1710252001.000100', user: 'U1', text: 'fine' }], {
      'deploys/2024-03-12.json': '[{"ts": "17102',
      'deploys/2024-03-13.json': '{"ts": "1710252001.000100"}',
    });
    expect(r.events.map((e) => e.text)).toEqual(['fine']);
    expect(r.warnings.map((w) => w.file).sort()).toEqual(['exp/deploys/2024-03-12.json', 'exp/deploys/2024-03-13.json']);
  });

  it('drops noise subtypes, tombstones, hidden edit records and empty deleted bodies', async () => {
    const noise = [
      'channel_join',
      'channel_leave',
      'channel_topic',
      'channel_purpose',
      'channel_name',
      'group_join',
      'bot_add',
      'pinned_item',
      'tombstone',
      'message_changed',
      'message_deleted',
    ].map((subtype, i) => ({ type: 'message', subtype, ts: `17102520${10 + i}.000100`, user: 'U1', text: `<@U1> ${subtype}` }));
    const r = await run([
      ...noise,
      { type: 'message', ts: '1710252100.000100', user: 'U1', text: '' },
      { type: 'message', ts: '1710252101.000100', user: 'U1', text: 'kept', reactions: [{ name: 'eyes', users: ['U2'], count: 3 }] },
    ]);
    expect(r.events.map((e) => e.text)).toEqual(['kept']);
    expect(r.warnings).toEqual([]);
  });

  it('keeps me_message, file_share and thread_broadcast, each ts once', async () => {
    const r = await run([
      { type: 'message', subtype: 'me_message', ts: '1710252000.000100', user: 'U1', text: 'is looking' },
      { type: 'message', subtype: 'file_share', ts: '1710252001.000100', user: 'U1', text: '', files: [{ name: 'graph.png', title: 'p99 graph' }] },
      { type: 'message', subtype: 'thread_broadcast', ts: '1710252002.000100', thread_ts: '1710252000.000100', user: 'U1', text: 'done' },
      { type: 'message', subtype: 'thread_broadcast', ts: '1710252002.000100', thread_ts: '1710252000.000100', user: 'U1', text: 'done' },
    ]);
    expect(r.events.map((e) => [e.text, e.parentRef])).toEqual([
      ['is looking', null],
      ['[file: p99 graph]', null],
      ['done', '1710252000.000100'],
    ]);
  });

  it('uses attachments (pretext, title/fallback, text, fields) and blocks when text is empty', async () => {
    const r = await run([
      {
        type: 'message',
        subtype: 'bot_message',
        ts: '1710252000.000100',
        bot_id: 'B7',
        username: 'Grafana',
        text: '',
        attachments: [{ title: 'Disk 91%', text: 'on <https://x.example/d|db-1>', fields: [{ title: 'Host', value: 'db-1' }] }],
      },
      {
        type: 'message',
        ts: '1710252001.000100',
        user: 'U1',
        text: '',
        blocks: [
          { type: 'header', text: { type: 'plain_text', text: 'Heads up' } },
          { type: 'rich_text', elements: [{ type: 'rich_text_section', elements: [{ type: 'user', user_id: 'U2' }, { type: 'text', text: ' see ' }, { type: 'channel', channel_id: 'C2' }] }] },
        ],
      },
    ]);
    expect(r.events[0]?.text).toBe('Disk 91%\non db-1\nHost: db-1');
    expect(r.events[1]?.text).toBe('Heads up\n@Bob Builder see #deploys');
  });

  it('drops bot heartbeats but keeps a human saying "heartbeat"', async () => {
    const r = await run([
      { type: 'message', subtype: 'bot_message', ts: '1710252000.000100', bot_id: 'B5', username: 'Cronitor', text: ':white_check_mark: heartbeat: job checked in' },
      { type: 'message', ts: '1710252001.000100', user: 'U1', text: 'the heartbeat job is late' },
    ]);
    expect(r.events.map((e) => e.text)).toEqual(['the heartbeat job is late']);
  });

  it('finds day files inside a folder named by a DM id and names it by its members', async () => {
    const dir = memDir('exp', {
      'users.json': JSON.stringify(users),
      'channels.json': '[]',
      'dms.json': JSON.stringify([{ id: 'D0123', members: ['U1', 'U2'] }]),
      'D0123/2024-03-12.json': JSON.stringify([{ type: 'message', ts: '1710252000.000100', user: 'U1', text: 'psst' }]),
      '__uploads/F1/notes.json': '{}',
    });
    const r = await slackExportImporter.parseBundle(dir, ctxFor('exp'));
    expect(r.events.map((e) => e.channel)).toEqual(['dm: alice, Bob Builder']);
  });

  it('detects an export by users.json + a conversation list only', () => {
    expect(slackExportImporter.detectBundle(memDir('a', { 'users.json': '[]', 'channels.json': '[]' }))).toBe(true);
    expect(slackExportImporter.detectBundle(memDir('a', { 'org_users.json': '[]', 'mpims.json': '[]' }))).toBe(true);
    expect(slackExportImporter.detectBundle(memDir('a', { 'channels.json': '[]' }))).toBe(false);
    expect(slackExportImporter.detectBundle(memDir('a', { 'users.json': '[]', 'x/2024-01-01.json': '[]' }))).toBe(false);
  });

  it('survives random and mutated messages (property)', async () => {
    const dirNames = emptyDirectory();
    addUsers(dirNames, users);
    const arbMsg = fc.record(
      {
        type: fc.constantFrom('message', 'other', undefined),
        subtype: fc.option(fc.constantFrom('bot_message', 'channel_join', 'thread_broadcast', 'weird_new_subtype')),
        ts: fc.oneof(fc.constant('1710252000.000100'), fc.string(), fc.integer(), fc.constant(undefined)),
        user: fc.option(fc.constantFrom('U1', 'U2', 'UX', '')),
        text: fc.oneof(fc.string(), fc.constant('<@U1> <#C1|x> <!here> <http://a|b> &amp; \u001b[31mred'), fc.integer()),
        attachments: fc.option(fc.array(fc.anything(), { maxLength: 3 })),
        blocks: fc.option(fc.array(fc.anything(), { maxLength: 3 })),
        thread_ts: fc.option(fc.string()),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(arbMsg, fc.anything()), { maxLength: 12 }), async (msgs) => {
        const r = await run(msgs);
        for (const e of r.events) {
          expect(typeof e.ref).toBe('string');
          expect(Number.isFinite(e.occurredAt)).toBe(true);
          expect(e.text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('mrkdwn', () => {
  const dir = emptyDirectory();
  addUsers(dir, [{ id: 'U024BE7LH', name: 'bob', profile: { display_name: 'bob' } }]);
  addChannels(dir, [{ id: 'C024BE7LR', name: 'general' }]);
  it.each([
    ['<@U024BE7LH> hi', '@bob hi'],
    ['<@U024BE7LH|bobby> hi', '@bob hi'],
    ['<@W999|carol> hi', '@carol hi'],
    ['<@U000> hi', '@U000 hi'],
    ['see <#C024BE7LR>', 'see #general'],
    ['see <#C999|random>', 'see #random'],
    ['<!here> <!channel> <!everyone> <!group>', '@here @channel @everyone @channel'],
    ['<!here|here> <!channel|@channel>', '@here @channel'],
    ['<!subteam^S0614TZR7|@oncall> help', '@oncall help'],
    ['<!date^1392734382^{date_short}|Feb 18, 2014>', 'Feb 18, 2014'],
    ['<http://www.foo.com|www.foo.com> and <http://foo.com/>', 'www.foo.com and http://foo.com/'],
    ['<mailto:bob@example.com|Bob> <mailto:x@y.z>', 'Bob x@y.z'],
    ['<https://g.example/d?a=1&amp;b=2|dash &amp; board>', 'dash & board'],
    ['a &lt;- b &amp;&amp; c &gt; d', 'a <- b && c > d'],
    ['literal &nbsp; stays', 'literal &nbsp; stays'],
    ['&lt;@U024BE7LH&gt; is not a mention', '<@U024BE7LH> is not a mention'],
    ['*bold* _italic_ ~strike~ 2*3*4 snake_case_name', 'bold italic strike 2*3*4 snake_case_name'],
    ['```\ncode\n```', '\ncode\n'],
  ])('%s', (input, out) => {
    expect(resolveMrkdwn(input, dir)).toBe(out);
  });
});

describe('slackTsToMs', () => {
  it('converts with string arithmetic, exact, and rejects non-ts values', () => {
    expect(slackTsToMs('1710252131.000300')).toBe(1710252131000);
    expect(slackTsToMs('1710252131.999999')).toBe(1710252131999);
    expect(slackTsToMs('1710252131')).toBe(1710252131000);
    expect(slackTsToMs('1710252131.5')).toBe(1710252131500);
    for (const bad of [1710252131.0003, '', 'abc', '17.10.25', null, undefined]) expect(slackTsToMs(bad)).toBeNull();
    fc.assert(
      fc.property(fc.integer({ min: 1e9, max: 2e9 }), fc.integer({ min: 0, max: 999999 }), (sec, frac) => {
        const ts = `${sec}.${String(frac).padStart(6, '0')}`;
        expect(slackTsToMs(ts)).toBe(sec * 1000 + Math.floor(frac / 1000));
      }),
    );
  });
});

describe('Slack export through the walker (folder and zip)', () => {
  it('reads the fixture export as a folder and as a zip, with paths relative to the input', async () => {
    const { importInput } = await import('../../src/ingest/walk.js');
    const { IMPORTERS } = await import('../../src/ingest/registry.js');
    const { makeZip } = await import('./core-zip.js');
    const { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');

    const folder = await importInput(`${FIX}/slack-export`, IMPORTERS, { tz: null, cwd: process.cwd() });
    expect(folder.warnings).toEqual([]);
    expect(folder.events).toHaveLength(67);
    expect(folder.types).toEqual(['slack']);
    expect(folder.events.some((e) => e.file === `${FIX}/slack-export/payments/2024-03-12.json`)).toBe(true);

    const entries: { name: string; data: string; deflate: boolean }[] = [];
    const walk = (dir: string, rel: string) => {
      for (const e of readdirSync(dir)) {
        const p = join(dir, e);
        if (statSync(p).isDirectory()) walk(p, `${rel}${e}/`);
        else entries.push({ name: `${rel}${e}`, data: readFileSync(p, 'utf8'), deflate: true });
      }
    };
    walk(`${FIX}/slack-export`, 'slack-export/');
    const tmp = mkdtempSync(join(tmpdir(), 'debrief-slack-'));
    writeFileSync(join(tmp, 'export.zip'), makeZip(entries));
    const zip = await importInput('export.zip', IMPORTERS, { tz: null, cwd: tmp });
    expect(zip.warnings).toEqual([]);
    expect(zip.events).toHaveLength(67);
    expect(zip.events.some((e) => e.file === 'export.zip/slack-export/inc-1932-checkout-5xx/2024-03-13.json')).toBe(true);
  });
});

describe('Slack day files given on their own', () => {
  it('are read by the API importer with the folder as the channel', async () => {
    const r = await parseApiFile(`${FIX}/slack-export/payments/2024-03-13.json`, 'slack-export/payments/2024-03-13.json');
    expect(r.warnings).toEqual([]);
    expect(r.events.map((e) => [e.channel, e.text.slice(0, 30)])).toEqual([['payments', 'the postmortem review for PD #']]);
    const alone = await parseApiFile(`${FIX}/slack-export/payments/2024-03-13.json`, '2024-03-13.json');
    expect(alone.events[0]?.channel).toBe('2024-03-13');
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeEntities, htmlToText } from '../../src/ingest/html.js';
import { cardText, teamsImporter } from '../../src/ingest/teams.js';
import { expectCheckpoints, expectNoNoise, expectWellFormed, readExpected } from './chat-expect.js';
import { ctxFor, detectInput, diskFile, memFile } from './chat-vfs.js';

const FIX = 'test/fixtures/chat/cert-expiry-slow-burn';
const SAMPLES = 'test/fixtures/samples/teams-graph';

async function parseFile(path: string, display: string) {
  const f = diskFile(path, display);
  const input = await detectInput(f);
  expect(teamsImporter.detect(input)).toBe(true);
  return teamsImporter.parse(f, input, ctxFor(display));
}

async function parseJson(json: unknown, name = 'teams.json') {
  const f = memFile(name, JSON.stringify(json));
  const input = await detectInput(f);
  return { detected: teamsImporter.detect(input), result: await teamsImporter.parse(f, input, ctxFor(name)) };
}

const msg = (over: Record<string, unknown>) => ({
  id: '1710252220310',
  replyToId: null,
  messageType: 'message',
  createdDateTime: '2024-03-12T14:03:40.31Z',
  lastModifiedDateTime: '2024-03-12T14:09:02.5Z',
  deletedDateTime: null,
  from: { user: { id: 'u1', displayName: 'Alice Example', userIdentityType: 'aadUser' } },
  body: { contentType: 'text', content: 'hello' },
  attachments: [],
  mentions: [],
  reactions: [],
  ...over,
});

describe('Teams: cert-expiry-slow-burn fixture', async () => {
  const channel = await parseFile(`${FIX}/teams/platform-ops-channel.json`, 'teams/platform-ops-channel.json');
  const chat = await parseFile(`${FIX}/teams/incident-chat.json`, 'teams/incident-chat.json');
  const all = [...channel.events, ...chat.events];
  const expected = readExpected(`${FIX}/expected.json`);

  it('parses both files without warnings', () => {
    expect(channel.warnings).toEqual([]);
    expect(chat.warnings).toEqual([]);
    expectWellFormed(all);
    // channel: 14 roots minus 3 heartbeats and 1 deleted + 13 nested replies; chat: 14 minus 2 system events
    expect(channel.events).toHaveLength(23);
    expect(chat.events).toHaveLength(12);
  });

  it('gives every teams checkpoint of expected.json, with its kind', () => {
    expect(expectCheckpoints(all, expected, 'teams')).toBe(8);
  });

  it('drops system events, heartbeats and the deleted message', () => {
    expectNoNoise(all, expected.noise);
    expect(all.some((e) => e.ref === '1715083330504')).toBe(false); // deleted, empty body
    expect(all.some((e) => e.ref === '1715158992900' || e.ref === '1715158990206')).toBe(false); // chatRenamed, membersAdded
    expect(all.some((e) => /nightly-backup/.test(e.text))).toBe(false);
  });

  it('keeps nested replies with their root as parentRef, and flat ids as strings', () => {
    const reply = channel.events.find((e) => e.ref === '1715158350200');
    expect(reply?.parentRef).toBe('1715157087035');
    expect(reply?.text).toContain('secrets "mesh-ca" is forbidden');
    expect(channel.events.find((e) => e.ref === '1715157087035')?.parentRef).toBeNull();
  });

  it('uses createdDateTime, not lastModifiedDateTime (moved by reactions and edits)', () => {
    const edited = chat.events.find((e) => e.ref === '1715167827403');
    expect(edited?.occurredAt).toBe(Date.parse('2024-05-08T11:30:27.400Z'));
    expect(edited?.rawTime).toBe('2024-05-08T11:30:27.4Z');
  });

  it('turns HTML into plain text: mentions, entities, code, pre, lists, emoji, links', () => {
    const t = channel.events.find((e) => e.ref === '1715073340706')?.text;
    expect(t).toBe(
      'Invoices stuck in syncing\n@Lena Fischer customers report invoices stuck in "syncing" for hours. 3 tenants so far: Fjord Freight, Kestrel Labs & Aldine Studio. Tickets: #88412, #88415, #88419',
    );
    expect(channel.events.find((e) => e.ref === '1714989494311')?.text).toBe(
      'Morning! Anyone else seeing x509: certificate has expired or is not yet valid in the billing-gateway logs when it calls ledger-svc? About 30 since 02:00 UTC, and every one of them went through on retry 🤔',
    );
    expect(chat.events.find((e) => e.ref === '1715159080611')?.text).toBe(
      'IC: Tomás. Plan:\n1. cordon and drain pool-b so ledger-svc runs on pool-a only\n2. fix the cert-rotator RBAC\n3. re-issue the pool-b certificates\n4. uncordon',
    );
  });

  it('names the group chat by its chatRenamed display name and a channel by its file', () => {
    expect(new Set(chat.events.map((e) => e.channel))).toEqual(new Set(['INC-2291 ledger mTLS']));
    expect(new Set(channel.events.map((e) => e.channel))).toEqual(new Set(['platform-ops-channel']));
  });

  it('reads adaptive cards from connectors as echoes with merge keys', () => {
    const argo = channel.events.find((e) => e.ref === '1715165921303');
    expect(argo).toMatchObject({ kind: 'deploy', echoOf: 'argocd', actor: 'Argo CD', keys: ['deploy:platform-mesh-certs', 'rev:4be1c9d'] });
    expect(argo?.text).toBe('platform-mesh-certs synced\nApplication platform-mesh-certs synced to revision 4be1c9d.\nHealth: Healthy');
    const og = channel.events.find((e) => e.ref === '1715090566905');
    expect(og).toMatchObject({ kind: 'alert', echoOf: 'opsgenie', keys: ['og:4468'] });
    // people are never echoes
    expect(all.filter((e) => e.echoOf).map((e) => e.actor).sort()).toEqual(['Argo CD', 'Argo CD', 'Opsgenie']);
  });
});

describe('Teams: real Graph samples (pnp/pnpcore recordings)', () => {
  it('reads a channel messages page: subjects, hero/adaptive cards, file references, inline images', async () => {
    const r = await parseFile(`${SAMPLES}/pnpcore_channel-messages-page.response.json`, 'page.json');
    expect(r.warnings).toEqual([]);
    expectWellFormed(r.events);
    expect(r.events.length).toBe(18);
    expect(r.events.every((e) => e.actor === 'Bert Jansen (Cloud)')).toBe(true);
    expect(r.events.some((e) => e.text.startsWith('This is a subject test\n'))).toBe(true);
    expect(r.events.some((e) => e.text.includes('[file: test_added.docx]'))).toBe(true);
    expect(r.events.some((e) => e.text.startsWith('Unit Test posting a card\nThis is the subtitle'))).toBe(true);
    expect(r.events.every((e) => !/<[a-z/]/i.test(e.text))).toBe(true);
  });

  it('reads a replies page with channel and user mentions', async () => {
    const r = await parseFile(`${SAMPLES}/pnpcore_channel-message-replies.response.json`, 'replies.json');
    expect(r.events).toHaveLength(1);
    expect(r.events[0]?.parentRef).toBe('1653046731463');
    expect(r.events[0]?.text).toContain('Mention 1: @Channel');
  });

  it('drops a page of 18 system events (from null, eventDetail) without warnings', async () => {
    const r = await parseFile(`${SAMPLES}/pnpcore_channel-messages-system-events-page.response.json`, 'sys.json');
    expect(r.events).toEqual([]);
    expect(r.warnings).toEqual([]);
  });
});

describe('Teams edge cases', () => {
  it('reports the malformed instant of the Graph docs sample and skips only that message', async () => {
    const { detected, result } = await parseJson({
      value: [msg({ id: '1', createdDateTime: '2021-03-1706:47:05.123Z' }), msg({ id: '2' }), msg({ id: '3', createdDateTime: '2024-03-12T14:03:40' })],
    });
    expect(detected).toBe(true);
    expect(result.events.map((e) => e.ref)).toEqual(['2']);
    expect(result.warnings).toHaveLength(2);
    expect(result.warnings[0]).toMatchObject({ file: 'teams.json' });
    expect(result.warnings[0]?.message).toMatch(/message 1 \(id 1\): createdDateTime "2021-03-1706:47:05.123Z"/);
    expect(result.warnings[1]?.message).toMatch(/message 3 \(id 3\)/);
  });

  it('accepts fraction lengths 0-7 and keeps ids as strings (numbers become their text)', async () => {
    const { result } = await parseJson([
      msg({ id: 1710252220123, createdDateTime: '2024-03-12T14:03:40Z' }),
      msg({ id: 'b', createdDateTime: '2024-03-12T14:03:40.1234567Z' }),
    ]);
    expect(result.events.map((e) => [e.ref, e.occurredAt])).toEqual([
      ['1710252220123', Date.parse('2024-03-12T14:03:40Z')],
      ['b', Date.parse('2024-03-12T14:03:40.123Z')],
    ]);
  });

  it('falls back from a null displayName to the initiator, then the id; bots via from.application', async () => {
    const { result } = await parseJson({
      value: [
        msg({ id: '1', from: { user: { id: 'u-77', displayName: null } } }),
        msg({ id: '2', from: { application: { id: 'a1', displayName: 'Deploy Bot', applicationIdentityType: 'bot' } }, body: { contentType: 'text', content: 'Deployment #12 succeeded' } }),
        msg({ id: '3', from: null, eventDetail: { initiator: { user: { id: 'u-1', displayName: 'Init' } } } }),
      ],
    });
    expect(result.events.map((e) => e.actor)).toEqual(['u-77', 'Deploy Bot', 'Init']);
    expect(result.events[1]).toMatchObject({ kind: 'deploy', echoOf: 'github', keys: ['deployment:12'] });
  });

  it('links a chat reply to the message it quotes (messageReference attachment), without repeating the quote', async () => {
    const { result } = await parseJson({
      value: [
        msg({
          id: '2',
          chatId: '19:abc@thread.v2',
          body: { contentType: 'html', content: '<attachment id="1"></attachment><p>agreed</p>' },
          attachments: [{ id: '1', contentType: 'messageReference', content: JSON.stringify({ messageId: '1', messagePreview: 'roll back?' }) }],
        }),
        msg({ id: '1', chatId: '19:abc@thread.v2', body: { contentType: 'text', content: 'roll back?' } }),
      ],
    });
    expect(result.events.map((e) => [e.ref, e.parentRef, e.text])).toEqual([
      ['2', '1', 'agreed'],
      ['1', null, 'roll back?'],
    ]);
  });

  it('drops typing/chatEvent/unknownFutureValue items and deleted messages with empty bodies', async () => {
    const { result } = await parseJson({
      value: [
        msg({ id: '1', messageType: 'typing' }),
        msg({ id: '2', messageType: 'chatEvent' }),
        msg({ id: '3', messageType: 'unknownFutureValue', body: { contentType: 'html', content: '<systemEventMessage/>' } }),
        msg({ id: '4', deletedDateTime: '2024-03-12T14:05:00Z', body: { contentType: 'html', content: '' } }),
        msg({ id: '5' }),
      ],
    });
    expect(result.events.map((e) => e.ref)).toEqual(['5']);
  });

  it('strips terminal escapes from bodies and names', async () => {
    const { result } = await parseJson({
      value: [msg({ from: { user: { id: 'x', displayName: 'Eve\u001b[2J' } }, body: { contentType: 'html', content: '<p>boom\u001b]0;title\u0007 done\u202e</p>' } })],
    });
    expect(result.events[0]?.actor).toBe('Eve');
    expect(result.events[0]?.text).toBe('boom done');
  });

  it('does not claim other JSON', async () => {
    for (const json of [{ value: [{ id: 1 }] }, { messages: [] }, [{ createdDateTime: 'x' }], { value: [] }]) {
      expect(teamsImporter.detect({ name: 'x.json', head: '', json, size: 1 })).toBe(false);
    }
    expect(teamsImporter.detect({ name: 'x.json', head: '', json: { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#chats(\'x\')/messages', value: [] }, size: 1 })).toBe(true);
  });

  it('survives random and mutated messages (property)', async () => {
    const arb = fc.record(
      {
        id: fc.oneof(fc.string(), fc.integer(), fc.constant(undefined)),
        messageType: fc.constantFrom('message', 'systemEventMessage', 'weird', undefined),
        createdDateTime: fc.oneof(fc.constant('2024-03-12T14:03:40.31Z'), fc.string(), fc.integer()),
        from: fc.oneof(fc.constant(null), fc.anything(), fc.record({ user: fc.record({ displayName: fc.option(fc.string()) }) })),
        body: fc.oneof(fc.anything(), fc.record({ contentType: fc.constantFrom('html', 'text'), content: fc.string() })),
        attachments: fc.oneof(fc.anything(), fc.array(fc.record({ contentType: fc.string(), content: fc.oneof(fc.string(), fc.anything()) }), { maxLength: 2 })),
        replies: fc.option(fc.array(fc.anything(), { maxLength: 2 })),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(arb, { maxLength: 8 }), async (value) => {
        const f = memFile('t.json', JSON.stringify({ value }));
        const input = await detectInput(f);
        const r = await teamsImporter.parse(f, input, ctxFor('t.json'));
        expectWellFormed(r.events);
      }),
      { numRuns: 150 },
    );
  });
});

describe('html to text', () => {
  it.each([
    ['<p>a</p><p>b</p>', 'a\nb'],
    ['<div>x&nbsp;&amp;&nbsp;y &lt;z&gt; &quot;q&quot; &#39;s&#39; &#x1F600;</div>', 'x & y <z> "q" \'s\' 😀'],
    ['<at id="0">Bob Builder</at>&nbsp;hi', '@Bob Builder hi'],
    ['<ul><li>one</li><li>two</li></ul>', '- one\n- two'],
    ['<ol><li>one</li><li>two</li></ol>', '1. one\n2. two'],
    ['<pre>line 1\n  line 2</pre>', 'line 1\n  line 2'],
    ['run <code>kubectl get pods</code> now', 'run kubectl get pods now'],
    ['<a href="https://x.example/1">#1</a> and <a href="https://x.example/2"></a>', '#1 and https://x.example/2'],
    ['<attachment id="abc"></attachment>', ''],
    ['<systemEventMessage/>', ''],
    ['<emoji id="1f914" alt="🤔" title="x"></emoji> hm', '🤔 hm'],
    ['<img src="https://graph/x/$value" alt="graph">', 'graph'],
    ['<script>alert(1)</script>ok', 'ok'],
    ['a<br>b<br/>c', 'a\nb\nc'],
    ['unknown &bogus; stays', 'unknown &bogus; stays'],
    ['<p>unclosed <b>bold', 'unclosed bold'],
  ])('%s', (html, text) => {
    expect(htmlToText(html)).toBe(text);
  });

  it('decodes numeric entities safely', () => {
    expect(decodeEntities('&#0;&#xD800;&#1114112;ok')).toBe('ok');
  });

  it('never throws on random input', () => {
    fc.assert(fc.property(fc.string(), (s) => typeof htmlToText(s) === 'string'));
    fc.assert(fc.property(fc.anything(), (v) => typeof cardText(v) === 'string'));
  });
});

describe('cards', () => {
  it('reads adaptive TextBlock, FactSet, RichTextBlock and columns; hero cards; bad JSON as HTML', () => {
    const adaptive = JSON.stringify({
      type: 'AdaptiveCard',
      body: [
        { type: 'TextBlock', text: '**FIRING**: checkout 5xx' },
        { type: 'FactSet', facts: [{ title: 'Severity:', value: 'page' }] },
        { type: 'ColumnSet', columns: [{ type: 'Column', items: [{ type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: 'in a column' }] }] }] },
      ],
    });
    expect(cardText(adaptive)).toBe('FIRING: checkout 5xx\nSeverity: page\nin a column');
    expect(cardText({ title: 'Hero', subtitle: 'sub', text: '<b>body</b>' })).toBe('Hero\nsub\nbody');
    expect(cardText('<p>not json</p>')).toBe('not json');
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/ingest/csv.js';
import { dceChannelFromFileName, discordCsvImporter, discordJsonImporter, plainMarkdown } from '../../src/ingest/discord.js';
import { expectCheckpoints, expectNoNoise, expectWellFormed, readExpected } from './chat-expect.js';
import { ctxFor, detectInput, diskFile, memFile } from './chat-vfs.js';

const FIX = 'test/fixtures/chat/hl7-queue-backlog';
const JSON_NAME = 'Corrib Integration Ops - Operations - interface-ops [1262650000000000002] (2024-07-16 to 2024-07-17).json';
const CSV_NAME = 'Corrib Integration Ops - Operations - service-desk [1262650000000000004] (2024-07-16 to 2024-07-17).csv';
const SAMPLES = 'test/fixtures/samples/discord-dce-json';

async function parseWith(imp: typeof discordJsonImporter, path: string, display: string) {
  const f = diskFile(path, display);
  const input = await detectInput(f);
  expect(imp.detect(input)).toBe(true);
  return imp.parse(f, input, ctxFor(display));
}

const author = (over: Record<string, unknown> = {}) => ({ id: '1200000000000000011', name: 'alice.example', discriminator: '0000', nickname: 'Alice', isBot: false, ...over });
const dm = (over: Record<string, unknown>) => ({
  id: '1217110852239360000',
  type: 'Default',
  timestamp: '2024-03-12T15:04:00+01:00',
  timestampEdited: null,
  content: 'hello',
  author: author(),
  attachments: [],
  embeds: [],
  reactions: [],
  mentions: [],
  ...over,
});
const doc = (messages: unknown[]) => ({
  guild: { id: '1100000000000000001', name: 'Acme Ops' },
  channel: { id: '1100000000000000002', type: 'GuildTextChat', name: 'inc-checkout' },
  dateRange: { after: null, before: null },
  exportedAt: '2024-03-13T09:00:00.1234567+00:00',
  messages,
  messageCount: messages.length,
});

async function parseDoc(json: unknown, name = 'x.json') {
  const f = memFile(name, JSON.stringify(json));
  const input = await detectInput(f);
  return discordJsonImporter.parse(f, input, ctxFor(name));
}

async function parseCsvText(text: string, name = 'chat.csv') {
  const f = memFile(name, text);
  const input = await detectInput(f);
  return { detected: discordCsvImporter.detect(input), result: await discordCsvImporter.parse(f, input, ctxFor(name)) };
}

describe('DiscordChatExporter: hl7-queue-backlog fixture', async () => {
  const j = await parseWith(discordJsonImporter, `${FIX}/${JSON_NAME}`, JSON_NAME);
  const c = await parseWith(discordCsvImporter, `${FIX}/${CSV_NAME}`, CSV_NAME);
  const all = [...j.events, ...c.events];
  const expected = readExpected(`${FIX}/expected.json`);

  it('parses both exports without warnings', () => {
    expect(j.warnings).toEqual([]);
    expect(c.warnings).toEqual([]);
    expectWellFormed(all);
    // JSON: 30 messages minus 8 hourly heartbeats and 3 system messages; CSV: 12 records
    expect(j.events).toHaveLength(19);
    expect(c.events).toHaveLength(12);
  });

  it('gives every discord checkpoint of expected.json, with its kind', () => {
    expect(expectCheckpoints(all, expected, 'discord')).toBe(10);
  });

  it('drops system messages and heartbeats', () => {
    expectNoNoise(all, expected.noise);
  });

  it('converts +01:00 offsets to UTC and keeps snowflake ids as strings', () => {
    const m = j.events.find((e) => e.ref === '1262639902546329601');
    expect(m?.occurredAt).toBe(Date.parse('2024-07-16T05:20:11.482Z'));
    expect(m?.rawTime).toBe('2024-07-16T06:20:11.482+01:00');
    expect(m?.channel).toBe('interface-ops');
    expect(m?.actor).toBe('Niamh');
  });

  it('keeps a reply with its referenced message as parentRef', () => {
    expect(j.events.find((e) => e.ref === '1262670575810248716')?.parentRef).toBe('1262668920985354251');
  });

  it('reads bot embeds (empty content) as PagerDuty echoes with pd keys', () => {
    const pd = j.events.filter((e) => e.echoOf === 'pagerduty');
    expect(pd.map((e) => [e.kind, e.keys])).toEqual([
      ['alert', ['pd:4410']],
      ['escalation', ['pd:4410']],
      ['ack', ['pd:4410']],
    ]);
    expect(pd[0]?.text.startsWith('Triggered: EHR_RESULTS_OUT queue depth above 500')).toBe(true);
    expect(pd[2]?.text).toContain('acknowledged by Aoife Brennan');
  });

  it('reads the CSV: 7-digit fractions, doubled quotes, multi-line field, attachment, channel from the file name', () => {
    const first = c.events[0];
    expect(first?.occurredAt).toBe(Date.parse('2024-07-16T07:18:03.482Z'));
    expect(first?.ref).toBe('2');
    expect(first?.channel).toBe('service-desk');
    expect(c.events.find((e) => e.ref === '4')?.text).toContain('report the same: "results pending" for bloods');
    const multi = c.events.find((e) => e.ref === '8');
    expect(multi?.text).toBe(
      'switchboard asked for wording. Using:\n"Lab results are reaching WardView late (up to 2 hours).\nCritical results are being phoned to wards. No results have been lost."',
    );
    expect(c.events.find((e) => e.ref === '11')?.line).toBe(11); // the multi-line record moved the line numbers
    expect(c.events.at(-1)?.text).toMatch(/\[file: ward-calls\.xlsx\]$/);
  });
});

describe('DiscordChatExporter: real samples (zulip fixtures)', () => {
  it('parses the partitioned export and the private channel, skipping pins, joins and threads', async () => {
    const p1 = await parseWith(discordJsonImporter, `${SAMPLES}/zulip-discord server - Text Channels - general [1519311538035490958].json`, 'general.json');
    const p2 = await parseWith(
      discordJsonImporter,
      `${SAMPLES}/zulip-discord server - Text Channels - general [1519311538035490958] [part 2].json`,
      'general-2.json',
    );
    const pr = await parseWith(discordJsonImporter, `${SAMPLES}/zulip-discord server - Text Channels - private [1519314256007266425].json`, 'private.json');
    for (const r of [p1, p2, pr]) {
      expect(r.warnings).toEqual([]);
      expectWellFormed(r.events);
    }
    expect(p1.events).toHaveLength(10);
    expect(p2.events).toHaveLength(10);
    expect(pr.events).toHaveLength(1);
    const ids = new Set([...p1.events, ...p2.events].map((e) => e.ref));
    expect(ids.size).toBe(20);
    expect(p1.events[0]?.text).toBe('Bold italic underline');
    expect(p2.events[0]?.parentRef).toBe('1519313281611862046'); // a reply into part 1
    expect(p1.events.find((e) => e.text.includes('[file: Screenshot_2026-03-18_222549.png]'))).toBeDefined();
    expect([...p1.events, ...p2.events, ...pr.events].some((e) => /Pinned a message|Joined the server|Started a thread/.test(e.text))).toBe(
      false,
    );
  });
});

describe('DiscordChatExporter JSON edge cases', () => {
  it('keeps ids beyond 2^53 exactly and falls back to the snowflake time for a bad timestamp, with a warning', async () => {
    const r = await parseDoc(doc([dm({ id: '1217111198760173568', timestamp: 'yesterday' })]));
    expect(r.events[0]?.ref).toBe('1217111198760173568');
    expect(r.events[0]?.occurredAt).toBe(Number((1217111198760173568n >> 22n) + 1420070400000n));
    expect(r.warnings[0]?.message).toMatch(/message 1 \(id 1217111198760173568\): timestamp "yesterday" unreadable, time taken from the message id/);
  });

  it('skips numeric ids, missing ids and non-objects with warnings naming the record', async () => {
    const r = await parseDoc(doc([dm({ id: 1217111198760173600 }), dm({ id: undefined }), 'x', dm({ id: '1217110852239360001', content: 'ok' })]));
    expect(r.events.map((e) => e.text)).toEqual(['ok']);
    expect(r.warnings.map((w) => w.message.slice(0, 10))).toEqual(['message 1:', 'message 2:', 'message 3:']);
    expect(r.warnings[0]?.message).toMatch(/loses precision/);
  });

  it('de-duplicates by id, drops empty messages and unknown numeric system types, keeps unknown types with text', async () => {
    const r = await parseDoc(
      doc([
        dm({ id: '1' }),
        dm({ id: '1' }),
        dm({ id: '2', content: '' }),
        dm({ id: '3', type: '8', content: 'boosted' }),
        dm({ id: '4', type: '46', content: 'poll result: yes' }),
        dm({ id: '5', type: 'RecipientAdd', content: 'Added Bob to the group.' }),
      ]),
    );
    expect(r.events.map((e) => e.ref)).toEqual(['1', '4']);
  });

  it('uses nickname, then name; a forward is not a reply; embeds, fields, footer and stickers become text', async () => {
    const r = await parseDoc(
      doc([
        dm({ id: '10', author: author({ nickname: null }), reference: { type: 'Forward', messageId: '9' }, forwardedMessage: { content: 'fwd body' } }),
        dm({
          id: '11',
          content: '',
          author: author({ nickname: 'Grafana', isBot: true }),
          embeds: [{ title: '[Alerting] Disk full', description: 'db-1 at 97%', fields: [{ name: 'host', value: 'db-1' }], footer: { text: 'Grafana v10' } }],
          stickers: [{ id: '1', name: 'wave' }],
        }),
      ]),
    );
    expect(r.events[0]).toMatchObject({ actor: 'alice.example', parentRef: null, text: 'hello\n[forwarded] fwd body' });
    expect(r.events[1]).toMatchObject({ kind: 'alert', echoOf: 'grafana', text: '[Alerting] Disk full\ndb-1 at 97%\nhost: db-1\nGrafana v10\n[sticker: wave]' });
  });

  it('strips terminal escapes from content and names', async () => {
    const r = await parseDoc(doc([dm({ content: 'stack:\n\u001b[31mERR\u001b[0m boom\u009b2J', author: author({ nickname: 'Mal\u001b]8;;x\u0007lory' }) })]));
    expect(r.events[0]?.text).toBe('stack:\nERR boom');
    expect(r.events[0]?.actor).toBe('Mallory');
  });

  it('only claims DCE documents', () => {
    expect(discordJsonImporter.detect({ name: 'x', head: '', json: doc([]), size: 1 })).toBe(true);
    for (const json of [{ messages: [{ ts: '1.2', text: 'x' }] }, { value: [] }, [], { messages: 'x' }]) {
      expect(discordJsonImporter.detect({ name: 'x', head: '', json, size: 1 })).toBe(false);
    }
  });

  it('survives random and mutated messages (property)', async () => {
    const arb = fc.record(
      {
        id: fc.oneof(fc.constant('1217110852239360000'), fc.string(), fc.integer(), fc.constant(null)),
        type: fc.oneof(fc.constantFrom('Default', 'Reply', 'GuildMemberJoin', '21'), fc.anything()),
        timestamp: fc.oneof(fc.constant('2024-03-12T15:04:00.1234567+01:00'), fc.string(), fc.anything()),
        content: fc.oneof(fc.string(), fc.anything()),
        author: fc.oneof(fc.anything(), fc.record({ nickname: fc.option(fc.string()), name: fc.string(), isBot: fc.boolean() })),
        embeds: fc.oneof(fc.anything(), fc.array(fc.record({ title: fc.anything(), fields: fc.anything() }), { maxLength: 2 })),
        reference: fc.option(fc.anything()),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(arb, { maxLength: 8 }), async (messages) => {
        const r = await parseDoc(doc(messages));
        expectWellFormed(r.events);
      }),
      { numRuns: 150 },
    );
  });
});

describe('DiscordChatExporter CSV edge cases', () => {
  const header = 'AuthorID,Author,Date,Content,Attachments,Reactions\n';
  it('accepts the old quoted header and a BOM, and CRLF line ends', async () => {
    const { detected, result } = await parseCsvText(
      '\uFEFF"AuthorID","Author","Date","Content","Attachments","Reactions"\r\n"1","bob#1234","2024-03-12T15:04:00.0000000+01:00","hi ""there""","",""\r\n',
    );
    expect(detected).toBe(true);
    expect(result.events.map((e) => [e.actor, e.text, e.occurredAt])).toEqual([['bob#1234', 'hi "there"', Date.parse('2024-03-12T14:04:00Z')]]);
  });

  it('warns with the line of a bad date and of a truncated quoted field; drops system fallback texts', async () => {
    const { result } = await parseCsvText(
      `${header}"1","a","not a date","x","",""\n"1","a","2024-03-12T15:04:00.0000000+01:00","Joined the server.","",""\n"1","a","2024-03-12T15:05:00.0000000+01:00","Pinned a message.","",""\n"1","a","2024-03-12T15:06:00.0000000+01:00","kept","",""\n"1","a","2024-03-12T15:07:00.0000000+01:00","trunc`,
    );
    expect(result.events.map((e) => e.text)).toEqual(['kept']);
    expect(result.warnings.map((w) => w.line)).toEqual([6, 2]);
    expect(result.warnings[0]?.message).toMatch(/never closed/);
    expect(result.warnings[1]?.message).toMatch(/Date "not a date"/);
  });

  it('does not claim JSON or other CSVs', () => {
    expect(discordCsvImporter.detect({ name: 'x.csv', head: 'a,b,c\n1,2,3', json: undefined, size: 1 })).toBe(false);
    expect(discordCsvImporter.detect({ name: 'x.csv', head: header, json: [], size: 1 })).toBe(false);
  });

  it('never throws on random text after the header (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 300 }), async (body) => {
        const { result } = await parseCsvText(header + body);
        expectWellFormed(result.events);
      }),
      { numRuns: 200 },
    );
  });
});

describe('helpers', () => {
  it('parses RFC 4180 CSV', () => {
    expect(parseCsv('a,"b,c","d\n""e"""\n\n1,,3\n')).toEqual({
      records: [
        { line: 1, fields: ['a', 'b,c', 'd\n"e"'] },
        { line: 4, fields: ['1', '', '3'] },
      ],
      unterminatedAt: null,
    });
    expect(parseCsv('a,"b').unterminatedAt).toBe(1);
  });

  it('reads the channel from DCE default file names', () => {
    expect(dceChannelFromFileName(`in/${JSON_NAME}`)).toBe('interface-ops');
    expect(dceChannelFromFileName('Acme - general [123456789012345678] [part 2].json')).toBe('general');
    expect(dceChannelFromFileName('Direct Messages - Private - bob [123456789012345678].json')).toBe('bob');
    expect(dceChannelFromFileName('export.json')).toBe('export');
  });

  it('unwraps Discord markdown emphasis', () => {
    expect(plainMarkdown('**b** __u__ ~~s~~ ||sp|| *i* _j_ snake_case 2*3*4')).toBe('b u s sp i j snake_case 2*3*4');
  });
});

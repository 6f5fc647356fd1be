// Slack day files are parsed from their latin-1 text (one character per byte) and each string the
// converter reads is decoded afterwards (slack.ts, dayText). The events and warnings must be exactly
// those of decoding the whole file as UTF-8 first: checked here on hostile bytes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addChannels, addUsers, convertSlackMessages, dayText, emptyDirectory, slackExportImporter, splitPoints, utf8Of } from '../../src/ingest/slack.js';
import type { IngestWarning, RawEvent, VDir, VFile } from '../../src/ingest/types.js';
import { decodeBytes } from '../../src/ingest/walk.js';
import { sanitize } from '../../src/domain/text.js';

const USERS = [
  { id: 'U1', name: 'ana', profile: { display_name: 'Ana Müller', real_name: 'Ana Müller' } },
  { id: 'UÉ', name: 'zoë', profile: { display_name: 'Zoë 山田', bot_id: 'BÉ' } },
  { id: 'UBOT', name: 'pd', profile: { display_name: 'PagerDuty', bot_id: 'B1' } },
];
const CHANNELS = [{ id: 'C1', name: 'inc-café' }];

function byteFile(path: string, bytes: Buffer): VFile {
  return {
    path,
    name: path.split('/').pop() ?? path,
    size: bytes.length,
    readText: async () => decodeBytes(bytes),
    readBytes: async () => new Uint8Array(bytes),
    lines: async function* () {
      yield* [];
    },
  };
}

function bundle(days: Record<string, Buffer>): VDir {
  const files = [
    byteFile('exp/users.json', Buffer.from(JSON.stringify(USERS))),
    byteFile('exp/channels.json', Buffer.from(JSON.stringify(CHANNELS))),
    ...Object.entries(days).map(([rel, b]) => byteFile(`exp/${rel}`, b)),
  ];
  return { path: 'exp', files, get: (rel) => files.find((f) => f.path === `exp/${rel}`), rel: (f) => f.path.slice(4) };
}

/** What the importer gave before: the whole day file decoded as UTF-8, then parsed and converted. */
function reference(days: Record<string, Buffer>): { events: RawEvent[]; warnings: IngestWarning[] } {
  const dir = emptyDirectory();
  addUsers(dir, USERS);
  addChannels(dir, CHANNELS);
  const events: RawEvent[] = [];
  const warnings: IngestWarning[] = [];
  const names = Object.keys(days).sort();
  let seen = new Set<string>();
  let folder = '';
  for (const rel of names) {
    const [f] = rel.split('/');
    if (f !== folder) {
      folder = f!;
      seen = new Set();
    }
    const path = `exp/${rel}`;
    let json: unknown;
    try {
      json = JSON.parse(decodeBytes(days[rel]!));
    } catch (err) {
      warnings.push({ file: path, line: null, message: `not valid JSON (${(err as Error).message}), skipped` });
      continue;
    }
    if (!Array.isArray(json)) continue;
    const channel = folder === 'C1' ? 'inc-café' : folder;
    convertSlackMessages(json, { dir, file: path, channel, warnings, seen }, events);
  }
  return { events, warnings };
}

async function same(days: Record<string, Buffer>): Promise<void> {
  const got = await slackExportImporter.parseBundle(bundle(days), { file: 'exp', tz: null });
  const want = reference(days);
  expect(got.events).toEqual(want.events);
  expect(got.warnings).toEqual(want.warnings);
}

const msg = (ts: string, extra: Record<string, unknown>) => ({ type: 'message', ts, ...extra });
const json = (v: unknown) => Buffer.from(JSON.stringify(v, null, 2));
/** as Slack writes a day file: four spaces a level */
const json4 = (v: unknown) => Buffer.from(JSON.stringify(v, null, 4));

describe('Slack day files read as bytes', () => {
  it('decodes the strings it reads: text, names, ids, threads, attachments, blocks, files', async () => {
    const day = [
      msg('1710252000.000100', { user: 'U1', text: 'café is down — 山田 says 👍 *überall* _ñ_ ~x~' }),
      msg('1710252001.000100', { user: 'UÉ', text: 'ping <@UÉ> and <@U1|Ana> in <#C1>' }),
      msg('1710252002.000100', { user: 'UNKNOWN', user_profile: { display_name: 'Jürgen ☃' }, text: 'NBSP\u00a0here and NEL\u0085 there' }),
      msg('1710252003.000100', { user: 'U1', text: 'reply ü', thread_ts: '1710252000.000100' }),
      msg('1710252003.000200', { user: 'UNKNOWN2', user_profile: { display_name: 'Frà', real_name: 'x' }, text: 'ends in à' }),
      msg('1710252003.000300', { subtype: 'bot_message', username: 'Botà', text: 'à' }),
      msg('1710252003.000400', { user: 'U1', text: 'in thread é', thread_ts: '1710252003.é' }),
      msg('1710252004.000100', { subtype: 'bot_message', bot_id: 'BÉ', username: 'Grafanä', text: '', attachments: [{ title: 'Alärm', text: 'détail', fields: [{ title: 'Sévérité', value: 'haute' }] }] }),
      msg('1710252005.000100', { subtype: 'bot_message', bot_profile: { name: 'Dëploy bot' }, blocks: [{ type: 'rich_text', elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text: 'Déployé ' }, { type: 'user', user_id: 'UÉ' }, { type: 'emoji', name: 'tada' }] }] }] }),
      msg('1710252006.000100', { user: 'U1', text: '', files: [{ title: 'Überblick.png' }] }),
      msg('1710252007.000100', { user: 'U1', text: 'C1 csi \u009b31m red\u202e rtl \u2028 sep' }),
      msg('1710252008.000100', { user: 'U1', text: 'PagerDuty: triggered #1234 für checkout' }),
      msg('1710252009.000100', { subtype: 'bot_message', bot_id: 'B1', text: 'Triggered #4321: Dätenbank [FIRING:1] DBDown' }),
      { type: 'message', ts: { wrong: 'zeït' } },
      { type: 'message', ts: 'nöt-a-ts', text: 'x' },
      msg('1710252010.000100', { user: 'U1', text: 42 }),
      'not a message é',
    ];
    await same({ 'C1/2024-03-12.json': json(day), 'général/2024-03-12.json': json(day.slice(0, 4)) });
  });

  it('gives invalid UTF-8 the same replacement characters, inside and at the edge of strings', async () => {
    const head = Buffer.from('[{"type":"message","ts":"1710252000.000100","user":"U1","text":"a');
    const parts = [
      Buffer.from([0xc3]), // a lead byte right before the closing quote
      Buffer.from('"},{"type":"message","ts":"1710252001.000100","user":"U1","text":"b'),
      Buffer.from([0xff, 0xfe, 0xe2, 0x82, 0x41, 0xf0, 0x9f, 0x98]),
      Buffer.from(' c"},{"type":"message","ts":"1710252002.000100","user":"U1","text":"\\u001b[31mred \\u00'),
      Buffer.from('41 ok"}]'),
    ];
    await same({ 'C1/2024-03-12.json': Buffer.concat([head, ...parts]) });
  });

  it('falls back to decoding the file for a \\u escape of a non-ASCII character, a BOM, UTF-16', async () => {
    const day = [msg('1710252000.000100', { user: 'U1', text: 'caf\u00e9 é' })];
    const escaped = Buffer.from(JSON.stringify(day).replace('caf\u00e9', 'caf\\u00e9'));
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), json(day)]);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(JSON.stringify(day), 'utf16le')]);
    await same({ 'C1/2024-03-10.json': escaped, 'C1/2024-03-11.json': bom, 'C1/2024-03-12.json': utf16, 'C1/2024-03-13.json': json([]) });
    expect(dayText(escaped).raw).toBe(false);
    expect(dayText(json([{ text: 'plain ascii \\u001b' }])).raw).toBe(false);
    expect(dayText(json(day)).raw).toBe(true);
  });

  it('reports malformed JSON exactly as the UTF-8 text does (positions in characters)', async () => {
    await same({ 'C1/2024-03-12.json': Buffer.from('[{"type":"message","ts":"1710252000.000100","text":"日本語 é"}, oops]') });
  });

  describe('big day files, parsed a piece at a time', () => {
    // enough messages for several pieces (a piece is about 100 KB)
    const many = (n: number, extra: (i: number) => Record<string, unknown> = () => ({})) =>
      Array.from({ length: n }, (_, i) =>
        msg(`17102${String(50000 + i).padStart(5, '0')}.000100`, {
          user: i % 3 ? 'U1' : 'UÉ',
          text: `message ${i} ${'é'.repeat(i % 7)} ${'x'.repeat(200)} <@U1> ${i % 11 === 0 ? '\u001b[31m' : ''}`,
          ...(i % 5 === 0 && i > 0 ? { thread_ts: `17102${String(50000 + i - 5).padStart(5, '0')}.000100` } : {}),
          ...extra(i),
        }),
      );

    it('cuts Slack-style files between messages and gives the same events and warnings', async () => {
      const day = many(1500, (i) => (i === 700 ? { ts: 'broken' } : {}));
      const bytes = json4([...day, day[10], 'not a message']); // a repeated reply (deduplicated) and a bad record
      expect(splitPoints(bytes, 0).length).toBeGreaterThan(3);
      await same({ 'C1/2024-03-12.json': bytes, 'C1/2024-03-13.json': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), json4(many(900))]) });
    });

    it('parses the file whole when a cut falls inside a message (other indentation)', async () => {
      // two-space indentation: BETWEEN matches between the objects of a nested list (here lists of
      // objects among the messages, each a warning)
      const day: unknown[] = many(1200);
      for (let i = 0; i < day.length; i += 40) day[i] = [{ a: i }, { b: i }, { c: i }];
      const bytes = json(day);
      expect(splitPoints(bytes, 0).length).toBeGreaterThan(0);
      await same({ 'C1/2024-03-12.json': bytes });
    });

    it('gives the whole file\'s error (and no events) for a file broken after its first pieces', async () => {
      const good = json4(many(1500, (i) => (i === 5 ? { ts: 'bad' } : {}))).toString('latin1');
      // a raw control character is invalid anywhere in JSON, in a string or not
      const broken = Buffer.from(`${good.slice(0, good.length - 3000)}\u0001${good.slice(good.length - 3000)}`, 'latin1');
      expect(splitPoints(broken, 0).length).toBeGreaterThan(3);
      await same({ 'C1/2024-03-12.json': broken, 'C1/2024-03-13.json': json4(many(30)) });
    });
  });

  it('marks text clean only when sanitize() would leave it as it is (reconcile skips its own scan)', async () => {
    const hostile = fc.string({ unit: fc.constantFrom('a', ' ', '\n', '\r', '\u001b', '[', '3', 'm', '\u009b', '\u202e', '\u2066', '<', '>', '@', '#', '|', '&', ';', 'l', 't', '*', '_', '~', '`', 'é', '\u0007', '\u0000', '!'), maxLength: 40 });
    await fc.assert(
      fc.asyncProperty(fc.array(fc.record({ text: hostile, title: hostile, name: hostile }), { maxLength: 6 }), async (list) => {
        const day = list.map((m, i) =>
          i % 2
            ? msg(`1710252${String(i).padStart(3, '0')}.000100`, { user: 'U1', text: m.text, files: [{ title: m.name }] })
            : msg(`1710252${String(i).padStart(3, '0')}.000100`, { subtype: 'bot_message', text: '', attachments: [{ title: m.title, text: m.text }], blocks: [{ type: 'section', text: { text: m.name } }] }),
        );
        const got = await slackExportImporter.parseBundle(bundle({ 'C1/2024-03-12.json': json(day) }), { file: 'exp', tz: null });
        for (const e of got.events) {
          expect(e.textClean).toBe(true);
          expect(sanitize(e.text)).toBe(e.text);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('utf8Of matches decoding the bytes for any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const bytes = Buffer.from(s, 'utf8');
        expect(utf8Of(bytes.toString('latin1'))).toBe(bytes.toString('utf8'));
      }),
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (b) => {
        const bytes = Buffer.from(b);
        expect(utf8Of(bytes.toString('latin1'))).toBe(bytes.toString('utf8'));
      }),
    );
  });

  it('parses random messages to the same events as the UTF-8 text', async () => {
    const text = fc.string({ unit: 'binary', maxLength: 30 });
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({ user: fc.constantFrom('U1', 'UÉ', 'UX'), text, sub: fc.boolean(), thread: fc.boolean(), name: text }),
          { maxLength: 8 },
        ),
        async (list) => {
          const day = list.map((m, i) =>
            msg(`1710252${String(i).padStart(3, '0')}.000100`, {
              user: m.user,
              text: m.text,
              ...(m.sub ? { subtype: 'bot_message', username: m.name } : {}),
              ...(m.thread ? { thread_ts: '1710252000.000100' } : {}),
              user_profile: { display_name: m.name },
            }),
          );
          await same({ 'C1/2024-03-12.json': json(day) });
        },
      ),
      { numRuns: 60 },
    );
  });
});

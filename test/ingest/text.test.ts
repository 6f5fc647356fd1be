import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePastedChat, pastedChatImporter } from '../../src/ingest/text.js';
import { expectCheckpoints, expectNoNoise, expectWellFormed, readExpected } from './chat-expect.js';
import { ctxFor, detectInput, diskFile, memFile } from './chat-vfs.js';

const FIX = 'test/fixtures/chat/checkout-pool-exhaustion';
const NAME = 'support-tier2-pasted.txt';

async function parseFixture(tz: string | null) {
  const f = diskFile(`${FIX}/${NAME}`, NAME);
  const input = await detectInput(f);
  expect(pastedChatImporter.detect(input)).toBe(true);
  return pastedChatImporter.parse(f, input, ctxFor(NAME, tz));
}

const paste = (text: string, tz: string | null = 'UTC') => parsePastedChat(text, ctxFor('paste.txt', tz));
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

describe('pasted chat: support-tier2-pasted.txt (checkout-pool-exhaustion)', () => {
  it('without --tz: one warning naming the file and the first timed line, and no events', async () => {
    const r = await parseFixture(null);
    expect(r.events).toEqual([]);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatchObject({ file: NAME, line: 2 });
    expect(r.warnings[0]?.message).toMatch(/no zone.*--tz/);
  });

  it('with --tz America/Chicago (CDT, UTC-5): the text checkpoint of expected.json, at 14:07Z', async () => {
    const r = await parseFixture('America/Chicago');
    expect(r.warnings).toEqual([]);
    expectWellFormed(r.events);
    expect(r.events).toHaveLength(20);
    expect(expectCheckpoints(r.events, readExpected(`${FIX}/expected.json`), 'text')).toBe(1);
    expectNoNoise(r.events, readExpected(`${FIX}/expected.json`).noise);
    const first = r.events[0];
    expect(first).toMatchObject({ source: 'text', actor: 'Jae-won Lee', ref: '2', line: 2, rawTime: '9:07 AM', precision: 'minute', channel: 'support-tier2-pasted' });
    expect(iso(first?.occurredAt)).toBe('2024-03-12T14:07:00.000Z');
    expect(iso(r.events.at(-1)?.occurredAt)).toBe('2024-03-12T15:03:00.000Z'); // 10:03 AM
  });

  it('continues the sender on bare time lines, reads APP badges and drops (edited)', async () => {
    const r = await parseFixture('America/Chicago');
    const cont = r.events.find((e) => e.ref === '6');
    expect(cont).toMatchObject({ actor: 'Carmen Ortiz', text: 'both of them used SPRING24 codes. promo related maybe?', rawTime: '9:08' });
    expect(iso(cont?.occurredAt)).toBe('2024-03-12T14:08:00.000Z');
    expect(r.events.find((e) => e.ref === '8')?.actor).toBe('Zendesk');
    expect(r.events.find((e) => e.ref === '12')?.text).toBe(
      'I tried a test checkout on our demo merchant: failed the first time, went through on the second try',
    );
  });
});

describe('pasted chat shapes', () => {
  it('12-hour clock edge cases: 12:05 AM is 00:05, 12:05 PM is 12:05; bare times take the later reading', () => {
    const r = paste('March 12, 2024\nAnn  12:05 AM\nmidnight\nBob  11:58 AM\nnoon soon\n12:01\nafter noon\nCat  12:05 PM\nlunch\n');
    expect(r.events.map((e) => [e.actor, iso(e.occurredAt)])).toEqual([
      ['Ann', '2024-03-12T00:05:00.000Z'],
      ['Bob', '2024-03-12T11:58:00.000Z'],
      ['Bob', '2024-03-12T12:01:00.000Z'],
      ['Cat', '2024-03-12T12:05:00.000Z'],
    ]);
  });

  it('reads [HH:MM] name: text lines, 24-hour headers with a tab, seconds, ISO day headers and dates in brackets', () => {
    const r = paste('2024-03-12\n[14:32] alice: checkout is down\n[14:33:05] bob: looking\nCarol Chen\t14:35\non it\n[2024-03-13 09:00] dave: next day\n', 'Europe/Berlin');
    expect(r.warnings).toEqual([]);
    expect(r.events.map((e) => [e.actor, e.text, iso(e.occurredAt), e.precision])).toEqual([
      ['alice', 'checkout is down', '2024-03-12T13:32:00.000Z', 'minute'],
      ['bob', 'looking', '2024-03-12T13:33:05.000Z', 'second'],
      ['Carol Chen', 'on it', '2024-03-12T13:35:00.000Z', 'minute'],
      ['dave', 'next day', '2024-03-13T08:00:00.000Z', 'minute'],
    ]);
  });

  it('reads the "Name" + ":emoji: time" shape and day headers in several spellings', () => {
    const r = paste('Tuesday, March 12th, 2024\nAlice Example\n:fire: 2:32 PM\ncheckout 5xx is spiking\n12 March 2024\nBob Builder  2:33 p.m.\nrolling back\n');
    expect(r.events.map((e) => [e.actor, e.text, iso(e.occurredAt)])).toEqual([
      ['Alice Example', 'checkout 5xx is spiking', '2024-03-12T14:32:00.000Z'],
      ['Bob Builder', 'rolling back', '2024-03-12T14:33:00.000Z'],
    ]);
  });

  it('never invents a date: "Today", a day header without a year, or no header at all are warned and skipped', () => {
    for (const [text, why] of [
      ['Today\nAnn  9:00 AM\nhello\n', /relative/],
      ['Tuesday, March 12th\nAnn  9:00 AM\nhello\n', /no year/],
      ['Ann  9:00 AM\nhello\nBob  9:01 AM\nhi\n', /without a dated day header/],
    ] as const) {
      const r = paste(text);
      expect(r.events).toEqual([]);
      expect(r.warnings).toHaveLength(1);
      expect(r.warnings[0]?.message).toMatch(why);
      expect(r.warnings[0]?.line).toBeGreaterThan(0);
    }
  });

  it('reports lines before the first sender, and keeps a "today" inside a message as text', () => {
    const r = paste('some preamble\nmore\nMarch 12, 2024\nAnn  9:00 AM\nwe ship\ntoday\nafter lunch\nBob  9:01 AM\nok\n');
    expect(r.events.map((e) => e.text)).toEqual(['we ship\ntoday\nafter lunch', 'ok']);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatchObject({ line: 1 });
    expect(r.warnings[0]?.message).toMatch(/2 line\(s\)/);
  });

  it('flags a DST gap and an overlap instead of guessing silently', () => {
    const gap = paste('March 10, 2024\nAnn  2:30 AM\nin the gap\n', 'America/Chicago');
    expect(gap.events).toHaveLength(1);
    expect(gap.warnings[0]?.message).toMatch(/does not exist/);
    expect(gap.warnings[0]?.line).toBe(2);
    const overlap = paste('November 3, 2024\nAnn  1:30 AM\ntwice\n', 'America/Chicago');
    expect(overlap.warnings[0]?.message).toMatch(/happens twice/);
    expect(iso(overlap.events[0]?.occurredAt)).toBe('2024-11-03T06:30:00.000Z'); // the earlier (CDT) reading
  });

  it('reads Teams and Discord copy shapes, and never guesses an ambiguous d/m date', () => {
    const r = paste(
      '[13/03/2024 14:32] Alice Example: from teams\n[3/13/2024, 2:33 PM] Bob: us order\nCarol — 03/14/2024 9:05 AM\nfrom discord\nDave — Today at 9:06 AM\nrelative\n[3/12/2024 9:07 AM] Eve: ambiguous\n',
    );
    expect(r.events.map((e) => [e.actor, e.text, iso(e.occurredAt)])).toEqual([
      ['Alice Example', 'from teams', '2024-03-13T14:32:00.000Z'],
      ['Bob', 'us order', '2024-03-13T14:33:00.000Z'],
      ['Carol', 'from discord', '2024-03-14T09:05:00.000Z'],
    ]);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]?.message).toMatch(/2 message\(s\) without a dated day header/);
    expect(r.warnings[0]?.message).toMatch(/day\/month or month\/day/);
    expect(r.warnings[0]?.line).toBe(5); // the first undated message
  });

  it('rejects an unknown zone with a warning', () => {
    const r = paste('March 12, 2024\nAnn  9:00 AM\nhello\n', 'Mars/Olympus');
    expect(r.events).toEqual([]);
    expect(r.warnings[0]?.message).toMatch(/unknown time zone/);
  });

  it('strips an ANSI escape from a pasted stack trace', () => {
    const r = paste('March 12, 2024\nAnn  9:00 AM\n\u001b[31mERROR\u001b[0m pool timeout\n\tat Foo.bar(Foo.java:1)\n');
    expect(r.events[0]?.text).toBe('ERROR pool timeout\n\tat Foo.bar(Foo.java:1)');
  });

  it('detects chat text, not logs or CSV', async () => {
    const yes = memFile('a.txt', 'Alice Example  2:32 PM\nhi\nBob  2:33 PM\nyo\n');
    expect(pastedChatImporter.detect(await detectInput(yes))).toBe(true);
    for (const text of [
      'commit 7a3f9e2\nAuthor: A <a@b>\nDate:   Mon Apr 8 15:20:41 2024 +0200\n\n    move secrets\n',
      'Aug  7 12:34:56 host app[1]: started\nAug  7 12:34:57 host app[1]: ok\n',
      'AuthorID,Author,Date,Content,Attachments,Reactions\n',
      '{"ts":"1.2"}',
    ]) {
      const f = memFile('b.txt', text);
      expect(pastedChatImporter.detect(await detectInput(f))).toBe(false);
    }
  });

  it('never throws and never emits unsanitised text on random input (property)', () => {
    const line = fc.oneof(
      fc.string(),
      fc.constantFrom('March 12, 2024', 'Today', 'Ann  9:00 AM', '9:01', '[14:32] bob: x', 'Alice\n:fire: 2:32 PM', '\u001b[2Jboom'),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 20 }), fc.constantFrom(null, 'UTC', 'America/Chicago'), (lines, tz) => {
        const r = paste(lines.join('\n'), tz);
        expectWellFormed(r.events);
        if (!tz) expect(r.events).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});

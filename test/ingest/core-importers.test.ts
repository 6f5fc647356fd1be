// The core's own importers: git log, JSON-lines logs, Statuspage.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { detectGitLog, gitLogImporter } from '../../src/ingest/git.js';
import { detectJsonLines, jsonLinesLogImporter } from '../../src/ingest/log.js';
import { detectStatuspage, parseStatuspageJson } from '../../src/ingest/statuspage.js';
import type { DetectInput, VFile } from '../../src/ingest/types.js';

const fixture = (p: string) => readFileSync(fileURLToPath(new URL(`../fixtures/incidents/${p}`, import.meta.url)), 'utf8');

function vfile(path: string, text: string): VFile {
  return {
    path,
    name: path.split('/').pop()!,
    size: Buffer.byteLength(text),
    readText: async () => text,
    readBytes: async () => Buffer.from(text),
    async *lines() {
      const ls = text.split('\n');
      if (ls[ls.length - 1] === '') ls.pop();
      for (let i = 0; i < ls.length; i++) yield { line: i + 1, text: ls[i]! };
    },
  };
}
function input(text: string, json?: unknown): DetectInput {
  return { name: 'x', head: text.slice(0, 65536), json, size: text.length };
}
const ctx = (file: string, tz: string | null = null) => ({ tz, file });
const iso = (ms: number) => new Date(ms).toISOString();

describe('git log', () => {
  const text = fixture('cert-expiry-slow-burn/inputs/git-log.txt');

  it('reads the default format: author date with its offset, author, subject, merges', async () => {
    expect(detectGitLog(input(text))).toBe(true);
    const r = await gitLogImporter.parse(vfile('git-log.txt', text), input(text), ctx('git-log.txt'));
    expect(r.warnings).toEqual([]);
    expect(r.events).toHaveLength((text.match(/^commit /gm) ?? []).length);
    const first = r.events[0]!;
    expect(iso(first.occurredAt)).toBe('2024-05-08T10:42:10.000Z');
    expect(first.actor).toBe('Lena Fischer');
    expect(first.text).toBe('commit 4be1c9d by Lena Fischer: cert-rotator: read mesh CA from platform-secrets and alert on job failure (#431)');
    expect(first.kind).toBe('note');
    expect(first.line).toBe(1);
    expect(r.events.find((e) => e.text.startsWith('merge commit'))?.text).toMatch(/Merge pull request #425/);
    // +0100 in April (before DST in this repo's author's zone) is honoured, not normalised away
    expect(iso(r.events.find((e) => e.ref.startsWith('a9b8c7d'))!.occurredAt)).toBe('2024-04-23T14:20:00.000Z');
  });

  it('reads --format with unit/record separators, preferring the committer date', async () => {
    const t = 'abc1234def5678\x1f2024-03-12T14:50:12+01:00\x1f2024-03-12T15:00:00+01:00\x1fAna Souza\x1fana@example.com\x1ffix pool size\x1e\n' +
      'bcd2345\x1f2024-03-12T13:00:00Z\x1f2024-03-12T13:00:00Z\x1fBo\x1fbo@example.com\x1fbump\x1e\n';
    expect(detectGitLog(input(t))).toBe(true);
    const r = await gitLogImporter.parse(vfile('g.txt', t), input(t), ctx('g.txt'));
    expect(r.events.map((e) => [iso(e.occurredAt), e.actor, e.text])).toEqual([
      ['2024-03-12T14:00:00.000Z', 'Ana Souza', 'commit abc1234 by Ana Souza: fix pool size'],
      ['2024-03-12T13:00:00.000Z', 'Bo', 'commit bcd2345 by Bo: bump'],
    ]);
  });

  it('reads one-line forms and warns on zone-less dates without tz', async () => {
    const t = '4be1c9d 2024-05-08 12:42:10 +0200 Lena Fischer: rotate certs\n9e8d7c6 2024-05-06 17:27:45 Ana Souza: release\n';
    expect(detectGitLog(input(t))).toBe(true);
    const r = await gitLogImporter.parse(vfile('g.txt', t), input(t), ctx('g.txt'));
    expect(r.events.map((e) => [iso(e.occurredAt), e.actor])).toEqual([['2024-05-08T10:42:10.000Z', 'Lena Fischer']]);
    expect(r.warnings).toEqual([{ file: 'g.txt', line: 2, message: expect.stringMatching(/no time zone/) }]);
    const z = await gitLogImporter.parse(vfile('g.txt', t), input(t), ctx('g.txt', 'Europe/Berlin'));
    expect(z.events.map((e) => iso(e.occurredAt))).toEqual(['2024-05-08T10:42:10.000Z', '2024-05-06T15:27:45.000Z']);
  });

  it('does not claim prose or JSON', () => {
    expect(detectGitLog(input('hello world\nthis is a note\n'))).toBe(false);
    expect(detectGitLog(input('{"commit":"abc"}', { commit: 'abc' }))).toBe(false);
  });
});

describe('JSON-lines logs', () => {
  const text = fixture('hl7-queue-backlog/inputs/ie-engine-01.jsonl');

  it('makes notes of log lines and an alert of "alert raised", keyed by the alert name', async () => {
    expect(detectJsonLines(input(text))).toBe(true);
    const r = await jsonLinesLogImporter.parse(vfile('e.jsonl', text), input(text), ctx('e.jsonl'));
    expect(r.warnings).toEqual([]);
    expect(r.events).toHaveLength(text.trim().split('\n').length);
    const alerts = r.events.filter((e) => e.kind === 'alert');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.keys).toEqual(['alert:queue-depth']);
    expect(alerts[0]!.text).toMatch(/^ERROR: alert raised: EHR_RESULTS_OUT queue depth above 500/);
    expect(r.events.find((e) => /connection refused/.test(e.text))?.text).toMatch(/^WARN: /);
    expect(r.events.every((e) => e.ref === `L${e.line}`)).toBe(true);
  });

  it('reads epoch and @timestamp keys, and warns per bad line without stopping', async () => {
    const t = [
      '{"@timestamp":"2024-03-12T14:00:00Z","message":"a","level":"info"}',
      '{"ts":1710252131.5,"msg":"b"}',
      '{"ts":"2024-03-12T14:00:0',
      '{"msg":"no time"}',
      '[1,2]',
      '{"time":1710252200000,"log":"c","severity":"ERROR"}',
    ].join('\n');
    const r = await jsonLinesLogImporter.parse(vfile('m.jsonl', t), input(t), ctx('m.jsonl'));
    expect(r.events.map((e) => [iso(e.occurredAt), e.text])).toEqual([
      ['2024-03-12T14:00:00.000Z', 'a'],
      ['2024-03-12T14:02:11.500Z', 'b'],
      ['2024-03-12T14:03:20.000Z', 'ERROR: c'],
    ]);
    expect(r.warnings.map((w) => w.line)).toEqual([3, 4, 5]);
  });

  it('does not claim JSON arrays or prose', () => {
    expect(detectJsonLines(input('[{"time":"x","msg":"y"}]', [{ time: 'x', msg: 'y' }]))).toBe(false);
    expect(detectJsonLines(input('just words\n'))).toBe(false);
    expect(detectJsonLines(input('{"id":1,"name":"not a log"}\n'))).toBe(false);
  });
});

describe('Statuspage', () => {
  const json = JSON.parse(fixture('checkout-pool-exhaustion/inputs/statuspage-incident.json')) as Record<string, unknown>;

  it('makes a status event per update at display_at, with components', () => {
    expect(detectStatuspage(input('', json))).toBe(true);
    const r = parseStatuspageJson(json, ctx('s.json'));
    expect(r.events.map((e) => [iso(e.occurredAt), e.kind, e.facts?.status])).toEqual([
      ['2024-03-12T15:01:15.412Z', 'status', 'resolved'],
      ['2024-03-12T14:45:12.077Z', 'status', 'monitoring'],
      ['2024-03-12T14:35:58.240Z', 'status', 'identified'],
      ['2024-03-12T14:19:42.318Z', 'status', 'investigating'],
    ]);
    expect(r.events[0]!.text).toMatch(/^Status page "Elevated errors on checkout": Resolved\. .*\(Checkout API: degraded performance -> operational\)$/);
  });

  it('accepts the webhook and list wrappers and skips unreadable times with a warning', () => {
    const inc = { id: 'x1', name: 'N', incident_updates: [{ id: 'u1', status: 'investigating', body: 'b', display_at: 'soon' }, { id: 'u2', status: 'resolved', body: 'ok', display_at: '2024-01-01T00:00:00Z' }] };
    expect(detectStatuspage(input('', { incident: inc }))).toBe(true);
    expect(detectStatuspage(input('', { incidents: [inc] }))).toBe(true);
    const r = parseStatuspageJson({ incidents: [inc] }, ctx('s.json'));
    expect(r.events).toHaveLength(1);
    expect(r.warnings).toEqual([{ file: 's.json', message: expect.stringMatching(/update 1: unreadable time/) }]);
    expect(detectStatuspage(input('', { id: 'x', name: 'y' }))).toBe(false);
  });
});

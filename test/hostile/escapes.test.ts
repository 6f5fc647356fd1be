// Terminal escape sequences and markup in imported text, file names and session text (issue 10):
// they never reach the screen (raw bytes the binary writes to a real pty), the CLI's output, or an
// exported document (md, html, csv, github script, json, statuspage); Markdown/HTML in imported text
// cannot inject into the exported Markdown or HTML.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEYS, startApp } from '../e2e/pty.js';
import { zip } from './zip.js';

const BIN = fileURLToPath(new URL('../../dist/bundle/debrief.mjs', import.meta.url));
const SEEDS = fileURLToPath(new URL('../fixtures/fuzz/seeds/', import.meta.url));
const DEMO = readFileSync(new URL('../../demo/demo-session.json', import.meta.url), 'utf8');
const base = mkdtempSync(path.join(tmpdir(), 'debrief-escapes-'));
const sessions = path.join(base, 'sessions');
const inputs = path.join(base, 'in');
afterAll(() => rmSync(base, { recursive: true, force: true }));

/** each payload and the bytes that must never come out */
const PAYLOADS: { name: string; text: string; banned: string[] }[] = [
  { name: 'CSI clear', text: '\u001b[2J\u001b[H', banned: ['\u001b[2J\u001b[H'] },
  { name: 'CSI colour', text: '\u001b[31;1mRED', banned: ['\u001b[31;1m'] },
  { name: 'OSC 52 clipboard', text: '\u001b]52;c;ZWNobyBwd25lZA==\u0007', banned: ['\u001b]52'] },
  { name: 'OSC 8 link', text: '\u001b]8;;https://evil.example/\u001b\\click\u001b]8;;\u001b\\', banned: ['\u001b]8;'] },
  { name: 'OSC 0 title', text: '\u001b]0;PWNED-TITLE\u0007', banned: ['\u001b]0;'] },
  { name: 'OSC 2 title', text: '\u001b]2;PWNED-TITLE2\u001b\\', banned: ['\u001b]2;'] },
  { name: 'DCS', text: '\u001bP1$qm\u001b\\', banned: ['\u001bP1$q'] },
  { name: 'C1 CSI', text: '\u009b2J', banned: ['\u009b', '\u00c2\u009b'] },
  { name: 'C1 OSC', text: '\u009d0;C1TITLE\u009c', banned: ['\u009d', '\u009c'] },
  { name: 'bidi override', text: 'gnp.\u202Eexe\u202C \u2066iso\u2069', banned: ['\u202E', '\u202C', '\u2066', '\u2069'] },
];
const ALL = PAYLOADS.map((p) => p.text).join(' ');
const MARKUP = '<script>alert(1)</script> <img src=x onerror=alert(2)> [click](javascript:alert(3)) ![x](http://evil.example/t.png)\n# Injected heading\n| a | b |';

function bannedIn(out: string): string[] {
  const hits: string[] = [];
  for (const p of PAYLOADS) for (const b of p.banned) if (out.includes(b)) hits.push(`${p.name} (${JSON.stringify(b)})`);
  // any ESC, BEL, C1 control or bidi control at all
  const any = /[\u0007\u001b\u0080-\u009f\u202a-\u202e\u2066-\u2069]/.exec(out);
  if (any) hits.push(`control ${JSON.stringify(any[0])} at ${any.index}: ${JSON.stringify(out.slice(Math.max(0, any.index - 30), any.index + 30))}`);
  return hits;
}

function debrief(args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.ANTHROPIC_API_KEY;
  return spawnSync(process.execPath, [BIN, ...args, '--sessions-dir', sessions], { encoding: 'utf8', env, timeout: 30_000 });
}

const TEXT_KEYS = new Set(['text', 'excerpt', 'question', 'answer', 'title', 'evidence', 'doneWhen', 'summary', 'customerImpact', 'wentWell', 'couldBeBetter', 'gotLucky', 'message']);
function poison(x: unknown, key?: string): unknown {
  if (Array.isArray(x)) return x.map((v) => poison(v, key));
  if (x && typeof x === 'object') return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, poison(v, k)]));
  if (typeof x === 'string' && key && TEXT_KEYS.has(key)) return `${x} ${ALL} ${MARKUP}`;
  return x;
}

const evilName = `chat\u001b]0;FILENAME-TITLE\u0007\u202Etxt.txt`;

beforeAll(() => {
  mkdirSync(sessions, { recursive: true });
  mkdirSync(inputs, { recursive: true });
  // the demo meeting with every free-text field poisoned, as if typed or pasted in the console
  const s = poison(JSON.parse(DEMO)) as Record<string, unknown>;
  s.id = 'esc';
  writeFileSync(path.join(sessions, 'esc.json'), JSON.stringify(s, null, 1));
  // chat exports whose messages carry the payloads: Slack API, Teams, Discord, pasted text (with an evil file name)
  const chat = (f: string) => poison(JSON.parse(readFileSync(path.join(SEEDS, f), 'utf8')));
  writeFileSync(path.join(inputs, 'slack.json'), JSON.stringify(chat('slack-api.json')));
  writeFileSync(path.join(inputs, 'teams.json'), JSON.stringify(chat('teams.json')));
  const discord = JSON.parse(readFileSync(path.join(SEEDS, 'discord.json'), 'utf8')) as { messages: { content: string }[] };
  for (const m of discord.messages) m.content = `${m.content} ${ALL} ${MARKUP}`;
  writeFileSync(path.join(inputs, 'discord.json'), JSON.stringify(discord));
  const pasted = readFileSync(path.join(SEEDS, 'pasted-chat.txt'), 'utf8')
    .split('\n')
    .map((l, i) => (i > 1 && /[a-z]/.test(l) && !/\d:\d\d/.test(l) ? `${l} ${ALL}` : l))
    .join('\n');
  writeFileSync(path.join(inputs, evilName), pasted);
  const r = debrief(['import', 'esc', inputs, '--tz', 'UTC']);
  if (r.status !== 0) throw new Error(`import failed: ${r.stderr}`);
});

describe('escape sequences and markup never reach a document', () => {
  it('the poisoned session holds the payloads (so the checks below test something)', () => {
    const raw = readFileSync(path.join(sessions, 'esc.json'), 'utf8');
    expect(raw).toContain('PWNED-TITLE');
    expect(raw).toContain('<script>');
  });

  it.each(['md', 'html', 'csv', 'github', 'json', 'statuspage'])('export --format %s', (format) => {
    const out = path.join(base, `esc.${format}`);
    const r = debrief(['export', 'esc', '--format', format, '-o', out, '--force']);
    expect(r.status, r.stderr).toBe(0);
    const doc = readFileSync(out, 'utf8');
    expect(bannedIn(doc)).toEqual([]);
    expect(bannedIn(r.stdout + r.stderr)).toEqual([]);
    if (format === 'json' || format === 'statuspage') {
      // escaped as \u001b inside JSON strings is still a payload once parsed
      expect(bannedIn(JSON.stringify(JSON.parse(doc), (_k, v: unknown) => v))).toEqual([]);
      const strings: string[] = [];
      JSON.parse(doc, (_k, v: unknown) => (typeof v === 'string' && strings.push(v), v));
      expect(bannedIn(strings.join('\n'))).toEqual([]);
    }
    if (format === 'html') {
      expect(doc).not.toMatch(/<script>alert/i);
      expect(doc).not.toMatch(/<img[^>]*onerror/i);
      expect(doc).not.toMatch(/href\s*=\s*["']?\s*javascript:/i);
      expect(doc).not.toMatch(/<img[^>]*evil\.example/i);
    }
    if (format === 'md') {
      // a backslash-escaped \\< or \\] is literal text in Markdown: only an unescaped one could inject
      expect(doc).not.toMatch(/(^|[^\\])<script>alert/im);
      expect(doc).not.toMatch(/(^|[^\\])<img[^>]*onerror/im);
      expect(doc).not.toMatch(/(^|[^\\])\]\(javascript:/im);
      expect(doc).not.toMatch(/^# Injected heading/m);
    }
  });

  it('debrief timeline prints no escape from chat text or the file name', () => {
    const r = spawnSync(process.execPath, [BIN, 'timeline', inputs, '--tz', 'UTC'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(r.status, r.stderr).toBe(0);
    expect(bannedIn(r.stdout)).toEqual([]);
    expect(bannedIn(r.stderr), r.stderr).toEqual([]);
  });
});

describe('escape sequences in zip entry names', () => {
  it('warnings about hostile zip entries print no escape', () => {
    const z = path.join(base, 'names.zip');
    writeFileSync(
      z,
      zip([
        { name: `evil${PAYLOADS.map((p) => p.text).join('')}.json`, data: Buffer.from('{]') },
        { name: `../${ALL}.json`, data: Buffer.from('x') },
      ]),
    );
    const r = spawnSync(process.execPath, [BIN, 'timeline', z], { encoding: 'utf8' });
    expect(r.stderr).toMatch(/warning: .*names\.zip/);
    expect(bannedIn(r.stderr)).toEqual([]);
    expect(bannedIn(r.stdout)).toEqual([]);
  });
});

describe('escape sequences in machine-readable output', () => {
  it('debrief timeline --json writes no raw ESC, C1 or bidi character (the file name holds U+202E)', () => {
    // JSON.stringify escapes ESC as \\u001b but writes U+202E and C1 characters raw: a terminal
    // showing the JSON then reorders the line. The path may stay exact, but escaped (\\u202e).
    const j = spawnSync(process.execPath, [BIN, 'timeline', inputs, '--tz', 'UTC', '--json'], { encoding: 'utf8' });
    expect(j.status, j.stderr).toBe(0);
    expect(bannedIn(j.stdout)).toEqual([]);
  });
});

describe('escape sequences never reach the screen', () => {
  it('walking all eight steps of the poisoned session: the raw bytes written to the terminal hold none of them', async () => {
    const app = startApp(['resume', 'esc', '--sessions-dir', sessions, '--read-only']);
    let raw = '';
    app.pty.onData((d) => (raw += d));
    try {
      await app.waitFor(/Step \d\/8 · /);
      for (let i = 1; i <= 8; i++) {
        app.write(String(i));
        await app.waitFor(`Step ${i}/8 · `);
        if (i === 2) {
          app.write('v'); // the raw source excerpt of an event
          await new Promise((r) => setTimeout(r, 300));
          app.write(KEYS.esc);
          await new Promise((r) => setTimeout(r, 300)); // a key right after Esc would read as Alt+key
        }
      }
      app.write(KEYS.ctrlC);
      await app.exited;
    } finally {
      app.kill();
    }
    // the console's own sequences are allowed (cursor, colours, synchronized output); the injected ones are not
    const hits: string[] = [];
    for (const p of PAYLOADS) for (const b of p.banned) if (b !== '\u001b[2J\u001b[H' && raw.includes(b)) hits.push(p.name);
    expect(raw).not.toContain('\u001b]0;PWNED-TITLE');
    expect(raw).not.toContain('FILENAME-TITLE\u0007');
    expect(raw).not.toMatch(/\u001b\]/); // no OSC at all
    expect(raw).not.toMatch(/\u001bP/); // no DCS
    expect(raw).not.toMatch(/[\u0080-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(hits).toEqual([]);
  }, 60_000);
});

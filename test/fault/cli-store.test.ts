// Store promises checked through the built CLI (issue 10): newer session files refused and kept
// byte-for-byte, older ones migrated with the original backed up beside them, a second process
// never writes a session another holds, a stale lock from a dead process is taken over, and
// `debrief doctor` finds a broken file and restores it from a backup.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { KEYS, startApp } from '../e2e/pty.js';

const BIN = fileURLToPath(new URL('../../dist/bundle/debrief.mjs', import.meta.url));
const DEMO = readFileSync(new URL('../../demo/demo-session.json', import.meta.url), 'utf8');
const base = mkdtempSync(path.join(tmpdir(), 'debrief-cli-store-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));
let n = 0;
const freshDir = () => mkdtempSync(path.join(base, `d${n++}-`));

function debrief(args: string[], opts: { input?: string } = {}) {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.ANTHROPIC_API_KEY;
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env, input: opts.input ?? '', timeout: 20_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** the demo session as `id`, with its schemaVersion changed (undefined removes it: the v0 prototype) */
function sessionFile(dir: string, id: string, version: number | undefined): { file: string; text: string } {
  const s = JSON.parse(DEMO) as Record<string, unknown>;
  s.id = id;
  if (version === undefined) delete s.schemaVersion;
  else s.schemaVersion = version;
  const text = JSON.stringify(s, null, 1);
  const file = path.join(dir, `${id}.json`);
  writeFileSync(file, text);
  return { file, text };
}

const current = (JSON.parse(DEMO) as { schemaVersion: number }).schemaVersion;

describe('a session written by a newer debrief', () => {
  it('export, import, doctor and list refuse it with both versions named, and keep it byte-for-byte', () => {
    const dir = freshDir();
    const { file, text } = sessionFile(dir, 'future', current + 5);
    const ex = debrief(['export', 'future', '--format', 'md', '--sessions-dir', dir]);
    expect(ex.code).not.toBe(0);
    expect(ex.err).toContain(`v${current + 5}`);
    expect(ex.err).toContain(`v${current}`);
    expect(ex.err).toMatch(/newer debrief/);
    expect(ex.err.trim().split('\n')).toHaveLength(1); // one line, no stack trace
    const im = debrief(['import', 'future', 'test/fixtures/samples/k8s-events', '--sessions-dir', dir]);
    expect(im.code).not.toBe(0);
    expect(im.err).toMatch(/newer debrief/);
    const doc = debrief(['doctor', 'future', '--restore', '--sessions-dir', dir], { input: 'y\n' });
    expect(doc.out).toMatch(/NEWER/);
    debrief(['list', '--sessions-dir', dir]);
    expect(readFileSync(file, 'utf8')).toBe(text);
    expect(existsSync(path.join(dir, '.backups', 'future'))).toBe(false);
  });

  it('resume in a terminal says so and leaves the file untouched', async () => {
    const dir = freshDir();
    const { file, text } = sessionFile(dir, 'future', current + 1);
    const app = startApp(['resume', 'future', '--sessions-dir', dir]);
    try {
      const screen = await app.waitFor(/newer debrief/);
      expect(screen).toContain(`v${current + 1}`);
      expect(await app.exited).not.toBe(0);
    } finally {
      app.kill();
    }
    expect(readFileSync(file, 'utf8')).toBe(text);
  }, 30_000);
});

describe('a session written by an older debrief (the unversioned v0 prototype)', () => {
  it('export migrates it and keeps the original beside it', () => {
    const dir = freshDir();
    const { file, text } = sessionFile(dir, 'old', undefined);
    const out = path.join(dir, 'old.md');
    const ex = debrief(['export', 'old', '--format', 'md', '-o', out, '--sessions-dir', dir]);
    expect(ex.code, ex.err).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('## Executive summary');
    const bak = `${file}.v0.bak`;
    if (existsSync(bak)) {
      // migrated on disk: the original is kept byte-for-byte beside it
      expect(readFileSync(bak, 'utf8')).toBe(text);
      expect(JSON.parse(readFileSync(file, 'utf8')).schemaVersion).toBe(current);
    } else {
      // a read-only command may migrate in memory only; then the file must be untouched
      expect(readFileSync(file, 'utf8')).toBe(text);
    }
  });

  it('resume migrates it, backs the original up beside it, and opens the meeting', async () => {
    const dir = freshDir();
    const { file, text } = sessionFile(dir, 'old', undefined);
    const app = startApp(['resume', 'old', '--sessions-dir', dir]);
    try {
      await app.waitFor(/Step \d\/8 · /);
      app.write(KEYS.ctrlC);
      expect(await app.exited).toBe(0);
    } finally {
      app.kill();
    }
    expect(readFileSync(`${file}.v0.bak`, 'utf8')).toBe(text);
    const now = JSON.parse(readFileSync(file, 'utf8'));
    expect(now.schemaVersion).toBe(current);
    expect(now.timeline.events.length).toBe(JSON.parse(text).timeline.events.length);
  }, 30_000);
});

describe('two processes on one session', () => {
  it('the second never writes: import and a second console are refused while a console holds it', async () => {
    const dir = freshDir();
    sessionFile(dir, 'shared', current);
    const first = startApp(['resume', 'shared', '--sessions-dir', dir]);
    try {
      await first.waitFor(/Step \d\/8 · /);
      await first.waitFor('✓ saved');
      const before = readFileSync(path.join(dir, 'shared.json'), 'utf8');
      const im = debrief(['import', 'shared', 'test/fixtures/samples/k8s-events', '--sessions-dir', dir]);
      expect(im.code).not.toBe(0);
      expect(im.err).toContain(`pid ${first.pty.pid}`);
      const second = startApp(['resume', 'shared', '--sessions-dir', dir]);
      try {
        await second.waitFor(/read-only/i);
        second.write('p');
        await new Promise((r) => setTimeout(r, 200));
        second.write('from the second console');
        await new Promise((r) => setTimeout(r, 200));
        second.write(KEYS.enter);
        await new Promise((r) => setTimeout(r, 300));
        second.write(KEYS.ctrlC);
        await second.exited;
      } finally {
        second.kill();
      }
      expect(readFileSync(path.join(dir, 'shared.json'), 'utf8')).toBe(before);
      first.write(KEYS.ctrlC);
      expect(await first.exited).toBe(0);
    } finally {
      first.kill();
    }
    expect(readFileSync(path.join(dir, 'shared.json'), 'utf8')).not.toContain('from the second console');
  }, 40_000);

  it('a stale lock left by a killed holder is taken over by the next import', async () => {
    const dir = freshDir();
    sessionFile(dir, 'stale', current);
    // the lock as a crashed holder leaves it: taken by a process that has since exited (the kill test
    // in kill.test.ts does the same with a SIGKILLed console)
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const store = openStore(dir, { pid: Number(dead.stdout), releaseOnExit: false });
    const l = await store.lock('stale');
    expect(l.ok).toBe(true);
    expect(existsSync(path.join(dir, 'stale.lock'))).toBe(true);
    const im = debrief(['import', 'stale', 'test/fixtures/samples/k8s-events', '--sessions-dir', dir]);
    expect(im.code, im.err).toBe(0);
    expect(JSON.parse(readFileSync(path.join(dir, 'stale.json'), 'utf8')).sources.length).toBeGreaterThan(0);
  }, 30_000);
});

describe('debrief doctor', () => {
  it('finds a broken session file and restores it from the newest valid backup', async () => {
    const dir = freshDir();
    const id = 'doc';
    // real rolling backups, written by the store
    const s = JSON.parse(DEMO);
    s.id = id;
    const store = openStore(dir, { backupEveryMs: 0 });
    await store.create(s);
    await store.save({ ...s, incident: { ...s.incident, title: 'Second version' } });
    await store.save({ ...s, incident: { ...s.incident, title: 'Third version' } });
    const file = path.join(dir, `${id}.json`);
    writeFileSync(file, '{"schemaVersion": 1, "id": "doc", "incident": {"title": tru');
    const check = debrief(['doctor', id, '--sessions-dir', dir]);
    expect(check.code).not.toBe(0);
    expect(check.out).toMatch(/doc\.json/);
    expect(readFileSync(file, 'utf8')).toMatch(/"title": tru$/); // checking never writes
    const fix = debrief(['doctor', id, '--restore', '--sessions-dir', dir], { input: 'y\n' });
    expect(fix.code, fix.out + fix.err).toBe(0);
    const restored = JSON.parse(readFileSync(file, 'utf8'));
    expect(['Second version', 'Third version', s.incident.title]).toContain(restored.incident.title);
    const ex = debrief(['export', id, '--format', 'md', '--sessions-dir', dir, '-o', path.join(dir, 'doc.md')]);
    expect(ex.code, ex.err).toBe(0);
  });
});

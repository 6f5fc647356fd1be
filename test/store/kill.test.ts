// Atomic save under fault: a child saves one session in a tight loop and is SIGKILLed at random
// moments; whatever file is left behind must always load, and each restart continues from it.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { bundleChild } from './helpers/bundle.js';
import { tempDir } from './helpers/sessions.js';

const KILLS = 30;
let dir: string;
let cleanup: () => void;
let saveLoop: string;

beforeAll(async () => {
  ({ dir, cleanup } = tempDir('debrief-kill-'));
  saveLoop = await bundleChild('save-loop.ts', dir);
});
afterAll(() => cleanup());

function runAndKill(sessions: string, delayMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [saveLoop, sessions, 'kill-me'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.once('data', () => setTimeout(() => child.kill('SIGKILL'), delayMs));
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve();
      else reject(new Error(`child exited ${code}: ${err}`));
    });
  });
}

it(`a session file survives ${KILLS} SIGKILLs during saves`, async () => {
  const sessions = path.join(dir, 'sessions');
  let lastCount = 0;
  let seed = 12345;
  const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let i = 0; i < KILLS; i++) {
    await runAndKill(sessions, 5 + Math.floor(rand() * 60));
    const store = openStore(sessions, { releaseOnExit: false });
    const r = await store.load('kill-me');
    if (!r.ok) throw new Error(`after kill ${i + 1}: ${r.message}`);
    const count = r.session.review.notes.length;
    // every version on disk is a whole one: note n is "note n", and versions only move forward
    expect(r.session.review.notes.every((n, k) => n === `note ${k + 1}`)).toBe(true);
    expect(count).toBeGreaterThanOrEqual(lastCount);
    lastCount = count;
    // the dead child's lock is stale and is taken over by the next run
    expect((await store.lockState('kill-me')).state).not.toBe('held');
  }
  expect(lastCount).toBeGreaterThan(KILLS); // the children really were saving
  // temp files of killed writers never look like sessions
  expect((await openStore(sessions).list()).map((s) => s.id)).toEqual(['kill-me']);
  expect(readdirSync(sessions).filter((n) => n.endsWith('.json') && !n.startsWith('.'))).toEqual(['kill-me.json']);
  // the next opener clears temp files that killed writers left behind
  const last = await openStore(sessions, { releaseOnExit: false }).lock('kill-me');
  expect(last.ok).toBe(true);
  expect(readdirSync(sessions).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  if (last.ok) await last.release();
}, 60_000);

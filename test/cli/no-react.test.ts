// Non-interactive commands never load React or Ink: checked on the built executable by recording
// every module file the process loads and looking inside each for React and Ink.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'dist/bundle/debrief.mjs');
const hook = join(root, 'test/helpers/record-loads.mjs');
const tmp = mkdtempSync(join(tmpdir(), 'debrief-loads-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function loadedFiles(args: string[], input?: string): string[] {
  const file = join(tmp, `loads-${args[0]}-${Math.random().toString(36).slice(2)}.txt`);
  const r = spawnSync(process.execPath, ['--import', hook, bin, ...args], {
    cwd: root,
    input: input ?? '',
    encoding: 'utf8',
    env: { ...process.env, DEBRIEF_LOADS_FILE: file, NODE_ENV: 'production' },
  });
  expect(r.error).toBeUndefined();
  let urls: string[] = [];
  try {
    urls = readFileSync(file, 'utf8').split('\n').filter((u) => u.startsWith('file:'));
  } catch {
    urls = [];
  }
  return urls.map((u) => fileURLToPath(u));
}

const REACT_OR_INK = /__CLIENT_INTERNALS_DO_NOT_USE_OR_WARN_USERS_THEY_CANNOT_UPGRADE|react-reconciler|useStdin|ink-text-input/;
const usesReact = (files: string[]) => files.filter((f) => /[\\/](react|ink|react-reconciler)[\\/]/.test(f) || REACT_OR_INK.test(readFileSync(f, 'utf8')));

describe('non-interactive commands', () => {
  const fixture = 'test/fixtures/incidents/hl7-queue-backlog/inputs';
  it.each([
    ['timeline', [fixture, '--json']],
    ['lint', ['-']],
    ['list', ['--sessions-dir', tmp]],
    ['--help', []],
  ])('%s never loads React or Ink', (cmd, rest) => {
    const files = loadedFiles([cmd, ...(rest as string[])], 'The on-call engineer should have checked the dashboard.\n');
    expect(files.length).toBeGreaterThan(0);
    expect(usesReact(files)).toEqual([]);
  });

  it('the recorder does see React and Ink when they are loaded (control)', () => {
    const file = join(tmp, 'loads-control.txt');
    const r = spawnSync(process.execPath, ['--import', hook, '--input-type=module', '-e', "await import('ink')"], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, DEBRIEF_LOADS_FILE: file },
    });
    expect(r.status).toBe(0);
    const files = readFileSync(file, 'utf8').split('\n').filter((u) => u.startsWith('file:')).map((u) => fileURLToPath(u));
    expect(usesReact(files).length).toBeGreaterThan(0);
  });
});

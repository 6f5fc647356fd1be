// Signals to a running console (issue 10): Ctrl+C before the console has taken the keyboard (the
// terminal sends SIGINT), a closed terminal window (SIGHUP), a kill (SIGTERM). The save in flight is
// finished, the lock released, and no temp file is left in the sessions folder.
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startApp } from '../e2e/pty.js';

const DEMO = JSON.parse(readFileSync(new URL('../../demo/demo-session.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const base = mkdtempSync(path.join(tmpdir(), 'debrief-signals-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));
let n = 0;

function sessionDir(version: 'current' | 'v0'): { dir: string; file: string; text: string } {
  const dir = mkdtempSync(path.join(base, `s${n++}-`));
  const s: Record<string, unknown> = { ...DEMO, id: 'sig' };
  if (version === 'v0') delete s.schemaVersion;
  const text = JSON.stringify(s);
  const file = path.join(dir, 'sig.json');
  writeFileSync(file, text);
  return { dir, file, text };
}
const leftovers = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.lock') || f.endsWith('.tmp'));

describe('signals to the console', () => {
  it.each([0, 1, 2])('Ctrl+C at the first frame (SIGINT, round %i) still writes the opened (migrated) session and releases the lock', async () => {
    const { dir, file, text } = sessionDir('v0');
    const app = startApp(['resume', 'sig', '--sessions-dir', dir]);
    await app.waitFor(/Step \d\/8 · /);
    app.write('\u0003');
    await app.exited;
    expect(leftovers(dir)).toEqual([]);
    expect(readFileSync(file, 'utf8')).not.toBe(text);
    expect(JSON.parse(readFileSync(file, 'utf8')).schemaVersion).toBeGreaterThanOrEqual(1);
  }, 20_000);

  it.each(['SIGTERM', 'SIGHUP'])('%s right after an edit: the edit is saved, the lock released', async (sig) => {
    const { dir, file } = sessionDir('current');
    const app = startApp(['resume', 'sig', '--sessions-dir', dir]);
    await app.waitFor('✓ saved');
    app.write('p');
    await app.waitFor('Enter save');
    app.write(`parked before ${sig}`);
    await app.waitFor(`parked before ${sig}`);
    app.write('\r');
    await app.waitFor((s) => !s.includes('Enter save'));
    app.kill(sig);
    await app.exited;
    expect(leftovers(dir)).toEqual([]);
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { meeting: { parkingLot: { text: string }[] } };
    expect(saved.meeting.parkingLot.map((p) => p.text)).toContain(`parked before ${sig}`);
  }, 20_000);
});

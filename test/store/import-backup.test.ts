// `debrief import` keeps the session as it was (a labelled backup, never pruned) before it writes the
// imported events, so an import can be taken back; a session that cannot be kept is not imported into.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/cli/command.js';
import importCommand from '../../src/cli/commands/import.js';
import { createSession } from '../../src/domain/session.js';
import { openStore } from '../../src/store/index.js';
import { memoryIO } from '../cli/io.js';

const CHECKOUT = fileURLToPath(new URL('../fixtures/incidents/checkout-pool-exhaustion/', import.meta.url));
let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'debrief-import-'));
  cpSync(join(CHECKOUT, 'inputs'), join(work, 'inputs'), { recursive: true });
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function runImport(args: string[]) {
  const m = memoryIO({ cwd: work });
  const parsed = parseArgs({ args, options: importCommand.options ?? {}, allowPositionals: true, strict: true });
  let code: number;
  try {
    code = await importCommand.run({ positionals: parsed.positionals, values: parsed.values as Record<string, string | boolean | string[] | undefined>, sessionsDir: join(work, 'sessions'), debug: false }, m.io);
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    m.io.stderr.write(`debrief: ${err.message}\n`);
    code = err.exitCode;
  }
  return { code, out: m.out(), err: m.err() };
}

describe('import keeps the session as it was', () => {
  it('writes a labelled before-import copy equal to the file before the import', async () => {
    const sessions = join(work, 'sessions');
    const store = openStore(sessions, { releaseOnExit: false });
    await store.create(createSession({ id: 'checkout', now: '2024-03-14T09:00:00Z', incident: { title: 'Checkout 5xx', timezone: 'America/Chicago' } }));
    const before = readFileSync(join(sessions, 'checkout.json'), 'utf8');
    const r = await runImport(['checkout', 'inputs/pagerduty-log-entries.json']);
    expect(r.code).toBe(0);
    const kept = (await store.backups('checkout')).filter((b) => b.kind === 'before-import');
    expect(kept).toHaveLength(1);
    expect(readFileSync(kept[0]!.path, 'utf8')).toBe(before);
    expect(r.out).toContain(`kept in ${kept[0]!.path}`);
    expect(readFileSync(join(sessions, 'checkout.json'), 'utf8')).not.toBe(before);
    // a second import keeps the state after the first one
    const afterFirst = readFileSync(join(sessions, 'checkout.json'), 'utf8');
    expect((await runImport(['checkout', 'inputs/alertmanager'])).code).toBe(0);
    const again = (await store.backups('checkout')).filter((b) => b.kind === 'before-import');
    expect(again).toHaveLength(2);
    expect(readFileSync(again[0]!.path, 'utf8')).toBe(afterFirst);
  });

  it('a label must be lower-case words', async () => {
    const store = openStore(join(work, 'sessions'), { releaseOnExit: false });
    await expect(store.keep('checkout', '../x')).rejects.toThrow(/lower-case words/);
  });

  it('when the copy cannot be written nothing is imported and the session is unchanged', async () => {
    const sessions = join(work, 'sessions');
    const store = openStore(sessions, { releaseOnExit: false });
    await store.create(createSession({ id: 'other', now: '2024-03-14T09:00:00Z', incident: { title: 'Other', timezone: 'UTC' } }));
    const before = readFileSync(join(sessions, 'other.json'), 'utf8');
    // its backups folder is a file: the copy cannot be written there (also when running as root)
    rmSync(join(sessions, '.backups', 'other'), { recursive: true, force: true });
    mkdirSync(join(sessions, '.backups'), { recursive: true });
    writeFileSync(join(sessions, '.backups', 'other'), 'not a folder');
    const r = await runImport(['other', 'inputs/statuspage-incident.json']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/nothing was imported \(the session is unchanged\)/);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(readFileSync(join(sessions, 'other.json'), 'utf8')).toBe(before);
  });
});

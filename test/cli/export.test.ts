import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import cmd from '../../src/cli/commands/export.js';
import { runCli } from '../report/helpers/cli.js';
import { openStore } from '../../src/store/index.js';
import { checkoutSession } from '../report/helpers/sessions.js';
import { memoryIO } from './io.js';

let dir: string;
beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'debrief-export-'));
  await openStore(path.join(dir, 'sessions'), { releaseOnExit: false }).create(checkoutSession());
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const run = async (...argv: string[]) => {
  const m = memoryIO({ cwd: dir });
  if (argv[0] !== cmd.name) throw new Error('runs only its own command');
  const code = await runCli(cmd, argv.slice(1), m.io, path.join(dir, 'sessions'));
  return { code, out: m.out(), err: m.err() };
};

describe('debrief export', () => {
  it('--format md to stdout (the default format)', async () => {
    const r = await run('export', 'checkout-pool-exhaustion');
    expect(r.code).toBe(0);
    expect(r.out).toContain('# Post-mortem: Checkout failures after the promo-code deploy');
    expect(r.out).toContain('## Action items');
    expect(r.err).toBe('');
  });

  it('every format renders', async () => {
    for (const f of ['md', 'html', 'csv', 'github', 'json', 'statuspage']) {
      const r = await run('export', 'checkout-pool-exhaustion', '--format', f);
      expect(r.code, f).toBe(0);
      expect(r.out.length, f).toBeGreaterThan(100);
    }
    expect(JSON.parse((await run('export', 'checkout-pool-exhaustion', '--format', 'statuspage')).out).incident_updates).toHaveLength(4);
  });

  it('-o writes the file; a re-export replaces its own earlier export; a foreign file needs --force', async () => {
    const file = path.join(dir, 'pm.md');
    let r = await run('export', 'checkout-pool-exhaustion', '-o', 'pm.md');
    expect(r.code).toBe(0);
    expect(r.err).toBe('Wrote md export of "checkout-pool-exhaustion" to pm.md.\n');
    expect(readFileSync(file, 'utf8')).toContain('## Timeline');
    r = await run('export', 'checkout-pool-exhaustion', '-o', 'pm.md');
    expect(r.code).toBe(0);
    writeFileSync(file, 'my own notes\n');
    r = await run('export', 'checkout-pool-exhaustion', '-o', 'pm.md');
    expect(r.code).toBe(2);
    expect(r.err).toBe('debrief: pm.md: exists and is not an earlier md export of "checkout-pool-exhaustion"; pass --force to replace it, or choose another -o.\n');
    expect(readFileSync(file, 'utf8')).toBe('my own notes\n');
    r = await run('export', 'checkout-pool-exhaustion', '-o', 'pm.md', '--force');
    expect(r.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('## Timeline');
  });

  it('a JSON export recognises its own earlier file; the github script is executable', async () => {
    expect((await run('export', 'checkout-pool-exhaustion', '--format', 'json', '-o', 'a.json')).code).toBe(0);
    expect((await run('export', 'checkout-pool-exhaustion', '--format', 'json', '-o', 'a.json')).code).toBe(0);
    expect((await run('export', 'checkout-pool-exhaustion', '--format', 'statuspage', '-o', 'a.json')).code).toBe(2);
    expect((await run('export', 'checkout-pool-exhaustion', '--format', 'github', '-o', 'issues.sh')).code).toBe(0);
    expect(statSync(path.join(dir, 'issues.sh')).mode & 0o111).not.toBe(0);
  });

  it('one-line errors: unknown format, missing id, unknown session, bad zone', async () => {
    let r = await run('export', 'checkout-pool-exhaustion', '--format', 'pdf');
    expect([r.code, r.err]).toEqual([2, 'debrief: --format: "pdf" is not one of md, html, csv, github, json, statuspage.\n']);
    r = await run('export');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^debrief: missing session id\. Usage: debrief export <id>/);
    r = await run('export', 'nope');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/No session "nope"/);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    r = await run('export', 'checkout-pool-exhaustion', '--format', 'statuspage', '--tz', 'Mars/Base');
    expect(r.err).toMatch(/--tz: unknown time zone "Mars\/Base"/);
    r = await run('export', '../../etc/passwd');
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
  });
});

describe('non-interactive', () => {
  it('export and comms never import React or Ink (static import graph)', async () => {
    const { readFileSync: read, existsSync } = await import('node:fs');
    const root = path.resolve(import.meta.dirname, '../../src');
    const seen = new Set<string>();
    const external = new Set<string>();
    const walk = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = read(file, 'utf8');
      for (const m of text.matchAll(/(?:import|export)\s[^'"]*?from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)/g)) {
        const spec = m[1] ?? m[2]!;
        if (spec.startsWith('.')) {
          const ts = path.resolve(path.dirname(file), spec).replace(/\.js$/, '.ts');
          walk(existsSync(ts) ? ts : ts.replace(/\.ts$/, '.tsx'));
        } else external.add(spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/'));
      }
    };
    walk(path.join(root, 'cli/commands/export.ts'));
    walk(path.join(root, 'cli/commands/comms.ts'));
    expect([...seen].some((f) => f.includes('/ui/'))).toBe(false);
    for (const bad of ['react', 'ink', '@inkjs/ui', 'ink-text-input']) expect(external.has(bad), bad).toBe(false);
    expect(seen.size).toBeGreaterThan(10);
  });
});

describe('--tz', () => {
  it('shows the document times in another zone, named', async () => {
    const m = memoryIO({ cwd: dir });
    expect(await runCli(cmd, ['checkout-pool-exhaustion', '--tz', 'America/Chicago'], m.io, path.join(dir, 'sessions'))).toBe(0);
    expect(m.out()).toContain('| Time (CDT) | Kind | What happened | Sources |');
    expect(m.out()).toContain('| Impact | 09:02 CDT to 09:41 CDT |');
  });
});

describe('-o into a folder that does not exist', () => {
  it('is one line and leaves no temp file', async () => {
    const m = memoryIO({ cwd: dir });
    expect(await runCli(cmd, ['checkout-pool-exhaustion', '-o', 'missing/pm.md'], m.io, path.join(dir, 'sessions'))).toBe(2);
    expect(m.err()).toBe('debrief: missing/pm.md: cannot be written (ENOENT); check the folder exists and is writable.\n');
    const { readdirSync } = await import('node:fs');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

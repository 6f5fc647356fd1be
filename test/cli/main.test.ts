import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { COMMANDS, helpText, main, version } from '../../src/cli/main.js';
import { BIN } from '../e2e/pty.js';
import { memoryIO } from './io.js';

describe('debrief main', () => {
  it('prints help listing every command', async () => {
    const m = memoryIO();
    expect(await main(['--help'], m.io)).toBe(0);
    for (const name of Object.keys(COMMANDS)) expect(m.out()).toContain(`  ${name}`);
    expect(helpText()).toContain('debrief demo');
  });

  it('prints the package version', async () => {
    const m = memoryIO();
    expect(await main(['--version'], m.io)).toBe(0);
    expect(m.out().trim()).toBe(version());
    expect(version()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('rejects an unknown command with exit 2 and one line', async () => {
    const m = memoryIO();
    expect(await main(['frobnicate'], m.io)).toBe(2);
    expect(m.err().trim().split('\n')).toHaveLength(1);
    expect(m.err()).toContain('unknown command');
  });

  it('refuses an interactive command without a TTY, naming the non-interactive commands', async () => {
    for (const cmd of ['demo', 'resume']) {
      const m = memoryIO({ tty: false });
      expect(await main([cmd], m.io)).toBe(2);
      const lines = m.err().trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain('needs an interactive terminal');
      expect(lines[0]).toContain('export');
    }
  });

  it('treats CI=true as non-interactive even on a TTY', async () => {
    const m = memoryIO({ tty: true, env: { CI: 'true' } });
    expect(await main(['demo'], m.io)).toBe(2);
  });

  it('reports a bad option as one line with the usage', async () => {
    const m = memoryIO();
    expect(await main(['list', '--frob'], m.io)).toBe(2);
    expect(m.err().trim().split('\n')).toHaveLength(1);
  });

  it('runs as a built binary: --version, and demo without a TTY exits 2 without a stack trace', () => {
    expect(execFileSync(process.execPath, [BIN, '--version'], { encoding: 'utf8' }).trim()).toBe(version());
    const r = spawnSync(process.execPath, [BIN, 'demo'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CI: 'true' } });
    expect(r.status).toBe(2);
    expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
  });
});

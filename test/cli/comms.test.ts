import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import cmd from '../../src/cli/commands/comms.js';
import { runCli } from '../report/helpers/cli.js';
import { openStore } from '../../src/store/index.js';
import { apply, checkoutSession } from '../report/helpers/sessions.js';
import { memoryIO } from './io.js';

let dir: string;
beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'debrief-comms-'));
  const s = apply(checkoutSession(), { type: 'comms/edit', key: 'email:free', text: 'Edited free-tier email.' });
  await openStore(path.join(dir, 'sessions'), { releaseOnExit: false }).create(s);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const run = async (...argv: string[]) => {
  const m = memoryIO({ cwd: dir });
  if (argv[0] !== cmd.name) throw new Error('runs only its own command');
  const code = await runCli(cmd, argv.slice(1), m.io, path.join(dir, 'sessions'));
  return { code, out: m.out(), err: m.err() };
};
const headings = (out: string) => [...out.matchAll(/^(## .+|Subject: .+)$/gm)].map((m) => m[1]);

describe('debrief comms', () => {
  it('--kind status without --phase: the four updates in order', async () => {
    const r = await run('comms', 'checkout-pool-exhaustion', '--kind', 'status');
    expect(r.code).toBe(0);
    expect(headings(r.out)).toEqual([
      '## Investigating (posted 14:19 UTC)',
      '## Identified (posted 14:35 UTC)',
      '## Monitoring (posted 14:45 UTC)',
      '## Resolved (posted 15:01 UTC)',
    ]);
  });

  it('--phase picks one; --tz changes the zone', async () => {
    const r = await run('comms', 'checkout-pool-exhaustion', '--kind', 'status', '--phase', 'investigating', '--tz', 'America/Chicago');
    expect(headings(r.out)).toEqual(['## Investigating (posted 09:19 CDT)']);
    expect(r.out).toContain('Since 09:02 CDT,');
  });

  it('--kind email without --tier: every tier; the edited draft wins', async () => {
    const r = await run('comms', 'checkout-pool-exhaustion', '--kind', 'email');
    expect(r.out.match(/^Subject: /gm)).toHaveLength(3);
    expect(r.out).toContain('Edited free-tier email.');
    const one = await run('comms', 'checkout-pool-exhaustion', '--kind', 'email', '--tier', 'enterprise');
    expect(one.out.match(/^Subject: /gm)).toHaveLength(1);
    expect(one.out).toContain('10% service credit');
  });

  it('--kind exec, and --json', async () => {
    expect(headings((await run('comms', 'checkout-pool-exhaustion', '--kind', 'exec')).out)).toEqual(['## Executive summary']);
    const j = JSON.parse((await run('comms', 'checkout-pool-exhaustion', '--json')).out) as { drafts: Array<{ key: string; edited: boolean }> };
    expect(j.drafts.map((d) => d.key)).toEqual([
      'status:investigating',
      'status:identified',
      'status:monitoring',
      'status:resolved',
      'email:enterprise',
      'email:api',
      'email:free',
      'exec',
    ]);
    expect(j.drafts.find((d) => d.key === 'email:free')!.edited).toBe(true);
  });

  it('one-line errors for bad options', async () => {
    let r = await run('comms', 'checkout-pool-exhaustion', '--kind', 'tweet');
    expect([r.code, r.err]).toEqual([2, 'debrief: --kind: "tweet" is not one of status, email, exec.\n']);
    r = await run('comms', 'checkout-pool-exhaustion', '--kind', 'exec', '--tier', 'api');
    expect([r.code, r.err]).toEqual([2, 'debrief: --tier applies to --kind email only.\n']);
    r = await run('comms', 'checkout-pool-exhaustion', '--phase', 'later');
    expect(r.err).toBe('debrief: --phase: "later" is not one of investigating, identified, monitoring, resolved.\n');
  });
});

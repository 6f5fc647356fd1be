// `debrief timeline` and `debrief import`, run the way main.ts runs them (parseArgs with the command's
// options; main's lazy import by computed name cannot resolve .ts sources under vitest).
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError, type CliIO, type Command } from '../../src/cli/command.js';
import importCommand from '../../src/cli/commands/import.js';
import timelineCommand from '../../src/cli/commands/timeline.js';
import { createSession } from '../../src/domain/session.js';
import { openStore } from '../../src/store/index.js';
import { memoryIO } from '../cli/io.js';

const COMMANDS: Record<string, Command> = { timeline: timelineCommand, import: importCommand };

async function main(argv: string[], io: CliIO): Promise<number> {
  const cmd = COMMANDS[argv[0]!]!;
  const parsed = parseArgs({ args: argv.slice(1), options: { 'sessions-dir': { type: 'string' }, ...cmd.options }, allowPositionals: true, strict: true });
  const sessionsDir = resolve(io.cwd, (parsed.values['sessions-dir'] as string | undefined) ?? 'sessions');
  try {
    return await cmd.run({ positionals: parsed.positionals, values: parsed.values as Record<string, string | boolean | string[] | undefined>, sessionsDir, debug: false }, io);
  } catch (err) {
    if (err instanceof UserError) {
      io.stderr.write(`debrief: ${err.message}\n`);
      return err.exitCode;
    }
    throw err;
  }
}

const CHECKOUT = fileURLToPath(new URL('../fixtures/incidents/checkout-pool-exhaustion/', import.meta.url));
let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'debrief-cli-'));
  cpSync(join(CHECKOUT, 'inputs'), join(work, 'inputs'), { recursive: true });
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('debrief timeline', () => {
  it('prints the contract JSON and exits 0', async () => {
    const m = memoryIO({ cwd: work });
    const code = await main(['timeline', 'inputs/pagerduty-log-entries.json', 'inputs/alertmanager', '--json'], m.io);
    expect(code).toBe(0);
    const json = JSON.parse(m.out()) as { events: { kind: string; sources: { type: string; file: string }[] }[]; moments: Record<string, string | null>; warnings: unknown[] };
    expect(Object.keys(json.moments).sort()).toEqual(['acknowledged', 'detected', 'impactStart', 'mitigated', 'resolved']);
    expect(json.moments.detected).toBe('2024-03-12T14:11:02Z');
    expect(json.warnings).toEqual([]);
    const alert = json.events.find((e) => e.kind === 'alert' && e.sources.length > 1)!;
    expect(alert.sources.map((s) => s.type).sort()).toEqual(['alertmanager', 'pagerduty']);
    expect(alert.sources.find((s) => s.type === 'alertmanager')!.file).toBe('inputs/alertmanager/webhook-firing.json');
    expect(m.err()).toBe('');
  });

  it('prints a readable table without --json', async () => {
    const m = memoryIO({ cwd: work });
    expect(await main(['timeline', 'inputs/statuspage-incident.json'], m.io)).toBe(0);
    expect(m.out()).toMatch(/^TIME \(UTC\)\s+KIND\s+SOURCES\s+TEXT\n14:19:42\s+status\s+statuspage\s+Status page/);
    expect(m.out()).toMatch(/4 events, precision minute/);
  });

  it('warns on stderr with file and line, and exits 2 when nothing could be read', async () => {
    writeFileSync(join(work, 'broken.json'), '{"incident_updates": [\n  {"id": "u1",\n');
    const m = memoryIO({ cwd: work });
    expect(await main(['timeline', 'broken.json', 'missing.json', '--json'], m.io)).toBe(2);
    expect(m.err()).toMatch(/^warning: broken\.json:3: truncated JSON; skipped$/m);
    expect(m.err()).toMatch(/^warning: missing\.json: no such file or folder$/m);
    expect(JSON.parse(m.out()).events).toEqual([]);
  });

  it('exits 0 when one input is read and another is not', async () => {
    const m = memoryIO({ cwd: work });
    expect(await main(['timeline', 'broken.json', 'inputs/statuspage-incident.json', '--json'], m.io)).toBe(0);
    expect(JSON.parse(m.out()).events).toHaveLength(4);
    expect(m.err()).toMatch(/broken\.json:3/);
  });

  it('needs --tz for the zone-less pasted chat, and uses it', async () => {
    const without = memoryIO({ cwd: work });
    await main(['timeline', 'inputs/support-tier2-pasted.txt', '--json'], without.io);
    expect(without.err()).toMatch(/support-tier2-pasted\.txt.*(--tz|zone)/);
    const withTz = memoryIO({ cwd: work });
    expect(await main(['timeline', 'inputs/support-tier2-pasted.txt', '--json', '--tz', 'America/Chicago'], withTz.io)).toBe(0);
    const events = JSON.parse(withTz.out()).events as { occurredAt: string; text: string }[];
    expect(events.find((e) => /bloom/i.test(e.text))?.occurredAt.slice(0, 16)).toBe('2024-03-12T14:07');
  });

  it('filters by --since/--until and --channel', async () => {
    const all = memoryIO({ cwd: work });
    await main(['timeline', 'inputs/slack-export', '--json'], all.io);
    const allEvents = JSON.parse(all.out()).events as { occurredAt: string; channel?: string }[];
    const m = memoryIO({ cwd: work });
    await main(['timeline', 'inputs/slack-export', '--json', '--since', '2024-03-12T14:00:00Z', '--until', '2024-03-12T15:00:00Z', '--channel', 'inc-*'], m.io);
    const events = JSON.parse(m.out()).events as { occurredAt: string; channel?: string }[];
    expect(events.length).toBeGreaterThan(10);
    expect(events.length).toBeLessThan(allEvents.length);
    for (const e of events) {
      expect(e.occurredAt >= '2024-03-12T14:00:00Z' && e.occurredAt <= '2024-03-12T15:00:00Z').toBe(true);
      if (e.channel) expect(e.channel).toMatch(/^#?inc-/);
    }
  });

  it('refuses a bad --tz or --since in one line', async () => {
    const m = memoryIO({ cwd: work });
    expect(await main(['timeline', 'inputs', '--tz', 'Mars/Base'], m.io)).toBe(2);
    expect(m.err()).toMatch(/^debrief: --tz Mars\/Base: not an IANA time zone/);
    const n = memoryIO({ cwd: work });
    expect(await main(['timeline', 'inputs', '--since', 'last tuesday'], n.io)).toBe(2);
    expect(n.err().trim().split('\n')).toHaveLength(1);
  });
});

describe('debrief import', () => {
  it('adds sources to a session; the same file twice changes nothing', async () => {
    const sessions = join(work, 'sessions');
    const store = openStore(sessions, { releaseOnExit: false });
    await store.create(createSession({ id: 'checkout', now: '2024-03-14T09:00:00Z', incident: { title: 'Checkout 5xx', timezone: 'America/Chicago' } }));

    const first = memoryIO({ cwd: work });
    expect(await main(['import', 'checkout', 'inputs/pagerduty-log-entries.json', '--sessions-dir', sessions], first.io)).toBe(0);
    expect(first.out()).toMatch(/Imported 1 source into checkout: \d+ new events/);
    const afterFirst = readFileSync(join(sessions, 'checkout.json'), 'utf8');
    const s1 = JSON.parse(afterFirst) as { sources: unknown[]; timeline: { events: { sources: { type: string }[]; kind: string }[] } };
    expect(s1.sources).toHaveLength(1);
    const n1 = s1.timeline.events.length;
    expect(n1).toBeGreaterThan(5);

    const again = memoryIO({ cwd: work });
    expect(await main(['import', 'checkout', 'inputs/pagerduty-log-entries.json', '--sessions-dir', sessions], again.io)).toBe(0);
    expect(again.out()).toMatch(/^Nothing new/);
    expect(readFileSync(join(sessions, 'checkout.json'), 'utf8')).toBe(afterFirst);

    // a second source joins the events it shares (the Alertmanager alert and the PagerDuty trigger)
    const second = memoryIO({ cwd: work });
    expect(await main(['import', 'checkout', 'inputs/alertmanager', 'inputs/pagerduty-log-entries.json', '--sessions-dir', sessions], second.io)).toBe(0);
    expect(second.out()).toMatch(/Imported 1 source into checkout: .*1 input already imported/);
    const s2 = JSON.parse(readFileSync(join(sessions, 'checkout.json'), 'utf8')) as typeof s1;
    expect(s2.sources).toHaveLength(2);
    const alerts = s2.timeline.events.filter((e) => e.kind === 'alert' && e.sources.some((s) => s.type === 'pagerduty'));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.sources.map((s) => s.type).sort()).toEqual(['alertmanager', 'pagerduty']);
  });

  it('a missing session or unreadable inputs are one-line errors', async () => {
    const sessions = join(work, 'sessions');
    const m = memoryIO({ cwd: work });
    expect(await main(['import', 'nope', 'inputs/statuspage-incident.json', '--sessions-dir', sessions], m.io)).toBe(2);
    expect(m.err().trim().split('\n')).toHaveLength(1);
    const n = memoryIO({ cwd: work });
    expect(await main(['import', 'checkout', 'broken.json', '--sessions-dir', sessions], n.io)).toBe(2);
    expect(n.err()).toMatch(/checkout is unchanged/);
  });
});

// launchConsole: mounts the App on given streams, records meeting/resume on open and meeting/pause on
// exit, flushes saves before resolving.
import { describe, expect, it } from 'vitest';
import { launchConsole } from '../../src/ui/launch.js';
import type { Session } from '../../src/domain/schema.js';
import { sessionWith, strip, T0 } from './helpers.js';
import { FakeStdin, FakeStdout, until } from './fake-tty.js';

describe('launchConsole', () => {
  it('resumes the clock on open, pauses it and flushes on exit', async () => {
    const stdout = new FakeStdout();
    const stdin = new FakeStdin();
    const saves: Session[] = [];
    const events: string[] = [];
    let t = T0;
    const p = launchConsole({
      session: sessionWith([{ type: 'incident/update', patch: { title: 'Launch test' } }]),
      onSave: (s) => {
        saves.push(s);
        events.push('save');
      },
      flush: async () => {
        events.push('flush');
      },
      stdin: stdin as unknown as NodeJS.ReadStream,
      stdout: stdout as unknown as NodeJS.WriteStream,
      env: { NO_COLOR: '1' },
      now: () => t,
      patchConsole: false,
    });
    await until(() => strip(stdout.out).includes('Step 1/8 · Intake'), 'first frame');
    expect(saves[0]?.meeting.clock.enteredAt).toBe(new Date(T0).toISOString());
    await new Promise((r) => setImmediate(r));
    t = T0 + 42_000;
    stdin.send('\u0003'); // Ctrl+C
    const result = await p;
    expect(result.exitCode).toBe(0);
    expect(result.session.meeting.clock.enteredAt).toBeNull();
    expect(result.session.meeting.clock.spent.intake).toBe(42_000);
    expect(result.timeSummary).toBe('Intake 0:42/5m');
    expect(saves.at(-1)).toBe(result.session);
    expect(events.at(-1)).toBe('flush');
  });

  it('read-only: records nothing and saves nothing', async () => {
    const stdout = new FakeStdout();
    const stdin = new FakeStdin();
    const saves: Session[] = [];
    const session = sessionWith();
    const p = launchConsole({
      session,
      readOnly: true,
      readOnlyReason: 'open in process 7',
      onSave: (s) => saves.push(s),
      flush: async () => {},
      stdin: stdin as unknown as NodeJS.ReadStream,
      stdout: stdout as unknown as NodeJS.WriteStream,
      env: {},
      now: () => T0,
      patchConsole: false,
    });
    await until(() => strip(stdout.out).includes('READ-ONLY'), 'first frame');
    await new Promise((r) => setImmediate(r));
    stdin.send('\u0003');
    const result = await p;
    expect(saves).toHaveLength(0);
    expect(result.session).toBe(session);
  });
});

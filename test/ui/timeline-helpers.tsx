// Frame-test helpers for the Timeline and 5 Whys steps: mount a step in StepHost, press commands from the
// key table, wait on conditions (never on durations).
import React from 'react';
import { render } from 'ink-testing-library';
import type { Session } from '../../src/domain/schema.js';
import { commandBytes, type Command } from '../../src/ui/keys.js';
import { StepHost } from '../../src/ui/steps/timeline/host.js';
import type { StepModule, TermSize } from '../../src/ui/steps/types.js';
import { NO_COLOR_THEME } from '../../src/ui/theme.js';

const tick = () => new Promise<void>((r) => setImmediate(() => setTimeout(r, 0)));

export interface Mounted<S> {
  frame(): string;
  session(): Session;
  ui(): S;
  press(command: Command, which?: number): Promise<void>;
  /** write raw bytes (typing text) */
  type(text: string): Promise<void>;
  waitFor(cond: (frame: string) => boolean, what?: string): Promise<string>;
  resize(size: TermSize): Promise<void>;
  unmount(): void;
}

export async function mount<S>(
  step: StepModule<S>,
  session: Session,
  size: TermSize = { columns: 100, rows: 30 },
  extra?: Record<string, unknown>,
): Promise<Mounted<S>> {
  let current = session;
  let ui: S | undefined;
  const now = () => Date.parse('2026-11-28T05:00:00Z');
  // Count the keys the step has seen and whether each one changed anything, so `press` waits for exactly
  // the frame a key causes (a condition), however slow the machine is.
  let seen = 0;
  let changed = false;
  const watched: StepModule<S> = {
    ...step,
    handleKey(input, key, ctx) {
      const mark = <A extends unknown[]>(fn: (...a: A) => void) => (...a: A) => {
        changed = true;
        fn(...a);
      };
      try {
        return step.handleKey(input, key, { ...ctx, setUi: mark(ctx.setUi), dispatch: mark(ctx.dispatch), setStatus: mark(ctx.setStatus) });
      } finally {
        seen++;
      }
    },
  };
  const tree = (sz: TermSize) => (
    <StepHost
      step={watched}
      session={session}
      size={sz}
      now={now}
      theme={NO_COLOR_THEME}
      onSession={(s) => {
        if (s !== current) changed = true;
        current = s;
      }}
      onUi={(u) => (ui = u)}
      {...(extra ? { extra } : {})}
    />
  );
  const app = render(tree(size));
  const frame = () => app.lastFrame() ?? '';
  const waitFor = async (cond: (f: string) => boolean, what = 'a frame') => {
    const t0 = Date.now();
    while (!cond(frame())) {
      if (Date.now() - t0 > 4000) throw new Error(`timed out waiting for ${what}; last frame:\n${frame()}`);
      await tick();
    }
    return frame();
  };
  await waitFor((f) => f.length > 0, 'the first frame');
  // let useInput subscribe before the first key
  await tick();
  await tick();
  const settle = async (beforeFrames: number, beforeSeen: number) => {
    const t0 = Date.now();
    // the step has handled the key (or the host, for undo/redo, right after it)
    while (seen === beforeSeen && Date.now() - t0 < 4000) await tick();
    await tick();
    // a key that changed state renders a frame: wait for it
    if (changed) while (app.frames.length === beforeFrames && Date.now() - t0 < 4000) await tick();
    await tick();
  };
  return {
    frame,
    session: () => current,
    ui: () => ui as S,
    async press(command, which = 0) {
      const [frames, before] = [app.frames.length, seen];
      changed = false;
      app.stdin.write(commandBytes(command, which));
      await settle(frames, before);
    },
    async type(text) {
      for (const ch of text) {
        const [frames, before] = [app.frames.length, seen];
        changed = false;
        app.stdin.write(ch);
        await settle(frames, before);
      }
    },
    waitFor,
    async resize(sz) {
      const before = app.frames.length;
      app.rerender(tree(sz));
      const t0 = Date.now();
      while (app.frames.length === before && Date.now() - t0 < 4000) await tick();
      await tick();
    },
    unmount: () => app.unmount(),
  };
}

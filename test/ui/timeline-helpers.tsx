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
  const tree = (sz: TermSize) => (
    <StepHost
      step={step}
      session={session}
      size={sz}
      now={now}
      theme={NO_COLOR_THEME}
      onSession={(s) => (current = s)}
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
  const settle = async (before: number) => {
    // a key either renders a new frame or changes nothing; wait for the frame count to settle
    const t0 = Date.now();
    while (app.frames.length === before && Date.now() - t0 < 200) await tick();
    await tick();
  };
  return {
    frame,
    session: () => current,
    ui: () => ui as S,
    async press(command, which = 0) {
      const before = app.frames.length;
      app.stdin.write(commandBytes(command, which));
      await settle(before);
    },
    async type(text) {
      for (const ch of text) {
        const before = app.frames.length;
        app.stdin.write(ch);
        await settle(before);
      }
    },
    waitFor,
    async resize(sz) {
      const before = app.frames.length;
      app.rerender(tree(sz));
      await settle(before);
    },
    unmount: () => app.unmount(),
  };
}

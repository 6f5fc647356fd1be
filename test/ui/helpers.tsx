// Frame-test helpers: render the App with ink-testing-library, press commands by name (bytes come
// from the key table), and wait on conditions (never fixed sleeps).
import { render } from 'ink-testing-library';
import { App, type AppProps } from '../../src/ui/App.js';
import { createSession } from '../../src/domain/session.js';
import { reduce } from '../../src/domain/reducer.js';
import type { Dispatchable } from '../../src/domain/actions.js';
import type { Session } from '../../src/domain/schema.js';
import { commandBytes, type Command } from '../../src/ui/keys.js';
import { STEP_MODULES } from '../../src/ui/steps/index.js';
import { NO_COLOR_THEME } from '../../src/ui/theme.js';

export const T0 = Date.parse('2026-11-20T10:00:00.000Z');
export const iso = (ms: number) => new Date(ms).toISOString();

export function strip(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/\u001b\[[0-9;?]*[ -/]*[@-~]/g, '');
}

/** A session with the actions applied (instants from T0). */
export function sessionWith(actions: Dispatchable[] = [], init: Parameters<typeof createSession>[0] = { id: 'test', now: iso(T0) }): Session {
  let s = createSession(init);
  for (const a of actions) s = reduce(s, a);
  return s;
}

export interface Harness extends ReturnType<typeof render> {
  saves: Session[];
  exits: { exitCode: number; session: Session }[];
  frame(): string;
  clock: { t: number };
}

export function renderApp(props: Partial<AppProps> & { session?: Session } = {}): Harness {
  const saves: Session[] = [];
  const exits: { exitCode: number; session: Session }[] = [];
  const clock = { t: T0 };
  const app = render(
    <App
      session={props.session ?? sessionWith()}
      steps={props.steps ?? STEP_MODULES}
      now={props.now ?? (() => clock.t)}
      onSave={(s) => saves.push(s)}
      onExit={(r) => exits.push(r)}
      size={props.size ?? { columns: 100, rows: 30 }}
      theme={props.theme ?? NO_COLOR_THEME}
      flashMs={props.flashMs ?? 60_000}
      {...(props.readOnly !== undefined ? { readOnly: props.readOnly } : {})}
      {...(props.readOnlyReason !== undefined ? { readOnlyReason: props.readOnlyReason } : {})}
      {...(props.exportMarkdown ? { exportMarkdown: props.exportMarkdown } : {})}
      {...(props.saveStatus ? { saveStatus: props.saveStatus } : {})}
      {...(props.tickMs ? { tickMs: props.tickMs } : {})}
      {...(props.lint ? { lint: props.lint } : {})}
      {...(props.similarIncidents ? { similarIncidents: props.similarIncidents } : {})}
      {...(props.assistantFor ? { assistantFor: props.assistantFor } : {})}
      {...(props.opening ? { opening: props.opening } : {})}
      {...(props.modelLintDelayMs !== undefined ? { modelLintDelayMs: props.modelLintDelayMs } : {})}
    />,
  );
  return Object.assign(app, { saves, exits, clock, frame: () => strip(app.lastFrame() ?? '') });
}

const flush = () => new Promise<void>((r) => setImmediate(() => setTimeout(r, 0)));

/** Poll until the (ANSI-stripped) frame satisfies the predicate; fail with the last frame. */
export async function waitForFrame(app: Harness, pred: (frame: string) => boolean, what = 'condition', timeoutMs = 3000): Promise<string> {
  const start = Date.now();
  for (;;) {
    const f = app.frame();
    if (pred(f)) return f;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}; last frame:\n${f}`);
    await flush();
  }
}

export const waitForText = (app: Harness, text: string) => waitForFrame(app, (f) => f.includes(text), JSON.stringify(text));

/** Wait until the app has subscribed its input handler (first frame rendered + effects flushed). */
export async function ready(app: Harness): Promise<void> {
  await waitForFrame(app, (f) => f.length > 0, 'first frame');
  await flush();
}

/** Press a command by name (its first key, or key #which), then let React flush. */
export async function press(app: Harness, command: Command, which = 0): Promise<void> {
  app.stdin.write(commandBytes(command, which));
  await flush();
}

/** Type text one key at a time. */
export async function type(app: Harness, text: string): Promise<void> {
  for (const ch of text) {
    app.stdin.write(ch);
    await flush();
  }
}

export async function raw(app: Harness, bytes: string): Promise<void> {
  app.stdin.write(bytes);
  await flush();
}

/** Backspace n times (the 0x7F byte, which Ink 6 reports as key.delete). */
export async function backspace(app: Harness, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    app.stdin.write('\u007f');
    await flush();
  }
}

/** Send text as one chunk (a paste): Ink delivers it as one input event. */
export async function paste(app: Harness, text: string): Promise<void> {
  app.stdin.write(text);
  await flush();
}

// A real pseudo-terminal around the built `debrief` binary, with a headless xterm reading the screen.
// Tests wait on what is on screen (conditions), never on fixed sleeps.
import { spawn, type IPty } from '@lydell/node-pty';
import xtermHeadless from '@xterm/headless';
import { fileURLToPath } from 'node:url';

const { Terminal } = xtermHeadless as unknown as typeof import('@xterm/headless');

export const BIN = fileURLToPath(new URL('../../dist/bundle/debrief.mjs', import.meta.url));

export const KEYS = {
  enter: '\r',
  esc: '\u001b',
  tab: '\t',
  shiftTab: '\u001b[Z',
  up: '\u001b[A',
  down: '\u001b[B',
  right: '\u001b[C',
  left: '\u001b[D',
  backspace: '\u007f',
  ctrlC: '\u0003',
  ctrlZ: '\u001a',
} as const;

export interface PtyApp {
  pty: IPty;
  term: InstanceType<typeof Terminal>;
  screen(): string;
  write(data: string): void;
  waitFor(predicate: string | RegExp | ((screen: string) => boolean), timeoutMs?: number): Promise<string>;
  exited: Promise<number>;
  resize(cols: number, rows: number): void;
  kill(signal?: string): void;
}

export function startApp(args: string[], opts: { cwd?: string; env?: Record<string, string>; cols?: number; rows?: number } = {}): PtyApp {
  const cols = opts.cols ?? 120;
  const rows = opts.rows ?? 40;
  const term = new Terminal({ cols, rows, allowProposedApi: true });
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'CI' && !k.startsWith('ANTHROPIC_') && k !== 'NO_COLOR') env[k] = v;
  Object.assign(env, { TERM: 'xterm-256color', FORCE_COLOR: '0', CI: 'false' }, opts.env ?? {});
  const pty = spawn(process.execPath, [BIN, ...args], { name: 'xterm-256color', cols, rows, cwd: opts.cwd ?? process.cwd(), env });
  pty.onData((d) => term.write(d));
  const exited = new Promise<number>((resolve) => pty.onExit(({ exitCode }) => resolve(exitCode)));
  const screen = () => {
    const buf = term.buffer.active;
    const lines: string[] = [];
    for (let i = 0; i < buf.length; i++) lines.push(buf.getLine(i)?.translateToString(true) ?? '');
    // the visible viewport only
    return lines.slice(buf.viewportY, buf.viewportY + term.rows).join('\n');
  };
  const waitFor: PtyApp['waitFor'] = (predicate, timeoutMs = 15000) => {
    const test =
      typeof predicate === 'string' ? (s: string) => s.includes(predicate) : predicate instanceof RegExp ? (s: string) => predicate.test(s) : predicate;
    return new Promise((resolve, reject) => {
      const started = Date.now();
      const tick = () => {
        // let xterm flush its write queue before reading
        term.write('', () => {
          const s = screen();
          if (test(s)) return resolve(s);
          if (Date.now() - started > timeoutMs) return reject(new Error(`timed out waiting for ${String(predicate)}; screen:\n${s}`));
          setTimeout(tick, 25);
        });
      };
      tick();
    });
  };
  return {
    pty,
    term,
    screen,
    write: (d) => pty.write(d),
    waitFor,
    exited,
    resize: (c, r) => {
      pty.resize(c, r);
      term.resize(c, r);
    },
    kill: (signal) => pty.kill(signal),
  };
}

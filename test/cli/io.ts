// An in-memory CliIO for running commands in tests.
import { PassThrough } from 'node:stream';
import type { CliIO } from '../../src/cli/command.js';

export function memoryIO(opts: { tty?: boolean; env?: Record<string, string>; cwd?: string; stdin?: string } = {}) {
  let out = '';
  let err = '';
  const stdin = new PassThrough() as PassThrough & { isTTY?: boolean };
  stdin.isTTY = opts.tty ?? false;
  if (opts.stdin !== undefined) stdin.end(opts.stdin);
  const io: CliIO = {
    stdout: { write: (c: string) => ((out += c), true), isTTY: opts.tty ?? false, columns: 100, rows: 30 },
    stderr: { write: (c: string) => ((err += c), true) },
    stdin,
    env: { ...(opts.env ?? {}) },
    cwd: opts.cwd ?? process.cwd(),
  };
  return { io, out: () => out, err: () => err };
}

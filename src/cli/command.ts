// The shape of a CLI command. main.ts parses arguments with node:util parseArgs using each
// command's `options`, then calls `run`. Commands never call process.exit and never print stack traces.
import type { ParseArgsConfig } from 'node:util';

export interface CliIO {
  stdout: { write(chunk: string): unknown; isTTY?: boolean; columns?: number; rows?: number };
  stderr: { write(chunk: string): unknown };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface ParsedArgs {
  positionals: string[];
  values: Record<string, string | boolean | string[] | undefined>;
  /** the resolved sessions folder (--sessions-dir, DEBRIEF_SESSIONS_DIR, ./sessions) */
  sessionsDir: string;
  debug: boolean;
}

export interface Command {
  name: string;
  /** one line for `debrief --help` */
  summary: string;
  /** usage line(s) for `debrief <name> --help` */
  usage: string;
  options: OptionSpec;
  /** needs a terminal (mounts the Ink console) */
  interactive?: boolean;
  run(args: ParsedArgs, io: CliIO): Promise<number>;
}

/** An error the user can fix: printed as one line, exit code as given. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

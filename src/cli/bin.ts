#!/usr/bin/env node
// The `debrief` executable: run main with the real process streams.
import { main } from './main.js';

main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  cwd: process.cwd(),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`debrief: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);

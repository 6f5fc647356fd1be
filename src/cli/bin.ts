#!/usr/bin/env node
// The `debrief` executable: run main with the real process streams.
import { main } from './main.js';

// React's production build: smaller and faster than the development build (tests set NODE_ENV=test).
process.env.NODE_ENV ??= 'production';

// `debrief timeline … | head` closes the pipe early: that is the reader's choice, not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

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

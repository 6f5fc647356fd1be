// Time from spawn to the first frame: `debrief demo` vs a minimal Ink app rendering one line,
// both in a real pseudo-terminal, in the same run. Target: debrief within 1.5x of the minimal app.
import { spawn } from '@lydell/node-pty';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 15);

function firstFrame(args, marker, cwd) {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, TERM: 'xterm-256color', CI: 'false' };
    delete env.NO_COLOR;
    const t0 = process.hrtime.bigint();
    const p = spawn(process.execPath, args, { cols: 120, rows: 40, cwd, env, name: 'xterm-256color' });
    let buf = '';
    let done = false;
    const timer = setTimeout(() => {
      if (!done) {
        p.kill();
        reject(new Error(`no first frame within 10 s for ${args.join(' ')}: ${buf.slice(-300)}`));
      }
    }, 10_000);
    p.onData((d) => {
      buf += d;
      if (!done && buf.includes(marker)) {
        done = true;
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        clearTimeout(timer);
        p.kill();
        resolve(ms);
      }
    });
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

export async function benchStartup() {
  const dir = mkdtempSync(join(tmpdir(), 'debrief-bench-'));
  const minimal = [];
  const demo = [];
  try {
    // warm the file cache once
    await firstFrame([join(root, 'bench/minimal-ink.mjs')], 'minimal ink app ready', root);
    await firstFrame([join(root, 'dist/bundle/debrief.mjs'), 'demo', '--sessions-dir', dir], '8 Review', root);
    for (let i = 0; i < RUNS; i++) {
      // interleave so machine noise hits both alike
      minimal.push(await firstFrame([join(root, 'bench/minimal-ink.mjs')], 'minimal ink app ready', root));
      demo.push(await firstFrame([join(root, 'dist/bundle/debrief.mjs'), 'demo', '--sessions-dir', dir], '8 Review', root));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const m = median(minimal);
  const d = median(demo);
  return { name: 'start-up: spawn to first frame', figure: `debrief demo ${d.toFixed(0)} ms`, baseline: `minimal Ink app ${m.toFixed(0)} ms`, ratio: d / m, target: 1.5, pass: d / m <= 1.5 };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await benchStartup();
  console.log(`${r.name}: ${r.figure} vs ${r.baseline} = ${r.ratio.toFixed(2)}x (target <= ${r.target}x) ${r.pass ? 'PASS' : 'MISS'}`);
}

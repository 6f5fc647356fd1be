// Benchmark: `debrief timeline <slack-export> --json > /dev/null` on a generated 1,000,000-message
// Slack export, against a baseline in the same run that reads and JSON.parse-s the same files and does
// nothing else. Targets: within 2x of the baseline; peak memory under 1.5 GB.
//
//   node bench/timeline.mjs [--messages N] [--seed S] [--runs R] [--json]
//
// The export is generated once with bench/gen-export.mjs and cached under bench/.data/ (gitignored).
// Needs a build (npm run build). Peak memory is each child's own maxRSS (process.resourceUsage),
// reported by a tiny preload module, so both sides are measured the same way.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync, closeSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const argv = process.argv.slice(2);
const opt = (name, def) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : def;
};
const MESSAGES = Number(opt('messages', process.env.BENCH_MESSAGES ?? 1_000_000));
const SEED = String(opt('seed', '1'));
const RUNS = Math.max(1, Number(opt('runs', process.env.BENCH_TIMELINE_RUNS ?? 1)));
const asJson = argv.includes('--json');

const log = (s) => process.stderr.write(`${s}\n`);

// ------------------------------------------------------------------ the data
const dataDir = join(root, 'bench', '.data', `slack-${MESSAGES}-s${SEED}`);
const exportDir = join(dataDir, 'slack-export');
const marker = join(dataDir, '.complete');
if (!existsSync(marker)) {
  log(`generating a ${MESSAGES.toLocaleString('en')}-message Slack export in ${dataDir} (cached for later runs)…`);
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const gen = spawnSync(process.execPath, [join(root, 'bench', 'gen-export.mjs'), '--out', dataDir, '--messages', String(MESSAGES), '--seed', SEED], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (gen.status !== 0) {
    log('bench/timeline: generating the export failed');
    process.exit(1);
  }
  writeFileSync(marker, new Date().toISOString());
}

// ------------------------------------------------------------------ the two programs
// the real executable: the esbuild bundle (npm run build = tsc, then scripts/bundle.mjs)
const entry = [join(root, 'dist', 'bundle', 'debrief.mjs')].find((p) => existsSync(p));
if (!entry) {
  log('bench/timeline: no build found; run `npm run build` first');
  process.exit(1);
}
const work = join(tmpdir(), `debrief-bench-${process.pid}`);
mkdirSync(work, { recursive: true });
// preload: write this process's peak RSS (KB) to $BENCH_RSS_FILE on exit
const preload = join(work, 'rss.mjs');
writeFileSync(
  preload,
  "import { writeFileSync } from 'node:fs';\nprocess.on('exit', () => { try { const u = process.resourceUsage(); writeFileSync(process.env.BENCH_RSS_FILE, JSON.stringify({ maxRSS: u.maxRSS, cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000 })); } catch {} });\n",
);
// the baseline: read every file of the export and JSON.parse it, nothing else
const baseline = join(work, 'baseline.mjs');
writeFileSync(
  baseline,
  `import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
let files = 0, items = 0;
const stack = [process.argv[2]];
while (stack.length) {
  const dir = stack.pop();
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) stack.push(p);
    else if (e.name.endsWith('.json')) {
      const v = JSON.parse(readFileSync(p, 'utf8'));
      files++;
      items += Array.isArray(v) ? v.length : 1;
    }
  }
}
process.stdout.write(JSON.stringify({ files, items }) + '\\n');
`,
);

function run(label, args) {
  return new Promise((resolve) => {
    const rssFile = join(work, `${label}.rss`);
    rmSync(rssFile, { force: true });
    const out = openSync('/dev/null', 'w');
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, ['--import', preload, ...args], {
      cwd: root,
      stdio: ['ignore', out, 'pipe'],
      env: { ...process.env, BENCH_RSS_FILE: rssFile, NO_COLOR: '1' },
    });
    let stderrLines = 0;
    let firstErr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d) => {
      if (firstErr.length < 400) firstErr += d;
      stderrLines += (d.match(/\n/g) ?? []).length;
    });
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      closeSync(out);
      let rssKb = NaN;
      let cpuMs = NaN;
      try {
        const u = JSON.parse(readFileSync(rssFile, 'utf8'));
        rssKb = u.maxRSS;
        cpuMs = u.cpuMs;
      } catch {
        /* the child died before exit handlers ran */
      }
      resolve({ label, code, ms, cpuMs, rssMb: rssKb / 1024, stderrLines, firstErr });
    });
  });
}

// warm the page cache first (untimed), so neither side pays for cold disk reads the other does not
await run('warmup', [baseline, exportDir]);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = { baseline: [], timeline: [] };
for (let i = 0; i < RUNS; i++) {
  results.baseline.push(await run('baseline', [baseline, exportDir]));
  results.timeline.push(await run('timeline', [entry, 'timeline', exportDir, '--json']));
}
rmSync(work, { recursive: true, force: true });

const b = results.baseline;
const t = results.timeline;
const failed = [...b, ...t].find((r) => r.code !== 0);
const bMs = median(b.map((r) => r.ms));
const tMs = median(t.map((r) => r.ms));
const ratio = tMs / bMs;
const peak = Math.max(...t.map((r) => r.rssMb));
const summary = {
  messages: MESSAGES,
  runs: RUNS,
  baselineSeconds: +(bMs / 1000).toFixed(2),
  timelineSeconds: +(tMs / 1000).toFixed(2),
  ratio: +ratio.toFixed(2),
  baselineCpuSeconds: +(median(b.map((r) => r.cpuMs)) / 1000).toFixed(2),
  timelineCpuSeconds: +(median(t.map((r) => r.cpuMs)) / 1000).toFixed(2),
  cpuRatio: +(median(t.map((r) => r.cpuMs)) / median(b.map((r) => r.cpuMs))).toFixed(2),
  loadAverage: +loadavg()[0].toFixed(1),
  ratioTarget: 2,
  baselinePeakMb: Math.round(Math.max(...b.map((r) => r.rssMb))),
  timelinePeakMb: Math.round(peak),
  memoryTargetMb: 1536,
  timelineWarnings: t[0]?.stderrLines ?? 0,
  ok: !failed && ratio < 2 && peak < 1536,
};
if (failed) log(`bench/timeline: ${failed.label} exited ${failed.code}: ${failed.firstErr.trim().split('\n')[0] ?? ''}`);
if (asJson) process.stdout.write(`${JSON.stringify(summary)}\n`);
else {
  process.stdout.write(
    [
      `timeline on a ${MESSAGES.toLocaleString('en')}-message Slack export (${RUNS} run${RUNS === 1 ? '' : 's'}, median):`,
      `  baseline (read + JSON.parse): ${summary.baselineSeconds.toFixed(2)} s wall, ${summary.baselineCpuSeconds.toFixed(2)} s CPU, peak ${summary.baselinePeakMb} MB`,
      `  debrief timeline --json:      ${summary.timelineSeconds.toFixed(2)} s wall, ${summary.timelineCpuSeconds.toFixed(2)} s CPU, peak ${summary.timelinePeakMb} MB`,
      `  CPU-time ratio ${summary.cpuRatio.toFixed(2)}x; load average ${summary.loadAverage} on ${cpus().length} CPUs (wall times stretch on a busy machine)`,
      `  ratio ${summary.ratio.toFixed(2)}x (target < 2x) ${ratio < 2 ? 'ok' : 'OVER'}; peak memory ${summary.timelinePeakMb} MB (target < 1536 MB) ${peak < 1536 ? 'ok' : 'OVER'}`,
      '',
    ].join('\n'),
  );
}
process.exitCode = failed ? 1 : 0;

#!/usr/bin/env node
// Benchmark: search across 1,000 generated sessions (issue 9: under 100 ms).
// Generates the sessions in a temp folder, then times `searchSessions` from the built code:
//  - cold: no .index.json yet (reads all 1,000 files, writes the index),
//  - warm CLI: a fresh store and no word index each run (what `debrief search` pays: read the
//    summary index, stat the folder, build the word index and fuse vocabulary, search),
//  - warm console: the same store searched again (the past-incidents panel).
// Usage: node bench/search.mjs [--sessions 1000] [--runs 15] [--dist dist]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { sessions: { type: 'string' }, runs: { type: 'string' }, dist: { type: 'string' } } });
const N = Number(values.sessions ?? 1000);
const RUNS = Number(values.runs ?? 15);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.resolve(root, values.dist ?? 'dist');
const { openStore, searchSessions, sessionText, resetSearchCache } = await import(pathToFileURL(path.join(dist, 'store/index.js')).href);
const { createSession } = await import(pathToFileURL(path.join(dist, 'domain/session.js')).href);

const SERVICES = ['checkout', 'payments-db', 'search', 'edge', 'auth', 'notifications', 'inventory', 'ledger', 'cdn', 'billing', 'cart', 'mobile-api'];
const WORDS = ['connection pool', 'certificate', 'DNS resolver', 'feature flag', 'rollback', 'disk usage', 'alert routing', 'rate limiter', 'cache stampede', 'schema migration', 'retry storm', 'config push'];
const pick = (arr, i) => arr[i % arr.length];

function make(i) {
  const s = createSession({
    id: `incident-${i}`,
    now: new Date(Date.UTC(2024, 0, 1) + i * 3_600_000).toISOString(),
    incident: { title: `${pick(SERVICES, i)} ${pick(WORDS, i * 7)} incident ${i}`, severity: pick(['SEV1', 'SEV2', 'SEV3', 'SEV4'], i), services: [pick(SERVICES, i), pick(SERVICES, i * 5 + 1)] },
  });
  s.factors = Array.from({ length: 4 }, (_, k) => ({
    id: `f${k}`,
    text: `${pick(WORDS, i + k)} ${pick(['was not load tested', 'had no alert', 'changed without review', 'lacked a runbook'], i + k)}`,
    type: 'contributing',
    category: null,
    whyNodes: [],
    evidence: [],
  }));
  s.actions = Array.from({ length: 5 }, (_, k) => ({
    id: `a${k}`,
    title: `${pick(['Add', 'Alert on', 'Document', 'Load test', 'Automate'], i + k)} ${pick(WORDS, i * 3 + k)}`,
    doneWhen: 'verified',
    ownerRole: 'on-call',
    owner: null,
    due: '2026-12-01',
    horizon: 'short',
    priority: 'P2',
    factors: [],
    tracker: null,
    status: (i + k) % 3 ? 'open' : 'done',
  }));
  return s;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};
const dir = mkdtempSync(path.join(tmpdir(), 'debrief-bench-search-'));
try {
  for (let i = 0; i < N; i++) writeFileSync(path.join(dir, `incident-${i}.json`), sessionText(make(i)));
  const queries = ['connection pool', 'checkout certificate', 'retry storm alert', 'payments-db', 'rolback'];
  let t = performance.now();
  const first = await searchSessions(openStore(dir), queries[0]);
  const cold = performance.now() - t;
  const cpuMs = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  const cli = [];
  const cliCpu = [];
  for (let r = 0; r < RUNS; r++) {
    resetSearchCache(); // as a fresh `debrief search` process: builds the word index too
    t = performance.now();
    const c = cpuMs();
    await searchSessions(openStore(dir), queries[r % queries.length]);
    cli.push(performance.now() - t);
    cliCpu.push(cpuMs() - c);
  }
  const store = openStore(dir);
  await searchSessions(store, 'warm-up');
  const panel = [];
  for (let r = 0; r < RUNS; r++) {
    t = performance.now();
    await searchSessions(store, queries[r % queries.length]);
    panel.push(performance.now() - t);
  }
  const ms = (x) => `${x.toFixed(1)} ms`;
  console.log(`search over ${first.searched} sessions (${RUNS} runs, median):`);
  console.log(`  cold (no index yet, reads every file): ${ms(cold)}`);
  console.log(
    `  debrief search (fresh store, cached index): ${ms(median(cli))} wall, ${ms(median(cliCpu))} CPU  [target < 100 ms: ${median(cli) < 100 ? 'met' : 'MISSED'}]`,
  );
  console.log(`  console panel (same store, repeated): ${ms(median(panel))}`);
  console.log(`  hits for "${queries[0]}": ${first.results.length}; machine load average ${(await import('node:os')).loadavg()[0].toFixed(1)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

#!/usr/bin/env node
// Store fault stress (issue 10): a child process applies "actions" to a session (one every few ms,
// far faster than a facilitator) and saves each through the saver, the way the console does; the
// parent SIGKILLs it at random moments, hundreds of times. After each kill the session file must
// load, and we count how many applied actions the file is missing.
// Usage: node bench/store-stress.mjs [--kills 200] [--every 5] [--dist dist]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { kills: { type: 'string' }, every: { type: 'string' }, dist: { type: 'string' }, child: { type: 'string' } },
});
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.resolve(root, values.dist ?? 'dist');
const { openStore, saver } = await import(pathToFileURL(path.join(dist, 'store/index.js')).href);
const { createSession } = await import(pathToFileURL(path.join(dist, 'domain/session.js')).href);
const ID = 'stress';
const EVERY = Number(values.every ?? 5);

if (values.child) {
  // child: resume (or start) the session, then apply and save an action every EVERY ms until killed
  const store = openStore(values.child);
  const loaded = await store.load(ID);
  let s = loaded.ok ? loaded.session : createSession({ id: ID, now: '2026-11-20T10:00:00.000Z', incident: { title: 'Stress' } });
  if (!loaded.ok) await store.create(s);
  const lock = await store.lock(ID);
  if (!lock.ok) throw new Error(`locked by ${lock.holder.pid}`);
  const sv = saver(store, ID);
  process.stdout.write('ready\n');
  const step = () => {
    const n = s.review.notes.length + 1;
    s = { ...s, updatedAt: new Date(Date.parse('2026-11-20T10:00:00.000Z') + n * 1000).toISOString(), review: { ...s.review, notes: [...s.review.notes, `action ${n}`] } };
    sv.save(s);
    process.stdout.write(`a ${n}\n`);
    setTimeout(step, EVERY);
  };
  step();
} else {
  const KILLS = Number(values.kills ?? 200);
  const dir = mkdtempSync(path.join(tmpdir(), 'debrief-store-stress-'));
  let intact = 0;
  const lost = [];
  let seed = 7;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const started = performance.now();
  try {
    for (let i = 0; i < KILLS; i++) {
      const applied = await new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--child', dir, '--dist', dist, '--every', String(EVERY)], {
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        let out = '';
        let armed = false;
        child.stdout.on('data', (d) => {
          out += d.toString();
          if (!armed && out.includes('ready\n')) {
            armed = true;
            setTimeout(() => child.kill('SIGKILL'), 5 + Math.floor(rand() * Math.max(80, EVERY * 8)));
          }
        });
        child.on('exit', (code, signal) => {
          if (signal !== 'SIGKILL') return reject(new Error(`child exited ${code}`));
          const ns = [...out.matchAll(/^a (\d+)$/gm)].map((m) => Number(m[1]));
          resolve(ns.length ? Math.max(...ns) : 0);
        });
      });
      const r = await openStore(dir).load(ID);
      if (!r.ok) {
        console.log(`kill ${i + 1}: the session file does not load: ${r.message}`);
        continue;
      }
      const notes = r.session.review.notes;
      if (notes.every((t, k) => t === `action ${k + 1}`)) intact++;
      lost.push(Math.max(0, applied - notes.length));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const max = Math.max(0, ...lost);
  const within1 = lost.filter((x) => x <= 1).length;
  console.log(`store stress: ${KILLS} SIGKILLs during saves, an action every ${EVERY} ms (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  console.log(`  session files that load and are whole: ${intact}/${KILLS}`);
  console.log(`  actions missing after a kill: at most ${max}; at most 1 in ${within1}/${KILLS} kills`);
  process.exitCode = intact === KILLS ? 0 : 1;
}

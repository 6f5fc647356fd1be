#!/usr/bin/env node
// Benchmark: the Timeline step at scale (issue 4).
//  1. key press -> rendered frame, moving the cursor, in a 10,000-event session and in a 100-event
//     session in the same run (targets: ratio < 1.5, absolute median < 16 ms);
//  2. fuzzy filtering 10,000 events per keystroke: the search over the prebuilt index plus the filter
//     (target: median < 16 ms), and the same keystroke typed into the `/` field measured to the frame;
//  3. the one-off index build for 10,000 events (paid once per event list, lazily on the first query).
// The step runs in its StepHost (one root useInput, as in the console) under ink-testing-library, which
// renders every frame whole (debug mode): the worst case for Ink.
// Usage: node bench/timeline-ui.mjs [--keys 200] [--no-color] [--dist dist]
// React's production build, as an installed CLI runs it (set before React is first imported).
process.env.NODE_ENV ??= 'production';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import os from 'node:os';

const React = (await import('react')).default;
const { render } = await import('ink-testing-library');
const { Box, Text, useInput } = await import('ink');

const { values } = parseArgs({ options: { keys: { type: 'string' }, dist: { type: 'string' }, 'no-color': { type: 'boolean' } } });
const KEYS = Number(values.keys ?? 200);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.resolve(root, values.dist ?? 'dist');
const load = (p) => import(pathToFileURL(path.join(dist, p)).href);
const { StepHost } = await load('ui/steps/timeline/host.js');
const { COLOR_THEME, NO_COLOR_THEME } = await load('ui/theme.js');
const theme = values['no-color'] ? NO_COLOR_THEME : COLOR_THEME;
const timeline = (await load('ui/steps/timeline/index.js')).default;
const { generateSession } = await load('ui/steps/timeline/generate.js');
const { buildSearchIndex } = await load('ui/steps/timeline/search.js');
const { filterEvents, NO_FILTER } = await load('ui/steps/timeline/model.js');

const DOWN = '\u001b[B';
const UP = '\u001b[A';
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)] ?? NaN;
const fmt = (ms) => `${ms.toFixed(2)} ms`;
const tick = () => new Promise((r) => setImmediate(r));

/** The floor on this machine: an Ink app of one line that moves a counter on each key. */
function MinimalApp() {
  const [n, setN] = React.useState(0);
  useInput((_input, key) => setN((x) => x + (key.upArrow ? -1 : 1)));
  return React.createElement(Text, null, `cursor ${n}`);
}

/** The floor for a full frame: an Ink app drawing the same 100x38 area of plain ASCII text, one line per row,
 *  moving a cursor marker on each key (what any list view of that size pays Ink per frame). */
// distinct lines (Ink caches identical lines within a frame, which would flatter the floor)
const LINES = Array.from({ length: 38 }, (_, i) => `${String(i).padStart(2)} 14:${String(i).padStart(2, '0')} message alice ${'checkout pool rollback alert '.repeat(3)}`.slice(0, 96));
function FullFrameApp() {
  const [n, setN] = React.useState(0);
  useInput((_input, key) => setN((x) => Math.max(0, x + (key.upArrow ? -1 : 1))));
  return React.createElement(
    Box,
    { flexDirection: 'column', width: 100 },
    ...Array.from({ length: 38 }, (_, i) => React.createElement(Text, { key: i, wrap: 'truncate', inverse: i === n % 38 }, `${i === n % 38 ? '>' : ' '} ${LINES[i]}`)),
  );
}

function mount(session) {
  const app = render(
    session === 'minimal'
      ? React.createElement(MinimalApp)
      : session === 'full-frame'
        ? React.createElement(FullFrameApp)
        : React.createElement(StepHost, { step: timeline, session, theme, size: { columns: 100, rows: 40 }, now: () => Date.parse('2026-11-28T05:00:00Z') }),
  );
  // time each frame write: Ink calls stdout.write once per rendered frame
  let resolveFrame = null;
  const write = app.stdout.write;
  app.stdout.write = (frame) => {
    write(frame);
    if (resolveFrame) {
      const r = resolveFrame;
      resolveFrame = null;
      r(performance.now());
    }
  };
  const nextFrame = () => new Promise((r) => (resolveFrame = r));
  return { app, nextFrame };
}

/** Median ms from writing a key to the frame it causes. */
async function keyToFrame(session, keys) {
  const { app, nextFrame } = mount(session);
  for (let i = 0; i < 5; i++) await tick();
  const times = [];
  // warm up, then alternate down/up runs so the cursor scrolls the window both ways
  for (let i = 0; i < keys + 20; i++) {
    const key = Math.floor(i / 50) % 2 === 0 ? DOWN : UP;
    const frame = nextFrame();
    const t0 = performance.now();
    app.stdin.write(key);
    const t1 = await frame;
    if (i >= 20) times.push(t1 - t0);
  }
  const last = app.lastFrame() ?? '';
  app.unmount();
  return { times, last };
}

async function typingToFrame(session, text) {
  const { app, nextFrame } = mount(session);
  for (let i = 0; i < 5; i++) await tick();
  let f = nextFrame();
  app.stdin.write('/');
  await f;
  const times = [];
  for (const ch of text) {
    f = nextFrame();
    const t0 = performance.now();
    app.stdin.write(ch);
    times.push((await f) - t0);
  }
  const last = app.lastFrame() ?? '';
  app.unmount();
  return { times, last };
}

/** Median ms from `c` (confirm, which edits the session) to its frame, optionally under a `/` filter. */
async function confirmToFrame(session, query, presses) {
  const { app, nextFrame } = mount(session);
  for (let i = 0; i < 5; i++) await tick();
  if (query) {
    let f = nextFrame();
    app.stdin.write('/');
    await f;
    f = nextFrame();
    app.stdin.write(query);
    await f;
    f = nextFrame();
    app.stdin.write('\r');
    await f;
  }
  const times = [];
  for (let i = 0; i < presses + 5; i++) {
    const f = nextFrame();
    const t0 = performance.now();
    app.stdin.write('c');
    const t1 = await f;
    // the confirm may render twice (the edit, then the cursor move); wait for the frames to settle
    for (let k = 0; k < 3; k++) await tick();
    if (i >= 5) times.push(t1 - t0);
  }
  app.unmount();
  return times;
}

const big = generateSession({ events: 10_000, series: true, conflictEvery: 50 });
const small = generateSession({ events: 100, series: true, conflictEvery: 50 });

console.log(
  `Timeline step benchmark (${KEYS} cursor moves per session, 100x40 terminal, Node ${process.version}, NODE_ENV=${process.env.NODE_ENV}, ${values['no-color'] ? 'no colour' : 'colour'}, load ${os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')} on ${os.cpus().length} cpus)`,
);
// interleave the sessions in rounds so machine noise hits them alike
const bigTimes = [];
const smallTimes = [];
const minimalTimes = [];
const fullTimes = [];
const ROUNDS = 4;
for (let round = 0; round < ROUNDS; round++) {
  const s = await keyToFrame(small, KEYS / ROUNDS);
  smallTimes.push(...s.times);
  const b = await keyToFrame(big, KEYS / ROUNDS);
  bigTimes.push(...b.times);
  if (!b.last.includes('10000 events')) throw new Error('the 10,000-event frame did not render');
  minimalTimes.push(...(await keyToFrame('minimal', KEYS / ROUNDS)).times);
  fullTimes.push(...(await keyToFrame('full-frame', KEYS / ROUNDS)).times);
}
const mb = median(bigTimes);
const ms = median(smallTimes);
console.log(`key -> frame, one-line Ink app (floor):    median ${fmt(median(minimalTimes))}  p95 ${fmt(p95(minimalTimes))}`);
console.log(`key -> frame, 100x38 plain-text Ink app:  median ${fmt(median(fullTimes))}  p95 ${fmt(p95(fullTimes))} (Ink's own cost for a full frame)`);
console.log(`key -> frame, cursor move, 100 events:    median ${fmt(ms)}  p95 ${fmt(p95(smallTimes))}`);
console.log(`key -> frame, cursor move, 10,000 events: median ${fmt(mb)}  p95 ${fmt(p95(bigTimes))}`);
console.log(`ratio 10,000 / 100: ${(mb / ms).toFixed(2)} (target < 1.5)   absolute median ${fmt(mb)} (target < 16 ms)`);

// fuzzy filtering: index once, then each keystroke of a query
const t0 = performance.now();
const index = buildSearchIndex(big.timeline.events);
const buildMs = performance.now() - t0;
const queries = ['r', 'ro', 'rol', 'roll', 'rollb', 'rollba', 'rollbac', 'rollback', 'rollback p', 'rollback po', 'rollback poo', 'rollback pool', 'a', 'al', 'ali', 'alic', 'alice', 'slack', 'pagerduty', 'chekout', 'timeout', 'certificate'];
const searchTimes = [];
for (let rep = 0; rep < 3; rep++) {
  // a fresh index each repetition: no per-token cache carried over from the previous one
  const idx = rep === 0 ? index : buildSearchIndex(big.timeline.events);
  for (const q of queries) {
    const s = performance.now();
    const rows = filterEvents(big.timeline.events, { ...NO_FILTER, query: q }, idx);
    searchTimes.push(performance.now() - s);
    if (q === 'rollback' && rows.length === 0) throw new Error('no match for rollback');
  }
}
console.log(
  `fuzzy index build, 10,000 events (once per event list): ${fmt(buildMs)} (${index.vocabulary} distinct words, ${index.fuzzyVocabulary} matched fuzzily)`,
);
console.log(`fuzzy filter per keystroke, 10,000 events: median ${fmt(median(searchTimes))}  p95 ${fmt(p95(searchTimes))} (target < 16 ms)`);

const typed = await typingToFrame(big, 'rollback pool');
// the first keystroke also builds the index (lazily); report it apart from the rest
const [first, ...rest] = typed.times;
console.log(`typing "/rollback pool" -> frame, 10,000 events: first key ${fmt(first)} (builds the index), then median ${fmt(median(rest))}  p95 ${fmt(p95(rest))}`);
if (!typed.last.includes('/rollback pool')) throw new Error('the filter did not render');

const confirmPlain = await confirmToFrame(big, '', 40);
const confirmFiltered = await confirmToFrame(big, 'rollback', 40);
console.log(`confirm (an edit) -> frame, 10,000 events: median ${fmt(median(confirmPlain))}; under the "/rollback" filter: median ${fmt(median(confirmFiltered))} (the index is kept: the words did not change)`);

#!/usr/bin/env node
// Benchmark: offline next-question proposals for a 200-node why-tree (issue 5: under 5 ms), from the
// built code. Also times the tree warnings and the redacted request preview (what Claude would be sent),
// and, as the baseline from the same run, a structuredClone of the same session.
// Usage: node bench/assistant.mjs [--runs 500] [--nodes 200] [--events 150] [--dist dist]
// Then the streaming path: time to the first proposal vs the whole answer, real SDK against a local fake.
// Or from bench/run.mjs: `const { benchAssistant, benchStreaming } = await import('./assistant.mjs')`.
import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const CATEGORIES = ['testing', 'monitoring', 'alerting', 'deployment', 'configuration', 'capacity', 'dependency', 'documentation', 'communication', 'process', 'organisation'];
const KINDS = ['message', 'message', 'message', 'alert', 'deploy', 'metric', 'note', 'page', 'status', 'action'];
const PEOPLE = ['Alice Chen', 'Dmitri Volkov', 'Priya Nair', 'Bob Martin', 'Sam Okafor', 'Aoife Byrne', 'Sean Murphy'];

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
function p95(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.95))];
}

/** A session with `events` timeline events, key moments and a `nodes`-node why-tree (branching 3). */
export function bigSession({ createSession, reduce }, nodes = 200, events = 150) {
  let s = createSession({
    id: 'bench-assistant',
    now: '2026-11-28T10:00:00Z',
    incident: { title: 'Checkout 5xx', services: ['checkout-api'], summary: 'Checkout failed after a promo query exhausted the DB pool.', timezone: 'Europe/Dublin' },
  });
  for (const [i, name] of PEOPLE.slice(0, 3).entries()) s = reduce(s, { type: 'meeting/addAttendee', attendee: { name, role: i === 0 ? 'incident commander' : 'responder' } });
  const t0 = Date.parse('2024-03-12T13:00:00Z');
  const ids = [];
  for (let i = 0; i < events; i++) {
    const kind = KINDS[i % KINDS.length];
    const id = `e${i}`;
    ids.push(id);
    s = reduce(s, {
      type: 'timeline/add',
      event: {
        id,
        occurredAt: new Date(t0 + i * 37_000).toISOString().replace(/\.\d+Z$/, 'Z'),
        detectedAt: null,
        precision: 'second',
        kind,
        actor: kind === 'message' ? PEOPLE[i % PEOPLE.length] : null,
        text:
          kind === 'alert'
            ? `Checkout5xx: 5xx ratio > 5% for 3m (warning ${i})`
            : kind === 'deploy'
              ? `Deploy ${4800 + i} checkout-api v2.14.${i}`
              : `update ${i}: pool at ${50 + (i % 50)}% from 10.0.${i % 255}.1, ping @${PEOPLE[i % PEOPLE.length].split(' ')[0].toLowerCase()}`,
        sources: [{ type: 'manual', file: 'bench', ref: id }],
        conflicts: [],
        confirmed: true,
      },
    });
  }
  const at = (i) => ({ eventId: ids[i], at: new Date(t0 + i * 37_000).toISOString().replace(/\.\d+Z$/, 'Z') });
  for (const [key, i] of [['impactStart', 20], ['detected', 33], ['acknowledged', 40], ['mitigated', 110], ['resolved', 140]]) {
    const m = at(i);
    s = reduce(s, { type: 'timeline/moment', key, eventId: m.eventId, at: m.at });
  }
  const nodeIds = ['root'];
  for (let i = 1; i < nodes; i++) {
    const parentId = nodeIds[Math.floor((i - 1) / 3)];
    const id = `n${i}`;
    s = reduce(s, {
      type: 'whys/add',
      node: {
        id,
        parentId,
        mode: i % 4 ? 'why' : 'how',
        question: `Why did step ${i} happen?`,
        answer: `the connection pool and the ${CATEGORIES[i % CATEGORIES.length]} condition ${i}`,
        evidence: [ids[i % ids.length]],
        tags: [CATEGORIES[i % CATEGORIES.length]],
        mark: i % 17 === 0 ? 'systemic' : 'open',
        proposedBy: 'facilitator',
        factorId: null,
      },
    });
    nodeIds.push(id);
  }
  return { session: s, nodeIds };
}

export async function benchAssistant({ runs = 500, nodes = 200, events = 150, dist = 'dist', print = true } = {}) {
  const d = path.resolve(root, dist);
  const imp = (p) => import(pathToFileURL(path.join(d, p)).href);
  const { createSession } = await imp('domain/session.js');
  const { reduce } = await imp('domain/reducer.js');
  const { proposeNextQuestions, treeWarnings } = await imp('analysis/questions.js');
  const { buildRequestPreview } = await imp('assistant/request.js');
  const { session, nodeIds } = bigSession({ createSession, reduce }, nodes, events);

  const time = (fn, n) => {
    for (let i = 0; i < Math.min(50, n); i++) fn(i); // warm up
    const out = [];
    for (let i = 0; i < n; i++) {
      const t = performance.now();
      fn(i);
      out.push(performance.now() - t);
    }
    return out;
  };
  let count = 0;
  let calls = 0;
  const propose = time((i) => {
    count += proposeNextQuestions(session, nodeIds[i % nodeIds.length]).length;
    calls++;
  }, runs);
  // cold: a fresh copy of the session each run, so no memo cache can help (the first call after loading)
  const coldRuns = Math.max(20, Math.floor(runs / 10));
  const copies = Array.from({ length: coldRuns + Math.min(50, coldRuns) }, () => structuredClone(session));
  let k = 0;
  const cold = time((i) => proposeNextQuestions(copies[k++], nodeIds[i % nodeIds.length]), coldRuns);
  const warnings = time(() => treeWarnings(session), Math.max(20, Math.floor(runs / 5)));
  const preview = time((i) => buildRequestPreview(session, nodeIds[i % nodeIds.length]), Math.max(20, Math.floor(runs / 10)));
  const clone = time(() => structuredClone(session), Math.max(20, Math.floor(runs / 5)));
  const result = {
    nodes: Object.keys(session.whys.nodes).length,
    events: session.timeline.events.length,
    runs,
    proposeMedianMs: median(propose),
    proposeP95Ms: p95(propose),
    proposeColdMedianMs: median(cold),
    avgProposals: count / calls,
    warningsMedianMs: median(warnings),
    previewMedianMs: median(preview),
    baselineCloneMedianMs: median(clone),
    targetMs: 5,
  };
  if (print) {
    const ms = (x) => `${x.toFixed(3)} ms`;
    console.log(`assistant: offline proposals for a ${result.nodes}-node why-tree, ${result.events} events (${runs} runs):`);
    console.log(`  proposeNextQuestions median ${ms(result.proposeMedianMs)}, p95 ${ms(result.proposeP95Ms)}, ${result.avgProposals.toFixed(1)} proposals each  [target < 5 ms: ${result.proposeMedianMs < 5 ? 'met' : 'MISSED'}]`);
    console.log(`  first call on a freshly loaded session (no memo caches) median ${ms(result.proposeColdMedianMs)}  [target < 5 ms: ${result.proposeColdMedianMs < 5 ? 'met' : 'MISSED'}]`);
    console.log(`  treeWarnings median ${ms(result.warningsMedianMs)}`);
    console.log(`  buildRequestPreview (redacted Claude request) median ${ms(result.previewMedianMs)}`);
    console.log(`  baseline: structuredClone of the same session, median ${ms(result.baselineCloneMedianMs)}`);
  }
  return result;
}

/**
 * Streaming: the Claude provider (real SDK) against a local fake that sends a 3-question answer in
 * 16-character frames every `frameMs`: time to the first proposal on screen vs the whole answer.
 */
export async function benchStreaming({ dist = 'dist', runs = 5, frameMs = 10, print = true } = {}) {
  const d = path.resolve(root, dist);
  const imp = (p) => import(pathToFileURL(path.join(d, p)).href);
  const { createSession } = await imp('domain/session.js');
  const { reduce } = await imp('domain/reducer.js');
  const { createClaudeAssistant } = await imp('assistant/claude.js');
  const { session, nodeIds } = bigSession({ createSession, reduce }, 30, 60);
  const answer = JSON.stringify({
    proposals: [
      { question: 'What decided the 5%-for-3-minutes threshold?', mode: 'why', category: 'alerting', rationale: 'Detection took 8 minutes.', evidence: ['e33'] },
      { question: 'How did staging data differ from production for this query?', mode: 'how', category: 'testing', rationale: 'Staging showed nothing.', evidence: [] },
      { question: 'What made the rollback need an image rebuild?', mode: 'why', category: 'deployment', rationale: 'The way back was slow.', evidence: [] },
    ],
  });
  const server = createServer(async (req, res) => {
    for await (const _ of req);
    const ev = (type, data) => res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    ev('message_start', { message: { id: 'm', type: 'message', role: 'assistant', model: 'claude-haiku-5-5', content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 1, output_tokens: 1 } } });
    ev('content_block_start', { index: 0, content_block: { type: 'text', text: '' } });
    for (let i = 0; i < answer.length; i += 16) {
      ev('content_block_delta', { index: 0, delta: { type: 'text_delta', text: answer.slice(i, i + 16) } });
      await new Promise((r) => setTimeout(r, frameMs));
    }
    ev('content_block_stop', { index: 0 });
    ev('message_delta', { delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 50 } });
    ev('message_stop', {});
    res.end();
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${server.address().port}`;
  const firsts = [];
  const totals = [];
  try {
    for (let r = 0; r < runs; r++) {
      const a = createClaudeAssistant({ apiKey: 'bench', baseURL: url, model: 'claude-haiku-5-5', maxRetries: 0, timeoutMs: 10_000 });
      const t = performance.now();
      let first = null;
      const res = await a.proposeQuestions(session, nodeIds[5], { onPartial: () => (first ??= performance.now() - t) });
      if (res.provider !== 'claude') throw new Error(`streaming bench fell back: ${res.note}`);
      firsts.push(first);
      totals.push(performance.now() - t);
    }
  } finally {
    server.close();
  }
  const result = { frames: Math.ceil(answer.length / 16), frameMs, firstProposalMedianMs: median(firsts), wholeAnswerMedianMs: median(totals) };
  if (print) {
    console.log(`assistant streaming (real SDK, local fake, ${result.frames} frames every ${frameMs} ms, ${runs} runs):`);
    console.log(`  first proposal shown after ${result.firstProposalMedianMs.toFixed(0)} ms; whole answer ${result.wholeAnswerMedianMs.toFixed(0)} ms (baseline: the same stream read to the end)`);
  }
  return result;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { runs: { type: 'string' }, nodes: { type: 'string' }, events: { type: 'string' }, dist: { type: 'string' } } });
  await benchAssistant({
    runs: Number(values.runs ?? 500),
    nodes: Number(values.nodes ?? 200),
    events: Number(values.events ?? 150),
    dist: values.dist ?? 'dist',
  });
  await benchStreaming({ dist: values.dist ?? 'dist' });
}

#!/usr/bin/env node
// Builds demo/demo-session.json from the checkout-pool-exhaustion fixture's real exports
// (test/fixtures/incidents/...) and the room's work in demo/curation.json.
// Run after `npm run build`:  node scripts/build-demo.mjs [--check]
// --check exits 1 when the committed demo differs from what this script builds.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, relative } from 'node:path';

const root = fileURLToPath(new URL('..', import.meta.url));
const { reconstruct } = await import(join(root, 'dist/ingest/index.js'));
const { importActions } = await import(join(root, 'dist/ingest/session.js'));
const { createSession } = await import(join(root, 'dist/domain/session.js'));
const { reduce } = await import(join(root, 'dist/domain/reducer.js'));
const { SessionSchema } = await import(join(root, 'dist/domain/schema.js'));

const cur = JSON.parse(readFileSync(join(root, 'demo/curation.json'), 'utf8'));
const fixture = join(root, cur.fixture);
const expected = JSON.parse(readFileSync(join(fixture, 'expected.json'), 'utf8'));
// the fixture's exports, plus the demo's own (an Argo CD history whose sync time disagrees with GitHub's:
// a real conflict between sources for the room to resolve), named from the project root
const extra = (cur.extraInputs ?? []).map((p) => relative(fixture, join(root, p)));
const result = await reconstruct([...expected.inputs, ...extra], { tz: cur.tz, cwd: fixture });
if (!result.readAny) throw new Error('demo inputs could not be read');
const fromRoot = (label) => label.replace(/^(?:\.\.\/)+(?=demo\/)/, '').replace(/(^|:)(?:\.\.\/)+(?=demo\/)/, '$1');
for (const e of result.events) {
  for (const src of e.sources) src.file = fromRoot(src.file);
  for (const c of e.conflicts) if (c.sources) c.sources = c.sources.map(fromRoot);
}
for (const src of result.sources) src.path = fromRoot(src.path);

const at = cur.now;
let s = createSession({ id: cur.id, now: at, incident: cur.incident, step: 'intake' });
const apply = (a) => (s = reduce(s, { ...a, at: a.at ?? at }));
for (const a of importActions(s, result, at)) apply(a);
apply({ type: 'timeline/confirm', ids: s.timeline.events.map((e) => e.id), confirmed: true });
for (const key of ['impactStart', 'detected', 'acknowledged', 'mitigated', 'resolved']) {
  const m = s.timeline.moments[key];
  if (m) s = reduce(s, { type: 'timeline/moment', key, eventId: m.eventId, time: m.at, evidence: m.evidence });
}
for (const a of cur.attendees) apply({ type: 'meeting/addAttendee', attendee: a });

const findEvent = ([type, words]) => {
  const w = words.toLowerCase();
  const e = s.timeline.events.find((ev) => ev.sources.some((x) => x.type === type) && ev.text.toLowerCase().includes(w));
  if (!e) throw new Error(`demo curation: no ${type} event mentions "${words}"`);
  return e.id;
};
for (const n of cur.whys) {
  apply({
    type: 'whys/add',
    node: { id: n.id, parentId: n.parent, mode: n.mode, question: n.question, answer: n.answer, evidence: (n.evidence ?? []).map(findEvent), tags: n.tags, mark: n.mark, proposedBy: 'facilitator', factorId: null },
  });
}
for (const n of cur.whys) if (n.factor) apply({ type: 'whys/promote', id: n.id, factorId: n.factor[0], factorType: n.factor[1] });
for (const f of cur.factors) apply({ type: 'factors/add', factor: { whyNodes: [], evidence: [], ...f } });
for (const a of cur.actions) apply({ type: 'actions/add', item: { tracker: null, status: 'open', ...a } });
const series = s.timeline.series[0];
apply({ type: 'impact/inputs', patch: { ...cur.impact.inputs, seriesId: series ? series.id : null } });
apply({ type: 'impact/slo', slo: cur.impact.slo });
for (const [list, items] of Object.entries(cur.review)) for (const text of items) apply({ type: 'review/add', list, text });
cur.parkingLot.forEach((text, i) => apply({ type: 'meeting/park', id: `park-${i + 1}`, text }));
cur.decisions.forEach((text, i) => apply({ type: 'meeting/decide', id: `decision-${i + 1}`, text }));
for (const step of cur.done) apply({ type: 'meeting/setDone', step, done: true });
s = { ...s, meeting: { ...s.meeting, step: cur.step, clock: { startedAt: null, enteredAt: null, spent: Object.fromEntries(Object.keys(s.meeting.clock.spent).map((k) => [k, 0])) } } };

const parsed = SessionSchema.safeParse(s);
if (!parsed.success) throw new Error(`demo session does not validate: ${JSON.stringify(parsed.error.issues[0])}`);
const text = `${JSON.stringify(s, null, 2)}\n`;
const out = join(root, 'demo/demo-session.json');
if (process.argv.includes('--check')) {
  let old = '';
  try { old = readFileSync(out, 'utf8'); } catch {}
  if (old !== text) { console.error('demo/demo-session.json is out of date: run node scripts/build-demo.mjs'); process.exit(1); }
  console.log('demo is up to date');
} else {
  writeFileSync(out, text);
  console.log(`wrote ${out}: ${s.timeline.events.length} events, ${Object.keys(s.whys.nodes).length} why nodes, ${s.factors.length} factors, ${s.actions.length} actions; warnings ${result.warnings.length}`);
}

// The streaming Reconciler (records handed over as they are read) against reconcile() over the whole
// list: same events, ids and order; lean decided by the total; mark()/rollback() drop what came between.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reconstruct } from '../../src/ingest/index.js';
import { reconcile, Reconciler } from '../../src/ingest/reconcile.js';
import type { BundleImporter, ParseContext, RawEvent, VDir } from '../../src/ingest/types.js';

const T0 = Date.UTC(2024, 2, 12, 14, 0, 0);

function record(i: number, kind: number): RawEvent | null {
  const t = T0 + ((i * 7919) % 3600) * 1000;
  if (kind === 5) return null; // a place in source order (a consumed record)
  if (kind === 3 || kind === 4) {
    // chat records whose raw time is not the ref (the excerpt cannot wait), or whose excerpt is the text
    const ref = `m${i}`;
    return { source: 'teams', file: 'teams.json', ref, occurredAt: t, precision: 'second', kind: 'message', actor: 'bo', text: `teams ${i}`, rawTime: kind === 3 ? new Date(t).toISOString() : ref, excerpt: kind === 3 ? `<p>teams ${i}</p>` : `teams ${i}`, channel: 'general', parentRef: i % 4 === 0 ? `m${i - 4}` : null };
  }
  if (kind === 0) {
    return { source: 'pagerduty', file: 'pd.json', ref: `P${i}`, occurredAt: t, precision: 'second', kind: 'alert', actor: null, text: `checkout 5xx #${1000 + (i % 3)}`, keys: [`pd:${1000 + (i % 3)}`] };
  }
  if (kind === 1) {
    return { source: 'slack', file: 'alerts/2024-03-12.json', ref: `${t / 1000}.000${i}`, occurredAt: t + 1000, precision: 'second', kind: 'alert', actor: 'PagerDuty', text: `Triggered #${1000 + (i % 3)}`, echoOf: 'pagerduty', keys: [`pd:${1000 + (i % 3)}`], channel: 'alerts' };
  }
  const ref = `${t / 1000}.00${i}`;
  return {
    source: 'slack',
    file: `c${i % 2}/2024-03-12.json`,
    ref,
    occurredAt: t,
    precision: 'second',
    kind: 'message',
    actor: i % 4 ? 'ana' : ' spaced  name ',
    text: `message ${i}`,
    rawTime: ref,
    excerpt: `raw *message* ${i}`,
    channel: `c${i % 2}`,
    // replies to an earlier (or a later, or a missing) message
    parentRef: i % 5 === 0 ? `${(T0 + (((i - 5) * 7919) % 3600) * 1000) / 1000}.00${i - 5}` : null,
  };
}

const list = (kinds: number[], from = 0) => kinds.map((k, i) => record(from + i, k));
const present = (l: Array<RawEvent | null>) => l.filter((e): e is RawEvent => e !== null);

function streamed(records: Array<RawEvent | null>, lean: number): unknown {
  const r = new Reconciler({ lean });
  for (const e of records) r.add(e);
  return r.finish().events;
}

describe('Reconciler (streaming)', () => {
  it('gives what reconcile() gives, lean decided by the total', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 60 }), fc.integer({ min: 0, max: 70 }), (kinds, threshold) => {
        const records = list(kinds);
        // a duplicate ref (same id twice: the second gets an x suffix)
        const some = present(records);
        if (some.length > 3) records.push({ ...some[2]!, text: 'again' });
        // a held record's ref again, on a record that need not be held: the held one still gets the plain id
        const held = some.find((e) => e.rawTime !== e.ref && e.excerpt !== e.text && e.source === 'teams');
        if (held) records.push({ ...held, rawTime: held.ref, excerpt: held.text });
        const whole = reconcile(records.map((e) => (e ? { ...e } : null)), { lean: records.length > threshold }).events;
        expect(streamed(records, threshold)).toEqual(whole);
      }),
      { numRuns: 200 },
    );
  });

  it('rollback() drops what came after mark(), lean and ids included', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 30 }),
        fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 30 }),
        fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 30 }),
        fc.integer({ min: 0, max: 70 }),
        (a, b, c, threshold) => {
          const before = list(a);
          const dropped = list(b, 100);
          // the dropped records may share refs with the kept ones (their ids must be free again)
          const after = [...list(c, 200), ...present(dropped).slice(0, 2)];
          const r = new Reconciler({ lean: threshold });
          for (const e of before) r.add(e);
          r.mark();
          for (const e of dropped) r.add(e);
          r.rollback();
          for (const e of after) r.add(e);
          const kept = [...before, ...after];
          expect(r.finish().events).toEqual(reconcile(kept, { lean: kept.length > threshold }).events);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('reconstruct with a bundle importer that hands events over as it reads', () => {
  const dir = mkdtempSync(join(tmpdir(), 'debrief-stream-'));
  writeFileSync(join(dir, 'marker.txt'), 'x');
  writeFileSync(join(dir, 'a.txt'), 'y');
  const events = present(list([2, 2, 0, 2, 1, 2]));
  const importer = (emitting: boolean, fail: boolean): BundleImporter => ({
    id: 'test-bundle',
    source: 'slack',
    detectBundle: (d: VDir) => d.get('marker.txt') !== undefined,
    parseBundle: (_d: VDir, ctx: ParseContext) => {
      if (emitting && ctx.emit) {
        ctx.emit(events.slice(0, 3));
        ctx.emit([...events.slice(3, 5), { bad: true } as unknown as RawEvent]);
        if (fail) throw new Error('broke half-way');
        return { events: events.slice(5), series: [], warnings: [] };
      }
      if (fail) throw new Error('broke half-way');
      return { events, series: [], warnings: [] };
    },
  });

  it('gives the same result as returning the events at the end', async () => {
    const a = await reconstruct([dir], { importers: [importer(true, false)], contentHash: false });
    const b = await reconstruct([dir], { importers: [importer(false, false)], contentHash: false });
    expect(a).toEqual(b);
    expect(a.events.length).toBeGreaterThan(3);
    expect(a.sources[0]!.eventCount).toBe(6);
  });

  it('keeps none of the events of an importer that failed half-way', async () => {
    const a = await reconstruct([dir], { importers: [importer(true, true)], contentHash: false });
    const b = await reconstruct([dir], { importers: [importer(false, true)], contentHash: false });
    expect(a).toEqual(b);
    expect(a.events).toEqual([]);
    expect(a.warnings.some((w) => w.message.includes('broke half-way'))).toBe(true);
  });
});

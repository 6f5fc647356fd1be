// The hand-built event JSON of `debrief timeline --json` is JSON.stringify's, byte for byte, or it
// declines (undefined) and the writer stringifies that event natively.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eventJson } from '../../src/cli/commands/timeline.js';
import type { TimelineEvent } from '../../src/domain/schema.js';

const loose = (o: unknown): TimelineEvent => o as TimelineEvent;
const base = (): TimelineEvent => ({
  id: 'ev-0123456789ab',
  occurredAt: '2024-03-12T14:00:00Z',
  detectedAt: null,
  precision: 'second',
  kind: 'message',
  actor: 'carmen',
  text: 'hello',
  sources: [{ type: 'slack', file: 'export/inc/2024-03-12.json', ref: '1710252000.000100' }],
  conflicts: [],
  confirmed: false,
  proposedBy: 'import',
});

const tricky = [
  '',
  'plain',
  'quote " and backslash \\',
  'new\nline\ttab\r\u0000\u0001\u001f\u007f',
  'C1 \u0085 \u009b bidi \u202e \u2066 sep \u2028\u2029',
  'emoji 🔥 and é ß 中文',
  'lone \ud800 high, lone \udc00 low, reversed \udc00\ud800',
  '</script><!-- &amp;',
];

describe('eventJson', () => {
  it('matches JSON.stringify for the shapes reconstruction builds', () => {
    for (const s of tricky) {
      const variants: TimelineEvent[] = [
        { ...base(), text: s },
        { ...base(), actor: s || null },
        { ...base(), detectedAt: '2024-03-12T14:01:00.250Z', actor: null, text: s, channel: s || 'inc' },
        { ...base(), text: s, channel: 'inc-1', parentId: `ev-${s}` },
        { ...base(), text: s, parentId: 'ev-aaaaaaaaaaaa' },
        loose({ ...base(), sources: [{ type: 'slack', file: s, ref: s }], confirmed: true, proposedBy: s }),
        { ...base(), sources: [{ type: 'slack', file: 'f', ref: 'r', excerpt: s }] },
        { ...base(), sources: [{ type: 'slack', file: 'f', ref: 'r', line: 3, rawTime: s, at: '2024-03-12T14:00:01Z' }] },
        { ...base(), sources: [{ type: 'github', file: 'a', ref: '1' }, { type: 'k8s', file: s, ref: '2' }] },
        { ...base(), conflicts: [{ field: 'occurredAt', values: [s, 'b'], sources: ['a', 'b'], note: s, resolution: null }] },
      ];
      for (const ev of variants) {
        const j = eventJson(ev);
        expect(j).toBeDefined();
        expect(j).toBe(JSON.stringify(ev));
      }
    }
  });

  it('declines other shapes (the writer then uses JSON.stringify)', () => {
    const b = base() as Record<string, unknown>;
    const { id, ...noId } = b;
    expect(eventJson(loose({ ...noId, id }))).toBeUndefined(); // id not first
    expect(eventJson(loose({ ...b, extra: 1 }))).toBeUndefined();
    expect(eventJson(loose({ ...b, parentId: 'ev-x', channel: 'inc' }))).toBeUndefined(); // order
    expect(eventJson(loose({ ...b, actor: undefined }))).toBeUndefined();
    expect(eventJson(loose({ ...b, channel: undefined }))).toBeUndefined();
    expect(eventJson(loose({ ...b, detectedAt: 5 }))).toBeUndefined();
    expect(eventJson(loose(Object.assign(Object.create({ toJSON: () => 'x' }), b)))).toBeUndefined();
    // a source of another layout is stringified natively, still exact
    const odd = loose({ ...b, sources: [{ file: 'f', type: 'slack', ref: 'r' }] });
    expect(eventJson(odd)).toBe(JSON.stringify(odd));
    const undef = loose({ ...b, sources: [{ type: 'slack', file: 'f', ref: 'r', line: undefined }] });
    expect(eventJson(undef)).toBe(JSON.stringify(undef));
  });

  it('matches JSON.stringify for random strings', () => {
    const str = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) }));
    fc.assert(
      fc.property(str, str, str, str, fc.option(str), fc.option(str), (text, actor, file, ref, channel, parentId) => {
        const ev = loose({ ...base(), actor, text, sources: [{ type: 'slack', file, ref }] });
        if (channel) ev.channel = channel;
        if (parentId) ev.parentId = parentId;
        expect(eventJson(ev)).toBe(JSON.stringify(ev));
      }),
      { numRuns: 500 },
    );
  });
});

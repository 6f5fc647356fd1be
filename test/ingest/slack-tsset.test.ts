// TsSet (the ts already emitted in a channel) answers as a Set<string> would.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TsSet } from '../../src/ingest/slack.js';

const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));
const ts = fc.oneof(
  fc.tuple(digits(10), digits(6)).map(([a, b]) => `${a}.${b}`),
  fc.tuple(fc.constantFrom('1710244040', '1709712993', '0710244040', '9710244040'), digits(6)).map(([a, b]) => `${a}.${b}`),
  fc.tuple(digits(10), digits(5)).map(([a, b]) => `${a}.${b}`),
  fc.constantFrom('1710244040.000511', '1710244040.00051', '1710244040.0005110', '01710244040.000511', '1710244040', '1710244040.00051x', ''),
  fc.string(),
);

describe('TsSet', () => {
  it('matches Set<string> under any sequence of add, has and delete', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('add', 'has', 'delete'), ts), { maxLength: 3000 }), (ops) => {
        const a = new TsSet();
        const b = new Set<string>();
        for (const [op, t] of ops) {
          if (op === 'add') {
            a.add(t);
            b.add(t);
          } else if (op === 'delete') expect(a.delete(t)).toBe(b.delete(t));
          else expect(a.has(t)).toBe(b.has(t));
        }
        for (const t of b) expect(a.has(t)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('keeps many ts apart (growth, deletes)', () => {
    const a = new TsSet();
    const all: string[] = [];
    for (let i = 0; i < 50_000; i++) all.push(`17${String(10000000 + i * 7).padStart(8, '0')}.${String((i * 7919) % 1_000_000).padStart(6, '0')}`);
    for (const t of all) a.add(t);
    for (let i = 0; i < all.length; i += 3) expect(a.delete(all[i]!)).toBe(true);
    for (let i = 0; i < all.length; i++) expect(a.has(all[i]!)).toBe(i % 3 !== 0);
    for (let i = 0; i < all.length; i += 3) a.add(all[i]!);
    for (const t of all) expect(a.has(t)).toBe(true);
    expect(a.has('1710244040.000512')).toBe(false);
  });
});

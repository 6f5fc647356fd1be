// Property tests: generated secrets and addresses inside random text never survive redaction, and the
// in-memory map restores the text exactly.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Redactor } from '../../src/assistant/redact.js';

const chars = (alphabet: string, min: number, max: number) =>
  fc.array(fc.constantFrom(...alphabet.split('')), { minLength: min, maxLength: max }).map((a) => a.join(''));
const UPPER_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';

const secret = fc.oneof(
  chars(UPPER_DIGITS, 16, 16).map((s) => `AKIA${s}`),
  chars(ALNUM, 36, 36).map((s) => `ghp_${s}`),
  chars(ALNUM, 20, 30).map((s) => `glpat-${s}`),
  chars(ALNUM, 24, 40).map((s) => `xoxb-1234-${s}`),
  chars(ALNUM, 30, 50).map((s) => `sk-ant-api03-${s}`),
  fc.tuple(chars(ALNUM, 10, 20), chars(ALNUM, 10, 20), chars(ALNUM, 10, 20)).map(([a, b, c]) => `eyJ${a}.eyJ${b}.${c}`),
  fc.tuple(chars(LOWER, 3, 10), chars(ALNUM, 6, 16), chars(LOWER, 3, 10)).map(([u, p, h]) => `postgres://${u}:${p}@${h}.internal:5432/db`),
  fc.tuple(chars(LOWER, 2, 12), chars(LOWER, 2, 10)).map(([u, d]) => `${u}.x@${d}.example.com`),
  fc.tuple(fc.integer({ min: 1, max: 254 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 1, max: 254 })).map((p) => p.join('.')),
  chars(ALNUM, 8, 20).map((s) => `password=${s}`),
);
const filler = fc.array(fc.constantFrom('the', 'pool', 'at', '14:02', 'deploy', '4821', 'was', 'slow', ',', 'queue', 'v2.14.3', '5%'), { maxLength: 8 }).map((w) => w.join(' '));

function sensitive(s: string): string {
  if (s.startsWith('postgres://')) return s.slice(s.indexOf(':', 11) + 1, s.indexOf('@'));
  if (s.startsWith('password=')) return s.slice('password='.length);
  return s;
}

describe('redaction properties', () => {
  it('no generated secret, email or address survives, and restore gives the text back', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(filler, secret), { minLength: 1, maxLength: 5 }), filler, (parts, tail) => {
        const text = `${parts.map(([f, s]) => `${f} ${s}`).join(' ; ')} ${tail}`;
        const r = new Redactor();
        const out = r.redact(text);
        for (const [, s] of parts) expect(out).not.toContain(sensitive(s));
        expect(r.restore(out)).toBe(text);
      }),
      { numRuns: 300 },
    );
  });

  it('leaves ordinary incident text alone', () => {
    fc.assert(
      fc.property(filler, (text) => {
        expect(new Redactor().redact(text)).toBe(text);
      }),
      { numRuns: 200 },
    );
  });
});

// resolveMrkdwn skips the *bold* _italic_ ~strike~ regexes when no mark could open a match; the
// result is the same as running them always.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptyDirectory, resolveMrkdwn } from '../../src/ingest/slack.js';

const BOLD = /(^|[\s(>])\*(?=\S)([^*\n]+?)\*(?=$|[\s).,:;!?'"])/gm;
const ITALIC = /(^|[\s(>])_(?=\S)([^_\n]+?)_(?=$|[\s).,:;!?'"])/gm;
const STRIKE = /(^|[\s(>])~(?=\S)([^~\n]+?)~(?=$|[\s).,:;!?'"])/gm;
const always = (t: string) => t.replace(BOLD, '$1$2').replace(ITALIC, '$1$2').replace(STRIKE, '$1$2');

describe('resolveMrkdwn emphasis fast path', () => {
  it('matches the regexes run unconditionally', () => {
    const dir = emptyDirectory();
    const ch = fc.constantFrom('*', '_', '~', ' ', '(', '>', ')', '.', 'a', 'b', '\n', '\t', '\r', '\u00a0', '\u2028', '\ufeff', '\ud83d', '\ude00', '"', "'");
    fc.assert(
      fc.property(fc.array(ch, { maxLength: 40 }).map((a) => a.join('')), (text) => {
        expect(resolveMrkdwn(text, dir)).toBe(always(text));
      }),
      { numRuns: 5000 },
    );
    for (const t of ['_a_', 'snake_case_name', '*b* and _i_ ~s~', 'x *not bold', '(_x_)', '>~y~', 'a\n_b_', '_', '* ', 'trail_', '_ lead_']) {
      expect(resolveMrkdwn(t, dir)).toBe(always(t));
    }
  });
});

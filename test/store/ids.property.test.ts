// Any string the user can type as a session id either maps to exactly `<dir>/<id>.json` or is refused
// with one printable line: no path outside the sessions folder can be named.
import path from 'node:path';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { idProblem, openStore, StoreError } from '../../src/store/index.js';

const store = openStore('/srv/debrief/sessions', { releaseOnExit: false });
const hostile = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('..', '../x', '/etc/passwd', 'a/../../b', 'x\u0000y', 'C:\\win', 'a\\b', '.', '-x', 'ok\n', '\u001b]0;t\u0007'),
  fc.stringMatching(/^[a-z0-9./\\-]{1,20}$/),
);

it('a session id is a plain file name in the folder, or refused in one clean line', () => {
  fc.assert(
    fc.property(hostile, (id) => {
      const problem = idProblem(id);
      if (problem === null) {
        const p = store.path(id);
        expect(path.dirname(p)).toBe('/srv/debrief/sessions');
        expect(path.basename(p)).toBe(`${id}.json`);
        expect(id).toMatch(/^[a-z0-9][a-z0-9-]*$/);
      } else {
        expect(() => store.path(id)).toThrow(StoreError);
        expect(problem).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
        expect(problem.length).toBeLessThan(300);
      }
    }),
    { numRuns: 500 },
  );
});

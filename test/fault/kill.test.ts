// The kill test (issue 10) in small: the scripted meeting through the built binary in a pty,
// SIGKILLed at random moments; `npm run stress` runs the same with hundreds of kills.
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM bench script without type declarations
import { runStress } from '../../bench/stress.mjs';

interface StressResult {
  kills: number;
  intact: number;
  acknowledged: number;
  lostMax: number;
  medianReloadMs: number;
  failures: string[];
}

describe('SIGKILL at random moments during a scripted meeting', () => {
  it('every session file left behind loads, at most the last action is missing, the stale lock is taken over', async () => {
    const r = (await runStress({ kills: 8, epoch: 4, seed: 20261128, maxMs: 3500, thinkMinMs: 100, thinkMaxMs: 200 })) as StressResult;
    expect(r.failures).toEqual([]);
    expect(r.kills).toBe(8);
    expect(r.intact).toBe(8);
    expect(r.lostMax).toBeLessThanOrEqual(1);
    // the script did act before the kills: otherwise the test proves nothing
    expect(r.acknowledged).toBeGreaterThan(3);
  }, 120_000);
});

// The bar: each synthetic incident, reconstructed from its inputs, passes check-timeline.mjs
// (also with --strict-kind), the way outside checks run it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { writeContractJson } from '../../src/cli/commands/timeline.js';
import { reconstruct, type ReconstructResult } from '../../src/ingest/index.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/incidents/', import.meta.url));
const CHECK = fileURLToPath(new URL('../fixtures/tools/check-timeline.mjs', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'debrief-core-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Expected {
  inputs: string[];
  tz: string | null;
  moments: Record<string, unknown>;
}

async function contractText(result: ReconstructResult): Promise<string> {
  let out = '';
  await writeContractJson({ write: (s: string) => ((out += s), true) }, result);
  return out;
}

function check(expectedPath: string, actualPath: string, strict: boolean): { code: number; out: string } {
  try {
    const out = execFileSync(process.execPath, [CHECK, expectedPath, actualPath, ...(strict ? ['--strict-kind'] : [])], { encoding: 'utf8' });
    return { code: 0, out };
  } catch (err) {
    const e = err as { status: number; stdout: string };
    return { code: e.status, out: e.stdout };
  }
}

describe.each(['checkout-pool-exhaustion', 'cert-expiry-slow-burn', 'hl7-queue-backlog'])('fixture %s', (name) => {
  const dir = join(FIXTURES, name);
  const expectedPath = join(dir, 'expected.json');
  const expected = JSON.parse(readFileSync(expectedPath, 'utf8')) as Expected;
  let result: ReconstructResult;
  let actualPath: string;

  it('reconstructs without throwing and every input is read', async () => {
    result = await reconstruct(expected.inputs, { tz: expected.tz, cwd: dir });
    expect(result.readAny).toBe(true);
    for (const s of result.sources) expect(s.read, `${s.path} was read`).toBe(true);
    for (const s of result.sources) expect(s.eventCount + (s.types.includes('prometheus') ? 1 : 0), s.path).toBeGreaterThan(0);
    actualPath = join(tmp, `${name}.json`);
    const text = await contractText(result);
    JSON.parse(text); // the streamed output is valid JSON
    writeFileSync(actualPath, text);
  });

  it('passes every check-timeline check', () => {
    const r = check(expectedPath, actualPath, false);
    expect(r.out).toMatch(/(\d+)\/\1 checks passed/);
    expect(r.code).toBe(0);
  });

  it('passes with --strict-kind', () => {
    const r = check(expectedPath, actualPath, true);
    expect(r.out).toMatch(/(\d+)\/\1 checks passed/);
    expect(r.code).toBe(0);
  });

  it('gives the same ids and order on a second run', async () => {
    const again = await reconstruct(expected.inputs, { tz: expected.tz, cwd: dir });
    expect(again.events.map((e) => e.id)).toEqual(result.events.map((e) => e.id));
    expect(new Set(result.events.map((e) => e.id)).size).toBe(result.events.length);
  });

  it('is sorted by occurredAt and every event cites a source', () => {
    const times = result.events.map((e) => Date.parse(e.occurredAt));
    for (let i = 1; i < times.length; i++) expect(times[i]!).toBeGreaterThanOrEqual(times[i - 1]!);
    for (const e of result.events) expect(e.sources.length).toBeGreaterThan(0);
    // no control characters or escape sequences reach the output
    for (const e of result.events) expect(e.text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  });
});

describe('fixture details', () => {
  it('keeps the detection gap of the checkout alert (occurred at startsAt, detected at the page)', async () => {
    const dir = join(FIXTURES, 'checkout-pool-exhaustion');
    const exp = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Expected;
    const r = await reconstruct(exp.inputs, { tz: exp.tz, cwd: dir });
    const alert = r.events.find((e) => e.kind === 'alert' && e.sources.some((s) => s.type === 'alertmanager') && e.sources.some((s) => s.type === 'pagerduty'));
    expect(alert).toBeDefined();
    expect(alert!.occurredAt).toBe('2024-03-12T14:10:30.512Z');
    expect(alert!.detectedAt).toBe('2024-03-12T14:11:02Z');
    expect(r.precision).toBe('minute');
    expect(r.moments.impactStart?.evidence).toMatch(/5xx/);
    // a deployment and all its statuses are one event with the final state
    const d4821 = r.events.filter((e) => e.kind === 'deploy' && /\b4821\b/.test(e.text) && e.sources.some((s) => s.type === 'github'));
    expect(d4821).toHaveLength(1);
    expect(d4821[0]!.text).toMatch(/success/);
    expect(d4821[0]!.sources.filter((s) => s.type === 'k8s').length).toBeGreaterThan(0);
  });

  it('chooses hour precision for the multi-day slow burn', async () => {
    const dir = join(FIXTURES, 'cert-expiry-slow-burn');
    const exp = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Expected;
    const r = await reconstruct(exp.inputs, { tz: exp.tz, cwd: dir });
    expect(r.precision).toBe('hour');
  });

  it('reads a whole fixture folder given as one input the same way', async () => {
    const dir = join(FIXTURES, 'hl7-queue-backlog');
    const exp = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Expected;
    const byFiles = await reconstruct(exp.inputs, { tz: exp.tz, cwd: dir });
    const byFolder = await reconstruct(['inputs'], { tz: exp.tz, cwd: dir });
    expect(byFolder.events.map((e) => [e.occurredAt, e.kind, e.text])).toEqual(byFiles.events.map((e) => [e.occurredAt, e.kind, e.text]));
  });
});

// Names of people who appear in no attendee list or author field are still replaced when the sentence
// shows a person (addressed, thanked, or doing something a person does); systems and days are not.
import { describe, expect, it } from 'vitest';
import { Redactor } from '../../src/assistant/redact.js';

describe('names in free text', () => {
  it('replaces an unknown first name that is addressed or acts, the same name the same way, and restores it', () => {
    const r = new Redactor();
    const out = r.redact('Sam ran the migration at 14:02; ask Sam before re-running it. Thanks Priya!');
    expect(out).not.toMatch(/\bSam\b|\bPriya\b/);
    const alias = /^(person \w+) ran the migration/.exec(out)?.[1];
    expect(alias).toBeDefined();
    expect(out).toContain(`ask ${alias} before`);
    expect(r.restore(out)).toBe('Sam ran the migration at 14:02; ask Sam before re-running it. Thanks Priya!');
  });

  it('leaves systems, tools, days and pronouns alone', () => {
    const r = new Redactor();
    for (const s of [
      'Postgres ran out of connections at 14:08.',
      'Kubernetes restarted the pods; Grafana said nothing.',
      'Monday deployed nothing; We checked the dashboards.',
      'The canary passed and Checkout is healthy.',
    ])
      expect(r.redact(s)).toBe(s);
  });

  it('catches the blameful shapes the lint flags', () => {
    const r = new Redactor();
    expect(r.redact('Bob should have validated the config.')).not.toContain('Bob');
    expect(r.redact('Dana forgot to update the runbook.')).not.toContain('Dana');
    expect(r.redact('cc Lena on the follow-up')).not.toContain('Lena');
  });
});

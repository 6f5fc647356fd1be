// Blameless-language rules: each rule firing and not firing (hard negatives: systems as subjects,
// "error" meaning failed requests, names in factual entries), rewrites and the local-rationality framing.
import { describe, expect, it } from 'vitest';
import { gerund, lintBlame, neutralise, pastTense, rewriteBlame, type Finding } from '../../src/analysis/blame.js';
import { baseForm, classifySubject } from '../../src/analysis/lexicon.js';

const rules = (t: string) => lintBlame(t).map((f) => f.rule);
const first = (t: string, rule: string): Finding => {
  const f = lintBlame(t).find((x) => x.rule === rule);
  if (!f) throw new Error(`no ${rule} finding for: ${t}`);
  return f;
};

describe('counterfactual', () => {
  it.each([
    'Marcus should have waited for the canary to finish before promoting the build.',
    'The DBA failed to notice the replication lag.',
    'Our developers could have written a migration that did not lock the table.',
    'If Julia had read the runbook, we would have recovered in ten minutes.',
    "Elena didn't escalate until an hour later.",
    'They did not follow the checklist.',
    'Had the operator checked the target host, nothing would have been deleted.',
    'We ought to have anticipated the spike.',
    'The reviewer neglected to ask about the lock.',
    'Wei moved the job and never told anyone.',
    'The engineers restarted the pods, but they failed to check the logs.',
    'James forgot to renew the certificate.',
    'The release captain should have paused the train.',
  ])('fires with a person as the subject: %s', (t) => {
    const f = lintBlame(t).filter((x) => x.rule === 'counterfactual');
    expect(f.length).toBeGreaterThan(0);
    expect(f[0]!.severity).toBe('error');
    expect(f[0]!.kind).toBe('blame');
    expect(f[0]!.message).toMatch(/counterfactual/);
  });

  it.each([
    'The load balancer health check failed to mark the node unhealthy.',
    "The retry logic didn't back off after the first timeout.",
    'The canary should have caught this, but it received 1% of traffic.',
    'The backup job should have run at 02:00 but the scheduler skipped it.',
    'The failover script did not check replication lag before promoting the replica.',
    'If the alert threshold had matched the SLO, the page would have arrived earlier.',
    'The readiness probe neglected the database pool.',
    'The migration runbook, which did not mention the lock, was two years old.',
    'The warning posted to a busy channel and did not page anyone.',
    'On-call should have access to the replica dashboards.',
    "Priya didn't have access to the billing dashboard.",
    'Checkout failed to load for 12 minutes.',
    'If only the alert had fired earlier.',
    'The pods restarted, but they failed to pass the readiness probe.',
    "We didn't know the patch had shipped.",
    "Backups didn't run for three days.",
    'Alerts failed to reach the on-call.',
  ])('does not fire with a system as the subject: %s', (t) => {
    expect(rules(t)).toEqual([]);
  });

  it('rewrites into systems language, keeping the role and dropping the name', () => {
    const f = first('Bob should have noticed the pool warning before the page.', 'counterfactual');
    expect(f.span).toBe('Bob should have noticed the pool warning before the page');
    expect(f.suggestion).toBe('Nothing at the time prompted the responder to notice the pool warning before the page');
    const g = first("The developer didn't validate the config.", 'counterfactual');
    expect(g.suggestion).toBe('Nothing in the process required validating the config');
    expect(rewriteBlame("The developer didn't validate the config.", g)).toBe('Nothing in the process required validating the config.');
  });

  it('keeps coordinated facts outside the rewrite', () => {
    const a = 'Lena moved the secrets and never checked who else was reading them.';
    expect(rewriteBlame(a, first(a, 'counterfactual'))).toBe('Lena moved the secrets and nothing in the process required checking who else was reading them.');
    const b = "Priya didn't dig any deeper and closed the latency alert as transient.";
    expect(rewriteBlame(b, first(b, 'counterfactual'))).toBe('Nothing in the process required digging any deeper and closed the latency alert as transient.');
    const c = 'Bob could have run the query on a big copy and caught this in five minutes.';
    expect(first(c, 'counterfactual').suggestion).toBe('Nothing at the time prompted the responder to run the query on a big copy and catch this in five minutes');
  });

  it('frames local rationality from what had and had not fired', () => {
    const text = 'The on-call engineer should have seen the pool saturation earlier.';
    const f = first(text, 'counterfactual');
    expect(rewriteBlame(text, f, { at: '14:32', fired: ['Checkout5xx'], notFired: ['the pool-saturation alert', 'the DB CPU alert'] })).toBe(
      'Given the dashboards available at 14:32, the on-call engineer had no signal: the pool-saturation alert and the DB CPU alert had not fired, and the only signal by then was Checkout5xx.',
    );
    expect(rewriteBlame(text, f, { at: '09:05', role: 'the responder' })).toBe('Given the dashboards available at 09:05, the responder had no signal pointing at the cause.');
  });
});

describe('person-as-cause', () => {
  it.each([
    ['@tomas broke the mesh when he merged #418.', '@tomas broke the mesh when he merged #418'],
    ['The intern deleted the wrong bucket.', 'The intern deleted the wrong bucket'],
    ['Ahmed misconfigured the load balancer and traffic dropped.', 'Ahmed misconfigured the load balancer and traffic dropped'],
    ['The outage was caused by @dmitri running the cleanup job.', 'caused by @dmitri running the cleanup job'],
    ["Root cause: Bob's deploy took down checkout.", "Root cause: Bob's deploy took down checkout"],
    ['The engineer on call ignored the first three pages.', 'The engineer on call ignored the first three pages'],
    ["Jo's mistake cost us three hours of downtime.", "Jo's mistake"],
    ['Sam pushed to main without review and broke the build.', 'Sam pushed to main without review and broke the build'],
    ['They simply ignored the warnings.', 'They simply ignored the warnings'],
  ])('fires: %s', (t, span) => {
    const f = first(t, 'person-as-cause');
    expect(f.span).toBe(span);
    expect(f.severity).toBe('error');
  });

  it.each([
    'Bob rolled back deploy 4821 at 14:38 after the team agreed the new query was the cause.',
    'Kenji updated the DNS record at 11:30 as planned in the cutover doc.',
    'The deploy broke the login flow for 4% of users.',
    'The incident was caused by a missing index.',
    'Root cause: the index did not cover lower(code).',
    'Priya paged the database team at 14:20 and they joined within five minutes.',
    'An engineer ran the migration from the documented runbook.',
    "Priya's change passed review and CI.",
    "The team's runbook was out of date.",
  ])('does not fire on factual entries and system causes: %s', (t) => {
    expect(rules(t)).toEqual([]);
  });

  it('rewrites names and handles to a role and failure verbs to neutral ones', () => {
    expect(neutralise('@tomas broke the mesh when he merged #418')).toBe('an engineer changed the mesh when they merged #418');
    expect(first('Marta gave customers the wrong ETA.', 'person-as-cause').suggestion).toBe('An engineer gave customers an unintended ETA');
  });
});

describe('human-error', () => {
  it.each(['The rollback went wrong because of human error.', 'Root cause: operator error during the failover.', 'Classic user error.', 'Due to a human mistake, the wrong config was applied.', 'A simple typo by the engineer on call caused the outage.', 'Someone fat-fingered the hostname.'])(
    'fires: %s',
    (t) => expect(rules(t)).toContain('human-error'),
  );
  it.each(['The user error rate stayed under 0.1%.', 'Request errors from the payments API rose to 4%.', 'The error budget burn reached 15.6%.', 'Human review is the only control on query plans.'])(
    'does not fire when "error" means failed requests: %s',
    (t) => expect(rules(t)).toEqual([]),
  );
  it('suggests the condition instead', () => {
    expect(first('This was an operator error.', 'human-error').suggestion).toBe('a step the tooling did not guard against');
    const t = 'Classic user error: the admin ran the script against the wrong cluster.';
    expect(rewriteBlame(t, first(t, 'human-error'))).toBe('A step the interface allowed without a check: the admin ran the script against the wrong cluster.');
    const u = 'This was ultimately an operator error, not a system problem.';
    expect(rewriteBlame(u, first(u, 'human-error'))).toBe('This was ultimately a step the tooling did not guard against, not a system problem.');
  });
});

describe('judgemental and animated language, hindsight', () => {
  it.each([
    ['It was a careless change.', 'judgemental'],
    ['Sloppy handover between shifts made it worse.', 'judgemental'],
    ['Restarting was a lazy fix.', 'judgemental'],
    ['Clearly nobody bothered to test the change.', 'judgemental'],
    ['Had he been paying attention it would not have happened.', 'judgemental'],
    ['What a mess!!!', 'animated'],
    ['We paged the wrong person AGAIN.', 'animated'],
    ['Unbelievable that we shipped this.', 'animated'],
    ['In hindsight it was clear that the disk would fill up.', 'hindsight'],
    ['This should have been obvious from the graphs.', 'hindsight'],
    ['Frankly, the networking team never reads their alerts.', 'group-blame'],
    ['The support team never reads the status channel, as usual.', 'group-blame'],
    ['Once again the QA team let a broken build through.', 'group-blame'],
    ['Ops dropped the ball on the capacity review.', 'group-blame'],
  ])('%s → %s', (t, rule) => {
    expect(rules(t)).toContain(rule);
  });

  it.each([
    'The alert was obviously noisy: it fired 14 times in March.',
    'The responders clearly communicated status every 15 minutes.',
    'The team restarted the pods again at 10:05.',
    'We got lucky: the gateway did not charge the failed attempts.',
    'Disk usage alerts were routed to a channel nobody watches overnight.',
    'HTTP 503 responses: 9,498 (see SLO section).',
    'Commands are imported lazily, and the UI uses lazy loading for the steps.',
    'TERM=dumb terminals get plain output.',
    'The handbook lists "Proximate and root causes" and "Categories of causes".',
    'Only 1% of the reviews cited "human error".',
  ])('does not fire: %s', (t) => expect(rules(t)).toEqual([]));

  it('offers word-level rewrites', () => {
    expect(first('Merging it was careless.', 'judgemental').suggestion).toBe('risky, and nothing flagged it');
    const all = lintBlame('Clearly nobody on the platform team bothered to test the RBAC change.');
    expect(all.find((f) => f.trigger === 'bothered to')?.suggestion).toBe('tested');
    expect(all.find((f) => f.trigger === 'Clearly')?.suggestion).toBe('Nobody');
    expect(first('We paged the wrong person AGAIN.', 'animated').suggestion).toBe('again');
    expect(first('Honestly, it was obvious that the table was too big.', 'hindsight').suggestion).toBe('we now know that');
  });
});

describe('leading questions', () => {
  it.each(['Why on earth did Priya restart the primary?', 'Who approved shipping this on a promo day?', 'Who pushed the config?', 'Why did Sam merge without a review?', "Why didn't you check the dashboard?", "You're the manager; why aren't you making sure that everyone finishes the training?"])(
    'fires: %s',
    (t) => {
      const f = first(t, 'leading-question');
      expect(f.suggestion).toMatch(/\?$/);
    },
  );
  it.each(['What made the warning easy to miss?', 'Why did the rotator keep running with stale permissions?', 'Who is the incident commander?', 'How did the team decide to roll back?'])(
    'does not fire: %s',
    (t) => expect(rules(t)).toEqual([]),
  );
});

describe('helpers', () => {
  it('classifies subjects by their head', () => {
    expect(classifySubject('The on-call engineer').kind).toBe('person');
    expect(classifySubject('The health check').kind).toBe('system');
    expect(classifySubject('Priya').kind).toBe('name');
    expect(classifySubject('@tomas').kind).toBe('handle');
    expect(classifySubject('the platform team').kind).toBe('group');
    expect(classifySubject('Someone from the DB team').kind).toBe('person');
    expect(classifySubject('Kubernetes').kind).not.toBe('name');
  });
  it('inflects verbs', () => {
    expect(['noticed', 'escalated', 'stopped', 'caught', 'checked', 'verified'].map(baseForm)).toEqual(['notice', 'escalate', 'stop', 'catch', 'check', 'verify']);
    expect(['validate', 'run', 'check'].map(gerund)).toEqual(['validating', 'running', 'checking']);
    expect(['test', 'run', 'escalate'].map(pastTense)).toEqual(['tested', 'ran', 'escalated']);
  });
  it('reports offsets that point at the span', () => {
    const line = 'Fine so far. Then Bob could have rolled back sooner.';
    const f = first(line, 'counterfactual');
    expect(line.slice(f.start, f.end)).toBe(f.span);
  });
});

describe('factual chat from the fixtures is not blame', () => {
  it.each(['chat-support-tier2.txt', 'chat-checkout-slack.txt'])('%s has no blame findings', async (name) => {
    const { readFileSync } = await import('node:fs');
    const text = readFileSync(new URL(`../fixtures/drafts/${name}`, import.meta.url), 'utf8');
    const lines = text.split('\n').filter((l) => l.trim());
    expect(lines.length).toBeGreaterThan(20);
    const flagged = lines.filter((l) => lintBlame(l).length > 0);
    expect(flagged).toEqual([]);
  });
  it('friendly exclamations and first-person accounts are not flagged; frustrated ones are', () => {
    expect(rules('Thanks! All five tenants had synced by 11:40.')).toEqual([]);
    expect(rules('Morning! Anyone else seeing x509 errors?')).toEqual([]);
    expect(rules('here now, I was driving in and missed the calls.')).toEqual([]);
    expect(rules('The whole checkout went down again for an hour!')).toEqual(['animated']);
    expect(rules('Sam was driving in and missed the calls.')).toEqual(['person-as-cause']);
  });
});

describe('signalFactsAt', () => {
  it('reads what had and had not fired by an instant off the timeline, in the incident zone', async () => {
    const { createSession } = await import('../../src/domain/session.js');
    const { signalFactsAt } = await import('../../src/analysis/signals.js');
    const s = createSession({ id: 's', now: '2024-03-14T09:00:00.000Z', incident: { timezone: 'Europe/Berlin' } });
    const e = (id: string, at: string, kind: 'alert' | 'page' | 'message', text: string) => ({ id, occurredAt: at, detectedAt: null, precision: 'second' as const, kind, actor: null, text, sources: [], conflicts: [], confirmed: true });
    const session = {
      ...s,
      timeline: {
        ...s.timeline,
        events: [
          e('1', '2024-03-12T14:04:00Z', 'message', 'pool warning posted'),
          e('2', '2024-03-12T14:10:30Z', 'alert', 'Checkout5xx firing'),
          e('3', '2024-03-12T14:11:02Z', 'page', 'PagerDuty #1932 triggered'),
          e('4', '2024-03-12T14:40:00Z', 'alert', 'DBConnectionsHigh firing'),
        ],
      },
    };
    const facts = signalFactsAt(session, '2024-03-12T14:32:00Z', 'the on-call engineer');
    expect(facts).toEqual({ at: '15:32', fired: ['Checkout5xx firing', 'PagerDuty #1932 triggered'], notFired: ['DBConnectionsHigh firing'], role: 'the on-call engineer' });
    const text = 'Sean should have looked at the database sooner.';
    expect(rewriteBlame(text, first(text, 'counterfactual'), facts)).toBe(
      'Given the dashboards available at 15:32, the on-call engineer had no signal: DBConnectionsHigh firing had not fired, and the only signals by then were Checkout5xx firing and PagerDuty #1932 triggered.',
    );
    expect(() => signalFactsAt(session, 'later')).toThrow(/not an ISO instant/);
  });
});

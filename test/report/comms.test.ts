import { describe, expect, it } from 'vitest';
import { commsText, draftComms, PHASES, TIERS } from '../../src/report/comms.js';
import { buildFacts, customerName, findLeaks, makeRedactor } from '../../src/report/facts.js';
import { apply, certSession, checkoutSession, ev, hl7Session } from './helpers/sessions.js';

describe('status updates', () => {
  const s = checkoutSession();
  const drafts = draftComms(s, { kind: 'status' });

  it('without a phase: all four, in order, each timed from the confirmed status events', () => {
    expect(drafts.map((d) => d.phase)).toEqual([...PHASES]);
    expect(drafts.map((d) => d.title)).toEqual([
      'Investigating (posted 14:19 UTC)',
      'Identified (posted 14:35 UTC)',
      'Monitoring (posted 14:45 UTC)',
      'Resolved (posted 15:01 UTC)',
    ]);
  });

  it('investigating names the start time and zone and the customer impact', () => {
    expect(drafts[0]!.body).toBe(
      'Since 14:02 UTC, some requests to the checkout service have been failing. Shoppers could not pay at checkout. We are investigating and will post an update here as soon as we know more.',
    );
  });

  it('investigating leaves out an impact summary with figures or times known only later', () => {
    const later = apply(s, { type: 'incident/update', patch: { customerImpact: 'Between 14:02 and 14:41, 5,742 shoppers could not pay.' } });
    const b = draftComms(later, { kind: 'status', phase: 'investigating' })[0]!.body;
    expect(b).not.toContain('5,742');
    expect(b).not.toContain('14:41');
    expect(draftComms(later, { kind: 'email', tier: 'enterprise' })[0]!.body).toContain('5,742 shoppers could not pay');
  });

  it('identified states the cause only from the confirmed trigger factor', () => {
    expect(drafts[1]!.body).toContain('a software change we deployed at 13:58 UTC');
    const noTrigger = apply(s, { type: 'factors/delete', id: 'f1' });
    const d = draftComms(noTrigger, { kind: 'status', phase: 'identified' });
    expect(d).toHaveLength(1);
    expect(d[0]!.body).toBe('We have identified the cause of the errors affecting the checkout service. We are applying a fix.');
    expect(d[0]!.missing).toContain('a confirmed trigger factor (the cause, in plain words)');
  });

  it('resolved carries the window, duration and failure share from the impact figures', () => {
    expect(drafts[3]!.body).toContain('Between 14:02 UTC and 14:41 UTC (38 min 27 s), 9.60% of requests to the checkout service failed.');
    expect(drafts[3]!.body).toContain('resolved at 14:58 UTC');
  });

  it('times follow the audience zone when asked, with the zone named', () => {
    const d = draftComms(s, { kind: 'status', phase: 'investigating', tz: 'America/Chicago' })[0]!;
    expect(d.body).toMatch(/^Since 09:02 CDT,/);
    expect(d.title).toBe('Investigating (posted 09:19 CDT)');
  });

  it('says so when a fact is missing instead of inventing it', () => {
    const bare = { ...s, timeline: { ...s.timeline, events: [], moments: { impactStart: null, detected: null, acknowledged: null, mitigated: null, resolved: null } } };
    const d = draftComms(bare, { kind: 'status' });
    expect(d[2]!.body).toContain('the time it took effect is not confirmed yet');
    expect(d[3]!.body).toContain('the exact time is not confirmed yet');
    expect(d[0]!.missing).toContain('the impact start time');
    expect(d[0]!.at).toBeNull();
  });

  it('an edit overrides the generated draft (sanitised)', () => {
    const edited = apply(s, { type: 'comms/edit', key: 'status:monitoring', text: 'Our own words.\u001b[31m' });
    const d = draftComms(edited, { kind: 'status', phase: 'monitoring' })[0]!;
    expect(d.body).toBe('Our own words.');
    expect(d.edited).toBe(true);
  });
});

describe('emails per tier', () => {
  const s = checkoutSession();
  const emails = draftComms(s, { kind: 'email' });

  it('without a tier: enterprise, api, free', () => {
    expect(emails.map((e) => e.tier)).toEqual([...TIERS]);
    for (const e of emails) expect(e.title).toBe('Incident report: errors affecting the checkout service on 12 March 2024');
  });

  it('enterprise: counts, SLA breach and the credit', () => {
    const b = emails[0]!.body;
    expect(b).toContain('9,498 of 98,910 requests');
    expect(b).toContain('Availability for the service period was 99.927%, below our 99.95% commitment to you. A 10% service credit applies under your agreement.');
    expect(b).toContain('We have committed to 2 follow-up actions (1 this week, 1 this quarter) covering deployment and testing.');
  });

  it('api: peak ratio and the UTC window for log matching', () => {
    const b = emails[1]!.body;
    expect(b).toContain('At its peak, 18.0% of requests failed.');
    expect(b).toContain('2024-03-12T14:02:45Z to 2024-03-12T14:41:12Z');
  });

  it('free: short, no SLA', () => {
    const b = emails[2]!.body;
    expect(b).not.toContain('service credit');
    expect(b.split('\n\n')).toHaveLength(3);
  });

  it('a single tier', () => {
    expect(draftComms(s, { kind: 'email', tier: 'api' }).map((e) => e.key)).toEqual(['email:api']);
  });
});

describe('executive summary', () => {
  it('three paragraphs on business impact with the computed figures', () => {
    const d = draftComms(checkoutSession(), { kind: 'exec' })[0]!;
    const ps = d.body.split('\n\n');
    expect(ps).toHaveLength(3);
    expect(ps[0]).toContain('We detected it 8 min 17 s after it began');
    expect(ps[1]).toContain('Revenue at risk: EUR 84,576');
    expect(ps[1]).toContain('SLA: 99.927%');
    expect(ps[2]).toContain('1 trigger, 1 contributing and 1 systemic factor');
  });
  it('hl7: breached SLO and the missing revenue inputs named', () => {
    const d = draftComms(hl7Session(), { kind: 'exec' })[0]!;
    expect(d.body).toContain('breached, 7.3× the budget');
    expect(d.body).toContain('Revenue at risk is not computed (missing: the number of failed transactions and the average order value).');
    expect(d.body).toContain('07:03 UTC+1'); // Europe/Dublin in July
  });
});

describe('no internal names, hosts or people', () => {
  it('no generated draft of any kind leaks', () => {
    for (const s of [checkoutSession(), certSession(), hl7Session()]) {
      const all = [...draftComms(s, { kind: 'status' }), ...draftComms(s, { kind: 'email' }), ...draftComms(s, { kind: 'exec' })];
      for (const d of all) expect(findLeaks(`${d.title}\n${d.body}`, s), `${s.id} ${d.key}`).toEqual([]);
    }
  });

  it('customer impact text written with internal names is redacted', () => {
    const s = apply(checkoutSession(), {
      type: 'incident/update',
      patch: { customerImpact: 'Alice Chen saw checkout-api-7f9c6d-xk2lp on db-primary-01.internal.acme.net (10.2.3.4) fail; see #payments' },
    });
    const b = draftComms(s, { kind: 'email', tier: 'enterprise' })[0]!.body;
    expect(findLeaks(b, s)).toEqual([]);
    expect(b).toContain('a team member saw');
    expect(b).toContain('[host]');
    expect(b).toContain('[address]');
    expect(b).toContain('[channel]');
  });

  it('findLeaks spots hosts, IPs, pods and people', () => {
    const s = checkoutSession();
    expect(findLeaks('Bob Marsh restarted checkout-api on 10.0.0.1 and db.internal', s).sort()).toEqual(['10.0.0.1', 'Bob', 'Bob Marsh', 'Marsh', 'checkout-api', 'db.internal'].sort());
    expect(findLeaks('9.60% of requests failed at 14:02 UTC; v2.14.3, e.g. a retry', s)).toEqual([]);
  });

  it('customer-facing service names', () => {
    expect(customerName('checkout-api')).toBe('checkout');
    expect(customerName('EHR_RESULTS_OUT')).toBe('EHR results');
    expect(customerName('ledger-svc')).toBe('ledger');
    expect(buildFacts(certSession()).servicePhrase).toBe('the billing service');
    expect(makeRedactor(checkoutSession())('checkout-api is down')).toBe('checkout is down');
  });
});

describe('commsText', () => {
  it('prints emails with a Subject line and updates with a heading', () => {
    const s = checkoutSession();
    expect(commsText(draftComms(s, { kind: 'email', tier: 'free' }))).toMatch(/^Subject: Incident report: /);
    expect(commsText(draftComms(s, { kind: 'status', phase: 'resolved' }))).toMatch(/^## Resolved \(posted 15:01 UTC\)\n\n/);
  });
});

describe('proposed (unconfirmed) key moments', () => {
  const s = checkoutSession();
  const proposed = {
    ...s,
    timeline: { ...s.timeline, moments: { ...s.timeline.moments, mitigated: { at: '2024-03-12T14:45:00Z', eventId: null, evidence: 'import', confirmed: false } } },
  };

  it('are never used by the documents, and the gap is said', () => {
    const d = draftComms(proposed, { kind: 'status', phase: 'monitoring' })[0]!;
    expect(d.body).toContain('the time it took effect is not confirmed yet');
    expect(d.body).not.toContain('14:45');
    const exec = draftComms(proposed, { kind: 'exec' })[0]!.body;
    expect(exec).not.toContain('14:45');
    expect(exec).toContain('From 14:02 UTC,');
  });

  it('the impact maths names them when asked for confirmed moments only, and uses them otherwise', async () => {
    const { computeImpact } = await import('../../src/domain/impact.js');
    const strict = computeImpact(proposed, { confirmedOnly: true });
    expect(strict.byKey.timeToMitigate).toBeUndefined();
    expect(strict.missing.find((m) => m.key === 'timeToMitigate')!.missing).toEqual(['the mitigated moment (proposed, not yet confirmed)']);
    expect(computeImpact(proposed).byKey.timeToMitigate!.display).toBe('42 min 15 s');
  });

  it('the post-mortem lists them as proposed', async () => {
    const { renderMarkdown } = await import('../../src/report/markdown.js');
    const md = renderMarkdown(proposed, '2024-03-14T00:00:00Z');
    expect(md).toContain('_Proposed by an import and not confirmed, so not used in any figure: mitigated 14:45._');
    expect(md).not.toContain('- **mitigated**');
  });
});

describe('checkDraft (for edits and model drafts)', () => {
  const s = checkoutSession();
  it('finds nothing in the generated drafts', async () => {
    const { checkDraft } = await import('../../src/report/comms.js');
    for (const kind of ['status', 'email', 'exec'] as const)
      for (const d of draftComms(s, { kind })) expect(checkDraft(`${d.title}\n${d.body}`, s), d.key).toEqual([]);
  });
  it('flags leaks, speculation, blame and invented figures', async () => {
    const { checkDraft } = await import('../../src/report/comms.js');
    const text =
      'Bob Marsh probably caused this by human error on db-primary-01.internal.acme.net. About 12,345 requests failed (9.60%) from 14:02 UTC to 14:50 UTC in 2024; we think it is fixed.';
    const got = checkDraft(text, s).map((x) => `${x.rule}:${x.span}`);
    expect(got).toEqual(
      expect.arrayContaining([
        'leak:Bob Marsh',
        'leak:db-primary-01.internal.acme.net',
        'speculation:probably',
        'speculation:we think',
        'blame:human error',
        'unsupported-figure:12,345',
        'unsupported-figure:14:50',
      ]),
    );
    expect(got).not.toContain('unsupported-figure:9.60%');
    expect(got).not.toContain('unsupported-figure:14:02');
    expect(got).not.toContain('unsupported-figure:2024');
  });
});

describe('model drafts', () => {
  it('the fact sheet holds the confirmed facts, redacted, and says what is not known', async () => {
    const { commsFactSheet } = await import('../../src/report/comms.js');
    const s = apply(checkoutSession(), { type: 'incident/update', patch: { customerImpact: 'Shoppers on db-primary-01.internal.acme.net could not pay (Alice Chen saw it)' } });
    const sheet = commsFactSheet(s, { kind: 'status', phase: 'resolved' });
    expect(findLeaks(sheet, s)).toEqual([]);
    expect(sheet).toContain('Key moment, impact start: 14:02 UTC');
    expect(sheet).toContain('Failed requests: 9,498 of 98,910 (9.60%)');
    expect(sheet).toContain('Offline draft (status:resolved)');
    const hl7 = commsFactSheet(hl7Session(), { kind: 'exec' });
    expect(hl7).toContain('Not known (do not guess): revenue at risk');
    expect(hl7).toContain('Cause: not confirmed for customers (do not describe one)');
  });

  it('a clean model draft is accepted; one that speculates or invents a figure falls back to the offline draft', async () => {
    const { reviewModelDraft } = await import('../../src/report/comms.js');
    const s = checkoutSession();
    const offline = draftComms(s, { kind: 'status', phase: 'resolved' })[0]!;
    const ok = reviewModelDraft(s, offline, 'Checkout is working again. Between 14:02 UTC and 14:41 UTC, 9.60% of checkout requests failed. We apologise.');
    expect(ok.accepted).toBe(true);
    expect(ok.draft.body).toMatch(/^Checkout is working again\./);
    const bad = reviewModelDraft(s, offline, 'About 20,000 payments probably failed.');
    expect(bad.accepted).toBe(false);
    expect(bad.draft).toBe(offline);
    expect(bad.findings.map((x) => x.rule).sort()).toEqual(['speculation', 'unsupported-figure']);
    expect(reviewModelDraft(s, offline, '  ').accepted).toBe(false);
  });
});

describe('peopleNames', () => {
  it('takes attendees, authors, owners and person-like actors, not bots, services or roles', async () => {
    const { peopleNames } = await import('../../src/report/facts.js');
    const s = apply(
      checkoutSession(),
      { type: 'timeline/add', event: ev('2024-03-12T14:16:00Z', 'message', 'x', { id: 'p1', actor: 'zoe (finance ops)' }) },
      { type: 'timeline/add', event: ev('2024-03-12T14:16:01Z', 'message', 'x', { id: 'p2', actor: 'deploy-bot[bot]' }) },
      { type: 'timeline/add', event: ev('2024-03-12T14:16:02Z', 'message', 'x', { id: 'p3', actor: 'support' }) },
      { type: 'timeline/add', event: ev('2024-03-12T14:16:03Z', 'message', 'x', { id: 'p4', actor: 'checkout-api' }) },
    );
    const names = peopleNames(s);
    expect(names).toEqual(expect.arrayContaining(['Alice Chen', 'Bob Marsh', 'Alice', 'Marsh', 'zoe']));
    for (const not of ['deploy-bot[bot]', 'support', 'checkout-api']) expect(names).not.toContain(not);
    const r = makeRedactor(s);
    expect(r('support saw zoe and Alice Chen')).toBe('support saw a team member and a team member');
  });
});

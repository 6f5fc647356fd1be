// Action-item specificity rules on free text and on structured items; due dates from severity and horizon.
import { describe, expect, it } from 'vitest';
import { checkActionItem, checkActionText, DEFAULT_DUE_TABLE, dueOf, isVerifiable, ownerOf, proposeDueDate } from '../../src/analysis/actionItems.js';
import type { ActionItem } from '../../src/domain/schema.js';

const rules = (t: string) => checkActionText(t).map((f) => f.rule).sort();

const SPECIFIC = [
  'Alert when the service returns more than 1% errors for 5 minutes. Owner: SRE. Due 2024-06-07. Verified by a fault-injection run in staging.',
  'Set the connection pool limit to 40 per pod and add a load test at 3x peak. Owner: checkout team. Due 2024-05-20. Acceptance: p99 under 300 ms at 3x peak.',
  'Page the database on-call when replica lag exceeds 60 s for 3 minutes — owner: DBRE, due 2024-06-10, tested by pausing replication in staging.',
  'Block merges that add a query without an index on tables over 10M rows. Owner: data platform. Due 2024-10-01. Done when a test PR is rejected by the check.',
  'Alert when replication lag exceeds 30 s for 2 minutes. Owner: DBRE. Due 2024-09-15. Verified by a failover drill.',
  '@kofi to pin the cache client library to 4.2.1 by 2024-08-30; done when the canary shows p99 under 50 ms.',
  'Renew certificates automatically 30 days before expiry (owner: platform team, due 12 September). Done when the dashboard shows no certificate under 30 days.',
  'Storage team: page when any volume is above 85% full for 10 minutes. Due 2024-09-01.',
];

describe('free-text items', () => {
  it.each(SPECIFIC)('a specific item has no findings: %s', (t) => expect(checkActionText(t)).toEqual([]));

  it.each([
    ['Enhance alerting for the payments service.', 'vague-action'],
    ['Explore options for faster failover.', 'vague-action'],
    ['Make the deploy pipeline more robust.', 'vague-action'],
    ['Add better logging to the importer.', 'vague-action'],
    ['Prevent this from happening again.', 'vague-action'],
    ['Storage team: look at disk usage trends.', 'vague-action'],
    ['Educate developers about index usage.', 'people-fix-action'],
    ['Tell the team to check the replication lag before failovers.', 'people-fix-action'],
    ['Everyone should remember to drain nodes before upgrades.', 'people-fix-action'],
    ['Remind on-call to watch the queue dashboard.', 'people-fix-action'],
    ['More monitoring on the payment path.', 'vague-action'],
    ['Hold a training session on the new tooling for support. Due 2024-06-01. Owner: support lead.', 'people-fix-action'],
    ['Talk to the vendor about the patch.', 'vague-action'],
    ['Reboot the cache nodes whenever latency spikes.', 'symptom-only'],
    ['Clear the queue if the backlog comes back.', 'symptom-only'],
  ])('%s → %s', (t, rule) => {
    const fs = checkActionText(t);
    const f = fs.find((x) => x.rule === rule);
    expect(f?.kind).toBe('action');
    expect(f?.severity).toBe(rule === 'symptom-only' ? 'warning' : 'error');
  });

  it('flags missing owner, date and end state separately', () => {
    expect(rules('Write a postmortem template.')).toEqual(['no-date', 'no-owner', 'not-verifiable']);
    expect(rules('Write a postmortem template. Owner: SRE.')).toEqual(['no-date', 'not-verifiable']);
    expect(rules('Write a postmortem template. Owner: SRE. Due 2024-10-01.')).toEqual(['not-verifiable']);
    expect(rules('Write a postmortem template. Owner: SRE. Due 2024-10-01. Done when three reviews have used it.')).toEqual([]);
  });

  it('ASAP and next sprint are not dates; quarters and day-month are', () => {
    expect(dueOf('Fix it ASAP.')).toEqual({ due: null, vague: 'ASAP' });
    expect(dueOf('Document it (platform team, next sprint).').vague).toBe('next sprint');
    expect(dueOf('SRE to build dashboards by the end of Q2.').due).not.toBeNull();
    expect(dueOf('Due 12 September.').due).toBe('12 September');
    expect(checkActionText('Fix the cert rotator ASAP.').find((f) => f.rule === 'no-date')?.message).toMatch(/"ASAP" is not a date/);
  });

  it('finds owners by label, handle, "X to", trailing parenthesis; not "someone"', () => {
    expect(ownerOf('Do X. Owner: Dev Patel (DBRE).')).toBe('Dev Patel (DBRE)');
    expect(ownerOf('@kofi to pin the library')).toBe('@kofi');
    expect(ownerOf('SRE to build dashboards')).toBe('SRE');
    expect(ownerOf('Bob to double-check plans')).toBe('Bob');
    expect(ownerOf('Document the process (platform team, next sprint).')).toBe('platform team');
    expect(ownerOf('Someone from the DB team should review slow queries.')).toBeNull();
    expect(ownerOf('Remind on-call to keep an eye on #payments.')).toBeNull();
    expect(ownerOf('Add an alert on queue age above 10 minutes (Alice Chen, by Friday).')).toBe('Alice Chen');
    expect(checkActionText('Add an alert on queue age above 10 minutes (Alice Chen, by Friday).')).toEqual([]);
  });

  it('knows a checkable end state from a vague one; dates and clock times are not thresholds', () => {
    expect(isVerifiable('Page when pool utilisation stays above 80% for 5 minutes.')).toBe(true);
    expect(isVerifiable('Add a migration test that asserts the lookup uses the index.')).toBe(true);
    expect(isVerifiable('Document the rollback process by 2024-03-29 at 14:00.')).toBe(false);
    expect(isVerifiable('Add more tests.')).toBe(false);
  });

  it('proposes one sharpened rewrite built from the facts', () => {
    const fs = checkActionText('Improve monitoring.', { ownerRole: 'SRE', severity: 'SEV1', horizon: 'short', today: '2024-03-12', doneWhen: 'a staging game-day pages within 6 minutes' });
    const s = fs[0]!.suggestion!;
    expect(s).toBe('Alert when <signal> stays above <threshold> for <N> minutes. Owner: SRE. Due 2024-04-11. Done when a staging game-day pages within 6 minutes.');
    expect(new Set(fs.map((f) => f.suggestion)).size).toBe(1);
    // people-fix becomes an automated check, keeping the item's own owner and date
    const p = checkActionText('Bob to double-check query plans before merging. Due 2024-03-29.')[0]!;
    expect(p.rule).toBe('people-fix-action');
    expect(p.suggestion).toMatch(/^Add a CI check that fails the build .*Owner: Bob\. Due 2024-03-29\. Done when /);
  });

  it('symptom-only from session context: only the trigger while a systemic factor is uncovered', () => {
    const factors = [
      { id: 'f1', type: 'trigger' as const, text: 'Deploy 4821 added lower(code)' },
      { id: 'f2', type: 'systemic' as const, text: 'No query-plan check against production-sized data' },
    ];
    const t = 'Revert the lower(code) change. Owner: checkout team. Due 2024-03-13. Done when the lookup uses the index.';
    expect(checkActionText(t, {}, { factors, addresses: ['f1'] }).map((f) => f.rule)).toEqual(['symptom-only']);
    expect(checkActionText(t, {}, { factors, addresses: ['f1'], coveredElsewhere: ['f2'] })).toEqual([]);
    expect(checkActionText(t, {}, { factors, addresses: ['f1', 'f2'] })).toEqual([]);
  });
});

describe('structured items', () => {
  const base: ActionItem = {
    id: 'a1',
    title: 'Page the payments on-call when pool utilisation stays above 80% for 5 minutes',
    doneWhen: 'a staging game-day that saturates the pool produces a page within 6 minutes',
    ownerRole: 'SRE',
    owner: null,
    due: '2024-03-22',
    horizon: 'short',
    priority: 'P1',
    factors: ['f2'],
    tracker: null,
    status: 'open',
  };

  it('a complete item has no findings', () => expect(checkActionItem(base)).toEqual([]));

  it('reports each missing field with a proposal', () => {
    const fs = checkActionItem({ ...base, title: 'Improve monitoring', doneWhen: '', ownerRole: '', due: null, factors: [] }, { severity: 'SEV1', today: '2024-03-12', ownerRole: 'SRE' });
    const by = Object.fromEntries(fs.map((f) => [f.rule, f]));
    expect(Object.keys(by).sort()).toEqual(['no-date', 'no-factor', 'no-owner', 'not-verifiable', 'vague-action']);
    expect(by['no-date']!.suggestion).toBe('2024-04-11');
    expect(by['no-date']!.field).toBe('due');
    expect(by['no-owner']!.suggestion).toBe('SRE');
    expect(by['vague-action']!.suggestion).toBe('Alert when <signal> stays above <threshold> for <N> minutes');
    expect(by['not-verifiable']!.field).toBe('doneWhen');
  });

  it('a vague done-when is not verifiable', () => {
    expect(checkActionItem({ ...base, doneWhen: 'better monitoring' }).map((f) => f.rule)).toEqual(['not-verifiable']);
  });

  it('symptom-only when the item addresses only the trigger', () => {
    const factors = [
      { id: 'f1', type: 'trigger' as const, text: 'The deploy' },
      { id: 'f2', type: 'systemic' as const, text: 'No query-plan check' },
    ];
    expect(checkActionItem({ ...base, factors: ['f1'] }, {}, { factors }).map((f) => f.rule)).toEqual(['symptom-only']);
    expect(checkActionItem({ ...base, factors: ['f1'] }, {}, { factors, coveredElsewhere: ['f2'] })).toEqual([]);
  });
});

describe('proposeDueDate', () => {
  it('uses the default table', () => {
    expect(proposeDueDate('SEV1', 'immediate', '2024-03-12')).toBe('2024-03-19');
    expect(proposeDueDate('SEV1', 'short', '2024-03-12T15:00:00Z')).toBe('2024-04-11');
    expect(proposeDueDate('SEV2', 'immediate', '2024-12-25')).toBe('2025-01-08');
    expect(DEFAULT_DUE_TABLE.SEV1.long).toBe(90);
  });
  it('takes a configured table, falling back per severity', () => {
    expect(proposeDueDate('SEV1', 'immediate', '2024-03-12', { SEV1: { immediate: 2, short: 10, long: 30 } })).toBe('2024-03-14');
    expect(proposeDueDate('SEV3', 'long', '2024-03-12', { SEV1: { immediate: 2, short: 10, long: 30 } })).toBe('2024-07-10');
  });
  it('rejects a non-date', () => expect(() => proposeDueDate('SEV1', 'short', 'tomorrow')).toThrow(/not a date/));
});

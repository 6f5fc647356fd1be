// Choosing the provider: offline unless Claude is asked for, a key is configured and consent is recorded.
import { describe, expect, it } from 'vitest';
import { consentAction, hasConsent, selectAssistant } from '../../src/assistant/index.js';
import { loadConfig } from '../../src/assistant/config.js';
import { baseVerb, createOfflineAssistant, offlineRewrite, offlineSharpen } from '../../src/assistant/offline.js';
import { reduce } from '../../src/domain/reducer.js';
import { checkoutSession } from './sessions.js';

const noFile = { home: '/nowhere', read: () => null };

describe('selectAssistant', () => {
  const base = checkoutSession();
  const granted = reduce(base, consentAction(true, '2026-11-28T10:00:00Z'));

  it('is offline by default and without a key', () => {
    expect(selectAssistant(base, { config: loadConfig({}, noFile) })).toMatchObject({ needsConsent: false });
    expect(selectAssistant(base, { config: loadConfig({}, noFile) }).assistant.id).toBe('offline');
    const noKey = selectAssistant(base, { ai: 'claude', config: loadConfig({}, noFile) });
    expect(noKey.assistant.id).toBe('offline');
    expect(noKey.note).toMatch(/ANTHROPIC_API_KEY/);
  });

  it('needs consent before Claude, recorded in the session or given for the run', () => {
    const config = loadConfig({ ANTHROPIC_API_KEY: 'k' }, noFile);
    const asked = selectAssistant(base, { config });
    expect(asked.assistant.id).toBe('offline');
    expect(asked.needsConsent).toBe(true);
    expect(selectAssistant(base, { config, consent: true }).assistant.id).toBe('claude');
    expect(selectAssistant(granted, { config }).assistant.id).toBe('claude');
    expect(selectAssistant(granted, { config, ai: 'offline' }).assistant.id).toBe('offline');
  });

  it('consent can be revoked', () => {
    expect(hasConsent(base)).toBe(false);
    expect(hasConsent(granted)).toBe(true);
    expect(granted.meeting.aiConsent).toEqual({ granted: true, provider: 'claude', at: '2026-11-28T10:00:00Z' });
    const revoked = reduce(granted, consentAction(false, '2026-11-28T10:05:00Z'));
    expect(hasConsent(revoked)).toBe(false);
    expect(selectAssistant(revoked, { config: loadConfig({ ANTHROPIC_API_KEY: 'k' }, noFile) }).needsConsent).toBe(true);
  });
});

describe('offline provider', () => {
  const session = checkoutSession();

  it('answers proposeQuestions through the interface, calling onPartial once with everything', async () => {
    const calls: number[] = [];
    const r = await createOfflineAssistant().proposeQuestions(session, 'root', { onPartial: (p) => calls.push(p.length) });
    expect(r.provider).toBe('offline');
    expect(r.note).toBeUndefined();
    expect(calls).toEqual([r.proposals.length]);
  });

  it('rewrites blameful sentences by rules: names to roles, counterfactuals out', () => {
    const r = offlineRewrite(session, 'Alice Chen should have checked the dashboard; human error.');
    expect(r.rewrite.rewrite).toBe('A responder did not check the dashboard; a step the tooling allowed.');
    expect(r.rewrite.reasons).toEqual(expect.arrayContaining(['people replaced by roles']));
    expect(offlineRewrite(session, 'Dmitri shouldn\'t have restarted the pods!').rewrite.rewrite).toBe('A responder restarted the pods.');
    expect(offlineRewrite(session, 'The on-call failed to notice the careless config change').rewrite.rewrite).toBe('The on-call did not notice the config change');
    expect(offlineRewrite(session, 'We could have escalated sooner').rewrite.rewrite).toBe('We did not escalate sooner');
    expect(offlineRewrite(session, 'The pool saturated at 14:08.').rewrite.reasons).toEqual([]);
  });

  it('finds base verbs for the rewrite', () => {
    const pairs: [string, string][] = [
      ['noticed', 'notice'], ['configured', 'configure'], ['stopped', 'stop'], ['paused', 'pause'], ['merged', 'merge'],
      ['tested', 'test'], ['reviewed', 'review'], ['tried', 'try'], ['rolled', 'roll'], ['passed', 'pass'], ['paged', 'page'],
      ['used', 'use'], ['escalated', 'escalate'], ['checked', 'check'], ['run', 'run'], ['seen', 'see'], ['added', 'add'],
      ['monitored', 'monitor'], ['deployed', 'deploy'], ['agreed', 'agree'], ['caught', 'catch'],
    ];
    expect(pairs.map(([p]) => baseVerb(p))).toEqual(pairs.map(([, b]) => b));
  });

  it('sharpens vague action items', () => {
    const item = { id: 'a', title: 'Improve alerting for the pool', doneWhen: '', ownerRole: '', owner: null, due: null, horizon: 'short' as const, priority: 'P2' as const, factors: [], tracker: null, status: 'open' as const };
    const r = offlineSharpen(session, item);
    expect(r.item.title).toBe('Add alerting for the pool');
    expect(r.item.doneWhen).toMatch(/check/);
    expect(r.item.reasons.length).toBe(2);
  });
});

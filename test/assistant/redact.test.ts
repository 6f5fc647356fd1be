// Redaction before anything is sent: a corpus of secret shapes, contact details, addresses and names.
// Every secret below is fake (made up for this test, or the providers' documented example values).
import { describe, expect, it } from 'vitest';
import { Redactor, redactText } from '../../src/assistant/redact.js';
import { peopleOf } from '../../src/analysis/questions.js';
import { buildQuestionsRequest } from '../../src/assistant/request.js';
import { CORPUS, KEEP } from './redaction-corpus.js';
import { addWhy, apply, checkoutSession, ev } from './sessions.js';

describe('redaction corpus', () => {
  it.each(CORPUS)('%s', (_label, text, secret) => {
    const r = new Redactor();
    const out = r.redact(text);
    expect(out).not.toContain(secret);
    expect(out).toMatch(/\[[A-Z_]+_\d+\]/);
    // and the map restores it exactly, in memory
    expect(r.restore(out)).toBe(text);
  });

  it('keeps times, versions, hashes and numbers the analysis needs', () => {
    for (const text of KEEP) expect(redactText(text)).toBe(text);
  });

  it('uses one placeholder per value, typed by kind', () => {
    const r = new Redactor();
    const out = r.redact('a@x.example and b@x.example and a@x.example; 10.0.0.1');
    expect(out).toBe('[EMAIL_1] and [EMAIL_2] and [EMAIL_1]; [IP_1]');
    expect(r.counts).toEqual({ EMAIL: 3, IP: 1 });
  });

  it('does not redact a card-like number that fails the Luhn check', () => {
    expect(redactText('order 4111 1111 1111 1112 shipped')).toBe('order 4111 1111 1111 1112 shipped');
  });
});

describe('names to roles', () => {
  const session = apply(checkoutSession(), {
    type: 'timeline/add',
    event: ev('e-x', '2024-03-12T14:30:00Z', 'message', 'thanks Dmitri, @alice.chen and @someone.else', 'Sam Okafor'),
  });
  const people = peopleOf(session);

  it('replaces attendees and actors by role pseudonyms, and @handles of unknown people', () => {
    const r = new Redactor({ people });
    const out = r.redact('Alice Chen paged Dmitri Volkov; alice said Priya Nair (@priya) saw it; Bob Martin deployed; @someone.else too');
    expect(out).toBe('incident commander A paged responder A; incident commander A said responder C (responder C) saw it; responder B deployed; person A too');
    expect(r.restore(out)).toBe('Alice Chen paged Dmitri Volkov; Alice Chen said Priya Nair (Priya Nair) saw it; Bob Martin deployed; @someone.else too');
    expect(r.restore('ask incident commander A', { names: false })).toBe('ask the incident commander');
    expect(r.restore('responder B saw it', { names: false })).toBe('a responder saw it');
    expect(r.restore('ask the incident commander A', { names: false })).toBe('ask the incident commander');
    expect(r.restore('ask the incident commander A')).toBe('ask Alice Chen');
  });

  it('never lets a planted name, email, IP or secret into the request text', () => {
    let s = apply(session, {
      type: 'timeline/add',
      event: ev('e-y', '2024-03-12T14:31:00Z', 'message', 'Dmitri: password=hunter2, box 10.1.2.3, mail dmitri@acme.example, key AKIAIOSFODNN7EXAMPLE', 'Dmitri Volkov'),
    });
    let id: string;
    [s, id] = addWhy(s, 'root', 'Why did Alice Chen page late?', 'Priya Nair saw it first at 10.1.2.3', { evidence: ['e-y'] });
    s = apply(s, { type: 'incident/update', patch: { summary: 'Reported by bob.martin@acme.example from 192.168.7.7', customerImpact: 'Card 4111111111111111 failed' } });
    const req = buildQuestionsRequest(s, id);
    const sent = `${req.system}\n${req.user}`;
    for (const bad of ['Alice', 'Chen', 'Dmitri', 'Volkov', 'Priya', 'Nair', 'Okafor', 'Bob Martin', 'hunter2', '10.1.2.3', '192.168.7.7', 'acme.example', 'AKIAIOSFODNN7EXAMPLE', '4111111111111111', '@alice'])
      expect(sent).not.toContain(bad);
    expect(sent).toContain('incident commander A');
    // the data is JSON-encoded inside the delimiters: no raw "<" from the data
    const inner = req.user.slice(req.user.indexOf('>') + 1, req.user.lastIndexOf('</incident_data>'));
    expect(inner).not.toContain('<');
  });
});

describe('clipping', () => {
  it('redacts before clipping, so a secret across the cut does not leak in part', () => {
    for (const [label, source, secret] of CORPUS) {
      // put the secret itself across the 400-character cut
      const lead = source.indexOf(secret);
      for (const pad of [380, 390, 395, 399].map((p) => Math.max(0, p - lead))) {
        let s = apply(checkoutSession(), { type: 'timeline/add', event: ev('e-long', '2024-03-12T14:33:00Z', 'message', `${'x'.repeat(pad)} ${source} tail`) });
        let id: string;
        [s, id] = addWhy(s, 'root', 'Why?', 'because', { evidence: ['e-long'] });
        const user = buildQuestionsRequest(s, id).user;
        const text = /"id": "e-long",[^}]*"text": "([^"]*)"/.exec(user)?.[1] ?? '';
        expect(text.length, label).toBeGreaterThan(300);
        // no 12-character run of the secret survives
        for (let i = 0; i + 12 <= secret.length; i += 4) expect(text, `${label} @${pad}`).not.toContain(JSON.stringify(secret.slice(i, i + 12)).slice(1, -1));
      }
    }
  });
});

describe('actor fields', () => {
  it('maps whole handles to the person they belong to, and leaves systems alone', () => {
    const s = apply(
      checkoutSession(),
      { type: 'meeting/addAttendee', attendee: { name: 'Dev Patel', role: 'responder' } },
      { type: 'timeline/add', event: ev('e-dev', '2024-03-12T14:31:00Z', 'message', 'looking at the dev environment', 'dev') },
      { type: 'timeline/add', event: ev('e-k', '2024-03-12T14:32:00Z', 'note', 'Scaled replica set', 'deployment-controller') },
    );
    const r = Redactor.forSession(s);
    const devAlias = r.actor('Dev Patel');
    expect(devAlias).toMatch(/^responder [A-Z]$/);
    expect(r.actor('dev')).toBe(devAlias);
    expect(r.actor('alice')).toBe('incident commander A');
    expect(r.actor('deployment-controller')).toBe('deployment-controller');
    expect(r.actor('checkout-api')).toBe('checkout-api');
    // in prose, "dev" is an ordinary word
    expect(r.redact('the dev environment')).toBe('the dev environment');
    const req = buildQuestionsRequest(s, 'root');
    expect(req.user).not.toMatch(/"actor": "dev"/);
    expect(req.user).toContain('"actor": "deployment-controller"');
  });
});

describe('restoring a reply', () => {
  it('can keep credentials out while returning contact details and roles', () => {
    const r = new Redactor();
    const sent = r.redact('key AKIAIOSFODNN7EXAMPLE from 10.0.0.7, mail ops@acme.example');
    const reply = `Why was [SECRET_1] usable from [IP_1]? Ask [EMAIL_1].`;
    expect(sent).toBe('key [SECRET_1] from [IP_1], mail [EMAIL_1]');
    expect(r.restore(reply, { secrets: false })).toBe('Why was [redacted] usable from 10.0.0.7? Ask ops@acme.example.');
    expect(r.restore(reply)).toBe('Why was AKIAIOSFODNN7EXAMPLE usable from 10.0.0.7? Ask ops@acme.example.');
    // a placeholder the model made up stays as it is
    expect(r.restore('[EMAIL_9] and [SECRET_7]', { secrets: false })).toBe('[EMAIL_9] and [redacted]');
  });
});

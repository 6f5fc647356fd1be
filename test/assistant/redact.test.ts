// Redaction before anything is sent: a corpus of secret shapes, contact details, addresses and names.
// Every secret below is fake (made up for this test, or the providers' documented example values).
import { describe, expect, it } from 'vitest';
import { Redactor, redactText } from '../../src/assistant/redact.js';
import { peopleOf } from '../../src/analysis/questions.js';
import { buildQuestionsRequest } from '../../src/assistant/request.js';
import { addWhy, apply, checkoutSession, ev } from './sessions.js';

/** [label, text around it, the sensitive value that must not survive] */
const CORPUS: [string, string, string][] = [
  ['AWS access key id', 'aws key AKIAIOSFODNN7EXAMPLE in the env', 'AKIAIOSFODNN7EXAMPLE'],
  ['AWS temporary key id', 'ASIAY34FZKBOKMUTVV7A was used', 'ASIAY34FZKBOKMUTVV7A'],
  ['AWS secret key pair', 'aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'],
  ['GitHub PAT classic', 'export GH=ghp_16C7e42F292c6912E7710c838347Ae178B4a', 'ghp_16C7e42F292c6912E7710c838347Ae178B4a'],
  ['GitHub OAuth', 'gho_16C7e42F292c6912E7710c838347Ae178B4a leaked', 'gho_16C7e42F292c6912E7710c838347Ae178B4a'],
  ['GitHub fine-grained', 'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ', 'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ'],
  ['GitLab PAT', 'token glpat-xK9mZ2pQ7rT4vW1yB3nD in CI', 'glpat-xK9mZ2pQ7rT4vW1yB3nD'],
  ['Slack bot token', 'SLACK=xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx', 'xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx'],
  ['Slack user token', 'xoxp-1234567890-0987654321-1122334455-abcdef0123456789abcdef0123456789', 'xoxp-1234567890-0987654321-1122334455-abcdef0123456789abcdef0123456789'],
  ['Slack webhook', 'posted via https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX ok', 'T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX'],
  ['Anthropic key', 'ANTHROPIC_API_KEY=sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123456789-ABCDEF', 'sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123456789-ABCDEF'],
  ['OpenAI key', 'key sk-proj-abcdEFGHijklMNOPqrstUVWXyz0123456789 here', 'sk-proj-abcdEFGHijklMNOPqrstUVWXyz0123456789'],
  ['Stripe live key', 'sk_live_51HqLyjWDarjtT1zdp7dcXcvbnTKsfUd0t', 'sk_live_51HqLyjWDarjtT1zdp7dcXcvbnTKsfUd0t'],
  ['Google API key', 'maps key AIzaSyDdI0hCZtE6vySjMm-WEfRq3CPzqKqqsHI used', 'AIzaSyDdI0hCZtE6vySjMm-WEfRq3CPzqKqqsHI'],
  ['npm token', 'npm_abcdefghijklmnopqrstuvwxyz0123456789 in .npmrc', 'npm_abcdefghijklmnopqrstuvwxyz0123456789'],
  ['SendGrid key', 'SG.abcdefghijklmnopqrstuv.ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefg', 'SG.abcdefghijklmnopqrstuv.ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefg'],
  ['Vault token', 'VAULT_TOKEN hvs.CAESIJlZ3Hk9p0ExampleTokenValue12345', 'hvs.CAESIJlZ3Hk9p0ExampleTokenValue12345'],
  ['JWT', 'Authorization failed for eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U', 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U'],
  ['Bearer header', 'curl -H "Authorization: Bearer 8f3kLm29QpX7vRt5Zw1nB6yH" api', '8f3kLm29QpX7vRt5Zw1nB6yH'],
  ['password pair', 'db password=S3cr3t!pass and retry', 'S3cr3t!pass'],
  ['password JSON', '{"password": "correct horse battery"}', 'correct horse battery'],
  ['token pair', 'url?token=abc123def456ghi789&x=1', 'abc123def456ghi789'],
  ['api_key pair', 'API_KEY: 9a8b7c6d5e4f3a2b1c0d', '9a8b7c6d5e4f3a2b1c0d'],
  ['client secret', 'client_secret=Zx9-Yw8_Vu7.Ts6', 'Zx9-Yw8_Vu7.Ts6'],
  ['password in URL', 'fetch https://deploy:Tr0ub4dor@artifacts.example.com/repo', 'Tr0ub4dor'],
  ['postgres URL', 'DATABASE_URL=postgres://app:hunter2@db.internal:5432/checkout', 'hunter2'],
  ['mongodb+srv URL', 'mongodb+srv://svc:pa55w0rd@cluster0.mongodb.net/prod?retryWrites=true', 'pa55w0rd'],
  ['redis URL', 'redis://:s3cretRedis@cache-1:6379/0', 's3cretRedis'],
  ['ADO.NET string', 'Server=tcp:sql1.example.net,1433;Database=pay;User ID=app;Password=Q!w2e3r4;Encrypt=true', 'Q!w2e3r4'],
  ['Azure storage key', 'DefaultEndpointsProtocol=https;AccountName=x;AccountKey=Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA==;', 'Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA=='],
  ['PEM RSA key', 'key:\n-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7bq9\nabcdEFGH1234\n-----END RSA PRIVATE KEY-----\nend', 'MIIEowIBAAKCAQEA7bq9'],
  ['PEM OpenSSH key', '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----', 'b3BlbnNzaC1rZXktdjEAAAAA'],
  ['PEM truncated', 'pasted -----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC', 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC'],
  ['Visa card', 'card 4111 1111 1111 1111 declined', '4111 1111 1111 1111'],
  ['Mastercard dashed', 'card 5555-5555-5555-4444 declined', '5555-5555-5555-4444'],
  ['Amex', 'amex 378282246310005 ok', '378282246310005'],
  ['email', 'contact alice.chen+oncall@acme-pay.example now', 'alice.chen+oncall@acme-pay.example'],
  ['email upper', 'From: SUPPORT@Example.ORG', 'SUPPORT@Example.ORG'],
  ['IPv4', 'connect to 10.20.30.40:5432 refused', '10.20.30.40'],
  ['IPv4 CIDR', 'allow 192.168.1.0/24 only', '192.168.1.0'],
  ['IPv6 full', 'from 2001:0db8:85a3:0000:0000:8a2e:0370:7334 peer', '2001:0db8:85a3:0000:0000:8a2e:0370:7334'],
  ['IPv6 short', 'listen on fe80::1ff:fe23:4567:890a now', 'fe80::1ff:fe23:4567:890a'],
  ['phone intl', 'call +353 1 234 5678 for ward 7', '+353 1 234 5678'],
  ['phone US', 'call (312) 555-0199 support', '(312) 555-0199'],
  ['phone dashed', 'sms 312-555-0199 please', '312-555-0199'],
  ['phone +1', 'page +1 312 555 0199', '+1 312 555 0199'],
  ['long mixed token', 'session Zq8Lw3Nv7Xc2Mb9Pk4Rt6Yh1Ug5Fj0Da8Se3', 'Zq8Lw3Nv7Xc2Mb9Pk4Rt6Yh1Ug5Fj0Da8Se3'],
];

/** Things that must survive: times, versions, ids, hashes and numbers the analysis needs. */
const KEEP = [
  '2024-03-12T14:02:45Z',
  '14:02:45',
  'v2.14.3',
  'deploy 4821',
  'commit 7a3f9e2',
  '4be1c9d0a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3',
  '9,498 of 98,910 requests',
  '5xx ratio > 5% for 3m',
  'PagerDuty #1932',
  'HikariCP pool (20 connections, 6 pods)',
  'queue depth above 500',
  'p99 1.1-1.4 s',
  'lower(code) = $1',
  'ledger-svc 3.8.1',
  'std::string',
  'port 5432',
];

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

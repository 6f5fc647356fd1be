// What leaves the machine: secrets, contact details, addresses and people's names are replaced by
// placeholders before any text is sent to a model. The map back lives only in memory (one Redactor per
// request) and is used to restore placeholders in the reply. Pure: no I/O.
import type { Session } from '../domain/schema.js';
import { peopleOf, type PersonRef } from '../analysis/questions.js';

export type RedactionKind =
  | 'PRIVATE_KEY'
  | 'CONNECTION_STRING'
  | 'URL_CREDENTIALS'
  | 'SECRET'
  | 'JWT'
  | 'CARD'
  | 'EMAIL'
  | 'IP'
  | 'PHONE'
  | 'PERSON';

interface Rule {
  kind: RedactionKind;
  re: RegExp;
  /** the capture group holding the sensitive part (the rest of the match is kept); 0 = whole match */
  group?: number;
  check?(value: string): boolean;
}

function luhn(digits: string): boolean {
  const d = digits.replace(/\D/g, '');
  if (d.length < 13 || d.length > 19) return false;
  let sum = 0;
  for (let i = 0; i < d.length; i++) {
    let n = d.charCodeAt(d.length - 1 - i) - 48;
    if (i % 2 === 1) {
      n *= 2;
      if (n > 9) n -= 9;
    }
    sum += n;
  }
  return sum % 10 === 0;
}

const DB_SCHEMES = '(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\\+srv)?|redis|rediss|amqps?|mssql|sqlserver|oracle|jdbc:[a-z]+|clickhouse|cockroachdb|couchbase|kafka|nats)';

/** Ordered: the first rules take the longest, most specific shapes. */
const RULES: Rule[] = [
  { kind: 'PRIVATE_KEY', re: /-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|$)/g },
  { kind: 'CONNECTION_STRING', re: new RegExp(`\\b${DB_SCHEMES}://[^\\s"'<>]+`, 'gi') },
  // user:password@ in any other URL: keep the scheme and host, drop the credentials
  { kind: 'URL_CREDENTIALS', re: /\b[a-z][a-z0-9+.-]*:\/\/([^\s:/@"'<>]+:[^\s@/"'<>]+)@/gi, group: 1 },
  // ADO.NET / ODBC style connection strings
  { kind: 'CONNECTION_STRING', re: /\b(?:Server|Data Source|Host)=[^;\n]+;[^\n]*?(?:Password|Pwd)=[^;\n]*;?/gi },
  // cloud and SaaS keys and tokens
  { kind: 'SECRET', re: /\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA|ABIA|ACCA)[0-9A-Z]{16}\b/g },
  { kind: 'SECRET', re: /\bgh[pousr]_[A-Za-z0-9]{30,255}\b/g },
  { kind: 'SECRET', re: /\bgithub_pat_[A-Za-z0-9_]{22,255}\b/g },
  { kind: 'SECRET', re: /\bglpat-[A-Za-z0-9_-]{20,}\b/g },
  { kind: 'SECRET', re: /\bgl(?:ptt|dt|rt|cbt|soat|ft|imt|agent)-[A-Za-z0-9_-]{20,}/g },
  { kind: 'SECRET', re: /\bxox[abposre]-[A-Za-z0-9-]{10,}/g },
  { kind: 'SECRET', re: /\bxapp-\d-[A-Za-z0-9-]{10,}/g },
  { kind: 'SECRET', re: /https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9/_-]+/g },
  { kind: 'SECRET', re: /\bsk-ant-[A-Za-z0-9_-]{16,}/g },
  { kind: 'SECRET', re: /\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}/g },
  { kind: 'SECRET', re: /\b[rsp]k_(?:live|test)_[0-9A-Za-z]{16,}\b/g },
  { kind: 'SECRET', re: /\bwhsec_[0-9A-Za-z+/=]{16,}/g },
  { kind: 'SECRET', re: /\bAIza[0-9A-Za-z_-]{35}\b/g },
  { kind: 'SECRET', re: /\bya29\.[0-9A-Za-z_-]{20,}/g },
  { kind: 'SECRET', re: /\bnpm_[A-Za-z0-9]{36}\b/g },
  { kind: 'SECRET', re: /\bpypi-[A-Za-z0-9_-]{50,}/g },
  { kind: 'SECRET', re: /\bSG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}/g },
  { kind: 'SECRET', re: /\bdop_v1_[a-f0-9]{64}\b/g },
  { kind: 'SECRET', re: /\bhv[sb]\.[A-Za-z0-9_-]{20,}/g },
  { kind: 'SECRET', re: /\bAccountKey=[A-Za-z0-9+/=]{20,}/g },
  { kind: 'SECRET', re: /\bSharedAccessSignature=[^\s;]+|\bsig=[A-Za-z0-9%+/=]{20,}/g },
  { kind: 'JWT', re: /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g },
  // Authorization headers
  { kind: 'SECRET', re: /\b(?:Bearer|Basic|Token)\s+([A-Za-z0-9._~+/=-]{12,})/g, group: 1 },
  // key=value and "key": "value" pairs
  {
    kind: 'SECRET',
    re: /\b(?:[A-Za-z0-9]+[_.-])*(?:password|passwd|pass|pwd|secret|client[_-]?secret|token|access[_-]?token|refresh[_-]?token|auth[_-]?token|api[_-]?key|apikey|access[_-]?key(?:[_-]?id)?|secret[_-]?access[_-]?key|aws_secret_access_key|private[_-]?key|credentials?|session[_-]?id|cookie|signing[_-]?key)["']?\s*[:=]\s*("[^"\n]{1,200}"|'[^'\n]{1,200}'|[^\s,;&"'<>]{2,200})/gi,
    group: 1,
    check: (v) => !/^\[[A-Z_]+_\d+\]$/.test(v.replace(/^["']|["']$/g, '')),
  },
  // card numbers (Luhn-checked)
  { kind: 'CARD', re: /(?<![\d.])(?:\d[ -]?){12,18}\d(?![\d.])/g, check: (v) => /^[2-6]/.test(v) && luhn(v) },
  { kind: 'EMAIL', re: /\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b/g },
  // IPv4 and IPv6
  { kind: 'IP', re: /(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\/\d{1,2})?(?![\d.])/g },
  { kind: 'IP', re: /(?<![0-9A-Za-z:])(?:[0-9a-fA-F]{1,4}:){7}[0-9a-fA-F]{1,4}(?![0-9A-Za-z:])/g },
  { kind: 'IP', re: /(?<![0-9A-Za-z:])(?:[0-9a-fA-F]{1,4}:){1,6}:(?:[0-9a-fA-F]{1,4}(?::[0-9a-fA-F]{1,4}){0,5})?(?![0-9A-Za-z:])/g, check: (v) => /[0-9a-fA-F]{1,4}:[0-9a-fA-F]{0,4}:/.test(v) && v.replace(/:/g, '').length >= 3 },
  // phone numbers: international with +, (123) 456-7890, 123-456-7890
  { kind: 'PHONE', re: /(?<![\w+])\+\d{1,3}[\s.-]?\(?\d{1,4}\)?(?:[\s.-]?\d{2,4}){2,4}(?![\w])/g },
  { kind: 'PHONE', re: /(?<!\w)\(\d{3}\)\s?\d{3}[\s.-]\d{4}(?!\w)/g },
  { kind: 'PHONE', re: /(?<![\w.-])\d{3}[.-]\d{3}[.-]\d{4}(?![\w.-])/g },
  // long random-looking tokens: letters, digits and a mix of cases, 32+ characters (not plain hex hashes)
  {
    kind: 'SECRET',
    re: /(?<![A-Za-z0-9_/+=-])[A-Za-z0-9_+/=-]{32,}(?![A-Za-z0-9_/+=-])/g,
    check: (v) => /[a-z]/.test(v) && /[A-Z]/.test(v) && /\d/.test(v) && !/^[0-9a-f]+$/i.test(v) && !/[/]{1}[a-z]+[/]/.test(v),
  },
];

const SECRET_KINDS = new Set(['PRIVATE_KEY', 'CONNECTION_STRING', 'URL_CREDENTIALS', 'SECRET', 'JWT', 'CARD']);
const PLACEHOLDER = /\[(PRIVATE_KEY|CONNECTION_STRING|URL_CREDENTIALS|SECRET|JWT|CARD|EMAIL|IP|PHONE)_(\d+)\]/g;

function letters(n: number): string {
  let s = '';
  let i = n;
  do {
    s = String.fromCharCode(65 + (i % 26)) + s;
    i = Math.floor(i / 26) - 1;
  } while (i >= 0);
  return s;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Capitalised words that are not people, whatever verb follows them (systems, tools, days, pronouns). */
const NOT_PEOPLE = new Set(
  (
    'the a an it its we our they their he she his her i you this that these those there then someone somebody nobody everyone everybody ' +
    'team oncall on-call sre ops dev devs qa prod production staging ci cd deploy deploys rollback canary alert alerts pager ' +
    'postgres postgresql pg mysql redis kafka kubernetes k8s github gitlab slack teams discord pagerduty opsgenie grafana prometheus alertmanager ' +
    'datadog argo argocd terraform jenkins nginx envoy istio aws gcp azure cloudflare vault consul helm docker linux java node python go rust ' +
    'jira statuspage sentry honeycomb splunk elastic elasticsearch mongo mongodb cassandra rabbitmq celery sidekiq rails django spring ' +
    'monday tuesday wednesday thursday friday saturday sunday january february march april may june july august september october november december'
  ).split(' '),
);
/** "ask Sam", "thanks Priya", "cc Ana": a first name addressed or thanked */
const ADDRESSING = 'ask asked asking ping pinged pinging thanks thank_you thx cc tell told call called paged paging per'
  .split(' ')
  .map((w) => `[${w[0]!.toUpperCase()}${w[0]}]${w.slice(1).replace('_', '\\s+')}`);
const ADDRESSED = new RegExp(`(?<![\\p{L}\\p{N}_])(?:${ADDRESSING.join('|')}),?\\s+(\\p{Lu}\\p{Ll}{1,14})(?![\\p{L}\\p{N}_])`, 'gu');
/** "Sam ran the migration", "Priya should have…": a first name as the subject of something a person does */
const ACTING =
  /(?<![\p{L}\p{N}_])(\p{Lu}\p{Ll}{1,14})\s+(?:ran|runs|deployed|deploys|pushed|merged|said|says|asked|approved|restarted|rolled|forgot|missed|decided|paged|acked|acknowledged|thought|thinks|noticed|reverted|wrote|checked|didn't|did not|should|shouldn't|failed to|neglected|assumed|skipped|ignored)(?![\p{L}\p{N}_])/gu;

export interface RedactorOptions {
  /** people whose names are replaced by a role pseudonym ("responder A") */
  people?: PersonRef[];
}

/**
 * One Redactor per request: the same value always gets the same placeholder, and `restore` maps
 * placeholders in a reply back to the originals. The map is never persisted or logged.
 */
export class Redactor {
  private readonly toPlaceholder = new Map<string, string>();
  private readonly fromPlaceholder = new Map<string, string>();
  private readonly counters = new Map<string, number>();
  private readonly personByToken = new Map<string, string>();
  /** full names and handles, matched whole (for actor fields: "dev" is a person there, not in prose) */
  private readonly personByName = new Map<string, string>();
  private readonly personPattern: RegExp | null;
  readonly counts: Partial<Record<RedactionKind, number>> = {};

  constructor(opts: RedactorOptions = {}) {
    const people = opts.people ?? [];
    const roleCounters = new Map<string, number>();
    const tokenOwner = new Map<string, string>();
    const firstNames = new Map<string, string>();
    for (const p of people) {
      const role = p.role && p.role !== 'observer' ? p.role : 'responder';
      const n = roleCounters.get(role) ?? 0;
      roleCounters.set(role, n + 1);
      const alias = `${role} ${letters(n)}`;
      this.fromPlaceholder.set(alias, p.name);
      const whole = p.name.toLowerCase();
      // a bare handle ("dev", "alice") belongs to the earlier person whose first name it is
      const owner = tokenOwner.get(whole) ?? firstNames.get(whole);
      if (!this.personByName.has(whole)) this.personByName.set(whole, owner ?? alias);
      const first = whole.split(/\s+/)[0];
      if (first && first !== whole && !firstNames.has(first)) firstNames.set(first, alias);
      for (const t of p.tokens) {
        const key = t.toLowerCase();
        // a token shared by two people (a common first name) stays with the first one
        if (!tokenOwner.has(key)) {
          tokenOwner.set(key, alias);
          this.personByToken.set(key, alias);
        }
      }
    }
    const tokens = [...this.personByToken.keys()].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
    const alts = tokens.map(escapeRe);
    this.personPattern = new RegExp(
      `(?<![\\p{L}\\p{N}_\\]/:.@-])@[\\p{L}\\p{N}][\\p{L}\\p{N}._-]*${alts.length ? `|(?<![\\p{L}\\p{N}_])(?:${alts.join('|')})(?![\\p{L}\\p{N}_])` : ''}`,
      'giu',
    );
  }

  static forSession(session: Session): Redactor {
    return new Redactor({ people: peopleOf(session) });
  }

  private placeholder(kind: Exclude<RedactionKind, 'PERSON'>, value: string): string {
    const key = `${kind}\u0000${value}`;
    const existing = this.toPlaceholder.get(key);
    if (existing) return existing;
    const n = (this.counters.get(kind) ?? 0) + 1;
    this.counters.set(kind, n);
    const ph = `[${kind}_${n}]`;
    this.toPlaceholder.set(key, ph);
    this.fromPlaceholder.set(ph, value);
    return ph;
  }

  private count(kind: RedactionKind): void {
    this.counts[kind] = (this.counts[kind] ?? 0) + 1;
  }

  private person(match: string): string {
    const key = match.toLowerCase();
    const known = this.personByToken.get(key) ?? this.personByToken.get(key.replace(/^@/, ''));
    if (known) return known;
    // an @handle of someone not in the attendee list or the timeline: a fresh pseudonym
    const n = this.counters.get('PERSON') ?? 0;
    this.counters.set('PERSON', n + 1);
    const alias = `person ${letters(n)}`;
    this.personByToken.set(key, alias);
    this.fromPlaceholder.set(alias, match);
    return alias;
  }

  /** The text with every secret, contact detail, address and name replaced. */
  redact(text: string): string {
    if (!text) return text;
    let out = text;
    for (const rule of RULES) {
      rule.re.lastIndex = 0;
      out = out.replace(rule.re, (...args: unknown[]) => {
        const match = args[0] as string;
        const group = rule.group ? (args[rule.group] as string | undefined) : match;
        if (group === undefined) return match;
        if (rule.check && !rule.check(group)) return match;
        if (/^\[[A-Z_]+_\d+\]$/.test(group)) return match;
        this.count(rule.kind);
        const ph = this.placeholder(rule.kind as Exclude<RedactionKind, 'PERSON'>, group);
        return rule.group ? match.replace(group, ph) : ph;
      });
    }
    if (this.personPattern) {
      this.personPattern.lastIndex = 0;
      out = out.replace(this.personPattern, (m) => {
        this.count('PERSON');
        return this.person(m);
      });
    }
    // names of people who are in no attendee list or author field, where the sentence shows a person
    for (const re of [ADDRESSED, ACTING]) {
      re.lastIndex = 0;
      out = out.replace(re, (m: string, name: string) => {
        if (NOT_PEOPLE.has(name.toLowerCase())) return m;
        this.count('PERSON');
        return m.replace(name, this.person(name));
      });
    }
    return out;
  }

  /** An actor field: a known person's whole name or handle becomes the pseudonym; anything else is redacted as text. */
  actor(name: string): string {
    const key = name.trim().toLowerCase().replace(/^@/, '');
    const known = this.personByName.get(key) ?? this.personByToken.get(key);
    if (known) {
      this.count('PERSON');
      return known;
    }
    return this.redact(name);
  }

  /**
   * Put the originals back into a reply: placeholders get their values; pseudonyms get the person's
   * name, or with `names: false` their role only ("the incident commander", "a responder"); with
   * `secrets: false` credentials and card numbers stay "[redacted]" (contact details and addresses return).
   */
  restore(text: string, opts: { names?: boolean; secrets?: boolean } = {}): string {
    if (!text) return text;
    const names = opts.names ?? true;
    const secrets = opts.secrets ?? true;
    let out = text.replace(PLACEHOLDER, (m, kind: string) => {
      // with secrets: false a credential the model echoed stays out of anything the room may accept
      if (!secrets && SECRET_KINDS.has(kind)) return '[redacted]';
      return this.fromPlaceholder.get(m) ?? m;
    });
    const aliases = [...this.fromPlaceholder.keys()].filter((k) => !k.startsWith('[')).sort((a, b) => b.length - a.length);
    if (aliases.length) {
      const lower = new Map(aliases.map((a) => [a.toLowerCase(), a]));
      const re = new RegExp(`(?<![\\p{L}])((?:the|a|an)\\s+)?(${aliases.map(escapeRe).join('|')})(?![\\p{L}])`, 'giu');
      out = out.replace(re, (m, article: string | undefined, name: string) => {
        const alias = lower.get(name.toLowerCase());
        if (!alias) return m;
        // "the incident commander A" -> "Alice Chen" (the article belonged to the role)
        if (names) return this.fromPlaceholder.get(alias) ?? name;
        const role = alias.replace(/\s+[A-Z]+$/, '');
        const generic = role === 'responder' || role === 'person';
        // "the incident commander A" -> "the incident commander"; "responder B" -> "a responder"
        if (article) return `${article}${generic ? 'responder' : role}`;
        return generic ? 'a responder' : `the ${role}`;
      });
    }
    return out;
  }

  /** The pseudonyms in use ("incident commander A"), for the consent screen. */
  aliases(): string[] {
    return [...new Set(this.personByToken.values())];
  }
}

/** Redact one string with a fresh redactor (no names known): for logs and previews of free text. */
export function redactText(text: string, people: PersonRef[] = []): string {
  return new Redactor({ people }).redact(text);
}

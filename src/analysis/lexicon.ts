// Word lists and small grammar helpers shared by the blameless-language and action-item rules.
// Pure: no I/O, no clock. Everything is compiled once at load.

/** Nouns that name a person by role. A clause whose subject's head is one of these is about a person. */
export const PERSON_ROLES = new Set([
  'engineer', 'engineers', 'developer', 'developers', 'dev', 'devs', 'operator', 'operators', 'admin', 'admins',
  'administrator', 'administrators', 'sysadmin', 'reviewer', 'reviewers', 'approver', 'approvers', 'author', 'authors',
  'dba', 'dbas', 'manager', 'managers', 'lead', 'leads', 'intern', 'interns', 'hire', 'hires', 'newbie', 'junior',
  'senior', 'responder', 'responders', 'commander', 'ic', 'on-call', 'oncall', 'on-caller', 'on-callers', 'person',
  'people', 'staff', 'employee', 'employees', 'contractor', 'contractors', 'colleague', 'colleagues', 'member',
  'members', 'folks', 'guy', 'guys', 'someone', 'somebody', 'anyone', 'anybody', 'nobody', 'everyone', 'everybody',
  'he', 'she', 'they', 'you', 'we', 'i', 'him', 'her', 'them', 'human', 'humans', 'owner', 'owners', 'analyst',
  'analysts', 'who', 'architect', 'architects', 'tester', 'testers', 'qa', 'agent', 'agents', 'coordinator', 'deployer',
  'committer', 'maintainer', 'maintainers', 'teammate', 'teammates', 'individual', 'user', 'users', 'captain',
  'scribe', 'facilitator', 'rep', 'representative', 'specialist', 'technician', 'tech', 'consultant', 'expert',
  'staffer', 'newcomer', 'coworker', 'co-worker', 'boss', 'director', 'vp', 'cto', 'ceo', 'executive', 'supervisor',
  'assignee', 'requester', 'sme', 'programmer', 'coder', 'oncaller', 'sysadmins', 'dev-on-call',
]);

/** Nouns that name a group of people; blame aimed at them is group blame. */
export const GROUP_NOUNS = new Set([
  'team', 'teams', 'support', 'ops', 'devops', 'sre', 'sres', 'engineering', 'management', 'leadership', 'squad',
  'department', 'org', 'organisation', 'organization', 'dbre', 'security', 'qa', 'on-call', 'oncall', 'rotation',
  'crew', 'staff', 'vendor',
]);

/** Words that can head a subject but are systems, never people (used to keep "the health check failed to…" clean). */
export const SYSTEM_WORDS = new Set([
  'alert', 'alerts', 'alerting', 'monitor', 'monitoring', 'check', 'checks', 'probe', 'probes', 'canary', 'pipeline',
  'script', 'scripts', 'job', 'jobs', 'cronjob', 'service', 'services', 'server', 'servers', 'system', 'systems',
  'logic', 'code', 'config', 'configuration', 'deploy', 'deployment', 'rollout', 'rollback', 'release', 'build',
  'test', 'tests', 'suite', 'cache', 'database', 'db', 'replica', 'primary', 'cluster', 'node', 'nodes', 'pod',
  'pods', 'queue', 'scheduler', 'autoscaler', 'balancer', 'proxy', 'gateway', 'api', 'endpoint', 'dashboard',
  'dashboards', 'runbook', 'playbook', 'tool', 'tooling', 'tools', 'automation', 'process', 'procedure', 'policy',
  'rule', 'rules', 'threshold', 'page', 'pager', 'paging', 'notification', 'channel', 'index', 'query', 'migration',
  'certificate', 'cert', 'rotator', 'controller', 'operator-pattern', 'retry', 'retries', 'timeout', 'limit',
  'staging', 'ci', 'cd', 'linter', 'validator', 'validation', 'guard', 'guardrail', 'safeguard', 'flag', 'feature',
  'version', 'patch', 'library', 'sdk', 'driver', 'client', 'worker', 'workers', 'engine', 'listener', 'router',
  'mesh', 'sidecar', 'network', 'dns', 'disk', 'storage', 'backup', 'backups', 'snapshot', 'metric', 'metrics',
  'graph', 'graphs', 'log', 'logs', 'it', 'this', 'that', 'which', 'nothing', 'none', 'there', 'budget', 'slo',
  'sla', 'rate', 'ratio', 'signal', 'change', 'schema', 'plan', 'lock', 'thread', 'threads', 'pool', 'connection',
  'connections', 'request', 'requests', 'traffic', 'load', 'cpu', 'memory', 'heartbeat', 'webhook', 'integration',
  'registry', 'image', 'container', 'kernel', 'firewall', 'vpn', 'tls', 'ssl', 'secret', 'secrets', 'binding',
  'rolebinding', 'permissions', 'permission', 'escalation', 'schedule', 'form', 'ui', 'button', 'command',
  'interface', 'model', 'detector', 'watchdog', 'health', 'healthcheck', 'loadbalancer', 'orchestrator', 'daemon',
]);

/** Capitalised words that start sentences or name products; never taken for a person's name. */
export const NOT_NAMES = new Set([
  'the', 'a', 'an', 'this', 'that', 'these', 'those', 'it', 'its', 'there', 'here', 'we', 'our', 'they', 'their',
  'he', 'she', 'his', 'i', 'you', 'your', 'my', 'if', 'when', 'while', 'after', 'before', 'because', 'since', 'as',
  'but', 'and', 'or', 'so', 'then', 'once', 'during', 'at', 'on', 'in', 'by', 'for', 'from', 'to', 'with', 'without',
  'no', 'not', 'nothing', 'none', 'nobody', 'someone', 'everyone', 'all', 'some', 'any', 'each', 'every', 'both',
  'root', 'cause', 'trigger', 'impact', 'summary', 'timeline', 'action', 'owner', 'due', 'done', 'note', 'update',
  'why', 'what', 'how', 'who', 'where', 'which', 'yes', 'also', 'still', 'even', 'only', 'just', 'again', 'today',
  'yesterday', 'tomorrow', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'january',
  'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december',
  'staging', 'production', 'prod', 'retries', 'scaling', 'human', 'honestly', 'clearly', 'obviously', 'classic',
  'unbelievable', 'merging', 'restarting', 'closing', 'given', 'had', 'has', 'have', 'was', 'were', 'is', 'are',
  'be', 'been', 'did', 'do', 'does', 'should', 'could', 'would', 'might', 'must', 'will', 'can', 'ought',
  'kubernetes', 'k8s', 'postgres', 'postgresql', 'mysql', 'redis', 'kafka', 'terraform', 'nginx', 'envoy', 'istio',
  'consul', 'vault', 'prometheus', 'grafana', 'alertmanager', 'pagerduty', 'opsgenie', 'datadog', 'slack', 'github',
  'gitlab', 'argocd', 'argo', 'helm', 'docker', 'mongodb', 'mongo', 'elasticsearch', 'cassandra', 'rabbitmq',
  'celery', 'sidekiq', 'airflow', 'spark', 'lambda', 'aws', 'gcp', 'azure', 'cloudfront', 'cloudflare', 'fastly',
  'akamai', 'linux', 'jenkins', 'circleci', 'travis', 'buildkite', 'sentry', 'splunk', 'kibana', 'loki', 'jira',
  'statuspage', 'teams', 'discord', 'zoom', 'google', 'amazon', 'microsoft', 'apple', 'oracle', 'java', 'python',
  'node', 'go', 'rust', 'ruby', 'rails', 'django', 'spring', 'hibernate', 'etcd', 'coredns', 'calico', 'cilium',
  'support', 'engineering', 'security', 'platform', 'sre', 'ops', 'devops', 'management', 'legal', 'finance',
  'sales', 'marketing', 'customers', 'customer', 'users', 'user', 'monitoring', 'alerting', 'testing', 'deploys',
  'alerts', 'pods', 'nodes', 'queries', 'requests', 'errors', 'logs', 'metrics', 'dashboards', 'canary',
  'everything', 'anything', 'something', 'nowhere', 'later', 'earlier', 'first', 'next', 'last', 'then', 'now',
  'nodes', 'queues', 'caches', 'pages', 'services', 'databases', 'instances', 'replicas', 'images', 'releases',
  'changes', 'updates', 'rules', 'routes', 'probes', 'tables', 'schedules', 'files', 'messages', 'responses',
  'processes', 'caches', 'disks', 'volumes', 'certificates', 'certs', 'backups', 'builds', 'pipelines', 'workers',
]);

/** Base forms of verbs an action item commonly starts with (imperative lines in a list are action items). */
export const IMPERATIVE_VERBS = new Set([
  'add', 'alert', 'page', 'create', 'build', 'write', 'document', 'move', 'remove', 'delete', 'keep', 'export',
  'route', 'count', 'change', 'shorten', 'lengthen', 'extend', 'reduce', 'raise', 'lower', 'set', 'configure',
  'enable', 'disable', 'automate', 'migrate', 'upgrade', 'downgrade', 'replace', 'rename', 'split', 'merge',
  'publish', 'send', 'notify', 'ask', 'require', 'block', 'reject', 'fail', 'limit', 'cap', 'pin', 'rotate',
  'renew', 'schedule', 'run', 'rehearse', 'drill', 'test', 'verify', 'validate', 'track', 'measure', 'record',
  'log', 'emit', 'instrument', 'inventory', 'audit', 'review', 'define', 'assign', 'introduce', 'implement',
  'deploy', 'roll', 'rollback', 'backfill', 'fix', 'patch', 'restart', 'bump', 'increase', 'decrease', 'scale',
  'tune', 'adjust', 'update', 'refresh', 'seed', 'partition', 'shard', 'index', 'cache', 'retry', 'escalate',
  'improve', 'investigate', 'look', 'revisit', 'consider', 'follow', 'explore', 'evaluate', 'assess', 'discuss',
  'research', 'analyse', 'analyze', 'check', 'monitor', 'ensure', 'make', 'train', 'remind', 'educate', 'be',
  'tell', 'communicate', 'share', 'clarify', 'establish', 'standardise', 'standardize', 'consolidate', 'deprecate',
  'archive', 'separate', 'isolate', 'guard', 'protect', 'gate', 'stop', 'start', 'switch', 'use', 'adopt',
  'provide', 'expose', 'surface', 'link', 'wire', 'hook', 'integrate', 'owner', 'get', 'put', 'sync', 'alarm',
  'optimise', 'optimize', 'enhance', 'address', 'work', 'think', 'double-check', 'doublecheck', 'plan', 'draft',
  'retire', 'tag', 'lock', 'hire', 'purchase', 'buy', 'reorder', 'prioritise', 'prioritize', 'triage', 'announce',
  'label', 'annotate', 'allowlist', 'denylist', 'throttle', 'batch', 'queue', 'revert', 'reroute', 'unpin', 'encrypt',
  'backup', 'restore', 'snapshot', 'drain', 'cordon', 'resize', 'rebalance', 'compact', 'vacuum', 'reindex', 'purge',
  'expire', 'revoke', 'restrict', 'enforce', 'mandate', 'forbid', 'prevent', 'detect', 'warn', 'onboard',
  'pair', 'shadow', 'simulate', 'inject', 'benchmark', 'profile', 'trace', 'dedupe', 'deduplicate', 'combine', 'copy',
  'mirror', 'replicate', 'freeze', 'unfreeze', 'harden', 'reduce', 'split', 'lower', 'rewrite', 'refactor', 'remove',
  'decommission', 'consolidate', 'contact', 'email', 'call', 'agree', 'negotiate', 'sign', 'file', 'open', 'close',
  'fund', 'staff', 'budget', 'own', 'hand', 'transfer', 'return', 'reject', 'accept', 'approve', 'deny', 'disallow',
]);

/** Past participles / past tenses that are not "stem + ed" (for turning "should have run" into "to run"). */
const IRREGULAR: Record<string, string> = {
  run: 'run', ran: 'run', had: 'have', caught: 'catch', seen: 'see', saw: 'see', known: 'know', knew: 'know', done: 'do',
  did: 'do', been: 'be', taken: 'take', took: 'take', given: 'give', gave: 'give', read: 'read', made: 'make',
  written: 'write', wrote: 'write', spoken: 'speak', spoke: 'speak', told: 'tell', thought: 'think', found: 'find',
  kept: 'keep', held: 'hold', left: 'leave', sent: 'send', set: 'set', put: 'put', shut: 'shut', rung: 'ring',
  begun: 'begin', began: 'begin', got: 'get', gotten: 'get', brought: 'bring', built: 'build', felt: 'feel',
  heard: 'hear', understood: 'understand', chosen: 'choose', chose: 'choose', driven: 'drive', drove: 'drive',
  broken: 'break', broke: 'break', gone: 'go', went: 'go', paid: 'pay', said: 'say', meant: 'mean', led: 'lead',
  stopped: 'stop', dropped: 'drop', shipped: 'ship', planned: 'plan', flagged: 'flag', logged: 'log',
  pinged: 'ping', paged: 'page', spotted: 'spot', committed: 'commit', submitted: 'submit', rolled: 'roll',
  escalated: 'escalate', noticed: 'notice', realised: 'realise', realized: 'realize', used: 'use', closed: 'close',
  validated: 'validate', updated: 'update', raised: 'raise', released: 'release', removed: 'remove', noted: 'note',
  anticipated: 'anticipate', paused: 'pause', tested: 'test', checked: 'check', asked: 'ask', acknowledged: 'acknowledge',
  reviewed: 'review', merged: 'merge', pushed: 'push', deployed: 'deploy', followed: 'follow', waited: 'wait',
  looked: 'look', reached: 'reach', watched: 'watch', called: 'call', missed: 'miss', questioned: 'question',
  verified: 'verify', tried: 'try', applied: 'apply', copied: 'copy', replied: 'reply', notified: 'notify',
};

/** Whether a word reads as a past participle ("noticed", "run", "seen"), as after "should have". */
export function isParticiple(word: string): boolean {
  const w = word.toLowerCase();
  if (IRREGULAR[w]) return true;
  return /(?:ed|en|wn|ne|ght|ung|ept|elt|ilt|ent|ade|ead|un|ut|et|id|ot|ug|ck)$/.test(w) && !/^(?:the|ten|then|when|often|open|even|seven|eleven|queen|screen|token|kitchen|not|lot|got|bit|but|cut|put|set)$/.test(w) || /^(?:got|cut|put|set)$/.test(w);
}

/** The base form of a past tense or participle ("noticed" → "notice"); unknown words are returned as they are. */
export function baseForm(word: string): string {
  const w = word.toLowerCase();
  const irregular = IRREGULAR[w];
  if (irregular) return irregular;
  if (w.endsWith('ied') && w.length > 4) return `${w.slice(0, -3)}y`;
  if (w.endsWith('ed') && w.length > 4) {
    const stem = w.slice(0, -2);
    if (/([bdfgkmnprt])\1$/.test(stem)) return stem.slice(0, -1);
    if (/(?:at|iz|is|ur|ar|ir|ov|ag|ud|uc|ic|ng|rs|bl|pl|dl|tl|gl|us|oc|ac|ec|rc|id|ud|ut)$/.test(stem) && !/(?:ss|sh|ch)$/.test(stem)) return `${stem}e`;
    return stem;
  }
  return w;
}

/** Split a line into sentences; keeps offsets. Decimal points, versions and "e.g." do not split. */
export function sentences(line: string): { text: string; start: number }[] {
  const out: { text: string; start: number }[] = [];
  const re = /[^.!?]+(?:[.!?](?=\S)[^.!?]*)*(?:[.!?]+|$)/g;
  for (const m of line.matchAll(re)) {
    const text = m[0];
    if (!text.trim()) continue;
    const lead = text.length - text.trimStart().length;
    out.push({ text: text.trim(), start: (m.index ?? 0) + lead });
  }
  return out;
}

/** Tokens of a phrase: words with inner apostrophes, hyphens, dots, @ and # kept. */
export function words(text: string): string[] {
  return text.match(/[@#]?[\p{L}\p{N}][\p{L}\p{N}'’._/-]*/gu) ?? [];
}

const POSSESSIVE = /['’]s?$/;
const PREPOSITIONS = new Set(['from', 'on', 'of', 'in', 'at', 'for', 'with', 'who', 'that', 'which', 'whose']);
const LEADERS = new Set([
  'honestly', 'clearly', 'obviously', 'frankly', 'basically', 'unfortunately', 'again', 'also', 'then', 'so', 'and',
  'but', 'just', 'simply', 'apparently', 'ultimately', 'sadly', 'still', 'once', 'even', 'of', 'course', 'really',
]);
const DETERMINERS = new Set(['the', 'a', 'an', 'our', 'their', 'his', 'her', 'this', 'that', 'these', 'those', 'my', 'your', 'its', 'new', 'primary', 'secondary']);

const AUX = new Set([
  'is', 'was', 'were', 'are', 'be', 'been', 'has', 'had', 'have', 'did', 'does', 'do', "didn't", "doesn't", "don't",
  "wasn't", "weren't", "isn't", "hasn't", "hadn't", 'should', 'could', 'would', 'might', 'must', 'will', 'can', 'may',
  'ought', "shouldn't", "couldn't", "wouldn't", "can't", 'cannot', 'never', 'always', 'failed', 'neglected', 'forgot',
  'ran', 'took', 'went', 'broke', 'gave', 'made', 'kept', 'got', 'sent', 'left', 'brought', 'put', 'set', 'saw', 'knew',
]);
/** A word that is a verb or auxiliary in the usual reading (ends a subject noun phrase). */
export function isVerbish(token: string): boolean {
  const t = token.toLowerCase().replace(/’/g, "'");
  if (AUX.has(t)) return true;
  return /^[a-z][a-z-]{2,}ed$/.test(t) && !/^(?:need|seed|feed|speed|bed|red|shed|hundred|sacred|kindred|naked|wicked|embed|unindexed|unreleased|unsigned|unused|unexpected|dedicated|distributed|managed|nested|shared|signed|cached|hosted|scheduled|automated|advanced|detailed|related|limited|based)$/.test(t);
}

export type SubjectKind = 'person' | 'name' | 'handle' | 'group' | 'system' | 'unknown';

export interface Subject {
  kind: SubjectKind;
  /** the subject words as written */
  text: string;
}

/** Whether a single capitalised token reads as a person's name (not a product, a sentence opener or a system). */
export function looksLikeName(token: string, sentenceInitial: boolean): boolean {
  const t = token.replace(POSSESSIVE, '');
  if (!/^\p{Lu}[\p{Ll}'’-]+$/u.test(t)) return false; // Capitalised, no digits, no camelCase (WardView), not ALLCAPS
  const lower = t.toLowerCase();
  if (NOT_NAMES.has(lower) || SYSTEM_WORDS.has(lower) || PERSON_ROLES.has(lower) || GROUP_NOUNS.has(lower)) return false;
  if (IMPERATIVE_VERBS.has(lower)) return false;
  if (sentenceInitial && /(?:ing|tion|sion|ment|ness|ity|ies|ism|ance|ence|ers|ors)$/.test(lower)) return false;
  // a plural noun at the start of a sentence ("Backups", "Alerts"); names ending in s mostly have a vowel before it
  if (sentenceInitial && /[^aeiouys]s$/.test(lower)) return false;
  return true;
}

/**
 * Classify the subject of a clause given the words before a verb. Looks at the head of the noun phrase
 * (the last word before a preposition or relative word): "the on-call engineer" → person,
 * "the health check" → system, "Priya" → name, "@tomas" → handle, "the platform team" → group.
 */
export function classifySubject(phrase: string, sentenceInitial = true): Subject {
  const text = phrase.trim();
  let toks = words(text);
  while (toks.length > 0 && LEADERS.has(toks[0]!.toLowerCase())) toks = toks.slice(1);
  if (toks.length === 0) return { kind: 'unknown', text };
  // cut at a preposition or relative word: "someone from the DB team" → "someone"
  const cut = toks.findIndex((t, i) => i > 0 && (PREPOSITIONS.has(t.toLowerCase()) || isVerbish(t)));
  let np = cut > 0 ? toks.slice(0, cut) : toks;
  // "They simply ignored", "The team just": trailing adverbs are not the head
  while (np.length > 1 && (/^[a-z]+ly$/.test(np[np.length - 1]!) || LEADERS.has(np[np.length - 1]!.toLowerCase()))) np = np.slice(0, -1);
  if (np.length > 6) return { kind: 'unknown', text };
  const head = np[np.length - 1]!;
  const headLower = head.toLowerCase().replace(POSSESSIVE, '');
  if (head.startsWith('@')) return { kind: 'handle', text };
  if (np.some((t) => t.startsWith('@'))) return { kind: 'handle', text };
  if (GROUP_NOUNS.has(headLower)) {
    // "the on-call" alone is a person; "on-call" in "the on-call engineer" is covered by the head
    if ((headLower === 'on-call' || headLower === 'oncall') && np.length <= 2) return { kind: 'person', text };
    return { kind: 'group', text };
  }
  if (PERSON_ROLES.has(headLower)) return { kind: 'person', text };
  if (SYSTEM_WORDS.has(headLower)) return { kind: 'system', text };
  if (np.length <= 2) {
    const first = np[0]!;
    const initial = sentenceInitial && toks[0] === first;
    if (looksLikeName(first, initial) && (np.length === 1 || looksLikeName(np[1]!, false))) return { kind: 'name', text };
  }
  if (DETERMINERS.has(np[0]!.toLowerCase())) return { kind: 'system', text };
  return { kind: 'unknown', text };
}

export function isPersonKind(k: SubjectKind): boolean {
  return k === 'person' || k === 'name' || k === 'handle' || k === 'group';
}

/** Escape a literal for use in a RegExp. */
export function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

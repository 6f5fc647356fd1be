// The Claude provider (@anthropic-ai/sdk 1.x). Streams structured output (output_config.format, a JSON
// schema) so the first question shows as it arrives; anything that goes wrong (timeout, 429/529 after
// the SDK's retries, a dropped stream, a refusal, malformed or out-of-schema JSON, commands or links that
// were not in the data) falls back to the offline provider with a visible note. Never logs to stdout.
import { appendFileSync } from 'node:fs';
import Anthropic from '@anthropic-ai/sdk';
import type { MessageStream } from '@anthropic-ai/sdk/lib/MessageStream';
import type { ActionItem, Session } from '../domain/schema.js';
import { clip, oneLine, sanitize } from '../domain/text.js';
import type { AssistantConfig } from './config.js';
import { createOfflineAssistant } from './offline.js';
import { completedItems } from './partial.js';
import {
  buildQuestionsRequest,
  buildRewriteRequest,
  buildSharpenRequest,
  buildStructuredRequest,
  defaultPrompts,
  REWRITE_SCHEMA,
  SHARPEN_SCHEMA,
  type BuiltRequest,
  type Prompts,
} from './request.js';
import { checkRewrite } from './rewrite.js';
import { checkSharpened, dayOf, defaultDue } from './sharpen.js';
import type {
  Assistant,
  AssistContext,
  CallOptions,
  Proposal,
  ProposalResult,
  ProposeOptions,
  RewriteResult,
  SharpenResult,
  StructuredAsk,
  StructuredResult,
} from './types.js';
import { checkProposal, checkQuestionsAnswer, unsafeContent, type RejectReason } from './validate.js';

export interface ClaudeOptions {
  apiKey: string;
  baseURL?: string | null;
  model: string;
  draftModel?: string;
  /** per-attempt timeout, ms (default 15 s for live questions) */
  timeoutMs?: number;
  /** the SDK's retries for connection errors, 408/409/429/5xx (default 1) */
  maxRetries?: number;
  /** one deadline for the whole call, retries and their waits included (default timeout x attempts + 2 s) */
  deadlineMs?: number;
  max_tokens?: number;
  /** a file the SDK's log lines go to; without it SDK logging is off */
  debugLog?: string | null;
  /** the provider used when Claude cannot answer (default: offline) */
  fallback?: Assistant;
  prompts?: Prompts;
  /** an already-built client (tests); otherwise one is created with explicit options */
  client?: Anthropic;
}

/** A client with explicit options only: no environment base URL, no stdout logging, no telemetry. */
export function createClient(opts: Pick<ClaudeOptions, 'apiKey' | 'baseURL' | 'timeoutMs' | 'maxRetries' | 'debugLog'>): Anthropic {
  const log = opts.debugLog;
  const write = (level: string) => (message: string, ...rest: unknown[]) => {
    if (!log) return;
    try {
      appendFileSync(log, `${new Date().toISOString()} ${level} ${message} ${rest.length ? JSON.stringify(rest).slice(0, 4000) : ''}\n`);
    } catch {
      // a debug log that cannot be written is not worth breaking the meeting for
    }
  };
  return new Anthropic({
    apiKey: opts.apiKey,
    baseURL: opts.baseURL ?? 'https://api.anthropic.com',
    timeout: opts.timeoutMs ?? 15_000,
    maxRetries: opts.maxRetries ?? 1,
    logLevel: log ? 'debug' : 'off',
    logger: { error: write('error'), warn: write('warn'), info: write('info'), debug: write('debug') },
    openTelemetry: false,
  });
}

/** The one line the facilitator sees when Claude did not answer. */
export function failureNote(err: unknown, signal?: AbortSignal): string {
  const tail = 'offline proposals shown';
  if (err instanceof DeadlineExceeded || err instanceof Anthropic.APIConnectionTimeoutError) return `Claude timed out; ${tail}`;
  if (signal?.aborted || err instanceof Anthropic.APIUserAbortError) return `Claude request cancelled; ${tail}`;
  if (err instanceof Anthropic.RateLimitError) return `Claude is rate-limited (429, after retries); ${tail}`;
  if (err instanceof Anthropic.AuthenticationError) return `Claude rejected the API key (401); ${tail}`;
  if (err instanceof Anthropic.PermissionDeniedError) return `Claude refused access (403); ${tail}`;
  if (err instanceof Anthropic.APIError) {
    const status = err.status as number | undefined;
    const type = (err as { type?: string }).type;
    if (status === 529 || type === 'overloaded_error') return `Claude is overloaded (529${status ? ', after retries' : ''}); ${tail}`;
    if (err instanceof Anthropic.APIConnectionError) return `Could not reach Claude (connection error); ${tail}`;
    const apiMessage = (err as { apiMessage?: string }).apiMessage;
    return `Claude error${status ? ` ${status}` : ''}${apiMessage ? `: ${clip(oneLine(apiMessage), 80)}` : ''}; ${tail}`;
  }
  const message = err instanceof Error ? err.message : String(err);
  if (/terminated|ended without|stream|socket|ECONNRESET|other side closed/i.test(message)) return `Claude's answer was cut off (stream dropped); ${tail}`;
  return `Claude failed (${clip(oneLine(message), 80)}); ${tail}`;
}

const REJECT_NOTES: Record<RejectReason, string> = {
  'not-json': "Claude's answer was not valid JSON",
  'out-of-schema': "Claude's answer did not match the schema",
  unsafe: "Claude's answer was rejected",
  empty: "Claude's answer had no usable question",
};

class Refused extends Error {}
class DeadlineExceeded extends Error {}

interface StreamOutcome {
  text: string;
}

/** Every string in an answer, for the safety check. */
function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) strings(v, out);
  return out;
}

/** Minimal local check of a JSON value against the subset of JSON schema we send (type, enum, required, additionalProperties, items, properties). */
export function matchesSchema(value: unknown, schema: Record<string, unknown>): boolean {
  const type = schema.type;
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) return false;
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'integer':
      return Number.isInteger(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'array': {
      if (!Array.isArray(value)) return false;
      const items = schema.items as Record<string, unknown> | undefined;
      return !items || value.every((v) => matchesSchema(v, items));
    }
    case 'object': {
      if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
      const props = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
      const obj = value as Record<string, unknown>;
      for (const r of (schema.required ?? []) as string[]) if (!(r in obj)) return false;
      for (const [k, v] of Object.entries(obj)) {
        const ps = props[k];
        if (!ps) {
          if (schema.additionalProperties === false) return false;
          continue;
        }
        if (!matchesSchema(v, ps)) return false;
      }
      return true;
    }
    default:
      return true;
  }
}

/** The model's text as JSON matching `schema`, or a Refused naming what was wrong. */
function parseAnswer(answer: string, schema: Record<string, unknown>): unknown {
  let json: unknown;
  try {
    json = JSON.parse(answer);
  } catch {
    throw new Refused("Claude's answer was not valid JSON");
  }
  if (!matchesSchema(json, schema)) throw new Refused("Claude's answer did not match the schema");
  return json;
}


export function createClaudeAssistant(
  opts: ClaudeOptions,
): Assistant & Required<Pick<Assistant, 'rewriteBlameless' | 'sharpenAction' | 'askStructured'>> {
  const client = opts.client ?? createClient(opts);
  const fallback = opts.fallback ?? createOfflineAssistant();
  const offline = createOfflineAssistant();
  let prompts: Prompts | undefined = opts.prompts;
  const getPrompts = () => (prompts ??= defaultPrompts());

  /** Stream one structured answer; returns the text of the text blocks (thinking blocks skipped). */
  async function ask_(req: BuiltRequest, model: string, signal: AbortSignal | undefined, onText?: (snapshot: string) => void): Promise<StreamOutcome> {
    // one overall deadline across the SDK's retries (a 429 with a long retry-after must not hold the room)
    const timeout = opts.timeoutMs ?? 15_000;
    const retries = opts.maxRetries ?? 1;
    const deadline = AbortSignal.timeout(opts.deadlineMs ?? timeout * (retries + 1) + 2_000);
    const combined = signal ? AbortSignal.any([signal, deadline]) : deadline;
    const stream = client.messages.stream(
      {
        model,
        max_tokens: opts.max_tokens ?? 4096,
        system: [{ type: 'text', text: req.system, cache_control: { type: 'ephemeral' } }],
        messages: [{ role: 'user', content: req.user }],
        output_config: { format: { type: 'json_schema', schema: req.schema }, effort: 'low' },
      },
      { signal: combined, timeout, maxRetries: retries },
    );
    try {
      return await finish(stream, onText);
    } catch (err) {
      if (deadline.aborted && !signal?.aborted) throw new DeadlineExceeded();
      throw err;
    }
  }

  async function finish(stream: MessageStream<unknown>, onText?: (snapshot: string) => void): Promise<StreamOutcome> {
    if (onText) stream.on('text', (_delta, snapshot) => onText(snapshot));
    const message = await stream.finalMessage();
    if (message.stop_reason === 'refusal') throw new Refused('Claude declined to answer');
    if (message.stop_reason === 'max_tokens') throw new Refused("Claude's answer was cut off (max_tokens)");
    const text = message.content
      .filter((b): b is Extract<typeof b, { type: 'text' }> => b.type === 'text')
      .map((b) => b.text)
      .join('');
    return { text };
  }

  async function fallbackQuestions(session: Session, nodeId: string, note: string, o?: ProposeOptions): Promise<ProposalResult> {
    const r = await fallback.proposeQuestions(session, nodeId, o?.onPartial ? { onPartial: o.onPartial } : {});
    return { ...r, note: clip(oneLine(note), 160) };
  }

  return {
    id: 'claude',

    async proposeQuestions(session, nodeId, o = {}) {
      if (!session.whys.nodes[nodeId]) return { provider: 'offline', proposals: [], note: `no why-tree node "${clip(oneLine(nodeId), 40)}"` };
      let req: BuiltRequest;
      try {
        req = buildQuestionsRequest(session, nodeId, { prompts: getPrompts() });
      } catch (err) {
        return fallbackQuestions(session, nodeId, `could not build the request (${err instanceof Error ? err.message : String(err)}); offline proposals shown`, o);
      }
      const ctx = { sourceText: req.sourceText, eventIds: req.eventIds, redactor: req.redactor };
      let shown: Proposal[] = [];
      let consumed = 0; // completed items looked at so far (dropped ones included)
      let poisoned = false;
      const onText = o.onPartial
        ? (snapshot: string) => {
            if (poisoned) return;
            const items = completedItems(snapshot, 'proposals');
            if (items.length <= consumed) return;
            const next = [...shown];
            const fresh = items.slice(consumed);
            consumed = items.length;
            for (const item of fresh) {
              const r = checkProposal(item, ctx);
              if (r.ok) next.push(r.proposal);
              else if (r.reason === 'unsafe') {
                poisoned = true;
                return;
              }
            }
            if (next.length > shown.length) {
              shown = next;
              try {
                o.onPartial?.(shown.slice(0, 4));
              } catch {
                // a failing listener must not break the stream; the final result still arrives
              }
            }
          }
        : undefined;
      let text: string;
      try {
        ({ text } = await ask_(req, opts.model, o.signal, onText));
      } catch (err) {
        const note = err instanceof Refused ? `${err.message}; offline proposals shown` : failureNote(err, o.signal);
        return fallbackQuestions(session, nodeId, note, o);
      }
      const checked = checkQuestionsAnswer(text, ctx);
      if (!checked.ok) {
        const detail = checked.reason === 'unsafe' ? ` (${checked.detail})` : '';
        return fallbackQuestions(session, nodeId, `${REJECT_NOTES[checked.reason]}${detail}; offline proposals shown`, o);
      }
      return {
        provider: 'claude',
        proposals: checked.proposals,
        ...(checked.dropped ? { note: `${checked.dropped} of Claude's proposals dropped (out of schema or asking "who")` } : {}),
      };
    },

    async rewriteBlameless(text: string, c: AssistContext, o: CallOptions = {}): Promise<RewriteResult> {
      const signal = o.signal ?? c.signal;
      try {
        const req = buildRewriteRequest(c.session, text, { prompts: getPrompts() });
        const { text: answer } = await ask_(req, opts.draftModel ?? opts.model, signal);
        const json = parseAnswer(answer, REWRITE_SCHEMA as unknown as Record<string, unknown>);
        const { rewrite, reasons } = json as { rewrite: string; reasons: string[] };
        const clean = { rewrite: sanitize(rewrite), reasons: reasons.map((r) => sanitize(r)) };
        const unsafe = unsafeContent(`${clean.rewrite}\n${clean.reasons.join('\n')}`, req.sourceText);
        if (unsafe) throw new Refused(`Claude's answer was rejected (${unsafe})`);
        const restore = (t: string) => oneLine(req.redactor.restore(t, { names: false, secrets: false }));
        const result = { original: oneLine(sanitize(text)), rewrite: clip(restore(clean.rewrite), 2000), reasons: clean.reasons.slice(0, 8).map((r) => clip(restore(r), 300)) };
        // the same blame rules that flagged the sentence must pass the rewrite
        const rejected = checkRewrite(text, result, req.sourceText);
        if (rejected) throw new Refused(rejected);
        return { provider: 'claude', rewrite: result };
      } catch (err) {
        const note = err instanceof Refused ? `${err.message}; offline rewrite shown` : failureNote(err, signal).replace('proposals', 'rewrite');
        return { ...(await offline.rewriteBlameless(text, c)), note: clip(oneLine(note), 200) };
      }
    },

    async sharpenAction(item: ActionItem, c: AssistContext, o: CallOptions = {}): Promise<SharpenResult> {
      const signal = o.signal ?? c.signal;
      try {
        const proposedDue = defaultDue(c.session, item, c.today);
        const req = buildSharpenRequest(c.session, item, { prompts: getPrompts(), today: dayOf(c.today ?? c.session.updatedAt), proposedDue });
        const { text: answer } = await ask_(req, opts.draftModel ?? opts.model, signal);
        const json = parseAnswer(answer, SHARPEN_SCHEMA as unknown as Record<string, unknown>);
        const j = json as { title: string; doneWhen: string; ownerRole: string; reasons: string[]; due?: string };
        const all = [j.title, j.doneWhen, j.ownerRole, ...j.reasons].map((t) => sanitize(t)).join('\n');
        const unsafe = unsafeContent(all, req.sourceText);
        if (unsafe) throw new Refused(`Claude's answer was rejected (${unsafe})`);
        const restore = (t: string) => clip(oneLine(req.redactor.restore(sanitize(t), { names: false, secrets: false })), 400);
        const sharp = {
          title: restore(j.title),
          doneWhen: restore(j.doneWhen),
          ownerRole: restore(j.ownerRole),
          reasons: j.reasons.slice(0, 8).map(restore),
          // the item's own date wins; then Claude's; then the severity x horizon table
          due: item.due ?? (j.due?.trim() ? j.due.trim() : proposedDue),
        };
        // the same specificity rules that flagged the item must pass Claude's version
        const rejected = checkSharpened(c.session, item, sharp, c.today);
        if (rejected) throw new Refused(rejected);
        return { provider: 'claude', item: sharp };
      } catch (err) {
        const note = err instanceof Refused ? `${err.message}; offline suggestion shown` : failureNote(err, signal).replace('proposals', 'suggestion');
        return { ...(await offline.sharpenAction(item, c)), note: clip(oneLine(note), 200) };
      }
    },

    async askStructured(ask: StructuredAsk, c: AssistContext, o: CallOptions = {}): Promise<StructuredResult> {
      const signal = o.signal ?? c.signal;
      try {
        const req = buildStructuredRequest(c.session, ask, { prompts: getPrompts() });
        const { text: answer } = await ask_(req, ask.draft === false ? opts.model : (opts.draftModel ?? opts.model), signal);
        let value: unknown;
        try {
          value = JSON.parse(answer);
        } catch {
          return { ok: false, provider: 'claude', note: "Claude's answer was not valid JSON; offline draft shown" };
        }
        if (!matchesSchema(value, ask.schema)) return { ok: false, provider: 'claude', note: "Claude's answer did not match the schema; offline draft shown" };
        const unsafe = unsafeContent(strings(value).map((t) => sanitize(t)).join('\n'), req.sourceText);
        if (unsafe) return { ok: false, provider: 'claude', note: `Claude's answer was rejected (${unsafe}); offline draft shown` };
        const restore = (v: unknown): unknown =>
          typeof v === 'string'
            ? sanitize(req.redactor.restore(v, { names: false, secrets: false }))
            : Array.isArray(v)
              ? v.map(restore)
              : v && typeof v === 'object'
                ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, restore(x)]))
                : v;
        return { ok: true, provider: 'claude', value: restore(value) };
      } catch (err) {
        const note = err instanceof Refused ? `${err.message}; offline draft shown` : failureNote(err, signal).replace('proposals', 'draft');
        return { ok: false, provider: 'claude', note };
      }
    },
  };
}

/** Options for the Claude provider from the loaded config, or null when no key is configured. */
export function claudeOptionsFrom(config: AssistantConfig): ClaudeOptions | null {
  if (!config.apiKey) return null;
  return {
    apiKey: config.apiKey,
    baseURL: config.baseURL,
    model: config.model,
    draftModel: config.draftModel,
    timeoutMs: config.timeoutMs,
    maxRetries: config.maxRetries,
    debugLog: config.debugLog,
  };
}

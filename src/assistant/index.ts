// Choosing the provider and recording consent. The console and `debrief suggest` start here.
import type { Dispatchable } from '../domain/actions.js';
import type { Session } from '../domain/schema.js';
import { claudeOptionsFrom, createClaudeAssistant, type ClaudeOptions } from './claude.js';
import { loadConfig, type AiMode, type AssistantConfig } from './config.js';
import { createOfflineAssistant } from './offline.js';
import type { ActionItem } from '../domain/schema.js';
import { rulesRewrite } from './rewrite.js';
import { rulesSharpen } from './sharpen.js';
import type { Assistant, AssistContext, CallOptions, ProviderId, Rewrite, SharpenedAction } from './types.js';

export type { Assistant, Proposal, ProposalResult, ProposeOptions, ProviderId, StructuredAsk, StructuredResult } from './types.js';
export { buildRequestPreview, type RequestPreview } from './request.js';
export { loadConfig, configPath, type AssistantConfig } from './config.js';
export { Redactor } from './redact.js';
export { createOfflineAssistant } from './offline.js';
export { createClaudeAssistant } from './claude.js';

/** Consent for a provider is granted in this session (and not revoked since). */
export function hasConsent(session: Session, provider: AiMode = 'claude'): boolean {
  const c = session.meeting.aiConsent;
  return !!c && c.granted && c.provider === provider;
}

/** The action that records (or revokes) consent to send redacted incident data to a provider. */
export function consentAction(granted: boolean, at: string, provider: AiMode = 'claude'): Dispatchable {
  return { type: 'meeting/consent', granted, provider, at, by: 'facilitator' };
}

export interface Selection {
  assistant: Assistant;
  /** why the provider asked for is not the one used, for the status line */
  note?: string;
  /** consent is still needed before Claude may be called (the console shows the preview screen) */
  needsConsent: boolean;
}

export interface SelectOptions {
  /** --ai from the command line: overrides config */
  ai?: AiMode;
  /** consent given for this run only (--consent) */
  consent?: boolean;
  config?: AssistantConfig;
  env?: NodeJS.ProcessEnv;
  /** extra options for the Claude provider (tests pass a client) */
  claude?: Partial<ClaudeOptions>;
}

/**
 * The assistant to use for a session: Claude only when asked for (config, env or --ai), a key is
 * configured and consent is recorded (or given for this run); otherwise offline, with a note saying why.
 */
export function selectAssistant(session: Session, opts: SelectOptions = {}): Selection {
  const config = opts.config ?? loadConfig(opts.env ?? process.env);
  const want = opts.ai ?? config.ai;
  const offline = createOfflineAssistant();
  if (want === 'offline') return { assistant: offline, needsConsent: false };
  const claude = claudeOptionsFrom(config);
  if (!claude) return { assistant: offline, needsConsent: false, note: 'Claude needs ANTHROPIC_API_KEY (or apiKey in the config); offline proposals shown' };
  if (!opts.consent && !hasConsent(session, 'claude')) {
    return { assistant: offline, needsConsent: true, note: 'Claude needs consent to send the redacted incident data; offline proposals shown' };
  }
  return { assistant: createClaudeAssistant({ ...claude, ...opts.claude, fallback: offline }), needsConsent: false };
}

// Rewrites, sharpened items and comms drafts: the offline rules, and the checks Claude's answers must pass.
export { rulesRewrite, checkRewrite, blameFindings } from './rewrite.js';
export { rulesSharpen, checkSharpened, sharpenFindings, defaultDue } from './sharpen.js';
export { draftCommsWithModel, commsAsk, checkModelDraft, type CommsModelResult, type ModelCommsDraft } from './comms.js';
export type { AssistContext, CallOptions, Rewrite, RewriteResult, SharpenedAction, SharpenResult } from './types.js';

/** What the console shows: who answered, the answer, and why Claude's was not used (when it was not). */
export interface Assisted<T> {
  provider: ProviderId;
  result: T;
  note?: string;
}

/**
 * A blameless rewrite of `text` from any assistant (the console's entry point): never throws, never
 * waits past the signal; an assistant without rewrites, or one that throws, gives the rules' rewrite.
 */
export async function rewriteText(assistant: Assistant, text: string, ctx: AssistContext, opts: CallOptions = {}): Promise<Assisted<Rewrite>> {
  try {
    if (assistant.rewriteBlameless) {
      const r = await assistant.rewriteBlameless(text, ctx, opts);
      return { provider: r.provider, result: r.rewrite, ...(r.note ? { note: r.note } : {}) };
    }
  } catch (err) {
    const r = rulesRewrite(ctx.session, text);
    return { provider: 'offline', result: r.rewrite, note: `rewrite failed (${err instanceof Error ? err.message.slice(0, 80) : 'error'}); offline rewrite shown` };
  }
  return { provider: 'offline', result: rulesRewrite(ctx.session, text).rewrite };
}

/** A sharper version of an action item from any assistant (the console's entry point); same rules as rewriteText. */
export async function sharpenItem(assistant: Assistant, item: ActionItem, ctx: AssistContext, opts: CallOptions = {}): Promise<Assisted<SharpenedAction>> {
  try {
    if (assistant.sharpenAction) {
      const r = await assistant.sharpenAction(item, ctx, opts);
      return { provider: r.provider, result: r.item, ...(r.note ? { note: r.note } : {}) };
    }
  } catch (err) {
    const r = rulesSharpen(ctx.session, item, ctx.today);
    return { provider: 'offline', result: r.item, note: `sharpening failed (${err instanceof Error ? err.message.slice(0, 80) : 'error'}); offline suggestion shown` };
  }
  return { provider: 'offline', result: rulesSharpen(ctx.session, item, ctx.today).item };
}

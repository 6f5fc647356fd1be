// The assistant's contract: providers propose, the facilitator accepts (through the reducer).
// Nothing here edits a session.
import type { ActionItem, Category, Session } from '../domain/schema.js';

export type ProviderId = 'offline' | 'claude';

/** One proposed next question for a node of the why-tree. */
export interface Proposal {
  question: string;
  mode: 'why' | 'how';
  category: Category;
  /** why this question is worth asking now, in one sentence */
  rationale: string;
  /** offline: the id of the rule that produced it */
  rule?: string;
  /** timeline event ids the question rests on (only ids that exist in the session) */
  evidence: string[];
}

export interface ProposalResult {
  /** which provider actually answered (the facilitator always sees it) */
  provider: ProviderId;
  proposals: Proposal[];
  /** e.g. "Claude timed out; offline proposals shown" */
  note?: string;
}

export interface ProposeOptions {
  signal?: AbortSignal;
  /** called as proposals arrive (streamed); each call carries every proposal so far */
  onPartial?(proposals: Proposal[]): void;
}

/** A blameless rewrite of one sentence. */
export interface Rewrite {
  original: string;
  rewrite: string;
  reasons: string[];
}

export interface RewriteResult {
  provider: ProviderId;
  rewrite: Rewrite;
  note?: string;
}

/** A sharper version of an action item. */
export interface SharpenedAction {
  title: string;
  doneWhen: string;
  ownerRole: string;
  reasons: string[];
  /** YYYY-MM-DD: the item's own, Claude's, or proposed from severity and horizon (null when unknown) */
  due?: string | null;
}

export interface SharpenResult {
  provider: ProviderId;
  item: SharpenedAction;
  note?: string;
}

export interface AssistContext {
  session: Session;
  signal?: AbortSignal;
  /** today (YYYY-MM-DD or an ISO instant) for proposed due dates; default the session's updatedAt */
  today?: string;
}

/** Per-call options (the signal may also come in the context). */
export interface CallOptions {
  signal?: AbortSignal;
}

export interface Assistant {
  id: ProviderId;
  proposeQuestions(session: Session, nodeId: string, opts?: ProposeOptions): Promise<ProposalResult>;
  /** blameful sentence -> blameless rewrite (same fallback rules as questions) */
  rewriteBlameless?(text: string, ctx: AssistContext, opts?: CallOptions): Promise<RewriteResult>;
  /** vague action item -> specific, bounded one (same fallback rules as questions) */
  sharpenAction?(item: ActionItem, ctx: AssistContext, opts?: CallOptions): Promise<SharpenResult>;
  /**
   * Any other structured task (comms drafts, summaries): `data` is redacted and sent as delimited JSON,
   * `task` follows it, the answer must match `schema`. Never throws: { ok: false, note } means "use your
   * offline result", with the note to show.
   */
  askStructured?(ask: StructuredAsk, ctx: AssistContext, opts?: CallOptions): Promise<StructuredResult>;
}

export interface StructuredAsk {
  /** extra data for this task (strings are sanitised and redacted before sending) */
  data: Record<string, unknown>;
  /** the task instructions, sent after the data */
  task: string;
  /** JSON schema of the answer (additionalProperties false on every object) */
  schema: Record<string, unknown>;
  /** include the incident summary, key moments and timeline (default true) */
  withIncident?: boolean;
  /** use the drafting model rather than the fast one (default true) */
  draft?: boolean;
}

export type StructuredResult = { ok: true; provider: 'claude'; value: unknown } | { ok: false; provider: ProviderId; note: string };

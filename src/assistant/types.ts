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
}

export interface SharpenResult {
  provider: ProviderId;
  item: SharpenedAction;
  note?: string;
}

export interface AssistContext {
  session: Session;
  signal?: AbortSignal;
}

export interface Assistant {
  id: ProviderId;
  proposeQuestions(session: Session, nodeId: string, opts?: ProposeOptions): Promise<ProposalResult>;
  /** blameful sentence -> blameless rewrite (same fallback rules as questions) */
  rewriteBlameless?(text: string, ctx: AssistContext): Promise<RewriteResult>;
  /** vague action item -> specific, bounded one (same fallback rules as questions) */
  sharpenAction?(item: ActionItem, ctx: AssistContext): Promise<SharpenResult>;
}

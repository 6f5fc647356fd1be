// Every change to a session is one of these actions, applied by the one reducer in reducer.ts.
// Ids and instants are chosen by the caller (the reducer has no clock and no randomness).
import type {
  ActionItem,
  Attendee,
  Category,
  Factor,
  FactorType,
  ImpactInputs,
  ImportedSource,
  Incident,
  Mark,
  MetricSeries,
  MomentKey,
  Moments,
  Precision,
  Proposer,
  Review,
  Slo,
  StepId,
  TimelineEvent,
  WhyNode,
} from './schema.js';

export type ReviewList = keyof Pick<Review, 'wentWell' | 'couldBeBetter' | 'gotLucky' | 'notes'>;

export type Action =
  // incident summary
  | { type: 'incident/update'; patch: Partial<Incident> }
  // meeting
  /** leaving the current step; it is marked done unless `done` is false (a jump or a step back) */
  | { type: 'meeting/goto'; step: StepId; at: string; done?: boolean }
  | { type: 'meeting/setDone'; step: StepId; done: boolean }
  | { type: 'meeting/resume'; at: string }
  | { type: 'meeting/pause'; at: string }
  | { type: 'meeting/addAttendee'; attendee: Attendee }
  | { type: 'meeting/removeAttendee'; name: string }
  | { type: 'meeting/timebox'; step: StepId; minutes: number }
  | { type: 'meeting/park'; id: string; text: string; at: string }
  | { type: 'meeting/decide'; id: string; text: string; at: string }
  | { type: 'meeting/removeNote'; list: 'parkingLot' | 'decisions'; id: string }
  | { type: 'meeting/spoke'; step: StepId; name: string; spoke: boolean }
  | { type: 'meeting/consent'; granted: boolean; provider: string; at: string }
  // timeline
  | {
      type: 'timeline/import';
      source: ImportedSource;
      /** the whole reconciled event list after the import */
      events: TimelineEvent[];
      series: MetricSeries[];
      moments?: Partial<Moments>;
      precision?: Precision;
    }
  | { type: 'timeline/add'; event: TimelineEvent }
  | { type: 'timeline/edit'; id: string; patch: Partial<Omit<TimelineEvent, 'id'>> }
  | { type: 'timeline/confirm'; ids: string[]; confirmed: boolean }
  | { type: 'timeline/delete'; ids: string[] }
  | { type: 'timeline/merge'; ids: string[]; into: string }
  | { type: 'timeline/split'; id: string; newId: string; texts: [string, string] }
  | { type: 'timeline/moment'; key: MomentKey; eventId: string | null; /** the moment's instant; null clears it */ time: string | null; evidence?: string }
  | { type: 'timeline/resolveConflict'; eventId: string; field: string; value: string; trustedSource: string; at: string }
  | { type: 'timeline/precision'; precision: Precision }
  // why-tree
  | { type: 'whys/add'; node: Omit<WhyNode, 'children'>; index?: number }
  | { type: 'whys/edit'; id: string; patch: Partial<Pick<WhyNode, 'question' | 'answer' | 'mode' | 'evidence' | 'tags'>> }
  | { type: 'whys/mark'; id: string; mark: Mark }
  | { type: 'whys/tag'; id: string; tag: Category; on: boolean }
  | { type: 'whys/delete'; id: string }
  | { type: 'whys/promote'; id: string; factorId: string; factorType: FactorType }
  // factors
  | { type: 'factors/add'; factor: Factor }
  | { type: 'factors/edit'; id: string; patch: Partial<Omit<Factor, 'id'>> }
  | { type: 'factors/delete'; id: string }
  // action items
  | { type: 'actions/add'; item: ActionItem }
  | { type: 'actions/edit'; id: string; patch: Partial<Omit<ActionItem, 'id'>> }
  | { type: 'actions/delete'; id: string }
  // impact, comms, review
  | { type: 'impact/inputs'; patch: Partial<ImpactInputs> }
  | { type: 'impact/slo'; slo: Slo | null }
  | { type: 'comms/edit'; key: string; text: string | null }
  | { type: 'review/add'; list: ReviewList; text: string }
  | { type: 'review/edit'; list: ReviewList; index: number; text: string }
  | { type: 'review/remove'; list: ReviewList; index: number }
  | { type: 'review/exported'; at: string };

export type ActionType = Action['type'];

/** Metadata every dispatched action may carry; the reducer stamps `updatedAt` from `at`. */
export interface ActionMeta {
  /** when the action happened (stamped as the session's updatedAt) */
  at?: string;
  by?: Proposer;
}

export type Dispatchable = Action & ActionMeta;

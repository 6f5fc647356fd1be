// The persisted session: zod schemas (validated at load) and the TypeScript types derived from them.
// Pure: no I/O, no clock. UI state (cursor, focus, overlays, drafts) never lives here.
import { z } from 'zod';

export const SCHEMA_VERSION = 1;

export const STEPS = ['intake', 'timeline', 'whys', 'factors', 'actions', 'impact', 'comms', 'review'] as const;
export type StepId = (typeof STEPS)[number];
export const STEP_LABELS: Record<StepId, string> = {
  intake: 'Intake',
  timeline: 'Timeline',
  whys: '5 Whys',
  factors: 'Factors',
  actions: 'Actions',
  impact: 'Impact',
  comms: 'Comms',
  review: 'Review',
};

export const SEVERITIES = ['SEV1', 'SEV2', 'SEV3', 'SEV4'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const EVENT_KINDS = [
  'deploy',
  'alert',
  'page',
  'ack',
  'escalation',
  'message',
  'action',
  'metric',
  'status',
  'resolve',
  'note',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** Source types of the CLI contract, plus `manual` for events the room adds by hand. */
export const SOURCE_TYPES = [
  'slack',
  'teams',
  'discord',
  'pagerduty',
  'opsgenie',
  'github',
  'argocd',
  'k8s',
  'git',
  'alertmanager',
  'prometheus',
  'grafana',
  'datadog',
  'cloudwatch',
  'statuspage',
  'log',
  'text',
  'manual',
] as const;
export type SourceType = (typeof SOURCE_TYPES)[number];

export const PRECISIONS = ['second', 'minute', 'hour', 'day'] as const;
export type Precision = (typeof PRECISIONS)[number];

export const MOMENT_KEYS = ['impactStart', 'detected', 'acknowledged', 'mitigated', 'resolved'] as const;
export type MomentKey = (typeof MOMENT_KEYS)[number];
export const MOMENT_LABELS: Record<MomentKey, string> = {
  impactStart: 'impact start',
  detected: 'detected',
  acknowledged: 'acknowledged',
  mitigated: 'mitigated',
  resolved: 'resolved',
};

export const CATEGORIES = [
  'testing',
  'monitoring',
  'alerting',
  'deployment',
  'configuration',
  'capacity',
  'dependency',
  'documentation',
  'communication',
  'process',
  'organisation',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const MARKS = ['open', 'trigger', 'contributing', 'systemic'] as const;
export type Mark = (typeof MARKS)[number];

export const FACTOR_TYPES = ['trigger', 'contributing', 'systemic', 'mitigator'] as const;
export type FactorType = (typeof FACTOR_TYPES)[number];

export const HORIZONS = ['immediate', 'short', 'long'] as const;
export type Horizon = (typeof HORIZONS)[number];
export const HORIZON_LABELS: Record<Horizon, string> = {
  immediate: 'immediate (this week)',
  short: 'short term (this month)',
  long: 'long term (this quarter)',
};

export const PRIORITIES = ['P1', 'P2', 'P3'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const ROLES = ['facilitator', 'scribe', 'incident commander', 'responder', 'observer'] as const;
export type Role = (typeof ROLES)[number];

/** Who proposed something that became fact: the room, or one of the assistant's providers. */
export const PROPOSERS = ['facilitator', 'offline', 'claude', 'import'] as const;
export type Proposer = (typeof PROPOSERS)[number];

const iso = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/, 'an ISO 8601 UTC instant');
const isoOrNull = iso.nullable();
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');

export const SourceRefSchema = z.object({
  type: z.enum(SOURCE_TYPES),
  file: z.string(),
  ref: z.string(),
  line: z.number().int().nullable().optional(),
  /** the raw excerpt of the source record, sanitised, for the evidence pane */
  excerpt: z.string().optional(),
  /** chat thread context (parent and neighbours), sanitised */
  context: z.array(z.string()).optional(),
  /** the instant this source gave, kept when it differs from the event's */
  at: z.string().optional(),
  /** the raw time string as written in the source */
  rawTime: z.string().optional(),
});
export type SourceRef = z.infer<typeof SourceRefSchema>;

export const ConflictSchema = z.object({
  field: z.string(),
  values: z.array(z.string()),
  note: z.string(),
  /** which source each value came from, same order as values */
  sources: z.array(z.string()).optional(),
  resolution: z
    .object({ value: z.string(), trustedSource: z.string(), at: iso })
    .nullable()
    .optional(),
});
export type Conflict = z.infer<typeof ConflictSchema>;

export const TimelineEventSchema = z.object({
  id: z.string().min(1),
  occurredAt: iso,
  detectedAt: isoOrNull,
  precision: z.enum(PRECISIONS),
  kind: z.enum(EVENT_KINDS),
  actor: z.string().nullable(),
  text: z.string(),
  sources: z.array(SourceRefSchema),
  conflicts: z.array(ConflictSchema),
  confirmed: z.boolean(),
  /** chat channel or conversation the event was said in, when there is one */
  channel: z.string().nullable().optional(),
  /** id of the thread parent event for chat replies */
  parentId: z.string().nullable().optional(),
  proposedBy: z.enum(PROPOSERS).optional(),
});
export type TimelineEvent = z.infer<typeof TimelineEventSchema>;

export const MetricSeriesSchema = z.object({
  id: z.string(),
  name: z.string(),
  labels: z.record(z.string(), z.string()),
  /** [epoch ms, value] samples in time order */
  points: z.array(z.tuple([z.number(), z.number()])),
  source: SourceRefSchema,
  unit: z.enum(['ratio', 'percent', 'count', 'rate', 'seconds', 'other']).optional(),
  /** the threshold used to derive crossing events, if any */
  threshold: z.number().nullable().optional(),
});
export type MetricSeries = z.infer<typeof MetricSeriesSchema>;

export const MomentSchema = z.object({
  at: iso,
  eventId: z.string().nullable(),
  /** the evidence that proposed it ("PagerDuty trigger #1932"), or who set it */
  evidence: z.string().optional(),
  confirmed: z.boolean().optional(),
});
export type Moment = z.infer<typeof MomentSchema>;

export const MomentsSchema = z.object({
  impactStart: MomentSchema.nullable(),
  detected: MomentSchema.nullable(),
  acknowledged: MomentSchema.nullable(),
  mitigated: MomentSchema.nullable(),
  resolved: MomentSchema.nullable(),
});
export type Moments = z.infer<typeof MomentsSchema>;

export const ImportedSourceSchema = z.object({
  id: z.string(),
  path: z.string(),
  types: z.array(z.enum(SOURCE_TYPES)),
  /** content hash, so importing the same file twice changes nothing */
  hash: z.string(),
  importedAt: iso,
  eventCount: z.number().int(),
  warnings: z.array(z.object({ file: z.string(), line: z.number().int().nullable().optional(), message: z.string() })),
});
export type ImportedSource = z.infer<typeof ImportedSourceSchema>;

export const WhyNodeSchema = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  children: z.array(z.string()),
  mode: z.enum(['why', 'how']),
  question: z.string(),
  answer: z.string(),
  evidence: z.array(z.string()),
  tags: z.array(z.enum(CATEGORIES)),
  mark: z.enum(MARKS),
  proposedBy: z.enum(PROPOSERS),
  /** the factor this node was promoted to */
  factorId: z.string().nullable().optional(),
});
export type WhyNode = z.infer<typeof WhyNodeSchema>;

export const FactorSchema = z.object({
  id: z.string(),
  text: z.string(),
  type: z.enum(FACTOR_TYPES),
  category: z.enum(CATEGORIES).nullable(),
  whyNodes: z.array(z.string()),
  evidence: z.array(z.string()),
});
export type Factor = z.infer<typeof FactorSchema>;

export const ActionItemSchema = z.object({
  id: z.string(),
  title: z.string(),
  doneWhen: z.string(),
  ownerRole: z.string(),
  owner: z.string().nullable(),
  due: day.nullable(),
  horizon: z.enum(HORIZONS),
  priority: z.enum(PRIORITIES),
  factors: z.array(z.string()),
  tracker: z.string().nullable(),
  status: z.enum(['open', 'done']).default('open'),
});
export type ActionItem = z.infer<typeof ActionItemSchema>;

export const ImpactInputsSchema = z.object({
  usersAffected: z.number().nullable().optional(),
  totalUsers: z.number().nullable().optional(),
  /** requests per second through the affected service */
  requestRate: z.number().nullable().optional(),
  /** error ratio 0..1 during the impact window when no series is imported */
  errorRatio: z.number().nullable().optional(),
  baselineErrorRatio: z.number().nullable().optional(),
  failedRequests: z.number().nullable().optional(),
  failedTransactions: z.number().nullable().optional(),
  averageOrderValue: z.number().nullable().optional(),
  currency: z.string().nullable().optional(),
  /** share of failed transactions that were not completed later, 0..1 */
  abandonRate: z.number().nullable().optional(),
  seriesId: z.string().nullable().optional(),
  /** ratio above which a sample counts as impact (e.g. 0.01 = 1%) */
  impactThreshold: z.number().nullable().optional(),
  /** ratio above which a minute counts as down (SLA) */
  downThreshold: z.number().nullable().optional(),
  notes: z.string().optional(),
});
export type ImpactInputs = z.infer<typeof ImpactInputsSchema>;

export const SloSchema = z.object({
  name: z.string(),
  /** e.g. 0.999 */
  target: z.number(),
  windowDays: z.number(),
  /** requests (or events) in the SLO window */
  windowVolume: z.number().nullable(),
  sla: z
    .object({ target: z.number(), periodMinutes: z.number(), creditPercent: z.number().nullable() })
    .nullable()
    .optional(),
});
export type Slo = z.infer<typeof SloSchema>;

export const NoteSchema = z.object({ id: z.string(), text: z.string(), step: z.enum(STEPS), at: iso });
export type Note = z.infer<typeof NoteSchema>;

export const AttendeeSchema = z.object({ name: z.string(), role: z.enum(ROLES) });
export type Attendee = z.infer<typeof AttendeeSchema>;

export const MeetingSchema = z.object({
  step: z.enum(STEPS),
  done: z.array(z.enum(STEPS)),
  attendees: z.array(AttendeeSchema),
  /** minutes planned per step */
  timeboxes: z.record(z.enum(STEPS), z.number()),
  clock: z.object({
    startedAt: isoOrNull,
    /** ms spent on each step so far */
    spent: z.record(z.enum(STEPS), z.number()),
    /** when the current step was entered in this sitting (null while paused) */
    enteredAt: isoOrNull,
  }),
  parkingLot: z.array(NoteSchema),
  decisions: z.array(NoteSchema),
  /** attendee names who spoke, per step */
  spoken: z.record(z.enum(STEPS), z.array(z.string())),
  aiConsent: z
    .object({ granted: z.boolean(), provider: z.string(), at: iso })
    .nullable(),
});
export type Meeting = z.infer<typeof MeetingSchema>;

export const IncidentSchema = z.object({
  title: z.string(),
  severity: z.enum(SEVERITIES),
  services: z.array(z.string()),
  summary: z.string(),
  customerImpact: z.string(),
  /** IANA zone used for display and for times written without a zone */
  timezone: z.string(),
  status: z.enum(['draft', 'in review', 'final']),
  authors: z.array(z.string()),
});
export type Incident = z.infer<typeof IncidentSchema>;

export const CommsSchema = z.object({
  /** edited drafts keyed by document: "status:investigating", "email:enterprise", "exec" */
  edits: z.record(z.string(), z.string()),
});
export type Comms = z.infer<typeof CommsSchema>;

export const ReviewSchema = z.object({
  wentWell: z.array(z.string()),
  couldBeBetter: z.array(z.string()),
  gotLucky: z.array(z.string()),
  notes: z.array(z.string()),
  exportedAt: isoOrNull,
});
export type Review = z.infer<typeof ReviewSchema>;

export const SessionSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'a session id: lowercase letters, digits and dashes'),
  createdAt: iso,
  updatedAt: iso,
  incident: IncidentSchema,
  meeting: MeetingSchema,
  sources: z.array(ImportedSourceSchema),
  timeline: z.object({
    events: z.array(TimelineEventSchema),
    moments: MomentsSchema,
    series: z.array(MetricSeriesSchema),
    /** display precision chosen for the incident */
    precision: z.enum(PRECISIONS),
  }),
  whys: z.object({ rootId: z.string(), nodes: z.record(z.string(), WhyNodeSchema) }),
  factors: z.array(FactorSchema),
  actions: z.array(ActionItemSchema),
  impact: z.object({ inputs: ImpactInputsSchema, slo: SloSchema.nullable() }),
  comms: CommsSchema,
  review: ReviewSchema,
});
export type Session = z.infer<typeof SessionSchema>;

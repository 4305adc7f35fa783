import type { CanonicalInvoice } from '@app/domain';
import type { ExceptionStatus, FieldCorrection, PriorityRule, SlaResumeAnswer, SlaWaitingFor } from '@app/triage';
import type { FindingView } from './findings.contract';

/** The SLA clock of an item (ISO times). */
export interface SlaView {
  startedAt: string | null;
  warnAt: string | null;
  dueAt: string | null;
  warnedAt: string | null;
  breachedAt: string | null;
  /** The clock stands still since this instant (waiting for the supplier or the buyer). */
  pausedAt: string | null;
  /** Wall time paused so far, the open pause included. */
  pausedSeconds: number;
}

/** An exception as every review route answers it (claim, release, next, resolve, …): camelCase, ISO times, decimal strings. */
export interface ExceptionView {
  id: string;
  invoiceId: string;
  queueKey: string;
  routeKey: string;
  category: string;
  country: string | null;
  supplierId: string | null;
  /** Decimal string. */
  amount: string | null;
  currency: string | null;
  status: ExceptionStatus;
  priority: number;
  assigneeId: string | null;
  claimedAt: string | null;
  lastActivityAt: string | null;
  decision: string | null;
  decisionReason: string | null;
  decisionReasonCode: string | null;
  firstApproverId: string | null;
  proposedCorrections: FieldCorrection[] | null;
  resolvedBy: string | null;
  resolvedAt: string | null;
  sla: SlaView;
  escalatedAt: string | null;
  handleSeconds: number;
  /** Present where the queue is known: whether a second person must approve this item. */
  fourEyesRequired?: boolean;
  createdAt: string | null;
  updatedAt: string | null;
  version: number;
}

/** A row of GET /v1/exceptions. */
export interface ListedException extends ExceptionView {
  invoiceNumber: string | null;
  sellerName: string | null;
  supplierName: string | null;
  assigneeName: string | null;
  ruleIds: string[];
  /** One sentence per blocking rule, in the response language (messageEn: the stored English). */
  reasons: { ruleId: string; message: string; messageEn: string }[];
  ageSeconds: number;
  overdue: boolean;
}

/** GET /v1/exceptions (JSON; `format=csv` answers text). */
export interface ExceptionListPage {
  items: ListedException[];
  nextCursor: string | null;
  lang: string;
}

/** A finding of an exception's detail. */
export interface ExceptionFinding extends FindingView {
  id: string;
  category: string;
  validationRun: number;
  routeKey: string | null;
}

/** A comment on an exception. */
export interface ExceptionComment {
  id: number;
  authorId: string;
  authorName: string;
  text: string;
  createdAt: string | null;
}

/** POST /v1/exceptions/{id}/comment. */
export interface CreatedComment {
  id: number;
  exceptionId: string;
  authorId: string;
  text: string;
  createdAt: string;
}

/** An audit event of the exception, with the names of the actor and of the new assignee. */
export interface ExceptionHistoryEntry {
  id: number;
  action: string;
  fromState: string | null;
  toState: string | null;
  actorType: string;
  actorId: string | null;
  actorName: string | null;
  assigneeName: string | null;
  reason: string | null;
  data: Record<string, unknown> | null;
  occurredAt: string | null;
}

/** A pause of the SLA clock (waiting for the supplier or the buyer). */
export interface SlaPauseView {
  waitingFor: SlaWaitingFor;
  reason: string;
  pausedBy: { type: string; id: string | null };
  startedAt: string;
  endedAt: string | null;
  answer: SlaResumeAnswer | null;
  businessMinutes: number | null;
}

/** GET /v1/exceptions/{id}: the item with everything needed to decide it. */
export interface ExceptionDetail {
  exception: ExceptionView;
  slaPauses: SlaPauseView[];
  queue: {
    key: string;
    name: string;
    slaMinutes: number;
    timeZone: string;
    fourEyes: boolean;
    fourEyesAmountThreshold: string | null;
    priorityRule: PriorityRule;
    warnAtShare: number;
  } | null;
  invoice: {
    id: string;
    status: string;
    invoiceNumber: string | null;
    format: string;
    receivedAt: string | null;
    validationRuns: number;
    canonical: CanonicalInvoice;
  } | null;
  /** The language of the finding texts. */
  lang: string;
  findings: ExceptionFinding[];
  comments: ExceptionComment[];
  history: ExceptionHistoryEntry[];
  /** The actions the caller may take now (`comment`, `claim`, `release`, `resolve`, `approve-second`, `escalate`, `reassign`). */
  allowedActions: string[];
}

/** GET /v1/me/work: the items the caller holds and their first approvals waiting for a second person. */
export interface MyWork {
  items: ExceptionView[];
  awaitingSecondApproval: ExceptionView[];
  capacity: number;
  availability: string | null;
  open: number;
}

/** POST /v1/exceptions/{id}/resolve and …/approve-second. */
export interface DecisionOutcome {
  exception: ExceptionView;
  invoiceStatus: string | null;
  /** The validation run a correction started (the invoice is checked again). */
  revalidationRun?: number;
  /** Items of the same invoice that the correction replaced. */
  superseded?: string[];
}

/** POST /v1/exceptions/bulk: each item its own transaction and outcome. */
export interface BulkActionResult {
  action: 'reassign' | 'release';
  succeeded: number;
  failed: number;
  results: {
    id: string;
    ok: boolean;
    status?: string;
    assigneeId?: string | null;
    error?: { code: string; message: string };
  }[];
}

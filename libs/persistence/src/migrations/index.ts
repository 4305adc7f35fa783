import { InitialSchema1763900000000 } from './1763900000000-InitialSchema';
import { TriageWorkflow1763900100000 } from './1763900100000-TriageWorkflow';
import { MetricsRollups1763900200000 } from './1763900200000-MetricsRollups';
import { MetricsMonthlyDurations1763900200001 } from './1763900200001-MetricsMonthlyDurations';
import { MetricsReviewerAndMonthlyTiers1763900200002 } from './1763900200002-MetricsReviewerAndMonthlyTiers';
import { ClaimCapacityIndex1763900150000 } from './1763900150000-ClaimCapacityIndex';
import { DuplicateLookupIndexes1764800000000 } from './1764800000000-DuplicateLookupIndexes';
import { ProposedCorrections1764400000000 } from './1764400000000-ProposedCorrections';
import { AppRoleAndAppendOnlyAudit1764400000100 } from './1764400000100-AppRoleAndAppendOnlyAudit';
import { CodeColumnsAsText1764200000000 } from './1764200000000-CodeColumnsAsText';
import { ClaimPerQueueIndex1764800000001 } from './1764800000001-ClaimPerQueueIndex';
import { StaffSessionsAndInvitations1764300000000 } from './1764300000000-StaffSessionsAndInvitations';
import { DecisionReasonCodes1764700000000 } from './1764700000000-DecisionReasonCodes';
import { PendingChanges1764400000200 } from './1764400000200-PendingChanges';
import { PipelineFailures1764100000000 } from './1764100000000-PipelineFailures';

import { ValidationRunProvenance1764900000000 } from './1764900000000-ValidationRunProvenance';
import { HolidayCalendars1765000000000 } from './1765000000000-HolidayCalendars';
import { InvoiceResponseReasons1765100000000 } from './1765100000000-InvoiceResponseReasons';
import { ReviewerUiLanguage1765200000000 } from './1765200000000-ReviewerUiLanguage';
import { SlaPauses1765270000000 } from './1765270000000-SlaPauses';
import { Webhooks1765300000000 } from './1765300000000-Webhooks';
import { ReviewerSubstitutes1765310000000 } from './1765310000000-ReviewerSubstitutes';
import { DecisionHistoryIndex1765400000000 } from './1765400000000-DecisionHistoryIndex';
import { QueueSurge1765410000000 } from './1765410000000-QueueSurge';
import { CountryAwareSupplierRouting1765490000000 } from './1765490000000-CountryAwareSupplierRouting';
import { ClaimRoutine1765500000000 } from './1765500000000-ClaimRoutine';
import { ClaimRoutineCountryAware1765510000000 } from './1765510000000-ClaimRoutineCountryAware';
import { ClaimRoutineGenericPlans1765520000000 } from './1765520000000-ClaimRoutineGenericPlans';
import { SmallSamplesForPerInvoiceRows1765530000000 } from './1765530000000-SmallSamplesForPerInvoiceRows';
import { InvoiceSyntaxFindings1765540000000 } from './1765540000000-InvoiceSyntaxFindings';
import { InReviewInvoicesIndex1765550000000 } from './1765550000000-InReviewInvoicesIndex';
import { DropInvoiceIndexesNoQueryNeeds1765560000000 } from './1765560000000-DropInvoiceIndexesNoQueryNeeds';
import { DropFindingsRuleIndex1765570000000 } from './1765570000000-DropFindingsRuleIndex';
import { InvoiceDocumentOutOfLine1765580000000 } from './1765580000000-InvoiceDocumentOutOfLine';
import { InvoiceDocumentLz41765590000000 } from './1765590000000-InvoiceDocumentLz4';
import { WebhookEventsPerStatement1765600000000 } from './1765600000000-WebhookEventsPerStatement';
import { GoodsReceiptsByPurchaseOrder1765610000000 } from './1765610000000-GoodsReceiptsByPurchaseOrder';
import { TimeOrderedRowIds1765620000000 } from './1765620000000-TimeOrderedRowIds';
import { RulePackSets1765630000000 } from './1765630000000-RulePackSets';
import { InvoiceLinesFromDocument1765640000000 } from './1765640000000-InvoiceLinesFromDocument';
import { ClaimOrderWithoutFailures1765650000000 } from './1765650000000-ClaimOrderWithoutFailures';
import { InvoiceOriginals1765400000100 } from './1765400000100-InvoiceOriginals';
import { QueueHourlyCost1765400000200 } from './1765400000200-QueueHourlyCost';
/** Every migration in order. New migrations are appended here (and named <timestamp>-<PascalName>.ts). */
export const MIGRATIONS = [
  InitialSchema1763900000000,
  TriageWorkflow1763900100000,
  MetricsRollups1763900200000,
  MetricsMonthlyDurations1763900200001,
  MetricsReviewerAndMonthlyTiers1763900200002,
  ClaimCapacityIndex1763900150000,
  DuplicateLookupIndexes1764800000000,
  ProposedCorrections1764400000000,
  AppRoleAndAppendOnlyAudit1764400000100,
  CodeColumnsAsText1764200000000,
  ClaimPerQueueIndex1764800000001,
  StaffSessionsAndInvitations1764300000000,
  DecisionReasonCodes1764700000000,
  PendingChanges1764400000200,
  PipelineFailures1764100000000,
  ValidationRunProvenance1764900000000,
  HolidayCalendars1765000000000,
  InvoiceResponseReasons1765100000000,
  ReviewerUiLanguage1765200000000,
  SlaPauses1765270000000,
  Webhooks1765300000000,
  ReviewerSubstitutes1765310000000,
  DecisionHistoryIndex1765400000000,
  QueueSurge1765410000000,
  InvoiceOriginals1765400000100,
  QueueHourlyCost1765400000200,
  CountryAwareSupplierRouting1765490000000,
  ClaimRoutine1765500000000,
  ClaimRoutineCountryAware1765510000000,
  ClaimRoutineGenericPlans1765520000000,
  SmallSamplesForPerInvoiceRows1765530000000,
  InvoiceSyntaxFindings1765540000000,
  InReviewInvoicesIndex1765550000000,
  DropInvoiceIndexesNoQueryNeeds1765560000000,
  DropFindingsRuleIndex1765570000000,
  InvoiceDocumentOutOfLine1765580000000,
  InvoiceDocumentLz41765590000000,
  WebhookEventsPerStatement1765600000000,
  GoodsReceiptsByPurchaseOrder1765610000000,
  TimeOrderedRowIds1765620000000,
  RulePackSets1765630000000,
  InvoiceLinesFromDocument1765640000000,
  ClaimOrderWithoutFailures1765650000000,
];

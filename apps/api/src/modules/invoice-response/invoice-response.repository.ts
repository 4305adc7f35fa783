import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ExceptionFacts, PartyFacts, ResponseFacts } from './invoice-response.model';

/** Reads what an Invoice Response is derived from: the invoice, its parties, its decided items and their findings. */
@Injectable()
export class InvoiceResponseRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  async facts(invoiceId: string, integrationId: string | null): Promise<ResponseFacts | null> {
    const [i] = await this.ds.query(
      `SELECT i.id, i.invoice_number, i.issue_date::text AS issue_date, i.type_code, i.document_kind, i.status,
              i.canonical->'seller' AS seller, i.canonical->'buyer' AS buyer, i.seller_name, i.seller_vat_id, i.seller_country,
              i.buyer_vat_id, i.buyer_country, be.name AS entity_name, be.vat_id AS entity_vat_id,
              s.id AS supplier_id, s.language AS supplier_language, s.country_code AS supplier_country, d.invoice_number AS duplicate_of_number, a.id::text AS event_id, a.occurred_at AS event_at
       FROM invoices i
       LEFT JOIN suppliers s ON s.id = i.supplier_id
       LEFT JOIN invoices d ON d.id = i.duplicate_of
       LEFT JOIN buying_entities be ON be.country_code = i.buyer_country
       LEFT JOIN LATERAL (SELECT id, occurred_at FROM audit_events
                          WHERE aggregate_type = 'invoice' AND aggregate_id = i.id AND to_state = i.status
                          ORDER BY id DESC LIMIT 1) a ON true
       WHERE i.id = $1 AND ($2::uuid IS NULL OR i.integration_id = $2)`,
      [invoiceId, integrationId],
    );
    if (!i) return null;
    const exceptions = await this.ds.query(
      `SELECT e.id, e.route_key, e.status, e.decision, e.decision_reason_code, rc.invoice_response_reason, rc.invoice_response_action,
              COALESCE((SELECT jsonb_agg(jsonb_build_object('ruleId', f.rule_id, 'fieldPath', f.field_path, 'message', f.message,
                                          'expected', f.expected, 'actual', f.actual, 'hint', f.hint) ORDER BY f.rule_id, f.field_path)
                        FROM findings f WHERE f.exception_id = e.id
                          AND f.validation_run = (SELECT max(validation_run) FROM findings WHERE exception_id = e.id)), '[]') AS findings
       FROM exceptions e LEFT JOIN decision_reason_codes rc ON rc.code = e.decision_reason_code
       WHERE e.invoice_id = $1 ORDER BY e.created_at, e.id`,
      [invoiceId],
    );
    const party = (c: any, name: string | null, vat: string | null, country: string | null): PartyFacts => ({
      name: c?.name ?? name,
      vatId: c?.vatId ?? vat,
      country: c?.countryCode ?? c?.address?.countryCode ?? country,
      electronicAddress: c?.electronicAddress ?? null,
    });
    return {
      invoiceId: i.id,
      invoiceNumber: i.invoice_number,
      issueDate: i.issue_date,
      typeCode: i.type_code,
      documentKind: i.document_kind,
      status: i.status,
      statusEvent: i.event_id ? { id: i.event_id, at: new Date(i.event_at) } : null,
      duplicateOfNumber: i.duplicate_of_number,
      seller: party(i.seller, i.seller_name, i.seller_vat_id, i.seller_country),
      buyer: party(i.buyer, i.entity_name, i.buyer_vat_id ?? i.entity_vat_id, i.buyer_country),
      supplier: i.supplier_id ? { language: i.supplier_language, countryCode: i.supplier_country } : null,
      exceptions: exceptions.map((e: any): ExceptionFacts => ({
        id: e.id,
        routeKey: e.route_key,
        status: e.status,
        decision: e.decision,
        reasonCode: e.decision_reason_code,
        responseReason: e.invoice_response_reason,
        responseAction: e.invoice_response_action,
        findings: e.findings,
      })),
    };
  }
}

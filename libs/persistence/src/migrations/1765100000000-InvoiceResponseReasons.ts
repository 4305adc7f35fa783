import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a reviewer's reason code means to the seller in a Peppol Invoice Response: a clarification reason
 * (OPStatusReason) and an action asked of the seller (OPStatusAction). Both optional: without them the
 * response derives the reason from the item's findings and the action from the invoice's status.
 */
export class InvoiceResponseReasons1765100000000 implements MigrationInterface {
  name = 'InvoiceResponseReasons1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE decision_reason_codes
      ADD COLUMN invoice_response_reason text
        CHECK (invoice_response_reason IN ('NON','REF','LEG','REC','QUA','DEL','PRI','QTY','ITM','PAY','UNR','FIN','PPD','OTH')),
      ADD COLUMN invoice_response_action text
        CHECK (invoice_response_action IN ('NOA','PIN','NIN','CNF','CNP','CNA','OTH'))`);
    await q.query(`UPDATE decision_reason_codes SET invoice_response_reason = v.reason, invoice_response_action = v.action
      FROM (VALUES ('credit-note-requested', NULL, 'CNF'), ('duplicate-invoice', 'OTH', 'NOA'),
                   ('wrong-vat', 'LEG', NULL), ('missing-po', 'REF', 'PIN')) AS v(code, reason, action)
      WHERE decision_reason_codes.code = v.code`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE decision_reason_codes DROP COLUMN invoice_response_action, DROP COLUMN invoice_response_reason`,
    );
  }
}

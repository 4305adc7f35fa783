import { EntityManager } from 'typeorm';
import { FieldCorrection } from '@app/triage';
import { ApiError, unprocessable } from '../../common/api-error';
import { checkCanonicalLimits } from '../intake/canonical-limits';
import type { CanonicalInvoice } from '@app/domain';
import { lineRows } from '../intake/invoice-rows';
import { storableDate, storableDecimal } from '../intake/storable-values';

type Json = Record<string, any>;

/** Applies field corrections (canonical paths like "lines[0].vatRate") to a copy of the invoice. */
export function applyCorrections(
  canonical: Json,
  corrections: FieldCorrection[],
): { invoice: Json; changes: { fieldPath: string; from: unknown; to: unknown }[] } {
  const invoice = structuredClone(canonical);
  const changes = corrections.map((c) => {
    const steps = c.fieldPath.split('.').flatMap((part) => {
      const m = /^([A-Za-z][A-Za-z0-9]*)(?:\[(\d+)\])?$/.exec(part)!;
      return m[2] === undefined ? [m[1]] : [m[1], Number(m[2])];
    });
    let node: any = invoice;
    for (const step of steps.slice(0, -1)) {
      if (node[step] === undefined || node[step] === null) {
        if (typeof step === 'number')
          throw unprocessable('UNKNOWN_FIELD', `No such element: ${c.fieldPath}`, [
            { path: c.fieldPath, issue: 'index out of range' },
          ]);
        node[step] = {};
      }
      node = node[step];
      if (typeof node !== 'object')
        throw unprocessable('UNKNOWN_FIELD', `Cannot set ${c.fieldPath}`, [
          { path: c.fieldPath, issue: 'not an object' },
        ]);
    }
    const last = steps[steps.length - 1];
    const from = node[last];
    if (c.value === null) delete node[last];
    else node[last] = c.value;
    return { fieldPath: c.fieldPath, from: from ?? null, to: c.value };
  });
  return { invoice, changes };
}

const date = storableDate;

/**
 * A corrected invoice meets the intake limits (lengths, no NUL) before it is stored; a refused value
 * is reported at the correction that brought it, e.g. `corrections[1].value`.
 */
export async function refuseUnstorableCorrections(invoice: Json, corrections: FieldCorrection[]): Promise<void> {
  const touched = (path: string) =>
    corrections.findIndex(
      (c) => path === c.fieldPath || path.startsWith(`${c.fieldPath}.`) || path.startsWith(`${c.fieldPath}[`),
    );
  const details = (await checkCanonicalLimits(invoice)).flatMap((d) => {
    const i = touched(d.path);
    return i < 0 ? [] : [{ ...d, path: `corrections[${i}].value`, issue: `${d.path}: ${d.issue}` }];
  });
  if (details.length)
    throw new ApiError(
      400,
      'VALIDATION_FAILED',
      `The corrections cannot be stored (${details.length} problem${details.length === 1 ? '' : 's'})`,
      details,
    );
}

/** Stores the corrected invoice: canonical JSON, the searchable header columns and the lines. */
export async function storeCorrectedInvoice(em: EntityManager, invoiceId: string, inv: Json): Promise<void> {
  await em.query(
    `UPDATE invoices SET canonical = $2, invoice_number = COALESCE($3, invoice_number), issue_date = $4, due_date = $5, currency = $6,
       seller_name = $7, seller_vat_id = $8, buyer_vat_id = $9, purchase_order_reference = $10, tax_exclusive = $11, tax_total = $12, payable = $13,
       supplier_id = COALESCE((SELECT id FROM suppliers WHERE vat_id = $8), supplier_id), updated_at = now()
     WHERE id = $1`,
    [
      invoiceId,
      JSON.stringify(inv),
      inv.invoiceNumber ?? null,
      date(inv.issueDate),
      date(inv.dueDate),
      inv.currency ?? null,
      inv.seller?.name ?? null,
      inv.seller?.vatId ?? null,
      inv.buyer?.vatId ?? null,
      inv.purchaseOrderReference ?? null,
      decimalOrNull(inv.totals?.taxExclusive),
      decimalOrNull(inv.totals?.taxTotal),
      decimalOrNull(inv.totals?.payable),
    ],
  );
  await em.query(`DELETE FROM invoice_lines WHERE invoice_id = $1`, [invoiceId]);
  const lines: Json[] = Array.isArray(inv.lines) ? inv.lines : [];
  if (!lines.length) return;
  await em.query(
    `INSERT INTO invoice_lines (invoice_id, position, line_id, description, quantity, unit_code, unit_price, net_amount, vat_category, vat_rate, po_line_reference)
     SELECT $1, l.position, l.line_id, l.description, l.quantity::numeric, l.unit_code, l.unit_price::numeric, l.net_amount::numeric, l.vat_category, l.vat_rate::numeric, l.po_line_reference
     FROM jsonb_to_recordset($2::jsonb) AS l(position int, line_id text, description text, quantity text, unit_code text, unit_price text, net_amount text, vat_category text, vat_rate text, po_line_reference text)`,
    [invoiceId, JSON.stringify(lineRows(invoiceId, lines as CanonicalInvoice['lines']))],
  );
}

/** A corrected value that is not a number must not break the store: the rules will report it. */
const decimalOrNull = storableDecimal;

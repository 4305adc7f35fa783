import { EntityManager } from 'typeorm';
import { FieldCorrection } from '@app/triage';
import { ApiError, unprocessable } from '../../common/api-error';
import { checkCanonicalLimits } from '../intake/canonical-limits';
import { InvoiceStoreRepository } from '../intake/invoice-store.repository';
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

/** Its statements take the caller's transaction; it holds no connection of its own. */
const store = new InvoiceStoreRepository();

/** Stores the corrected invoice: canonical JSON (its lines with it) and the searchable header columns. */
export async function storeCorrectedInvoice(em: EntityManager, invoiceId: string, inv: Json): Promise<void> {
  await store.updateCorrected(em, invoiceId, {
    canonicalJson: JSON.stringify(inv),
    invoiceNumber: inv.invoiceNumber ?? null,
    issueDate: date(inv.issueDate),
    dueDate: date(inv.dueDate),
    currency: inv.currency ?? null,
    sellerName: inv.seller?.name ?? null,
    sellerVatId: inv.seller?.vatId ?? null,
    buyerVatId: inv.buyer?.vatId ?? null,
    purchaseOrderReference: inv.purchaseOrderReference ?? null,
    taxExclusive: decimalOrNull(inv.totals?.taxExclusive),
    taxTotal: decimalOrNull(inv.totals?.taxTotal),
    payable: decimalOrNull(inv.totals?.payable),
  });
}

/** A corrected value that is not a number must not break the store: the rules will report it. */
const decimalOrNull = storableDecimal;

import type { ExceptionFinding } from '@app/contracts';
import { fmtDate, fmtMoney } from '../format';
import { fieldLabel, typeCodeLabel, vatCategoryLabel } from '../labels';

type Json = Record<string, any>;

/** Paths a finding points at (and their parents, so "seller" lights up the whole seller block). */
const flaggedBy = (findings: ExceptionFinding[], path: string) =>
  findings.filter(
    (f) =>
      f.severity === 'blocking' &&
      (f.fieldPath === path || f.fieldPath.startsWith(`${path}.`) || f.fieldPath.startsWith(`${path}[`)),
  );

/** Line fields a reviewer may edit when correcting (the amounts are recomputed from them). */
const LINE_EDITABLE = ['quantity', 'unitPrice', 'netAmount', 'vatCategory', 'vatRate'];

interface Props {
  invoice: Json;
  findings: ExceptionFinding[];
  corrections: Record<string, string>;
  onCorrect: (path: string, value: string) => void;
  editable: boolean;
}

/** Esc leaves a field (the keyboard shortcuts work again). */
const blurOnEsc = (e: KeyboardEvent) => {
  if (e.key === 'Escape') (e.currentTarget as HTMLElement).blur();
};

/** The canonical invoice with the offending fields highlighted; flagged fields and line amounts can be corrected in place. */
export function InvoiceView({ invoice, findings, corrections, onCorrect, editable }: Props) {
  const input = (path: string, value: unknown, label: string, cls = 'field-input') => (
    <input
      class={`${cls}${corrections[path] !== undefined ? ' changed' : ''}`}
      data-correct={path}
      value={corrections[path] ?? (value === undefined || value === null ? '' : String(value))}
      onInput={(e) => onCorrect(path, e.currentTarget.value)}
      onKeyDown={blurOnEsc}
      aria-label={`Correct ${label}`}
    />
  );
  const field = (label: string, path: string, value: unknown, shown?: string) => {
    const hits = flaggedBy(findings, path);
    const exact = findings.some((f) => f.severity === 'blocking' && f.fieldPath === path);
    return (
      <div class={`field${hits.length ? ' field--flagged' : ''}`} data-path={path} key={path}>
        <span class="field-label">{label}</span>
        {exact && editable ? (
          input(path, value, label)
        ) : (
          <span class="field-value">
            {value === undefined || value === null || value === '' ? '—' : (shown ?? String(value))}
          </span>
        )}
      </div>
    );
  };
  const party = (title: string, key: 'seller' | 'buyer') => {
    const p: Json = invoice[key] ?? {};
    return (
      <section class="party">
        <h4>{title}</h4>
        {field('Name', `${key}.name`, p.name)}
        {field('VAT id', `${key}.vatId`, p.vatId)}
        {field('Country', `${key}.countryCode`, p.countryCode)}
        {key === 'seller' && field('IBAN', 'seller.iban', p.iban)}
        {field(
          'Address',
          `${key}.address`,
          p.address
            ? [p.address.line1, p.address.postalCode, p.address.city, p.address.countryCode].filter(Boolean).join(', ')
            : null,
        )}
      </section>
    );
  };
  const lines: Json[] = invoice.lines ?? [];
  const vat: Json[] = invoice.vatBreakdown ?? [];
  const totals: Json = invoice.totals ?? {};
  const cur = invoice.currency ?? null;
  const cell = (i: number, key: string, value: unknown, money = false) => {
    const path = `lines[${i}].${key}`;
    const flagged = flaggedBy(findings, path).length > 0;
    const edit =
      editable &&
      (LINE_EDITABLE.includes(key) || findings.some((f) => f.severity === 'blocking' && f.fieldPath === path));
    return (
      <td
        class={`${money || key === 'quantity' || key === 'vatRate' ? 'num' : ''}${flagged ? ' cell--flagged' : ''}`}
        data-path={path}
        key={key}
      >
        {edit
          ? input(path, value, fieldLabel(path), 'cell-input')
          : value === undefined || value === null || value === ''
            ? '—'
            : money
              ? fmtMoney(String(value), cur)
              : key === 'vatCategory'
                ? vatCategoryLabel(String(value))
                : String(value)}
      </td>
    );
  };
  return (
    <div class="invoice">
      <div class="grid">
        {field('Invoice number', 'invoiceNumber', invoice.invoiceNumber)}
        {field('Issue date', 'issueDate', invoice.issueDate, fmtDate(invoice.issueDate))}
        {field('Due date', 'dueDate', invoice.dueDate, fmtDate(invoice.dueDate))}
        {field('Currency', 'currency', invoice.currency)}
        {field('Document type', 'typeCode', invoice.typeCode, typeCodeLabel(invoice.typeCode))}
        {field('PO reference', 'purchaseOrderReference', invoice.purchaseOrderReference)}
      </div>
      <div class="parties">
        {party('Seller', 'seller')}
        {party('Buyer', 'buyer')}
      </div>
      <h4>Lines</h4>
      <table class="lines" data-testid="invoice-lines">
        <thead>
          <tr>
            <th>#</th>
            <th>Description</th>
            <th class="num">Quantity</th>
            <th>Unit</th>
            <th class="num">Unit price</th>
            <th class="num">Net</th>
            <th>VAT category</th>
            <th class="num">VAT %</th>
            <th>PO line</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((l, i) => (
            <tr key={i} class={flaggedBy(findings, `lines[${i}]`).length ? 'row--flagged' : ''}>
              {cell(i, 'id', l.id)}
              {cell(i, 'description', l.description ?? l.name)}
              {cell(i, 'quantity', l.quantity)}
              <td>{l.unitCode ?? ''}</td>
              {cell(i, 'unitPrice', l.unitPrice, true)}
              {cell(i, 'netAmount', l.netAmount, true)}
              {cell(i, 'vatCategory', l.vatCategory)}
              {cell(i, 'vatRate', l.vatRate)}
              {cell(i, 'poLineReference', l.poLineReference)}
            </tr>
          ))}
        </tbody>
      </table>
      <h4>VAT breakdown</h4>
      <table class="lines">
        <thead>
          <tr>
            <th>VAT category</th>
            <th class="num">Rate</th>
            <th class="num">Taxable amount</th>
            <th class="num">VAT amount</th>
          </tr>
        </thead>
        <tbody>
          {vat.map((v, i) => (
            <tr key={i}>
              <td
                class={flaggedBy(findings, `vatBreakdown[${i}].category`).length ? 'cell--flagged' : ''}
                data-path={`vatBreakdown[${i}].category`}
              >
                {vatCategoryLabel(v.category)}
              </td>
              {(['rate', 'taxableAmount', 'taxAmount'] as const).map((k) => {
                const path = `vatBreakdown[${i}].${k}`;
                const exact = findings.some((f) => f.severity === 'blocking' && f.fieldPath === path);
                return (
                  <td key={k} class={`num${flaggedBy(findings, path).length ? ' cell--flagged' : ''}`} data-path={path}>
                    {exact && editable
                      ? input(path, v[k], fieldLabel(path), 'cell-input')
                      : k === 'rate'
                        ? `${v.rate ?? '—'} %`
                        : fmtMoney(v[k], cur)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <h4>Totals</h4>
      <div class="grid">
        {field('Line net total', 'totals.lineNetTotal', totals.lineNetTotal, fmtMoney(totals.lineNetTotal, cur))}
        {field('Without VAT', 'totals.taxExclusive', totals.taxExclusive, fmtMoney(totals.taxExclusive, cur))}
        {field('VAT total', 'totals.taxTotal', totals.taxTotal, fmtMoney(totals.taxTotal, cur))}
        {field('With VAT', 'totals.taxInclusive', totals.taxInclusive, fmtMoney(totals.taxInclusive, cur))}
        {field('Payable', 'totals.payable', totals.payable, fmtMoney(totals.payable, cur))}
      </div>
    </div>
  );
}

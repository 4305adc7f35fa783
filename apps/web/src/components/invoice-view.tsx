export interface Finding { id: string; ruleId: string; severity: string; fieldPath: string; message: string; expected?: string | null; actual?: string | null; hint?: string | null }

type Json = Record<string, any>;

/** Paths a finding points at (and their parents, so "seller" lights up the whole seller block). */
const flaggedBy = (findings: Finding[], path: string) => findings.filter((f) => f.severity === 'blocking' && (f.fieldPath === path || f.fieldPath.startsWith(`${path}.`) || f.fieldPath.startsWith(`${path}[`)));

interface Props {
  invoice: Json;
  findings: Finding[];
  corrections: Record<string, string>;
  onCorrect: (path: string, value: string) => void;
  editable: boolean;
}

/** The canonical invoice with the offending fields highlighted; flagged fields can be corrected in place. */
export function InvoiceView({ invoice, findings, corrections, onCorrect, editable }: Props) {
  const field = (label: string, path: string, value: unknown) => {
    const hits = flaggedBy(findings, path);
    const exact = findings.some((f) => f.severity === 'blocking' && f.fieldPath === path);
    return (
      <div class={`field${hits.length ? ' field--flagged' : ''}`} data-path={path} key={path}>
        <span class="field-label">{label}</span>
        {exact && editable ? (
          <input class="field-input" data-correct={path} value={corrections[path] ?? (value === undefined || value === null ? '' : String(value))}
            onInput={(e) => onCorrect(path, e.currentTarget.value)} aria-label={`Correct ${label}`} />
        ) : (
          <span class="field-value">{value === undefined || value === null || value === '' ? '—' : String(value)}</span>
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
        {field('Address', `${key}.address`, p.address ? [p.address.line1, p.address.postalCode, p.address.city, p.address.countryCode].filter(Boolean).join(', ') : null)}
      </section>
    );
  };
  const lines: Json[] = invoice.lines ?? [];
  const vat: Json[] = invoice.vatBreakdown ?? [];
  const totals: Json = invoice.totals ?? {};
  return (
    <div class="invoice">
      <div class="grid">
        {field('Invoice number', 'invoiceNumber', invoice.invoiceNumber)}
        {field('Issue date', 'issueDate', invoice.issueDate)}
        {field('Due date', 'dueDate', invoice.dueDate)}
        {field('Currency', 'currency', invoice.currency)}
        {field('Type', 'typeCode', invoice.typeCode)}
        {field('PO reference', 'purchaseOrderReference', invoice.purchaseOrderReference)}
      </div>
      <div class="parties">{party('Seller', 'seller')}{party('Buyer', 'buyer')}</div>
      <h4>Lines</h4>
      {lines.map((l, i) => (
        <div class="line grid" key={i}>
          {field('Line', `lines[${i}].id`, l.id)}
          {field('Description', `lines[${i}].description`, l.description)}
          {field('Quantity', `lines[${i}].quantity`, l.quantity)}
          {field('Unit price', `lines[${i}].unitPrice`, l.unitPrice)}
          {field('Net', `lines[${i}].netAmount`, l.netAmount)}
          {field('VAT', `lines[${i}].vatCategory`, l.vatCategory)}
          {field('VAT %', `lines[${i}].vatRate`, l.vatRate)}
        </div>
      ))}
      <h4>VAT breakdown</h4>
      {vat.map((v, i) => (
        <div class="line grid" key={i}>
          {field('Category', `vatBreakdown[${i}].category`, v.category)}
          {field('Rate', `vatBreakdown[${i}].rate`, v.rate)}
          {field('Taxable', `vatBreakdown[${i}].taxableAmount`, v.taxableAmount)}
          {field('Tax', `vatBreakdown[${i}].taxAmount`, v.taxAmount)}
        </div>
      ))}
      <h4>Totals</h4>
      <div class="grid">
        {field('Line net total', 'totals.lineNetTotal', totals.lineNetTotal)}
        {field('Without VAT', 'totals.taxExclusive', totals.taxExclusive)}
        {field('VAT total', 'totals.taxTotal', totals.taxTotal)}
        {field('With VAT', 'totals.taxInclusive', totals.taxInclusive)}
        {field('Payable', 'totals.payable', totals.payable)}
      </div>
    </div>
  );
}

import type { DecisionSuggestion, ExceptionContext } from '@app/contracts';
import { fmtDateTime, fmtMoney, fmtPct } from '../format';
import { fieldLabel, vatCategoryLabel } from '../labels';

type Tri = boolean | null;
/** What was decided before on the same supplier, rule and field: information for the reviewer, never applied. */
export function DecisionHistory({ items }: { items: DecisionSuggestion[] }) {
  return (
    <section class="card context suggestion" data-testid="decision-suggestion">
      <h3>Decided before for this supplier</h3>
      {items.map((s) => (
        <div key={`${s.ruleId} ${s.fieldPath}`}>
          <p>
            <b data-testid="suggestion-summary">{s.summary}</b>{' '}
            <span class="muted small">
              {s.ruleId} · {fieldLabel(s.fieldPath)}
            </span>
          </p>
          <ul class="small">
            {s.decisions.map((d) => (
              <li key={d.decision}>
                {d.decision.replace(/_/g, ' ')}: {d.count} × {d.reasonLabel ? `(${d.reasonLabel})` : ''}
                {d.lastReason ? ` — last: “${d.lastReason}”, ${fmtDateTime(d.lastDecidedAt)}` : ''}
              </li>
            ))}
          </ul>
        </div>
      ))}
      <p class="muted small">A suggestion from past decisions: the decision is yours.</p>
    </section>
  );
}

const tol = (ok: Tri) => (ok === null ? '' : ok ? 'ok' : 'bad');
const iban = (s: string | null | undefined) => (s ? s.replace(/(.{4})/g, '$1 ').trim() : '—');

/** The 3-way match: each invoice line beside its PO line and the quantity received; variances outside the tolerance in red. */
export function PoMatch({
  po,
  currency,
}: {
  po: NonNullable<ExceptionContext['purchaseOrder']>;
  currency: string | null;
}) {
  if (!po.reference)
    return (
      <section class="card context" data-testid="po-match">
        <h3>Purchase order</h3>
        <p>The invoice names no purchase order.</p>
      </section>
    );
  if (!po.found)
    return (
      <section class="card context" data-testid="po-match">
        <h3>Purchase order {po.reference}</h3>
        <p class="bad">No purchase order with this number exists.</p>
      </section>
    );
  return (
    <section class="card context" data-testid="po-match">
      <h3>
        {po.match === '3-way' ? '3-way match' : '2-way match'}: purchase order {po.number}
      </h3>
      <p class="muted small">
        Tolerances of the supplier: price ± {po.tolerance?.pricePct} %, quantity + {po.tolerance?.quantityPct} %.
        {po.belongsToSupplier === false ? ' This PO belongs to another supplier.' : ''}
        {po.match === '2-way' ? ' No goods receipt yet: quantities are compared with the order.' : ''}
      </p>
      <table class="match">
        <thead>
          <tr>
            <th rowSpan={2}>Line</th>
            <th colSpan={3}>Invoice</th>
            <th colSpan={2}>Purchase order</th>
            <th>Goods receipt</th>
            <th colSpan={2}>Variance</th>
          </tr>
          <tr>
            <th>Item</th>
            <th class="num">Qty</th>
            <th class="num">Unit price</th>
            <th class="num">Qty</th>
            <th class="num">Unit price</th>
            <th class="num">Qty received</th>
            <th class="num">Price</th>
            <th class="num">Qty</th>
          </tr>
        </thead>
        <tbody>
          {po.lines.map((l) => (
            <tr key={l.index}>
              <td>
                {l.invoiceLine.id ?? l.index + 1}
                {l.poLine ? (
                  <span class="muted small"> → PO {l.poLine.lineNumber}</span>
                ) : (
                  <span class="bad small"> no PO line</span>
                )}
              </td>
              <td>{l.invoiceLine.description ?? '—'}</td>
              <td class={`num ${tol(l.quantityWithinTolerance)}`}>
                {l.invoiceLine.quantity} {l.invoiceLine.unitCode ?? ''}
              </td>
              <td class={`num ${tol(l.priceWithinTolerance)}`}>{fmtMoney(l.invoiceLine.unitPrice, currency)}</td>
              <td class="num">{l.poLine?.quantity ?? '—'}</td>
              <td class="num">{l.poLine ? fmtMoney(l.poLine.unitPrice, po.currency) : '—'}</td>
              <td class="num">{l.receivedQuantity ?? '—'}</td>
              <td class={`num ${tol(l.priceWithinTolerance)}`} data-testid="price-variance">
                {l.priceVariancePct === null
                  ? '—'
                  : `${Number(l.priceVariancePct) > 0 ? '+' : ''}${fmtPct(Number(l.priceVariancePct) / 100)}`}
              </td>
              <td class={`num ${tol(l.quantityWithinTolerance)}`}>{l.quantityVariance ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {po.receipts.length > 0 && (
        <p class="muted small">
          Receipts:{' '}
          {po.receipts
            .map(
              (r) =>
                `${r.reference ?? 'receipt'} (${fmtDateTime(r.receivedAt)}): line ${r.poLineNumber} × ${r.quantity}`,
            )
            .join('; ')}
        </p>
      )}
    </section>
  );
}

/** The earlier invoice side by side; differing fields highlighted, equal ones listed for certainty. */
export function DuplicateCompare({ dup }: { dup: NonNullable<ExceptionContext['duplicate']> }) {
  if (!dup.earlier)
    return (
      <section class="card context" data-testid="duplicate-compare">
        <h3>Earlier invoice</h3>
        <p class="muted">The earlier invoice could not be found.</p>
      </section>
    );
  return (
    <section class="card context" data-testid="duplicate-compare">
      <h3>Side by side with invoice {dup.earlier.invoiceNumber}</h3>
      <p class="muted small">
        Received {fmtDateTime(dup.earlier.receivedAt)} · now {dup.earlier.status.replace(/_/g, ' ')} ·{' '}
        {dup.differences.length ? `${dup.differences.length} field(s) differ` : 'no field differs'}
      </p>
      <table class="compare">
        <thead>
          <tr>
            <th>Field</th>
            <th>This invoice</th>
            <th>Earlier invoice</th>
          </tr>
        </thead>
        <tbody>
          {(dup.fields ?? []).map((f) => (
            <tr key={f.path} class={f.differs ? 'differs' : ''}>
              <td>{fieldLabel(f.path)}</td>
              <td>{f.current ?? '—'}</td>
              <td>{f.earlier ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The supplier record: accounts on file and the audited history of changes to them. */
export function SupplierRecord({ s }: { s: NonNullable<ExceptionContext['supplier']> }) {
  return (
    <section class="card context" data-testid="supplier-record">
      <h3>Supplier record{s.record ? `: ${s.record.name}` : ''}</h3>
      {!s.known && <p class="bad">The seller is not in the supplier master data.</p>}
      {s.record && (
        <p class="small">
          VAT id {s.record.vatId} · {s.record.countryCode}
          {s.record.blocked ? ` · blocked: ${s.record.blockedReason ?? ''}` : ''}
          {s.record.paymentTermsDays !== null ? ` · payment terms ${s.record.paymentTermsDays} days` : ''}
        </p>
      )}
      <p>
        Account on the invoice:{' '}
        <b class={s.ibanOnFile === false ? 'bad' : s.ibanOnFile ? 'ok' : ''}>{iban(s.invoiceIban)}</b>{' '}
        {s.ibanOnFile === false ? '— not on file' : s.ibanOnFile ? '— on file' : ''}
      </p>
      <h4>Accounts on file</h4>
      <ul>
        {s.accounts.map((a) => (
          <li key={a.iban}>
            <code>{iban(a.iban)}</code> <span class="muted small">since {fmtDateTime(a.addedAt)}</span>
          </li>
        ))}
        {!s.accounts.length && <li class="muted">none</li>}
      </ul>
      <h4>Change history</h4>
      <ol class="history">
        {s.history.map((h) => (
          <li key={h.id}>
            <span class="muted">{fmtDateTime(h.occurredAt)}</span> {h.actorName ?? 'someone'}{' '}
            {h.action === 'created' ? 'created the supplier' : 'changed the record'}
            {h.accountsAdded.map((x) => (
              <span key={x} class="ok">
                {' '}
                · added {iban(x)}
              </span>
            ))}
            {h.accountsRemoved.map((x) => (
              <span key={x} class="bad">
                {' '}
                · removed {iban(x)}
              </span>
            ))}
            {h.reason ? <span class="muted"> — “{h.reason}”</span> : ''}
          </li>
        ))}
        {!s.history.length && <li class="muted">no recorded change</li>}
      </ol>
    </section>
  );
}

/** VAT breakdown and totals recomputed from the lines (decimal arithmetic), beside what the invoice says. */
export function VatRecompute({ vat, currency }: { vat: ExceptionContext['vat']; currency: string | null }) {
  return (
    <section class="card context" data-testid="vat-recompute">
      <h3>VAT recomputed from the lines</h3>
      <table>
        <thead>
          <tr>
            <th>VAT category</th>
            <th class="num">Rate</th>
            <th class="num">Taxable (invoice)</th>
            <th class="num">Taxable (computed)</th>
            <th class="num">VAT (invoice)</th>
            <th class="num">VAT (computed)</th>
          </tr>
        </thead>
        <tbody>
          {vat.vat.map((v) => (
            <tr key={`${v.category}${v.rate}`} class={v.differs ? 'differs' : ''}>
              <td>{vatCategoryLabel(v.category)}</td>
              <td class="num">{v.rate === null ? '—' : `${v.rate} %`}</td>
              <td class="num">{fmtMoney(v.declaredTaxable, currency)}</td>
              <td class="num">{fmtMoney(v.taxable, currency)}</td>
              <td class="num">{fmtMoney(v.declaredTax, currency)}</td>
              <td class="num">{fmtMoney(v.tax, currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table>
        <thead>
          <tr>
            <th>Total</th>
            <th class="num">Invoice</th>
            <th class="num">Computed</th>
          </tr>
        </thead>
        <tbody>
          {vat.totals.map((t) => (
            <tr key={t.key} class={t.differs ? 'differs' : ''} data-total={t.key}>
              <td>{fieldLabel(`totals.${t.key}`)}</td>
              <td class="num">{fmtMoney(t.declared, currency)}</td>
              <td class="num">{fmtMoney(t.computed, currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The document as received, pretty-printed, the elements the findings point at highlighted. */
export function DocumentPanel({ doc, open }: { doc: ExceptionContext['document']; open: boolean }) {
  return (
    <details class="card context" data-testid="document-view" open={open}>
      <summary>
        <b>Original document</b> ({doc.format === 'json' ? 'JSON' : doc.format.toUpperCase() + ' XML'},{' '}
        {doc.lines.length} lines)
        {doc.notLocated.length ? ` · not located: ${doc.notLocated.map(fieldLabel).join(', ')}` : ''}
      </summary>
      <pre class="document">
        {doc.lines.map((l) => (
          <div key={l.n} class={l.highlight ? 'hl' : ''}>
            <span class="ln">{l.n}</span>
            {l.text}
          </div>
        ))}
      </pre>
    </details>
  );
}

/** Every panel that applies, the one for the item's kind first. */
export function DecisionContext({ ctx, currency }: { ctx: ExceptionContext; currency: string | null }) {
  const panels: [string, preact.JSX.Element | null][] = [
    ['purchase-order', ctx.purchaseOrder ? <PoMatch po={ctx.purchaseOrder} currency={currency} /> : null],
    ['duplicate', ctx.duplicate ? <DuplicateCompare dup={ctx.duplicate} /> : null],
    [
      'bank-account',
      ctx.supplier && (ctx.kind === 'bank-account' || ctx.kind === 'supplier') ? (
        <SupplierRecord s={ctx.supplier} />
      ) : null,
    ],
    ['vat', <VatRecompute vat={ctx.vat} currency={currency} />],
  ];
  const ordered = [
    ...panels.filter(([k]) => k === ctx.kind || (k === 'vat' && ctx.kind === 'data')),
    ...panels.filter(([k]) => !(k === ctx.kind || (k === 'vat' && ctx.kind === 'data'))),
  ];
  return (
    <div class="decision-context" data-kind={ctx.kind}>
      {ctx.suggestions?.length ? <DecisionHistory items={ctx.suggestions} /> : null}
      {ctx.original && (
        <section class="card context" data-testid="original-pdf">
          <h3>The invoice as the supplier sent it</h3>
          <p>
            <a href={ctx.original.url} target="_blank" rel="noopener" data-testid="original-pdf-link">
              Open the PDF
            </a>{' '}
            <span class="muted small">
              ({Math.ceil(ctx.original.byteSize / 1024)} kB, Factur-X / ZUGFeRD; its data is the embedded{' '}
              {ctx.original.attachment})
            </span>
          </p>
        </section>
      )}
      {ordered.map(([k, el]) => el && <div key={k}>{el}</div>)}
      <DocumentPanel doc={ctx.document} open={ctx.document.format !== 'json'} />
    </div>
  );
}

import type { Scorecard } from './supplier-scorecard.service';

const esc = (s: unknown) =>
  String(s ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
const pct = (rate: string | null) => (rate === null ? '—' : `${(Number(rate) * 100).toFixed(1)} %`);

/** The scorecard as one printable HTML page (A4, no script, inline style only). */
export function scorecardHtml(c: Scorecard): string {
  const k = c.cost;
  const rules = c.topRules
    .map(
      (r) =>
        `<tr><td><b>${esc(r.ruleId)}</b><br><span lang="${esc(c.language)}">${esc(r.text)}</span>${
          r.whatToFix ? `<br><i lang="${esc(c.language)}">${esc(r.whatToFix)}</i>` : ''
        }</td><td class="n">${r.exceptions}</td><td class="n">${r.invoices}</td><td class="n">${esc(r.handlingCost)} EUR</td></tr>`,
    )
    .join('');
  const trend = c.trend.map((t) => `<td class="n">${esc(t.month)}<br><b>${t.exceptions}</b></td>`).join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Supplier scorecard: ${esc(c.supplier.name)}</title>
<style>@page{size:A4;margin:15mm}body{font:13px/1.4 system-ui,sans-serif;color:#111;max-width:180mm;margin:auto}
h1{font-size:20px;margin:0}table{border-collapse:collapse;width:100%;margin:8px 0}td,th{border-bottom:1px solid #ccc;padding:4px;text-align:left;vertical-align:top}
.n{text-align:right}.muted{color:#555;font-size:11px}.kpi td{font-size:15px}</style></head><body data-testid="scorecard">
<h1>Supplier scorecard: ${esc(c.supplier.name)}</h1>
<p class="muted">VAT ${esc(c.supplier.vatId)} · ${esc(c.supplier.countryCode)} · ${esc(c.period.from.slice(0, 10))} to ${esc(c.period.to.slice(0, 10))}</p>
<table class="kpi"><tr><th>Invoices</th><th>With exceptions</th><th>Exception rate</th><th>Handle time</th><th>Cost of exceptions</th></tr>
<tr><td>${k?.invoices ?? 0}</td><td>${k?.invoicesWithExceptions ?? 0}</td><td>${pct(k?.exceptionRate ?? null)}</td><td>${esc(k?.handleHours ?? '0.00')} h</td>
<td><b>${esc(k?.totalCost ?? '0.00')} EUR</b><br><span class="muted">handling ${esc(k?.handlingCost ?? '0.00')} + late payment ${esc(k?.latePaymentRisk ?? '0.00')}</span></td></tr></table>
<h2>What to fix first</h2>
<table><tr><th>Rule</th><th class="n">Exceptions</th><th class="n">Invoices</th><th class="n">Cost</th></tr>${rules || '<tr><td colspan="4">No exceptions in this period.</td></tr>'}</table>
<h2>Trend (exceptions per month)</h2><table><tr>${trend || '<td>—</td>'}</tr></table>
<p class="muted">Cost = handle time × the review queue's hourly cost + for invoices paid late because of an exception: amount × ${esc(c.dailyRate)} × days late.</p>
</body></html>`;
}

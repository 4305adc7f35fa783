import { PDFDocument, PDFFont, StandardFonts } from 'pdf-lib';
import type { Scorecard } from './supplier-scorecard.service';

/** The standard fonts speak WinAnsi: letters outside it are written without their accents (ł → l). */
const winAnsi = (s: string) =>
  s
    .replace(/ł/g, 'l')
    .replace(/Ł/g, 'L')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e\xa0-\xff€–—’“”…]/g, '?');

/** The scorecard as a one-page A4 PDF (pdf-lib, standard fonts). */
export async function scorecardPdf(c: Scorecard): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(`Supplier scorecard: ${winAnsi(c.supplier.name)}`);
  const page = pdf.addPage([595.28, 841.89]);
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  let y = 800;
  const line = (text: string, o: { f?: PDFFont; size?: number; x?: number; gap?: number } = {}) => {
    const size = o.size ?? 10;
    const f = o.f ?? font;
    // Wrap to the page width.
    const words = winAnsi(text).split(' ');
    let current = '';
    for (const w of words) {
      const next = current ? `${current} ${w}` : w;
      if (f.widthOfTextAtSize(next, size) > 495 - (o.x ?? 0) && current) {
        page.drawText(current, { x: 50 + (o.x ?? 0), y, size, font: f });
        y -= size + 3;
        current = w;
      } else current = next;
    }
    if (current && y > 40) page.drawText(current, { x: 50 + (o.x ?? 0), y, size, font: f });
    y -= size + (o.gap ?? 4);
  };
  const k = c.cost;
  line(`Supplier scorecard: ${c.supplier.name}`, { f: bold, size: 18, gap: 6 });
  line(
    `VAT ${c.supplier.vatId} - ${c.supplier.countryCode} - ${c.period.from.slice(0, 10)} to ${c.period.to.slice(0, 10)}`,
  );
  line(
    `Invoices ${k?.invoices ?? 0}, with exceptions ${k?.invoicesWithExceptions ?? 0} (rate ${
      k?.exceptionRate ? `${(Number(k.exceptionRate) * 100).toFixed(1)} %` : '-'
    }), handle time ${k?.handleHours ?? '0.00'} h`,
    { gap: 2 },
  );
  line(
    `Cost of exceptions: ${k?.totalCost ?? '0.00'} EUR (handling ${k?.handlingCost ?? '0.00'} + late payment ${k?.latePaymentRisk ?? '0.00'})`,
    { f: bold, size: 12, gap: 12 },
  );
  line('What to fix first', { f: bold, size: 13, gap: 6 });
  for (const r of c.topRules) {
    line(`${r.ruleId}: ${r.exceptions} exceptions on ${r.invoices} invoices, ${r.handlingCost} EUR`, { f: bold });
    line(r.text, { x: 10, gap: 2 });
    if (r.whatToFix) line(r.whatToFix, { x: 10 });
    y -= 4;
  }
  if (!c.topRules.length) line('No exceptions in this period.');
  y -= 6;
  line('Trend (exceptions per month)', { f: bold, size: 13, gap: 6 });
  line(c.trend.map((t) => `${t.month}: ${t.exceptions}`).join('   ') || '-');
  y -= 10;
  line(
    `Cost = handle time x the review queue's hourly cost + for invoices paid late because of an exception: amount x ${c.dailyRate} x days late.`,
    { size: 8 },
  );
  return Buffer.from(await pdf.save());
}

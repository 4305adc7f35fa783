import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AFRelationship, PDFDocument, StandardFonts } from 'pdf-lib';
import { EN16931_DIR } from '@app/testing/shared-dir';

export const CII_EXAMPLES = join(EN16931_DIR, 'examples/cii');
export const ciiExample = (file: string) => readFileSync(join(CII_EXAMPLES, file), 'utf8');

/** The Factur-X 1.0 guideline of the EXTENDED profile (BT-24). */
export const EXTENDED_GUIDELINE = 'urn:cen.eu:en16931:2017#conformant#urn:factur-x.eu:1p0:extended';

/**
 * A Factur-X / ZUGFeRD PDF as an ERP prints one: a visible page and the CII embedded as an associated file
 * (catalog /AF and Names/EmbeddedFiles, relationship Alternative, FlateDecode stream).
 */
export async function facturXPdf(
  xml: string | null,
  o: { name?: string; title?: string; extra?: { name: string; bytes: Uint8Array }[] } = {},
): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(o.title ?? 'Invoice');
  pdf.setProducer('factur-x test fixture');
  const page = pdf.addPage([595, 842]);
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  page.drawText(o.title ?? 'Invoice', { x: 50, y: 780, size: 20, font });
  page.drawText('This PDF carries its invoice data as embedded CII (Factur-X).', { x: 50, y: 750, size: 10, font });
  if (xml !== null)
    await pdf.attach(Buffer.from(xml, 'utf8'), o.name ?? 'factur-x.xml', {
      mimeType: 'text/xml',
      description: 'Factur-X invoice',
      afRelationship: AFRelationship.Alternative,
    });
  for (const e of o.extra ?? [])
    await pdf.attach(e.bytes, e.name, {
      mimeType: 'application/octet-stream',
      afRelationship: AFRelationship.Supplement,
    });
  return Buffer.from(await pdf.save({ useObjectStreams: false }));
}

/**
 * A real-world-like EXTENDED profile invoice: the EN 16931 example 1 declared as Factur-X EXTENDED, with
 * an element the EN 16931 profile does not carry (a product characteristic on the first line).
 */
export function extendedProfileCii(): string {
  return ciiExample('CII_example1.xml')
    .replace(/<ram:ID>urn:cen\.eu:en16931:2017<\/ram:ID>/, `<ram:ID>${EXTENDED_GUIDELINE}</ram:ID>`)
    .replace(
      '</ram:SpecifiedTradeProduct>',
      '<ram:ApplicableProductCharacteristic><ram:Description>Packaging</ram:Description><ram:Value>10 kg bag</ram:Value></ram:ApplicableProductCharacteristic></ram:SpecifiedTradeProduct>',
    );
}

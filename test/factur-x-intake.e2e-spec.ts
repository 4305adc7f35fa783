import { randomBytes } from 'node:crypto';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { PDFDocument } from 'pdf-lib';
import { DataSource } from 'typeorm';
import { createIntegration, createStaffUser, createTestEnvironment, TestEnvironment, waitFor } from '@app/testing';
import { createApiApp } from '../apps/api/src/bootstrap';
import { IntakeBodyReader } from '../apps/api/src/modules/intake/reading/intake-body-reader.service';
import { WorkerModule } from '../apps/worker/src/worker.module';
import { acmeUbl } from './decision-context.fixtures';
import { openException } from './triage.fixtures';
import { ciiExample, EXTENDED_GUIDELINE, extendedProfileCii, facturXPdf } from './factur-x.fixtures';

const FINAL = ['ready', 'in_review', 'rejected', 'returned_to_supplier', 'duplicate'];

/** Factur-X / ZUGFeRD: a PDF with embedded CII is read like any CII, and kept as the visual. */
describe('Factur-X / ZUGFeRD intake (HTTP, worker, PostgreSQL, Redis)', () => {
  let env: TestEnvironment;
  let app: NestFastifyApplication;
  let worker: INestApplicationContext;
  let ds: DataSource;
  let keyA: string;
  let keyB: string;
  let manager: Record<string, string>;

  const postPdf = (body: Buffer, key = keyA, headers: Record<string, string> = {}) =>
    app.inject({
      method: 'POST',
      url: '/v1/invoices',
      headers: { 'x-api-key': key, 'content-type': 'application/pdf', ...headers },
      payload: body,
    });
  const settled = (id: string) =>
    waitFor(async () => {
      const [r] = await ds.query(`SELECT status, format, raw_document, raw_content_type FROM invoices WHERE id = $1`, [
        id,
      ]);
      return r && FINAL.includes(r.status) ? r : null;
    }, 30000);
  const expectRefused = (res: { statusCode: number; json(): any }, status: number, code: string) => {
    expect([res.statusCode, res.json().error?.code]).toEqual([status, code]);
    expect(res.json().error.details[0]).toMatchObject({ path: '$', expected: expect.any(String) });
  };

  beforeAll(async () => {
    env = await createTestEnvironment('factur-x');
    process.env.BODY_LIMIT_BYTES = String(2 * 1024 * 1024);
    app = await createApiApp({ logger: false });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    ds = app.get(DataSource);
    worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
    keyA = (await createIntegration(ds, 'erp A')).apiKey;
    keyB = (await createIntegration(ds, 'erp B')).apiKey;
    const m = await createStaffUser(ds, { role: 'manager', name: 'Maija Manager' });
    const login = await app.inject({
      method: 'POST',
      url: '/v1/auth/login',
      payload: { email: m.email, password: m.password },
    });
    manager = { authorization: `Bearer ${login.json().accessToken}` };
  }, 90_000);

  afterAll(async () => {
    delete process.env.BODY_LIMIT_BYTES;
    await worker?.close();
    await app?.close();
    await env?.cleanup();
  });

  it.each([
    ['CII_example1.xml', 'factur-x.xml'],
    ['CII_example2.xml', 'factur-x.xml'],
    ['CII_example4.xml', 'zugferd-invoice.xml'],
    ['XRechnung-O.xml', 'xrechnung.xml'],
  ])('EN 16931: %s embedded as %s is accepted, validated as CII, the PDF kept', async (file, name) => {
    const pdf = await facturXPdf(ciiExample(file), { name, title: file });
    const res = await postPdf(pdf);
    expect(res.statusCode).toBe(202);
    const id = res.json().id;
    const inv = await settled(id);
    expect(inv).toMatchObject({ format: 'cii', raw_content_type: 'application/xml' });
    expect(inv.raw_document).toContain('CrossIndustryInvoice');
    const run = await ds.query(`SELECT run FROM validation_runs WHERE invoice_id = $1`, [id]);
    expect(run.length).toBe(1);
    const original = await app.inject({
      method: 'GET',
      url: `/v1/invoices/${id}/original`,
      headers: { 'x-api-key': keyA },
    });
    expect(original.statusCode).toBe(200);
    expect(original.headers['content-type']).toBe('application/pdf');
    expect(Buffer.compare(original.rawPayload, pdf)).toBe(0);
    // Another integration's invoice is not found.
    expect(
      (await app.inject({ method: 'GET', url: `/v1/invoices/${id}/original`, headers: { 'x-api-key': keyB } }))
        .statusCode,
    ).toBe(404);
  });

  it('EXTENDED profile: read as CII (the EN 16931 part), its guideline kept in the raw document', async () => {
    const res = await postPdf(await facturXPdf(extendedProfileCii(), { name: 'factur-x.xml' }));
    expect(res.statusCode).toBe(202);
    const inv = await settled(res.json().id);
    expect(inv.format).toBe('cii');
    expect(inv.raw_document).toContain(EXTENDED_GUIDELINE);
    const [row] = await ds.query(`SELECT canonical FROM invoices WHERE id = $1`, [res.json().id]);
    expect(row.canonical.lines.length).toBeGreaterThan(1);
  });

  it('an invoice posted as XML or JSON has no original PDF (404)', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/invoices',
      headers: { 'x-api-key': keyA, 'content-type': 'application/xml' },
      payload: ciiExample('CII_example3.xml'),
    });
    expect(res.statusCode).toBe(202);
    const original = await app.inject({
      method: 'GET',
      url: `/v1/invoices/${res.json().id}/original`,
      headers: { 'x-api-key': keyA },
    });
    expect([original.statusCode, original.json().error.code]).toEqual([404, 'NOT_FOUND']);
  });

  it('the workbench context names the PDF and staff get it from the item', async () => {
    const pdf = await facturXPdf(ciiExample('CII_example6.xml'), { title: 'Invoice in review' });
    const res = await postPdf(pdf);
    expect(res.statusCode).toBe(202);
    const invoiceId = res.json().id;
    await settled(invoiceId);
    // An item on the invoice, as validation opens one for a blocking finding.
    const integrationId = (await ds.query(`SELECT integration_id FROM invoices WHERE id = $1`, [invoiceId]))[0]
      .integration_id;
    const x = await openException(
      { env, api: app, worker, ds, integrationId, close: async () => undefined },
      {
        routeKey: 'data.FI',
        invoiceId,
        enqueue: false,
      },
    );
    const ctx = await app.inject({ method: 'GET', url: `/v1/exceptions/${x.id}/context`, headers: manager });
    expect(ctx.statusCode).toBe(200);
    expect(ctx.json().original).toEqual({
      contentType: 'application/pdf',
      attachment: 'factur-x.xml',
      byteSize: pdf.length,
      url: `/v1/exceptions/${x.id}/original`,
    });
    const got = await app.inject({ method: 'GET', url: `/v1/exceptions/${x.id}/original`, headers: manager });
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-disposition']).toMatch(/^inline; filename=/);
    expect(Buffer.compare(got.rawPayload, pdf)).toBe(0);
  });

  it('a big PDF (over INTAKE_INLINE_MAX_BYTES) is read off the event loop', async () => {
    const reader = app.get(IntakeBodyReader);
    const before = reader.offThread;
    const photo = randomBytes(600 * 1024); // incompressible: the PDF stays over 600 kB
    const res = await postPdf(
      await facturXPdf(ciiExample('CII_example5.xml'), { extra: [{ name: 'delivery-photo.bin', bytes: photo }] }),
    );
    expect(res.statusCode).toBe(202);
    expect(reader.offThread).toBe(before + 1);
  });

  describe('hostile PDFs answer 4xx in the error contract, never 5xx', () => {
    it('not a PDF at all', async () => {
      expectRefused(await postPdf(Buffer.from('<Invoice/>')), 400, 'PDF_MALFORMED');
      expectRefused(await postPdf(Buffer.alloc(0)), 400, 'PDF_MALFORMED');
    });
    it('a PDF without an embedded invoice, or with another file only', async () => {
      expectRefused(await postPdf(await facturXPdf(null)), 400, 'PDF_NO_EMBEDDED_XML');
      const other = await postPdf(
        await facturXPdf(null, { extra: [{ name: 'terms.txt', bytes: Buffer.from('terms') }] }),
      );
      expectRefused(other, 400, 'PDF_NO_EMBEDDED_XML');
      expect(other.json().error.message).toContain('terms.txt');
    });
    it('an encrypted PDF', async () => {
      const doc = await PDFDocument.load(await facturXPdf(ciiExample('CII_example1.xml')));
      doc.context.trailerInfo.Encrypt = doc.context.obj({ Filter: 'Standard', V: 1, R: 2, Length: 40 });
      expectRefused(await postPdf(Buffer.from(await doc.save({ useObjectStreams: false }))), 400, 'PDF_ENCRYPTED');
    });
    it('a truncated or garbled PDF', async () => {
      const pdf = await facturXPdf(ciiExample('CII_example1.xml'));
      const truncated = await postPdf(pdf.subarray(0, Math.floor(pdf.length / 3)));
      expect(truncated.statusCode).toBeGreaterThanOrEqual(400);
      expect(truncated.statusCode).toBeLessThan(500);
      expect(truncated.json().error.code).toMatch(/^PDF_(MALFORMED|NO_EMBEDDED_XML)$/);
      const garbled = Buffer.from(pdf);
      for (let i = 200; i < garbled.length; i += 7) garbled[i] = 0x28; // '(' everywhere
      const res = await postPdf(garbled);
      expect(res.statusCode).toBeGreaterThanOrEqual(400);
      expect(res.statusCode).toBeLessThan(500);
    });
    it('an embedded file that is not CII, or not XML', async () => {
      expectRefused(await postPdf(await facturXPdf(acmeUbl('UBL-IN-PDF-1'))), 400, 'PDF_EMBEDDED_NOT_CII');
      const notXml = await postPdf(await facturXPdf('this is no xml'));
      expect([notXml.statusCode, notXml.json().error.code.startsWith('XML')]).toEqual([400, true]);
    });
    it('a PDF over the body limit', async () => {
      const res = await postPdf(Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(2 * 1024 * 1024 + 10)]));
      expect(res.statusCode).toBe(413);
      expect(res.json().error.code).toEqual(expect.any(String));
    });
    it('a PDF with a different content type is 415', async () => {
      const res = await postPdf(await facturXPdf(ciiExample('CII_example1.xml')), keyA, {
        'content-type': 'application/octet-stream',
      });
      expect([res.statusCode, res.json().error.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    });
  });
});

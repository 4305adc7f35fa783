import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { readInvoiceXml } from '@app/formats';
import { JobProducer, QueueName } from '@app/queueing';
import { createStaffUser, waitFor } from '@app/testing';
import { WorkerModule } from '../apps/worker/src/worker.module';
import { bootPipelineApi, PipelineApi } from './pipeline.fixtures';

const FINAL = ['ready', 'in_review', 'rejected', 'returned_to_supplier', 'duplicate', 'failed'];
const UBL = readFileSync(join(__dirname, '../libs/formats/fixtures/ubl/fi-valid-invoice.xml'), 'utf8');
const numbered = (xml: string, number: string) => xml.replace(/<cbc:ID>[^<]*<\/cbc:ID>/, `<cbc:ID>${number}</cbc:ID>`);

/**
 * An XML invoice is read once on its way to a verdict: intake stores the syntax-binding findings its
 * reading produced, and the worker's first run takes them from the row instead of parsing the document
 * again. A later run (re-validation) reads the document.
 */
describe('syntax findings read once, at intake (HTTP, PostgreSQL, Redis)', () => {
  let api: PipelineApi;
  let app: NestFastifyApplication;
  let worker: INestApplicationContext | undefined;
  let ds: DataSource;
  let key: string;

  const post = (xml: string) =>
    app.inject({
      method: 'POST',
      url: '/v1/invoices',
      headers: { 'x-api-key': key, 'content-type': 'application/xml' },
      payload: xml,
    });
  const settled = (id: string, runs: number) =>
    waitFor(async () => {
      const [r] = await ds.query(`SELECT status, validation_runs FROM invoices WHERE id = $1`, [id]);
      return FINAL.includes(r.status) && r.validation_runs >= runs ? r : null;
    }, 30000);
  const ruleIds = async (id: string, run: number) =>
    (
      await ds.query(`SELECT DISTINCT rule_id FROM findings WHERE invoice_id = $1 AND validation_run = $2`, [id, run])
    ).map((r: { rule_id: string }) => r.rule_id as string);

  beforeAll(async () => {
    api = await bootPipelineApi('syntax_findings_once');
    ({ app, ds, key } = api);
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
  });

  jest.setTimeout(90000);

  it("stores the reading's findings with the invoice; the first run takes them from there, a re-validation reads the document", async () => {
    const validate = app.get(JobProducer).queue(QueueName.InvoiceValidate);
    await validate.pause();
    // cbc:UUID is not part of EN 16931: the syntax binding warns (UBL-CR-005).
    const withUuid = numbered(UBL, 'SYN-1').replace(
      '<cbc:CustomizationID>',
      '<cbc:UUID>1</cbc:UUID><cbc:CustomizationID>',
    );
    const warned = (await post(withUuid)).json().id as string;
    const clean = (await post(numbered(UBL, 'SYN-2'))).json().id as string;

    const stored = async (id: string) =>
      (await ds.query(`SELECT syntax_findings FROM invoices WHERE id = $1`, [id]))[0].syntax_findings as {
        ruleId: string;
      }[];
    expect((await stored(warned)).map((f) => f.ruleId)).toEqual(['UBL-CR-005']);
    expect(await stored(clean)).toEqual([]);

    // What the worker's first run goes by: a finding planted in the row of the clean document (a genuine
    // UBL-DT-01 of another reading, an amount with three decimals) is reported although the document,
    // read again, would not produce it.
    const threeDecimals = readInvoiceXml(
      UBL.replace(/(<cbc:PayableAmount currencyID="EUR">)([0-9]+\.[0-9]{2})/, '$10.001'),
    ).syntaxFindings.filter((f) => f.ruleId === 'UBL-DT-01');
    expect(threeDecimals).toHaveLength(1);
    expect(threeDecimals[0].severity).toBe('blocking');
    await ds.query(`UPDATE invoices SET syntax_findings = $2::jsonb WHERE id = $1`, [
      clean,
      JSON.stringify(threeDecimals),
    ]);

    worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
    await validate.resume();
    await settled(warned, 1);
    expect(await settled(clean, 1)).toMatchObject({ status: 'in_review' });
    expect(await ruleIds(warned, 1)).toContain('UBL-CR-005');
    expect(await ruleIds(clean, 1)).toContain('UBL-DT-01');

    // A re-validation is a later run: it reads the document (which has no such amount, and has the
    // UUID whatever the row says).
    await ds.query(`UPDATE invoices SET syntax_findings = '[]' WHERE id = $1`, [warned]);
    const u = await createStaffUser(ds, { role: 'admin' });
    const login = await app.inject({
      method: 'POST',
      url: '/v1/auth/login',
      payload: { email: u.email, password: u.password },
    });
    const started = await app.inject({
      method: 'POST',
      url: '/v1/admin/revalidate',
      headers: { authorization: `Bearer ${login.json().accessToken}` },
      payload: { country: 'FI', reason: 'syntax findings re-read' },
    });
    expect(started.statusCode).toBe(202);
    await settled(clean, 2);
    await settled(warned, 2);
    expect(await ruleIds(clean, 2)).not.toContain('UBL-DT-01');
    expect(await ruleIds(warned, 2)).toContain('UBL-CR-005');
  });
});

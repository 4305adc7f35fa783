import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { RULE_PACKS, settingsHash } from '@app/rules';
import { defaultRuleSettings, mergeSettings } from '@app/rules/settings';
import {
  createIntegration,
  createTestEnvironment,
  EN16931_DIR,
  sampleInvoice,
  TestEnvironment,
  waitFor,
} from '@app/testing';
import { createApiApp } from '../apps/api/src/bootstrap';
import { WorkerModule } from '../apps/worker/src/worker.module';
import { RuleSettingsProvider } from '../apps/worker/src/validation/rule-settings.provider';

const FINAL = ['ready', 'in_review', 'rejected', 'returned_to_supplier', 'duplicate', 'failed'];
type Pack = { name: string; version: string; contentHash: string };

/** Every validation run records which packs (and versions) judged the invoice and the hash of its effective settings. */
describe('validation provenance (HTTP, PostgreSQL, Redis)', () => {
  let env: TestEnvironment;
  let app: NestFastifyApplication;
  let worker: INestApplicationContext;
  let ds: DataSource;
  let key: string;

  const post = (body: unknown, contentType = 'application/json') =>
    app.inject({
      method: 'POST',
      url: '/v1/invoices',
      headers: { 'x-api-key': key, 'content-type': contentType },
      payload: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const finalView = async (id: string) =>
    waitFor(async () => {
      const v = (await app.inject({ method: 'GET', url: `/v1/invoices/${id}`, headers: { 'x-api-key': key } })).json();
      return FINAL.includes(v.status) ? v : null;
    }, 20000);

  beforeAll(async () => {
    env = await createTestEnvironment('validation_provenance');
    app = await createApiApp({ logger: false });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    ds = app.get(DataSource);
    worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
    key = (await createIntegration(ds, 'erp')).apiKey;
  });

  afterAll(async () => {
    await worker?.close();
    await app?.close();
    await env?.cleanup();
  });

  it('GET /v1/invoices/{id} shows the run, the packs with their versions and the hash of the default settings', async () => {
    const res = await post(sampleInvoice());
    expect(res.statusCode).toBe(202);
    const view = await finalView(res.json().id);
    expect(view.validation).toEqual({
      run: 1,
      packs: expect.any(Array),
      settingsHash: settingsHash(defaultRuleSettings()),
      findings: view.findings.length,
      blocking: view.findings.filter((f: { severity: string }) => f.severity === 'blocking').length,
      at: expect.any(String),
    });
    const names = view.validation.packs.map((p: Pack) => p.name);
    expect(names).toEqual(expect.arrayContaining(['en16931', 'country.FI']));
    expect(names).not.toContain('peppol');
    expect(names).not.toContain('syntax');
    for (const p of view.validation.packs as Pack[]) {
      expect(p).toEqual({
        name: p.name,
        version: RULE_PACKS.get(p.name)!.version,
        contentHash: RULE_PACKS.get(p.name)!.contentHash,
      });
    }
    const rows = await ds.query(`SELECT run, settings_hash FROM validation_runs WHERE invoice_id = $1`, [view.id]);
    expect(rows).toEqual([{ run: 1, settings_hash: view.validation.settingsHash }]);
  });

  it('a Peppol BIS document is judged by the Peppol and syntax packs too', async () => {
    const xml = readFileSync(join(EN16931_DIR, 'examples', 'ubl', 'BIS3_Invoice_positive.xml'), 'utf8');
    const res = await post(xml, 'application/xml');
    expect(res.statusCode).toBe(202);
    const view = await finalView(res.json().id);
    expect(view.validation.packs.map((p: Pack) => p.name)).toEqual(
      expect.arrayContaining(['en16931', 'peppol', 'syntax', 'country.DK']),
    );
  });

  it('after an override in rule_settings the run records the hash of the merged settings', async () => {
    await ds.query(
      `INSERT INTO rule_settings (key, valid_from, value) VALUES ('amountTolerance', '2020-01-01', '"0.05"')`,
    );
    worker.get(RuleSettingsProvider).invalidate();
    try {
      const view = await finalView((await post(sampleInvoice({ invoiceNumber: 'PROV-2' }))).json().id);
      const expected = settingsHash(mergeSettings(defaultRuleSettings(), { amountTolerance: '0.05' }));
      expect(expected).not.toBe(settingsHash(defaultRuleSettings()));
      expect(view.validation.settingsHash).toBe(expected);
    } finally {
      await ds.query(`DELETE FROM rule_settings WHERE key = 'amountTolerance'`);
      worker.get(RuleSettingsProvider).invalidate();
    }
  });
});

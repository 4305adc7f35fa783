import { DataSource } from 'typeorm';
import { runMigrations, typeOrmOptions } from '@app/persistence';
import { COUNTRY_RULES, type RuleDefinition } from '@app/rules';
import { defaultRuleSettings } from '@app/rules/settings';
import { domesticInvoice } from '@app/rules/testing';
import { createTestEnvironment, TestEnvironment } from '@app/testing';
import { DEMO_COUNTRIES, demoVatId } from './demo-identities';
import { seed } from './seed';

/** The VAT id of a party, judged by the country's own checksum rule (<CC>-VAT-ID) as on a real invoice. */
function vatIdFindings(cc: string, role: 'seller' | 'buyer', vatId: string): string[] {
  const rule = COUNTRY_RULES.find((r) => r.id === `${cc}-VAT-ID`) as RuleDefinition;
  const invoice = domesticInvoice(cc);
  invoice[role]!.vatId = vatId;
  return rule
    .evaluate({ invoice, buyerCountry: cc, settings: defaultRuleSettings(), format: 'json', on: invoice.issueDate })
    .map((f) => `${f.ruleId} ${f.fieldPath} ${f.actual ?? ''}`);
}

describe('demo identities', () => {
  it.each(DEMO_COUNTRIES)('every generated %s VAT id passes the country checksum rule', (cc) => {
    const failing: string[] = [];
    for (let i = 0; i < 100; i++) failing.push(...vatIdFindings(cc, 'seller', demoVatId(cc)));
    expect(failing).toEqual([]);
  });
});

describe('seed (PostgreSQL)', () => {
  let env: TestEnvironment;
  let ds: DataSource;

  beforeAll(async () => {
    env = await createTestEnvironment('seed');
    ds = new DataSource(typeOrmOptions({ url: env.databaseUrl, schema: env.schema, poolSize: 2 }));
    await ds.initialize();
    await runMigrations(ds);
    await seed(ds, { quiet: true });
  });

  afterAll(async () => {
    await ds?.destroy();
    await env?.cleanup();
  });

  it('seeds a buying entity per country whose VAT id passes the country checksum rule', async () => {
    const rows: { country_code: string; vat_id: string }[] = await ds.query(
      `SELECT country_code, vat_id FROM buying_entities ORDER BY country_code`,
    );
    expect(rows.map((r) => r.country_code).sort()).toEqual([...DEMO_COUNTRIES].sort());
    expect(rows.flatMap((r) => vatIdFindings(r.country_code, 'buyer', r.vat_id))).toEqual([]);
  });

  it('seeds suppliers whose VAT ids pass their country checksum rule', async () => {
    const rows: { country_code: string; vat_id: string }[] = await ds.query(
      `SELECT country_code, vat_id FROM suppliers`,
    );
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.flatMap((r) => vatIdFindings(r.country_code, 'seller', r.vat_id))).toEqual([]);
  });

  it('gives the Finnish buying entity the VAT id of the README example', async () => {
    const [row] = await ds.query(`SELECT vat_id FROM buying_entities WHERE country_code = 'FI'`);
    expect(row.vat_id).toBe('FI12345671');
  });
});

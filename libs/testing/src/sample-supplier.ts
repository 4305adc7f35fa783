import type { DataSource } from 'typeorm';

/**
 * The supplier of `sampleInvoice()` in master data (Acme Oy, its VAT id, 30 days, the invoice's IBAN on file),
 * so that a clean sample invoice is touchless. Returns the supplier's id.
 */
export async function registerSampleSupplier(ds: DataSource): Promise<string> {
  const [s] = await ds.query(
    `INSERT INTO suppliers (name, vat_id, country_code, payment_terms_days) VALUES ('Acme Oy','FI02089088','FI',30) RETURNING id`,
  );
  await ds.query(`INSERT INTO supplier_bank_accounts (supplier_id, iban) VALUES ($1,'FI2112345600000785')`, [s.id]);
  return s.id;
}

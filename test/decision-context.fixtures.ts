import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { createStaffUser, sampleInvoice, waitFor } from '@app/testing';

/** A UBL 2.1 (Peppol BIS Billing 3.0) invoice of Acme Oy whose VAT total (BT-110) is 10.00 short of the breakdown. */
export function acmeUbl(number: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
<cbc:CustomizationID>urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0</cbc:CustomizationID>
<cbc:ProfileID>urn:fdc:peppol.eu:2017:poacc:billing:01:1.0</cbc:ProfileID>
<cbc:ID>${number}</cbc:ID><cbc:IssueDate>2026-11-02</cbc:IssueDate><cbc:DueDate>2026-12-02</cbc:DueDate>
<cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode><cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode><cbc:BuyerReference>FIN-1</cbc:BuyerReference>
<cac:AccountingSupplierParty><cac:Party><cbc:EndpointID schemeID="0216">003702089088</cbc:EndpointID>
<cac:PostalAddress><cbc:StreetName>Mannerheimintie 1</cbc:StreetName><cbc:CityName>Helsinki</cbc:CityName><cbc:PostalZone>00100</cbc:PostalZone><cac:Country><cbc:IdentificationCode>FI</cbc:IdentificationCode></cac:Country></cac:PostalAddress>
<cac:PartyTaxScheme><cbc:CompanyID>FI02089088</cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>
<cac:PartyLegalEntity><cbc:RegistrationName>Acme Oy</cbc:RegistrationName></cac:PartyLegalEntity></cac:Party></cac:AccountingSupplierParty>
<cac:AccountingCustomerParty><cac:Party><cbc:EndpointID schemeID="0216">003712345671</cbc:EndpointID>
<cac:PostalAddress><cbc:StreetName>Aleksanterinkatu 5</cbc:StreetName><cbc:CityName>Helsinki</cbc:CityName><cbc:PostalZone>00100</cbc:PostalZone><cac:Country><cbc:IdentificationCode>FI</cbc:IdentificationCode></cac:Country></cac:PostalAddress>
<cac:PartyTaxScheme><cbc:CompanyID>FI12345671</cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>
<cac:PartyLegalEntity><cbc:RegistrationName>Our entity FI</cbc:RegistrationName></cac:PartyLegalEntity></cac:Party></cac:AccountingCustomerParty>
<cac:PaymentMeans><cbc:PaymentMeansCode>30</cbc:PaymentMeansCode><cac:PayeeFinancialAccount><cbc:ID>FI2112345600000785</cbc:ID></cac:PayeeFinancialAccount></cac:PaymentMeans>
<cac:TaxTotal><cbc:TaxAmount currencyID="EUR">245.00</cbc:TaxAmount>
<cac:TaxSubtotal><cbc:TaxableAmount currencyID="EUR">1000.00</cbc:TaxableAmount><cbc:TaxAmount currencyID="EUR">255.00</cbc:TaxAmount>
<cac:TaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>25.5</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:TaxCategory></cac:TaxSubtotal></cac:TaxTotal>
<cac:LegalMonetaryTotal><cbc:LineExtensionAmount currencyID="EUR">1000.00</cbc:LineExtensionAmount><cbc:TaxExclusiveAmount currencyID="EUR">1000.00</cbc:TaxExclusiveAmount>
<cbc:TaxInclusiveAmount currencyID="EUR">1245.00</cbc:TaxInclusiveAmount><cbc:PayableAmount currencyID="EUR">1245.00</cbc:PayableAmount></cac:LegalMonetaryTotal>
<cac:InvoiceLine><cbc:ID>1</cbc:ID><cbc:InvoicedQuantity unitCode="C62">2</cbc:InvoicedQuantity><cbc:LineExtensionAmount currencyID="EUR">1000.00</cbc:LineExtensionAmount>
<cac:Item><cbc:Name>Laptop</cbc:Name><cac:ClassifiedTaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>25.5</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:ClassifiedTaxCategory></cac:Item>
<cac:Price><cbc:PriceAmount currencyID="EUR">500.00</cbc:PriceAmount></cac:Price></cac:InvoiceLine>
</Invoice>`;
}

export interface DecisionCases {
  po: string;
  duplicate: string;
  earlierInvoiceId: string;
  bank: string;
  vat: string;
  xml: string;
}

/**
 * One invoice per kind of decision, sent through intake and the real rules: a PO price variance
 * (3-way: PO line and goods receipt), a near duplicate, a bank account not on file (after the
 * supplier's accounts were changed once), a VAT total that does not add up, and a UBL document.
 * Returns the exception id of each.
 */
export async function createDecisionCases(
  app: NestFastifyApplication,
  ds: DataSource,
  apiKey: string,
  managerToken: string,
): Promise<DecisionCases> {
  const asManager = async (method: 'POST' | 'PATCH', url: string, payload: unknown) => {
    const res = await app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${managerToken}` },
      payload: payload as object,
    });
    if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.json();
  };
  const intake = async (body: unknown, xml = false) => {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/invoices',
      headers: { 'x-api-key': apiKey, ...(xml ? { 'content-type': 'application/xml' } : {}) },
      payload: body as string,
    });
    if (res.statusCode !== 202) throw new Error(`intake: ${res.statusCode} ${res.body}`);
    return res.json().id as string;
  };
  const exceptionOf = async (invoiceId: string, routeKey: string) =>
    (
      await waitFor(
        async () =>
          (
            await ds.query(`SELECT id FROM exceptions WHERE invoice_id = $1 AND route_key = $2`, [invoiceId, routeKey])
          )[0],
        20000,
      )
    ).id as string;
  const settled = (invoiceId: string) =>
    waitFor(async () => {
      const [r] = await ds.query(`SELECT status FROM invoices WHERE id = $1`, [invoiceId]);
      return r && !['received', 'validating'].includes(r.status);
    }, 20000);

  // A new bank account is on file only once a second manager approves it (dual control).
  const approver = await createStaffUser(ds, { role: 'manager', name: 'Anna Approver' });
  const approverToken = (
    await app.inject({
      method: 'POST',
      url: '/v1/auth/login',
      payload: { email: approver.email, password: approver.password },
    })
  ).json().accessToken;
  const approve = async (answer: { pendingChanges?: { id: string }[] }) => {
    for (const c of answer.pendingChanges ?? []) {
      const res = await app.inject({
        method: 'POST',
        url: `/v1/pending-changes/${c.id}/approve`,
        headers: { authorization: `Bearer ${approverToken}` },
        payload: {},
      });
      if (res.statusCode !== 200) throw new Error(`approve ${c.id}: ${res.statusCode} ${res.body}`);
    }
    return answer;
  };
  let [acme] = await ds.query(`SELECT id FROM suppliers WHERE vat_id = 'FI02089088'`);
  if (!acme)
    acme = await approve(
      await asManager('POST', '/v1/suppliers', {
        name: 'Acme Oy',
        vatId: 'FI02089088',
        countryCode: 'FI',
        bankAccounts: ['FI2112345600000785'],
        paymentTermsDays: 30,
      }),
    );
  // The supplier's accounts changed once (audited): a second account was added (two people), then closed.
  await approve(
    await asManager('PATCH', `/v1/suppliers/${acme.id}`, {
      bankAccounts: ['FI2112345600000785', 'FI5810171000000122'],
      reason: 'second account announced by letter',
    }),
  );
  await asManager('PATCH', `/v1/suppliers/${acme.id}`, {
    bankAccounts: ['FI2112345600000785'],
    reason: 'account FI58 closed',
  });
  await asManager('POST', '/v1/purchase-orders', {
    number: 'PO-CTX-1',
    supplierId: acme.id,
    currency: 'EUR',
    lines: [{ lineNumber: '1', description: 'Laptop', quantity: '2', unitPrice: '450.00' }],
  });
  await asManager('POST', '/v1/goods-receipts', {
    purchaseOrderNumber: 'PO-CTX-1',
    reference: 'GR-1',
    lines: [{ poLineNumber: '1', quantityReceived: '2' }],
  });

  const poInvoice = sampleInvoice({ purchaseOrderReference: 'PO-CTX-1', invoiceNumber: 'PO-INV-7781' });
  poInvoice.lines[0].poLineReference = '1';
  const vatInvoice = sampleInvoice({ invoiceNumber: 'VAT-INV-5512' });
  vatInvoice.totals.taxTotal = '250.00';
  const bankInvoice = sampleInvoice({ invoiceNumber: 'BANK-INV-3302' });
  bankInvoice.seller.iban = 'FI4250001510000023';
  const first = sampleInvoice({
    invoiceNumber: 'ACME-20001',
    totals: {
      lineNetTotal: '800.00',
      taxExclusive: '800.00',
      taxTotal: '204.00',
      taxInclusive: '1004.00',
      payable: '1004.00',
    },
    lines: [
      {
        id: '1',
        description: 'Service',
        quantity: '1',
        unitCode: 'C62',
        unitPrice: '800.00',
        netAmount: '800.00',
        vatCategory: 'S',
        vatRate: '25.5',
      },
    ],
    vatBreakdown: [{ category: 'S', rate: '25.5', taxableAmount: '800.00', taxAmount: '204.00' }],
  });
  const firstId = await intake(first);
  await settled(firstId);
  const second = { ...JSON.parse(JSON.stringify(first)), invoiceNumber: 'ACME-20002', issueDate: '2026-11-04' };
  const [po, vat, bank, dup, xml] = await Promise.all([
    intake(poInvoice),
    intake(vatInvoice),
    intake(bankInvoice),
    intake(second),
    intake(acmeUbl('UBL-INV-9001'), true),
  ]);
  return {
    po: await exceptionOf(po, 'po.price-variance'),
    vat: await exceptionOf(vat, 'data.FI').catch(() => exceptionOf(vat, 'vat.FI')),
    bank: await exceptionOf(bank, 'supplier.bank-account'),
    duplicate: await exceptionOf(dup, 'duplicate.near'),
    earlierInvoiceId: firstId,
    xml: (
      await waitFor(
        async () =>
          (await ds.query(`SELECT id FROM exceptions WHERE invoice_id = $1 ORDER BY route_key LIMIT 1`, [xml]))[0],
        20000,
      )
    ).id,
  };
}

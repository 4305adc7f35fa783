import { Inject, Injectable } from '@nestjs/common';
import { notFound } from '../../common/api-error';
import { checkInvoiceResponse, type ResponseRuleFailure } from './invoice-response.check';
import { buildInvoiceResponse, type InvoiceResponse } from './invoice-response.model';
import { InvoiceResponseRepository } from './invoice-response.repository';
import { invoiceResponseXml } from './invoice-response.xml';
import { responseLanguage } from './supplier-text';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface InvoiceResponseView extends InvoiceResponse {
  /** The Peppol Invoice Response rules run over the XML: fatal failures make it undeliverable as it stands. */
  validation: { valid: boolean; failures: ResponseRuleFailure[] };
}

/** The Peppol Invoice Response of an invoice, as XML and as its JSON view (the same content). */
@Injectable()
export class InvoiceResponseService {
  constructor(@Inject(InvoiceResponseRepository) private readonly repo: InvoiceResponseRepository) {}

  async render(invoiceId: string, integrationId: string | null): Promise<{ view: InvoiceResponseView; xml: string }> {
    const facts = UUID.test(invoiceId) ? await this.repo.facts(invoiceId, integrationId) : null;
    if (!facts) throw notFound('Invoice', invoiceId);
    const response = buildInvoiceResponse(facts, responseLanguage(facts.supplier, facts.seller.country));
    const xml = invoiceResponseXml(response);
    const failures = checkInvoiceResponse(xml);
    return { view: { ...response, validation: { valid: !failures.some((f) => f.flag === 'fatal'), failures } }, xml };
  }
}

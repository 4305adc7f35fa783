import { Controller, Get, Headers, Inject, Param, Res, UseGuards } from '@nestjs/common';
import { ApiProduces, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiKeyGuard, IntegrationPrincipal } from '../auth/api-key.guard';
import { Principal } from '../auth/principal.decorator';
import { InvoiceResponseService } from './invoice-response.service';

/** `Accept: application/xml` gets the UBL document; anything else its JSON view. */
const wantsXml = (accept = '') => /^(application|text)\/([a-z.+-]*\+)?xml\b/i.test(accept.split(',')[0].trim());

@ApiTags('intake')
@ApiSecurity('api-key')
@Controller('v1/invoices')
@UseGuards(ApiKeyGuard)
export class InvoiceResponseController {
  constructor(@Inject(InvoiceResponseService) private readonly responses: InvoiceResponseService) {}

  /** The Peppol BIS Invoice Response 3.0 (UBL ApplicationResponse) that tells the seller where the invoice stands. */
  @Get(':id/response')
  @ApiProduces('application/json', 'application/xml')
  async get(
    @Param('id') id: string,
    @Principal() p: IntegrationPrincipal,
    @Res() reply: FastifyReply,
    @Headers('accept') accept?: string,
  ) {
    const { view, xml } = await this.responses.render(id, p.integrationId);
    if (wantsXml(accept)) return reply.type('application/xml; charset=utf-8').send(xml);
    return reply.send(view);
  }
}

import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiHeader, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { APP_CONFIG, EnvironmentVariables } from '@app/config';
import { ApiError, badRequest } from '../../common/api-error';
import { JsonText } from '../../common/json-body.parser';
import { ApiKeyGuard, IntegrationPrincipal } from '../auth/api-key.guard';
import { Principal } from '../auth/principal.decorator';
import { BatchIntakeDto, CanonicalInvoiceDto, ListInvoicesQuery } from './dto/canonical-invoice.dto';
import { IntakeService } from './intake.service';
import type { Language } from '@app/rules';
import { Lang } from '../../common/language/request-language';
import { InvoiceQueryService } from './invoice-query.service';
import type { IntakeBatchResult, InvoiceListPage, InvoiceView } from '@app/contracts';

const JSON_TYPES = /^application\/([a-z.+-]*\+)?json$/;
const XML_TYPES = /^(application|text)\/([a-z.+-]*\+)?xml$/;
const PDF_TYPE = 'application/pdf';
const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{1,200}$/;

@ApiTags('intake')
@ApiSecurity('api-key')
@Controller('v1/invoices')
@UseGuards(ApiKeyGuard)
export class IntakeController {
  constructor(
    @Inject(IntakeService) private readonly intake: IntakeService,
    @Inject(InvoiceQueryService) private readonly query: InvoiceQueryService,
    @Inject(APP_CONFIG) private readonly cfg: EnvironmentVariables,
  ) {}

  @Post()
  @ApiConsumes('application/json', 'application/xml', 'application/pdf')
  @ApiBody({
    type: CanonicalInvoiceDto,
    description:
      'Canonical JSON, a UBL 2.1 / CII XML document with Content-Type application/xml, or a Factur-X / ZUGFeRD PDF (embedded CII) with Content-Type application/pdf',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async create(
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
    @Principal() p: IntegrationPrincipal,
    @Headers('idempotency-key') key?: string,
  ) {
    if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
      throw badRequest(
        'INVALID_IDEMPOTENCY_KEY',
        'Idempotency-Key must be 1-200 characters of letters, digits and _ . : -',
        [
          {
            path: 'headers.idempotency-key',
            issue: 'invalid format',
            expected: '[A-Za-z0-9_.:-]{1,200}',
            actual: key.slice(0, 80),
          },
        ],
      );
    }
    const contentType = String(req.headers['content-type'] ?? '')
      .split(';')[0]
      .trim()
      .toLowerCase();
    const kind = XML_TYPES.test(contentType)
      ? 'xml'
      : JSON_TYPES.test(contentType)
        ? 'json'
        : contentType === PDF_TYPE
          ? 'pdf'
          : null;
    if (!kind) {
      throw new ApiError(
        415,
        'UNSUPPORTED_MEDIA_TYPE',
        'Send canonical JSON (application/json), a UBL/CII document (application/xml) or a Factur-X PDF (application/pdf)',
        [
          {
            path: 'headers.content-type',
            issue: 'unsupported',
            expected: 'application/json | application/xml | application/pdf',
            actual: contentType || 'none',
          },
        ],
      );
    }
    if (kind === 'pdf') {
      const bytes = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const { doc, hash } = await this.intake.read({ kind, bytes }, contentType);
      const answer = await this.intake.accept(p.integrationId, doc, 'api', key ? { key, hash } : undefined);
      return reply.status(answer.status).send(answer.body);
    }
    // The JSON parser leaves this route's body as text: it is parsed with the invoice's own limits, off the event loop when big.
    const text =
      req.body instanceof JsonText
        ? req.body.text
        : typeof req.body === 'string'
          ? req.body
          : JSON.stringify(req.body ?? null);
    // The request hash is only compared under an Idempotency-Key: without one it is not computed.
    const { doc, hash } = await this.intake.read({ kind, text, hash: key !== undefined }, contentType);
    const answer = await this.intake.accept(p.integrationId, doc, 'api', key ? { key, hash } : undefined);
    reply.status(answer.status).send(answer.body);
  }

  @Post('batch')
  @HttpCode(200)
  async batch(@Body() body: BatchIntakeDto, @Principal() p: IntegrationPrincipal): Promise<IntakeBatchResult> {
    const max = this.cfg.BATCH_MAX_INVOICES;
    if (body.invoices.length > max) {
      throw new ApiError(
        413,
        'INTAKE_LIMIT_EXCEEDED',
        `The batch has ${body.invoices.length} invoices; the limit is ${max}`,
        [
          {
            path: 'invoices',
            issue: 'too many invoices',
            expected: `at most ${max} invoices`,
            actual: String(body.invoices.length),
          },
        ],
      );
    }
    return this.intake.acceptBatch(p.integrationId, body.invoices);
  }

  @Get()
  list(@Query() q: ListInvoicesQuery, @Principal() p: IntegrationPrincipal): Promise<InvoiceListPage> {
    return this.query.list(q, { integrationId: p.integrationId });
  }

  /** The PDF a Factur-X / ZUGFeRD invoice was posted as (the visual); 404 for invoices posted as XML or JSON. */
  @Get(':id/original')
  async original(@Param('id') id: string, @Principal() p: IntegrationPrincipal, @Res() reply: FastifyReply) {
    const o = await this.query.original(id, { integrationId: p.integrationId });
    return sendOriginal(reply, o);
  }

  @Get(':id')
  get(@Param('id') id: string, @Principal() p: IntegrationPrincipal, @Lang() lang: Language): Promise<InvoiceView> {
    return this.query.get(id, { integrationId: p.integrationId }, lang);
  }
}

/** A stored original, shown inline (its own file name), never sniffed as anything else. */
export function sendOriginal(reply: FastifyReply, o: { contentType: string; attachment: string; content: Buffer }) {
  const name = o.attachment.replace(/\.xml$/i, '.pdf').replace(/[^A-Za-z0-9._-]/g, '_');
  return reply
    .header('content-type', o.contentType)
    .header('content-disposition', `inline; filename="${name}"`)
    .header('cache-control', 'private, no-store')
    .send(o.content);
}

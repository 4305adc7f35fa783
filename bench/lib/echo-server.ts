/**
 * The HTTP limit of intake on this machine: a bare Nest + Fastify app with the same global
 * ValidationPipe and the same DTO as POST /v1/invoices, answering 202 with the validated body's number.
 * No database, no queue. Started as a child process by bench/run.ts (PORT from the environment).
 */
import 'reflect-metadata';
import { Body, Controller, HttpCode, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { createValidationPipe } from '../../apps/api/src/common/validation';
import { CanonicalInvoiceDto } from '../../apps/api/src/modules/intake/dto/canonical-invoice.dto';

@Controller('v1/invoices')
class EchoController {
  @Post()
  @HttpCode(202)
  echo(@Body() body: CanonicalInvoiceDto) {
    return { id: body.invoiceNumber, status: 'received' };
  }
}

@Module({ controllers: [EchoController] })
class EchoModule {}

async function main() {
  const app = await NestFactory.create<NestFastifyApplication>(
    EchoModule,
    new FastifyAdapter({ bodyLimit: 10 * 1024 * 1024 }),
    { logger: false },
  );
  app.useGlobalPipes(createValidationPipe());
  await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
  console.log(`listening ${await app.getUrl()}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

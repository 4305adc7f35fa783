import { Body, Controller, Get, Inject, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { DataSource } from 'typeorm';
import { recordAudit } from '@app/persistence';
import { newApiKey } from '../auth/api-key';
import { Principal } from '../auth/principal.decorator';
import { Roles } from '../auth/roles.decorator';
import { StaffAuthGuard } from '../auth/staff-auth.guard';
import { StaffPrincipal } from '../auth/staff-principal';

class CreateIntegrationDto {
  @ApiProperty({ example: 'ERP connector' }) @IsString() @Length(1, 200) name: string;
}

@ApiTags('admin')
@ApiBearerAuth()
@Controller('v1/admin/integrations')
@UseGuards(StaffAuthGuard)
@Roles('admin')
export class IntegrationsController {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  /** Creates an integration; the key is shown once and only its hash is kept. */
  @Post()
  async create(@Body() body: CreateIntegrationDto, @Principal() p: StaffPrincipal) {
    const k = newApiKey();
    return this.ds.transaction(async (em) => {
      const [row] = await em.query(`INSERT INTO integrations (name, key_prefix, key_hash) VALUES ($1,$2,$3) RETURNING id, name, created_at`, [body.name, k.prefix, k.hash]);
      await recordAudit(em, { aggregateType: 'integration', aggregateId: row.id, action: 'created', actor: { type: 'staff', id: p.userId }, data: { name: body.name, keyPrefix: k.prefix } });
      return { id: row.id, name: row.name, apiKey: k.key, keyPrefix: k.prefix, createdAt: new Date(row.created_at).toISOString() };
    });
  }

  @Get()
  async list() {
    const rows = await this.ds.query(`SELECT id, name, key_prefix, created_at, disabled_at FROM integrations ORDER BY created_at`);
    return { items: rows.map((r: Record<string, unknown>) => ({ id: r.id, name: r.name, keyPrefix: r.key_prefix, createdAt: r.created_at, disabledAt: r.disabled_at })) };
  }
}

import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { DataSource } from 'typeorm';
import { recordAudit } from '@app/persistence';
import { notFound } from '../../common/api-error';
import { newApiKey } from '../auth/api-key';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { Principal } from '../auth/principal.decorator';
import { Roles } from '../auth/roles.decorator';
import { StaffAuthGuard } from '../auth/staff-auth.guard';
import { StaffPrincipal } from '../auth/staff-principal';
import { IntegrationsRepository } from './integrations.repository';

class CreateIntegrationDto {
  @ApiProperty({ example: 'ERP connector' }) @IsString() @Length(1, 200) name: string;
}

@ApiTags('admin')
@ApiBearerAuth()
@Controller('v1/admin/integrations')
@UseGuards(StaffAuthGuard)
@Roles('admin')
export class IntegrationsController {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(ApiKeyGuard) private readonly keys: ApiKeyGuard,
    @Inject(IntegrationsRepository) private readonly integrations: IntegrationsRepository,
  ) {}

  /** Creates an integration; the key is shown once and only its hash is kept. */
  @Post()
  async create(@Body() body: CreateIntegrationDto, @Principal() p: StaffPrincipal) {
    const k = newApiKey();
    return this.ds.transaction(async (em) => {
      const row = await this.integrations.create(em, { name: body.name, keyPrefix: k.prefix, keyHash: k.hash });
      await recordAudit(em, {
        aggregateType: 'integration',
        aggregateId: row.id,
        action: 'created',
        actor: { type: 'staff', id: p.userId },
        data: { name: body.name, keyPrefix: k.prefix },
      });
      return {
        id: row.id,
        name: row.name,
        apiKey: k.key,
        keyPrefix: k.prefix,
        createdAt: new Date(row.created_at).toISOString(),
      };
    });
  }

  @Get()
  async list() {
    const rows = await this.integrations.list();
    return {
      items: rows.map((r) => ({
        id: r.id,
        name: r.name,
        keyPrefix: r.key_prefix,
        createdAt: r.created_at,
        disabledAt: r.disabled_at,
      })),
    };
  }

  /** Replaces the key: the new one is shown once, the old one stops working at once (other instances within 10 s). */
  @Post(':id/rotate-key')
  @HttpCode(200)
  async rotate(@Param('id', new ParseUUIDPipe()) id: string, @Principal() p: StaffPrincipal) {
    const k = newApiKey();
    const out = await this.ds.transaction(async (em) => {
      const fromKeyPrefix = await this.integrations.lockKeyPrefix(em, id);
      if (fromKeyPrefix === null) throw notFound('Integration', id);
      const row = (await this.integrations.replaceKey(em, id, { keyPrefix: k.prefix, keyHash: k.hash }))!;
      await recordAudit(em, {
        aggregateType: 'integration',
        aggregateId: id,
        action: 'key_rotated',
        actor: { type: 'staff', id: p.userId },
        data: { fromKeyPrefix, keyPrefix: k.prefix },
      });
      return {
        id: row.id,
        name: row.name,
        apiKey: k.key,
        keyPrefix: k.prefix,
        createdAt: new Date(row.created_at).toISOString(),
        disabledAt: row.disabled_at ? new Date(row.disabled_at).toISOString() : null,
      };
    });
    this.keys.forget();
    return out;
  }

  /** Disables the integration for good: its key is refused from now on, and a rotation does not enable it again. */
  @Post(':id/disable')
  @HttpCode(200)
  async disable(@Param('id', new ParseUUIDPipe()) id: string, @Principal() p: StaffPrincipal) {
    const out = await this.ds.transaction(async (em) => {
      const row = await this.integrations.disable(em, id);
      if (!row) throw notFound('Integration', id);
      await recordAudit(em, {
        aggregateType: 'integration',
        aggregateId: id,
        action: 'disabled',
        actor: { type: 'staff', id: p.userId },
        data: { keyPrefix: row.key_prefix },
      });
      return {
        id: row.id,
        name: row.name,
        keyPrefix: row.key_prefix,
        createdAt: new Date(row.created_at).toISOString(),
        disabledAt: new Date(row.disabled_at!).toISOString(),
      };
    });
    this.keys.forget();
    return out;
  }
}

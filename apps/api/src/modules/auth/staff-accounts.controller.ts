import { Body, Controller, HttpCode, Inject, Param, ParseUUIDPipe, Patch, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { DataSource } from 'typeorm';
import { recordAudit } from '@app/persistence';
import { forbidden, notFound, unprocessable } from '../../common/api-error';
import { InvitationsService } from './invitations.service';
import { Principal } from './principal.decorator';
import { Roles } from './roles.decorator';
import { StaffAuthGuard } from './staff-auth.guard';
import { STAFF_ROLES, StaffPrincipal, StaffRole } from './staff-principal';
import { StaffUsersRepository } from './staff-users.repository';

class UpdateStaffDto {
  @ApiPropertyOptional({ enum: STAFF_ROLES }) @IsOptional() @IsIn(STAFF_ROLES as StaffRole[]) role?: StaffRole;
  @ApiPropertyOptional({
    description: 'true disables the account (every session ends at once); false enables it again',
  })
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;
}

/**
 * Staff accounts: admins change roles and disable or enable accounts (every token of the account is
 * revoked at once); a new invitation link lets a person (re)set their own password.
 */
@ApiTags('admin')
@ApiBearerAuth()
@UseGuards(StaffAuthGuard)
@Controller('v1/admin/staff')
export class StaffAccountsController {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(InvitationsService) private readonly invitations: InvitationsService,
    @Inject(StaffUsersRepository) private readonly users: StaffUsersRepository,
  ) {}

  @Patch(':id')
  @Roles('admin')
  async update(
    @Principal() p: StaffPrincipal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: UpdateStaffDto,
  ) {
    if (id === p.userId)
      throw unprocessable('OWN_ACCOUNT', 'Another admin changes your own role or disables your account', [
        { path: 'id', issue: 'your own account' },
      ]);
    return this.ds.transaction(async (em) => {
      const before = await this.users.lock(em, id);
      if (!before) throw notFound('Staff user', id);
      const role = body.role ?? before.role;
      const disabled = body.disabled ?? !!before.disabled_at;
      const after = await this.users.setAccess(em, id, role, disabled);
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      if (role !== before.role) changes.role = { from: before.role, to: role };
      if (disabled !== !!before.disabled_at) changes.disabled = { from: !!before.disabled_at, to: disabled };
      if (Object.keys(changes).length) {
        await recordAudit(em, {
          aggregateType: 'staff_user',
          aggregateId: id,
          action: 'updated',
          actor: { type: 'staff', id: p.userId },
          data: changes,
        });
      }
      return { id: after.id, email: after.email, name: after.name, role: after.role, disabled: !!after.disabled_at };
    });
  }

  /** A new one-time link to set one's own password (revokes earlier links); managers may do this for reviewers. */
  @Post(':id/invitation')
  @HttpCode(201)
  @Roles('manager', 'admin')
  async invite(@Principal() p: StaffPrincipal, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.ds.transaction(async (em) => {
      const u = await this.users.lock(em, id);
      if (!u) throw notFound('Staff user', id);
      if (p.role !== 'admin' && u.role !== 'reviewer') throw forbidden('Only an admin invites managers and admins');
      if (u.disabled_at)
        throw unprocessable('ACCOUNT_DISABLED', 'Enable the account before inviting its owner', [
          { path: 'id', issue: 'disabled account' },
        ]);
      return { invitation: await this.invitations.issue(em, id, p) };
    });
  }
}

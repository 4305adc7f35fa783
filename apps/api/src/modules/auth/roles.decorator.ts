import { SetMetadata } from '@nestjs/common';
import { StaffRole } from './staff-principal';

export const ROLES_KEY = 'roles';
/** Roles allowed on a handler or controller; absent = any signed-in staff user. */
export const Roles = (...roles: StaffRole[]) => SetMetadata(ROLES_KEY, roles);

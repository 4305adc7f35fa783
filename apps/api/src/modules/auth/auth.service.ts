import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import * as argon2 from 'argon2';
import { DataSource } from 'typeorm';
import { ApiError } from '../../common/api-error';
import { StaffRole } from './staff-principal';

/** Staff sign-in: argon2id password hashes, short-lived JWT access tokens. */
@Injectable()
export class AuthService {
  constructor(@Inject(DataSource) private readonly ds: DataSource, @Inject(JwtService) private readonly jwt: JwtService) {}

  async login(email: string, password: string) {
    const [user] = await this.ds.query(`SELECT id, email, name, role, password_hash FROM staff_users WHERE lower(email) = lower($1) AND disabled_at IS NULL`, [email]);
    const ok = user ? await argon2.verify(user.password_hash, password).catch(() => false) : false;
    if (!ok) throw new ApiError(401, 'INVALID_CREDENTIALS', 'Email or password is wrong');
    const accessToken = await this.jwt.signAsync({ sub: user.id, email: user.email, name: user.name, role: user.role as StaffRole });
    return { accessToken, user: { id: user.id, email: user.email, name: user.name, role: user.role } };
  }
}

export const hashPassword = (plain: string) => argon2.hash(plain, { type: argon2.argon2id });

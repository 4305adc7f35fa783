import { Global, Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { APP_CONFIG, EnvironmentVariables } from '@app/config';
import { ApiKeyGuard } from './api-key.guard';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { IntegrationKeysRepository } from './integration-keys.repository';
import { InvitationsService } from './invitations.service';
import { LoginAttemptsRepository } from './login-attempts.repository';
import { LoginThrottle } from './login-throttle.service';
import { StaffAccountsController } from './staff-accounts.controller';
import { StaffAuthGuard } from './staff-auth.guard';
import { StaffInvitationsRepository } from './staff-invitations.repository';
import { StaffUsersRepository } from './staff-users.repository';

@Global()
@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      // One algorithm, and every token names its issuer and audience and expires.
      useFactory: (cfg: EnvironmentVariables) => ({
        secret: cfg.JWT_SECRET,
        signOptions: {
          algorithm: 'HS256',
          expiresIn: cfg.JWT_TTL_SECONDS,
          issuer: cfg.JWT_ISSUER,
          audience: cfg.JWT_AUDIENCE,
        },
        verifyOptions: { algorithms: ['HS256'], issuer: cfg.JWT_ISSUER, audience: cfg.JWT_AUDIENCE },
      }),
    }),
  ],
  controllers: [AuthController, StaffAccountsController],
  providers: [
    AuthService,
    LoginThrottle,
    InvitationsService,
    ApiKeyGuard,
    StaffAuthGuard,
    IntegrationKeysRepository,
    StaffUsersRepository,
    StaffInvitationsRepository,
    LoginAttemptsRepository,
  ],
  // The API-key guard is built in every module that uses it: its repository goes along.
  exports: [AuthService, InvitationsService, ApiKeyGuard, IntegrationKeysRepository, StaffAuthGuard, JwtModule],
})
export class AuthModule {}

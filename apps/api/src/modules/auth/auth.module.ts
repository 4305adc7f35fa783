import { Global, Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { APP_CONFIG, EnvironmentVariables } from '@app/config';
import { ApiKeyGuard } from './api-key.guard';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { StaffAuthGuard } from './staff-auth.guard';

@Global()
@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (cfg: EnvironmentVariables) => ({ secret: cfg.JWT_SECRET, signOptions: { expiresIn: cfg.JWT_TTL_SECONDS } }),
    }),
  ],
  controllers: [AuthController],
  providers: [AuthService, ApiKeyGuard, StaffAuthGuard],
  exports: [AuthService, ApiKeyGuard, StaffAuthGuard, JwtModule],
})
export class AuthModule {}

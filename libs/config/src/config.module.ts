import { Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { EnvironmentVariables, validateEnvironment } from './app-config';

export const APP_CONFIG = Symbol('APP_CONFIG');

/** Reads and validates the environment once; inject `APP_CONFIG` for the typed object. */
@Global()
@Module({
  imports: [ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, validate: validateEnvironment })],
  providers: [{ provide: APP_CONFIG, useFactory: (): EnvironmentVariables => validateEnvironment(process.env) }],
  exports: [APP_CONFIG],
})
export class AppConfigModule {}

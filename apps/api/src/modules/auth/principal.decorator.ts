import { createParamDecorator, ExecutionContext } from '@nestjs/common';

/** The authenticated caller (integration or staff user) set by the guards. */
export const Principal = createParamDecorator(
  (_: unknown, ctx: ExecutionContext) => ctx.switchToHttp().getRequest<{ principal?: unknown }>().principal,
);

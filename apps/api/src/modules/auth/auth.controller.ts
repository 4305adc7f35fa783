import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { APP_CONFIG, EnvironmentVariables } from '@app/config';
import { AuthService } from './auth.service';
import { InvitationsService } from './invitations.service';
import { AcceptInvitationDto, LoginDto } from './login.dto';
import { Principal } from './principal.decorator';
import { clearSessionCookies, setSessionCookies } from './session-cookies';
import { StaffAuthGuard } from './staff-auth.guard';
import { StaffPrincipal } from './staff-principal';
import type { InvitationAccepted, LoginResponse, StaffUser } from '@app/contracts';

/** Sign-in requests per client address and minute (LOGIN_REQUESTS_PER_MINUTE, validated at start-up). */
const loginRequestLimit = () => Number(process.env.LOGIN_REQUESTS_PER_MINUTE) || 30;

@ApiTags('auth')
@Controller('v1')
export class AuthController {
  constructor(
    @Inject(AuthService) private readonly auth: AuthService,
    @Inject(InvitationsService) private readonly invitations: InvitationsService,
    @Inject(APP_CONFIG) private readonly cfg: EnvironmentVariables,
  ) {}

  /**
   * Signs in. The web pages use the HttpOnly session cookie set here (plus the CSRF cookie they echo in
   * X-CSRF-Token); API clients may use `accessToken` as a Bearer token.
   */
  @Post('auth/login')
  @HttpCode(200)
  @Throttle({ default: { limit: loginRequestLimit, ttl: 60_000 } })
  async login(
    @Body() body: LoginDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LoginResponse> {
    const res = await this.auth.login(body.email, body.password, { ip: req.ip, userAgent: req.headers['user-agent'] });
    setSessionCookies(
      reply,
      res.accessToken,
      this.auth.csrfTokenFor(res.accessToken),
      this.cfg.JWT_TTL_SECONDS,
      this.secure,
    );
    return res;
  }

  /** Ends every session of the caller: all their tokens stop working at once. */
  @Post('auth/logout')
  @HttpCode(204)
  @ApiBearerAuth()
  @UseGuards(StaffAuthGuard)
  async logout(@Principal() p: StaffPrincipal, @Res({ passthrough: true }) reply: FastifyReply) {
    await this.auth.logout(p);
    clearSessionCookies(reply, this.secure);
  }

  /** Sets your own password with the one-time token of an invitation (or password-reset) link. */
  @Post('auth/invitations/accept')
  @HttpCode(200)
  @Throttle({ default: { limit: 20, ttl: 60_000 } })
  accept(@Body() body: AcceptInvitationDto): Promise<InvitationAccepted> {
    return this.invitations.accept(body.token, body.password);
  }

  @Get('me')
  @ApiBearerAuth()
  @UseGuards(StaffAuthGuard)
  me(@Principal() p: StaffPrincipal): StaffUser {
    return { id: p.userId, email: p.email, name: p.name, role: p.role };
  }

  private get secure(): boolean {
    return this.cfg.NODE_ENV === 'production';
  }
}

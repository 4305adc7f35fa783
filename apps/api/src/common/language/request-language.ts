import {
  CallHandler,
  createParamDecorator,
  ExecutionContext,
  Inject,
  Injectable,
  NestInterceptor,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, switchMap, type Observable } from 'rxjs';
import {
  DEFAULT_LANGUAGE,
  localizeFinding,
  negotiateLanguage,
  normalizeLanguage,
  SUPPORTED_LANGUAGES,
  type Language,
  type LocalizableFinding,
} from '@app/rules';
import { badRequest } from '../api-error';
import { ReviewerLanguageRepository } from './reviewer-language.repository';

type LangRequest = FastifyRequest & { lang?: Language; principal?: { kind?: string; userId?: string } };

/** `?lang=` when given: a supported language, or 400 LANGUAGE_UNSUPPORTED (never silently another language). */
function explicitLanguage(req: LangRequest): Language | undefined {
  const raw = (req.query as Record<string, unknown> | undefined)?.lang;
  if (raw === undefined || raw === '') return undefined;
  const lang = typeof raw === 'string' ? normalizeLanguage(raw) : undefined;
  if (!lang)
    throw badRequest('LANGUAGE_UNSUPPORTED', 'lang names no language finding texts are written in', [
      { path: 'lang', issue: 'unsupported language', expected: SUPPORTED_LANGUAGES.join(', '), actual: String(raw) },
    ]);
  return lang;
}

/** The reviewer's workbench language: their chosen one, else the first of their languages we write, else none. */
export async function reviewerLanguage(
  reviewers: ReviewerLanguageRepository,
  userId: string,
): Promise<Language | undefined> {
  const r = await reviewers.languagesOf(userId);
  if (!r) return undefined;
  return normalizeLanguage(r.ui_language) ?? r.languages.map(normalizeLanguage).find(Boolean);
}

/**
 * The language of the response's finding texts: explicit `?lang=` > Accept-Language > the signed-in
 * reviewer's language > English. Sets `req.lang` (read with @Lang()) and the Content-Language header.
 */
@Injectable()
export class LanguageInterceptor implements NestInterceptor {
  constructor(@Inject(ReviewerLanguageRepository) private readonly reviewers: ReviewerLanguageRepository) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'http') return next.handle();
    const req = ctx.switchToHttp().getRequest<LangRequest>();
    const reply = ctx.switchToHttp().getResponse<FastifyReply>();
    return from(this.resolve(req)).pipe(
      switchMap((lang) => {
        req.lang = lang;
        void reply.header('content-language', lang);
        return next.handle();
      }),
    );
  }

  private async resolve(req: LangRequest): Promise<Language> {
    const chosen = explicitLanguage(req) ?? negotiateLanguage(req.headers['accept-language']);
    if (chosen) return chosen;
    const p = req.principal;
    if (p?.kind === 'staff' && p.userId) return (await reviewerLanguage(this.reviewers, p.userId)) ?? DEFAULT_LANGUAGE;
    return DEFAULT_LANGUAGE;
  }
}

/** The response language the LanguageInterceptor chose for this request. */
export const Lang = createParamDecorator((_: unknown, ctx: ExecutionContext): Language => {
  const req = ctx.switchToHttp().getRequest<LangRequest>();
  return req.lang ?? explicitLanguage(req) ?? negotiateLanguage(req.headers['accept-language']) ?? DEFAULT_LANGUAGE;
});

/**
 * A finding as the API shows it in a language: message and hint localized, `detail` ("Expected X,
 * found Y."), and the English originals kept as messageEn / hintEn.
 */
export function localizedFinding<T extends LocalizableFinding>(f: T, lang: Language) {
  const t = localizeFinding(f, lang);
  return {
    ...f,
    message: t.message,
    hint: t.hint ?? null,
    detail: t.detail ?? null,
    messageEn: f.message,
    hintEn: f.hint ?? null,
  };
}

import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { listRules, localizeRule, type Language } from '@app/rules';
import { Lang } from '../../common/language/request-language';
import type { RuleCatalogue } from '@app/contracts';

class ListRulesQuery {
  @IsOptional() @IsIn(['regulatory', 'supplier', 'data-quality']) category?: string;
  @IsOptional() @Matches(/^[A-Z]{2}$/) country?: string;
  @IsOptional() @IsString() pack?: string;
  /** Language of description and hint (validated by the language interceptor). */
  @IsOptional() @IsString() lang?: string;
}

/** The rule catalogue: every rule with id, category, scope, severity and a one-line description, in the request language. */
@ApiTags('rules')
@Controller('v1/rules')
export class RulesCatalogController {
  @Get()
  list(@Query() q: ListRulesQuery, @Lang() lang: Language): RuleCatalogue {
    const items = listRules().filter(
      (r) =>
        (!q.category || r.category === q.category) &&
        (!q.pack || r.pack === q.pack) &&
        (!q.country || !r.scope?.countries || r.scope.countries.includes(q.country)),
    );
    return {
      count: items.length,
      lang,
      items: items.map((r) => {
        const t = localizeRule(r, lang);
        return {
          ...r,
          description: t.message,
          hint: t.hint ?? r.hint,
          descriptionEn: r.description,
          hintEn: r.hint ?? null,
        };
      }),
    };
  }
}

import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { listRules } from '@app/rules';

class ListRulesQuery {
  @IsOptional() @IsIn(['regulatory', 'supplier', 'data-quality']) category?: string;
  @IsOptional() @Matches(/^[A-Z]{2}$/) country?: string;
  @IsOptional() @IsString() pack?: string;
}

/** The rule catalogue: every rule with id, category, scope, severity and a one-line description. */
@ApiTags('rules')
@Controller('v1/rules')
export class RulesCatalogController {
  @Get()
  list(@Query() q: ListRulesQuery) {
    const items = listRules().filter(
      (r) =>
        (!q.category || r.category === q.category) &&
        (!q.pack || r.pack === q.pack) &&
        (!q.country || !r.scope?.countries || r.scope.countries.includes(q.country)),
    );
    return { count: items.length, items };
  }
}

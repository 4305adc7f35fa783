import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Principal } from '../auth/principal.decorator';
import { Roles } from '../auth/roles.decorator';
import { StaffAuthGuard } from '../auth/staff-auth.guard';
import { StaffPrincipal } from '../auth/staff-principal';
import { TransitionError } from '@app/domain';
import { ApiError } from '../../common/api-error';
import {
  BulkActionDto,
  CommentDto,
  OptionalReasonDto,
  ReasonDto,
  ReassignDto,
  ResolveDto,
} from './dto/review-action.dto';
import { ExceptionListQuery } from './dto/exception-list.query';
import { ExceptionListService } from './exception-list.service';
import { ExceptionContextService } from './context/exception-context.service';
import { ExceptionDetailService } from './exception-detail.service';
import { exceptionView } from './exception.view';
import { ReviewActionsService } from './review-actions.service';
import { ResolveExceptionService } from './resolve-exception.service';
import type { Language } from '@app/rules';
import { Lang } from '../../common/language/request-language';
import { sendOriginal } from '../intake/intake.controller';
import type {
  BulkActionResult,
  CreatedComment,
  DecisionOutcome,
  ExceptionContext,
  ExceptionDetail,
  ExceptionListPage,
  ExceptionView,
  MyWork,
} from '@app/contracts';

/**
 * The review workbench API. Reviewers act only on items they hold; an item they cannot see answers
 * 404, an action they may not take on an item they can see answers 403, a lost race answers 409.
 */
@ApiTags('review')
@ApiBearerAuth()
@UseGuards(StaffAuthGuard)
@Controller('v1')
export class ReviewController {
  constructor(
    @Inject(ReviewActionsService) private readonly actions: ReviewActionsService,
    @Inject(ResolveExceptionService) private readonly decisions: ResolveExceptionService,
    @Inject(ExceptionDetailService) private readonly detail: ExceptionDetailService,
    @Inject(ExceptionListService) private readonly lists: ExceptionListService,
    @Inject(ExceptionContextService) private readonly contexts: ExceptionContextService,
  ) {}

  /** Decision context by kind: 3-way match, earlier invoice, supplier record and account history, VAT recomputed, the original document marked. */
  @Get('exceptions/:id/context')
  context(@Principal() p: StaffPrincipal, @Param('id') id: string, @Lang() lang: Language): Promise<ExceptionContext> {
    return this.contexts.context(p, id, lang);
  }

  /** The PDF the item's invoice was posted as (Factur-X / ZUGFeRD), for the workbench to show beside the data. */
  @Get('exceptions/:id/original')
  async original(@Principal() p: StaffPrincipal, @Param('id') id: string, @Res() reply: FastifyReply) {
    return sendOriginal(reply, await this.contexts.original(p, id));
  }

  /** Filtered, cursor-paged exception list (reviewers: only what they may see); `format=csv` answers every matching row as CSV. */
  @Get('exceptions')
  async list(
    @Principal() p: StaffPrincipal,
    @Query() q: ExceptionListQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Lang() lang: Language,
  ): Promise<ExceptionListPage | string> {
    if (q.format !== 'csv') return this.lists.list(p, q, lang);
    const out = await this.lists.csv(p, q);
    reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="exceptions.csv"')
      .header('x-truncated', String(out.truncated));
    return out.body;
  }

  /** Reassign or release many items; each item is its own transaction and reports its own outcome. */
  @Post('exceptions/bulk')
  @HttpCode(200)
  @Roles('manager', 'admin')
  async bulk(@Principal() p: StaffPrincipal, @Body() body: BulkActionDto): Promise<BulkActionResult> {
    const results: BulkActionResult['results'] = [];
    for (const id of body.ids) {
      try {
        const row =
          body.action === 'reassign'
            ? await this.actions.reassign(p, id, body.reviewerId!, body.reason)
            : await this.actions.release(p, id, body.reason);
        results.push({ id, ok: true, status: row.status, assigneeId: row.assignee_id });
      } catch (e) {
        if (e instanceof ApiError)
          results.push({
            id,
            ok: false,
            error: { code: e.code, message: (e.getResponse() as { error: { message: string } }).error.message },
          });
        else if (e instanceof TransitionError)
          results.push({ id, ok: false, error: { code: e.code, message: e.message } });
        else throw e;
      }
    }
    return {
      action: body.action,
      succeeded: results.filter((r) => r.ok).length,
      failed: results.filter((r) => !r.ok).length,
      results,
    };
  }

  @Post('review/next')
  @HttpCode(200)
  async next(
    @Principal() p: StaffPrincipal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ExceptionView | undefined> {
    const row = await this.actions.next(p);
    if (!row) {
      reply.status(204);
      return undefined;
    }
    return exceptionView(row);
  }

  @Get('me/work')
  myWork(@Principal() p: StaffPrincipal): Promise<MyWork> {
    return this.detail.myWork(p);
  }

  @Get('exceptions/:id')
  get(@Principal() p: StaffPrincipal, @Param('id') id: string, @Lang() lang: Language): Promise<ExceptionDetail> {
    return this.detail.detail(p, id, lang);
  }

  @Post('exceptions/:id/claim')
  @HttpCode(200)
  async claim(@Principal() p: StaffPrincipal, @Param('id') id: string): Promise<ExceptionView> {
    return exceptionView(await this.actions.claim(p, id));
  }

  @Post('exceptions/:id/release')
  @HttpCode(200)
  async release(
    @Principal() p: StaffPrincipal,
    @Param('id') id: string,
    @Body() body: OptionalReasonDto,
  ): Promise<ExceptionView> {
    return exceptionView(await this.actions.release(p, id, body?.reason));
  }

  @Post('exceptions/:id/comment')
  @HttpCode(201)
  comment(@Principal() p: StaffPrincipal, @Param('id') id: string, @Body() body: CommentDto): Promise<CreatedComment> {
    return this.actions.comment(p, id, body.text);
  }

  @Post('exceptions/:id/resolve')
  @HttpCode(200)
  async resolve(
    @Principal() p: StaffPrincipal,
    @Param('id') id: string,
    @Body() body: ResolveDto,
  ): Promise<DecisionOutcome> {
    const out = await this.decisions.resolve(p, id, body);
    return {
      exception: exceptionView(out.exception),
      invoiceStatus: out.invoiceStatus,
      revalidationRun: out.revalidationRun,
      superseded: out.superseded,
    };
  }

  @Post('exceptions/:id/approve-second')
  @HttpCode(200)
  async approveSecond(
    @Principal() p: StaffPrincipal,
    @Param('id') id: string,
    @Body() body: OptionalReasonDto,
  ): Promise<DecisionOutcome> {
    const out = await this.decisions.approveSecond(p, id, body?.reason);
    return {
      exception: exceptionView(out.exception),
      invoiceStatus: out.invoiceStatus,
      revalidationRun: out.revalidationRun,
      superseded: out.superseded,
    };
  }

  @Post('exceptions/:id/escalate')
  @HttpCode(200)
  async escalate(
    @Principal() p: StaffPrincipal,
    @Param('id') id: string,
    @Body() body: ReasonDto,
  ): Promise<ExceptionView> {
    return exceptionView(await this.actions.escalate(p, id, body.reason));
  }

  @Post('exceptions/:id/reassign')
  @HttpCode(200)
  @Roles('manager', 'admin')
  async reassign(
    @Principal() p: StaffPrincipal,
    @Param('id') id: string,
    @Body() body: ReassignDto,
  ): Promise<ExceptionView> {
    return exceptionView(await this.actions.reassign(p, id, body.reviewerId, body.reason));
  }
}

import { Module } from '@nestjs/common';
import { RevalidationController } from './revalidation.controller';

/** POST /v1/admin/revalidate and its progress/report (the work runs in the worker's admin.revalidate queue). */
@Module({ controllers: [RevalidationController] })
export class RevalidationModule {}

import { Module } from '@nestjs/common';
import { RulesCatalogController } from './rules-catalog.controller';

@Module({ controllers: [RulesCatalogController] })
export class RulesCatalogModule {}

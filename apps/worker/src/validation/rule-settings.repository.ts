import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface RuleSettingRow {
  key: string;
  valid_from: string;
  valid_to: string | null;
  value: unknown;
}

/** The SQL of `rule_settings`: the effective-dated overrides of the shipped rule defaults. */
@Injectable()
export class RuleSettingsRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  /** Every override, by key then validity start (a later start overrides an earlier one of the same key). */
  overrides(): Promise<RuleSettingRow[]> {
    return this.ds.query(
      `SELECT key, valid_from::text, valid_to::text, value FROM rule_settings ORDER BY key, valid_from`,
    );
  }
}

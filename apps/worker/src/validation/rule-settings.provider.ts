import { Inject, Injectable } from '@nestjs/common';
import type { RuleSettings } from '@app/rules';
import { defaultRuleSettings, mergeSettings } from '@app/rules/settings';
import { RuleSettingsRepository } from './rule-settings.repository';

/**
 * Effective-dated rule settings: the shipped defaults merged with overrides kept in the
 * `rule_settings` table, so rates and tolerances change without a deploy. Cached for a minute.
 */
@Injectable()
export class RuleSettingsProvider {
  private cached: { at: number; settings: RuleSettings } | null = null;

  constructor(@Inject(RuleSettingsRepository) private readonly repo: RuleSettingsRepository) {}

  async current(): Promise<RuleSettings> {
    if (this.cached && Date.now() - this.cached.at < 60_000) return this.cached.settings;
    const rows = await this.repo.overrides();
    const overrides: Record<string, unknown> = {};
    for (const r of rows) overrides[r.key] = r.value;
    const settings = rows.length ? mergeSettings(defaultRuleSettings(), overrides as never) : defaultRuleSettings();
    this.cached = { at: Date.now(), settings };
    return settings;
  }

  invalidate(): void {
    this.cached = null;
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, EnvironmentVariables } from '@app/config';
import { MetricFilter, querySupplierCost, querySupplierRules, querySupplierTrend } from '@app/metrics';
import { localizeFinding, supplierLanguage, type Language } from '@app/rules';
import { notFound } from '../../../common/api-error';
import { SupplierRepository } from '../../master-data/supplier.repository';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type Scorecard = Awaited<ReturnType<SupplierScorecardService['scorecard']>>;

/** The cost of exceptions per supplier, and the one-page scorecard a supplier is sent. */
@Injectable()
export class SupplierScorecardService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly cfg: EnvironmentVariables,
    @Inject(SupplierRepository) private readonly suppliers: SupplierRepository,
  ) {}

  topByCost(f: MetricFilter, limit: number) {
    return querySupplierCost(this.ds, { from: f.from, to: f.to, dailyRate: this.cfg.LATE_PAYMENT_DAILY_RATE, limit });
  }

  async scorecard(id: string, f: MetricFilter) {
    if (!UUID.test(id)) throw notFound('Supplier', id);
    const s = await this.suppliers.identity(id);
    if (!s) throw notFound('Supplier', id);
    const lang: Language = supplierLanguage(s);
    const [[cost], rules, trend] = await Promise.all([
      querySupplierCost(this.ds, {
        from: f.from,
        to: f.to,
        dailyRate: this.cfg.LATE_PAYMENT_DAILY_RATE,
        supplierId: id,
        limit: 1,
      }),
      querySupplierRules(this.ds, id, f.from, f.to, 5),
      querySupplierTrend(this.ds, id, f.from, f.to),
    ]);
    return {
      supplier: { id: s.id, name: s.name, vatId: s.vat_id, countryCode: s.country_code },
      language: lang,
      period: { from: f.from.toISOString(), to: f.to.toISOString() },
      dailyRate: this.cfg.LATE_PAYMENT_DAILY_RATE,
      cost: cost ?? null,
      trend,
      topRules: rules.map((r) => {
        const text = localizeFinding(r, lang);
        return {
          ruleId: r.ruleId,
          exceptions: r.exceptions,
          invoices: r.invoices,
          handleHours: r.handleHours,
          handlingCost: r.handlingCost,
          fieldPath: r.fieldPath,
          text: text.message,
          whatToFix: text.hint ?? null,
        };
      }),
    };
  }
}

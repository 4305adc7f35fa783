import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  byDay,
  COUNTRY_TIME_ZONES,
  forecastQueue,
  ForecastReviewer,
  hourOfWeek,
  loadForecastInputs,
  TriageClock,
  wape,
  findQueue,
} from '@app/triage';
import { unprocessable } from '../../common/api-error';
import { WhatIfDto } from './dto/what-if.dto';
import { ForecastRepository } from './forecast.repository';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const TRAIN_DAYS = 28;

/**
 * Staffing forecast per queue (Erlang C over an hour-by-hour fluid backlog, see @app/triage forecast):
 * the next days as the team stands, the same with extra reviewers (what-if), and the last week's
 * forecast against what happened.
 */
@Injectable()
export class ForecastService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(TriageClock) private readonly clock: TriageClock,
    @Inject(ForecastRepository) private readonly repo: ForecastRepository,
  ) {}

  async overview(days = 3) {
    const now = this.clock.now();
    const at = new Date(Math.floor(now.getTime() / HOUR) * HOUR);
    const surges = await this.repo.surgingQueues();
    const queues = (await this.run(at, days, [])).map((q) => {
      const s = surges.find((x) => x.key === q.queueKey);
      return { ...q, surgeSince: s ? new Date(s.surge_since).toISOString() : null };
    });
    return { generatedAt: now.toISOString(), days, queues, lastWeek: await this.lastWeek(at) };
  }

  async whatIf(dto: WhatIfDto) {
    const now = this.clock.now();
    const at = new Date(Math.floor(now.getTime() / HOUR) * HOUR);
    if (dto.queueKey) {
      if (!(await findQueue(this.ds.manager, dto.queueKey)))
        throw unprocessable('UNKNOWN_QUEUE', `No queue ${dto.queueKey}`, [
          { path: 'queueKey', issue: 'unknown queue', actual: dto.queueKey },
        ]);
    }
    const extra: ForecastReviewer[] = dto.add.flatMap((a) =>
      Array.from({ length: a.count }, () => ({
        countries: a.countries,
        languages: a.languages ?? [],
        categories: a.categories,
        workingHours: a.workingHours ?? { days: [1, 2, 3, 4, 5], start: '08:00', end: '17:00' },
        timeZone: a.timeZone ?? COUNTRY_TIME_ZONES[a.countries[0]] ?? 'Europe/Helsinki',
        homeCountry: a.countries[0] ?? null,
        from: new Date(a.from),
      })),
    );
    const days = dto.days ?? 5;
    const [baseline, withExtra] = await Promise.all([
      this.run(at, days, [], dto.queueKey),
      this.run(at, days, extra, dto.queueKey),
    ]);
    return {
      generatedAt: now.toISOString(),
      days,
      queues: baseline.map((b) => ({
        queueKey: b.queueKey,
        baseline: b.days,
        whatIf: withExtra.find((w) => w.queueKey === b.queueKey)!.days,
      })),
    };
  }

  /**
   * The rest of today and the next `days` whole days (UTC), so that the days shown do not depend on the
   * hour of the request: a fixed 24 × days hours from now gave `days` days at midnight and a cut-off
   * extra day at any other hour.
   */
  private async run(at: Date, days: number, extra: ForecastReviewer[], queueKey?: string) {
    const hours = Math.round((Math.floor(at.getTime() / DAY) * DAY + (days + 1) * DAY - at.getTime()) / HOUR);
    const inputs = await loadForecastInputs(this.ds, {
      at,
      hours,
      trainFrom: new Date(at.getTime() - TRAIN_DAYS * DAY),
      trainTo: at,
      extra,
      queueKey,
    });
    return inputs
      .map((i) => ({
        queueKey: i.queueKey,
        backlog: i.backlog,
        handleMinutes: round(i.handleMinutes),
        days: byDay(forecastQueue(i, at, hours)),
      }))
      .filter((q) => q.backlog > 0 || q.days.some((d) => d.arrivals > 0));
  }

  /** Each of the last 7 days: arrivals the model (trained on the 28 days before that week) expected, and those that came. */
  private async lastWeek(at: Date) {
    const start = new Date(Math.floor(at.getTime() / DAY) * DAY - 7 * DAY);
    const inputs = await loadForecastInputs(this.ds, {
      at: start,
      hours: 1,
      trainFrom: new Date(start.getTime() - TRAIN_DAYS * DAY),
      trainTo: start,
    });
    const actual = await this.repo.arrivalsByDay(start, new Date(start.getTime() + 7 * DAY));
    const rows = Array.from({ length: 7 }, (_, d) => {
      const day = new Date(start.getTime() + d * DAY);
      let predicted = 0;
      for (let h = 0; h < 24; h++) {
        const how = hourOfWeek(new Date(day.getTime() + h * HOUR));
        predicted += inputs.reduce((s, i) => s + i.arrivalsByHourOfWeek[how], 0);
      }
      const iso = day.toISOString().slice(0, 10);
      return { day: iso, predicted: round(predicted), actual: actual.find((a) => a.day === iso)?.n ?? 0 };
    });
    return { days: rows, wape: wape(rows) };
  }
}

const round = (x: number) => Math.round(x * 10) / 10;

import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { validateEnvironment } from '@app/config';
import { typeOrmOptions } from '@app/persistence';
import { byDay, forecastQueue, loadForecastInputs, wape } from '@app/triage';
import { ForecastBacktestRepository } from './repositories/forecast-backtest.repository';

/**
 * Backtest of the staffing forecast on the data in the database (the demo month): the model learns
 * from the first three weeks and forecasts every later day, per queue; the error is the weighted
 * absolute percentage error of daily arrivals, and the backlog the model carries against the real one.
 *
 *   node scripts/demo-data/ts-run.mjs scripts/forecast/forecast-backtest.ts [--train-days 21]
 */
const DAY = 86_400_000;

async function main() {
  const trainDays = Number(process.argv[process.argv.indexOf('--train-days') + 1]) || 21;
  const env = validateEnvironment(process.env);
  const ds = new DataSource(typeOrmOptions({ url: env.DATABASE_URL, schema: env.DATABASE_SCHEMA, poolSize: 2 }));
  await ds.initialize();
  const repo = new ForecastBacktestRepository(ds);
  const { first, last } = await repo.span();
  if (!first || !last) throw new Error('no exceptions in the database: generate the demo month first');
  const start = new Date(Math.ceil(new Date(first).getTime() / DAY) * DAY);
  const cut = new Date(start.getTime() + trainDays * DAY);
  const days = Math.floor((new Date(last).getTime() - cut.getTime()) / DAY);
  const inputs = await loadForecastInputs(ds, { at: cut, hours: days * 24, trainFrom: start, trainTo: cut });
  const actual = await repo.arrivalsByQueueAndDay(cut, new Date(cut.getTime() + days * DAY));
  const queueDays: { predicted: number; actual: number }[] = [];
  const totals = new Map<string, { predicted: number; actual: number }>();
  for (const i of inputs) {
    for (const d of byDay(forecastQueue(i, cut, days * 24))) {
      const a = actual.find((x) => x.queue_key === i.queueKey && x.day === d.day)?.n ?? 0;
      queueDays.push({ predicted: d.arrivals, actual: a });
      const t = totals.get(d.day) ?? { predicted: 0, actual: 0 };
      totals.set(d.day, { predicted: t.predicted + d.arrivals, actual: t.actual + a });
    }
  }
  console.log(`trained on ${start.toISOString().slice(0, 10)} … ${cut.toISOString().slice(0, 10)} (${trainDays} days)`);
  console.log('day         predicted  actual');
  for (const [day, t] of [...totals.entries()].sort())
    console.log(`${day}  ${t.predicted.toFixed(1).padStart(9)}  ${String(t.actual).padStart(6)}`);
  const all = [...totals.values()];
  console.log(`daily arrivals, all queues: WAPE ${(100 * wape(all)!).toFixed(1)} % over ${all.length} days`);
  console.log(
    `daily arrivals per queue:   WAPE ${(100 * wape(queueDays)!).toFixed(1)} % over ${queueDays.length} queue-days`,
  );
  await ds.destroy();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

import { useEffect, useState } from 'preact/hooks';
import type { ForecastResponse } from '@app/contracts';
import { api } from '../api';
import { queueLabel } from '../labels';

const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 100)} %`);

/** The forecast covers today and the days after it. */
const forecastHeading = (days: number) =>
  days <= 1 ? 'Staffing forecast: today' : `Staffing forecast: today and the next ${days - 1} days`;

/** Staffing forecast (Erlang C) per queue for the next days, surge flags, and last week's forecast against what came. */
export function ForecastPanel() {
  const [f, setF] = useState<ForecastResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api<ForecastResponse>('GET', '/v1/forecast?days=3')
      .then(setF)
      .catch((e) => setError(e.message));
  }, []);
  if (error) return <p class="error">{error}</p>;
  if (!f) return null;
  const top = [...f.queues]
    .sort((a, b) => (b.surgeSince ? 1 : 0) - (a.surgeSince ? 1 : 0) || b.days[0].arrivals - a.days[0].arrivals)
    .slice(0, 10);
  return (
    <section class="card" data-testid="forecast-panel">
      <h3>{forecastHeading(f.queues[0]?.days.length ?? 0)}</h3>
      {top.length === 0 && <p class="muted">No queue to forecast yet.</p>}
      <table hidden={top.length === 0}>
        <thead>
          <tr>
            <th>Queue</th>
            <th>Backlog now</th>
            {(top[0]?.days ?? []).map((d) => (
              <th key={d.day}>{d.day.slice(5)}: arrivals / capacity / SLA</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {top.map((q) => (
            <tr key={q.queueKey} class={q.surgeSince ? 'surge' : ''}>
              <td>
                <a href={`/exceptions?${new URLSearchParams({ queue: q.queueKey })}`} title={q.queueKey}>
                  {queueLabel(q.queueKey)}
                </a>
                {q.surgeSince && (
                  <span class="badge badge--overdue" data-testid="surge-badge">
                    surge
                  </span>
                )}
              </td>
              <td>{q.backlog}</td>
              {q.days.map((d) => (
                <td key={d.day}>
                  {d.arrivals} / {d.capacity} / {pct(d.attainment)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <h3>Forecast vs actual: the last 7 days (all queues)</h3>
      <table data-testid="forecast-vs-actual">
        <thead>
          <tr>
            <th>Day</th>
            <th>Forecast arrivals</th>
            <th>Actual arrivals</th>
          </tr>
        </thead>
        <tbody>
          {f.lastWeek.days.map((d) => (
            <tr key={d.day}>
              <td>{d.day}</td>
              <td>{d.predicted}</td>
              <td>{d.actual}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="muted small">Weighted absolute error over the week: {pct(f.lastWeek.wape)}</p>
    </section>
  );
}

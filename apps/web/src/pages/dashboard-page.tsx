import { useEffect, useState } from 'preact/hooks';
import { api, User } from '../api';
import { SeriesPoint, ThroughputChart } from '../components/throughput-chart';

interface Duration { count: number; p50: number | null; p90: number | null; p95: number | null }
interface Summary {
  scope: 'all' | 'self'; received: number | null; touchlessRate: number | null; exceptionsOpened: number | null; exceptionsResolved: number;
  resolutionTime: Duration; waitTime: Duration; handleTime: Duration; slaAttainment: number | null; throughput: { perDay: number }; series: SeriesPoint[]; percentileMethod: string;
}
interface QueueRow { key: string; name: string; backlog: number; unassigned: number; atRisk: number; breached: number; oldestAgeSeconds: number | null;
  ageing: Record<string, number>; arrivalRatePerHour: number; serviceRatePerHour: number; slaAttainment: number | null }
interface ReviewerRow { reviewerId: string; name: string; availability: string; open: number; capacity: number; utilisation: number | null; resolvedToday: number;
  resolvedThisWeek: number; weeklyGoal: number; goalProgress: number | null; medianHandleSeconds: number | null; countries: string[] }
interface RootCause { key: string; label: string; validated: number; affected: number; rate: number | null }

const COUNTRIES = ['EE', 'FI', 'SE', 'NO', 'DK', 'LV', 'LT', 'PL', 'DE', 'NL'];
const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${(v * 100).toFixed(1)} %`);
const num = (v: number | null | undefined, d = 0) => (v === null || v === undefined ? '—' : v.toFixed(d));
export function dur(s: number | null | undefined): string {
  if (s === null || s === undefined) return '—';
  if (s < 90) return `${Math.round(s)} s`;
  if (s < 5400) return `${Math.round(s / 60)} min`;
  if (s < 172800) return `${(s / 3600).toFixed(1)} h`;
  return `${(s / 86400).toFixed(1)} d`;
}
const AGEING: [string, string][] = [['under1h', '< 1 h'], ['h1to4', '1–4 h'], ['h4to24', '4–24 h'], ['d1to3', '1–3 d'], ['d3to7', '3–7 d'], ['over7d', '> 7 d']];

/** Managers: flow, backlog, SLA, reviewer load and root causes. Reviewers: their own figures. */
export function DashboardPage({ user }: { user: User }) {
  const manager = user.role !== 'reviewer';
  const [days, setDays] = useState(30);
  const [country, setCountry] = useState('');
  const [summary, setSummary] = useState<Summary | null>(null);
  const [queues, setQueues] = useState<QueueRow[]>([]);
  const [reviewers, setReviewers] = useState<ReviewerRow[]>([]);
  const [causes, setCauses] = useState<Record<string, RootCause[]>>({});
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const to = new Date();
    const from = new Date(Date.UTC(to.getUTCFullYear(), to.getUTCMonth(), to.getUTCDate()) - (days - 1) * 86_400_000);
    const q = `from=${from.toISOString()}&to=${to.toISOString()}${country ? `&country=${country}` : ''}`;
    const load = async () => {
      const [s, r] = await Promise.all([api<Summary>('GET', `/v1/metrics/summary?${q}`), api<{ reviewers: ReviewerRow[] }>('GET', `/v1/metrics/reviewers?${q}`)]);
      setSummary(s);
      setReviewers(r.reviewers);
      if (manager) {
        const [qs, bySupplier, byRule, byCountry] = await Promise.all([
          api<{ queues: QueueRow[] }>('GET', `/v1/metrics/queues?${q}`),
          api<{ items: RootCause[] }>('GET', `/v1/metrics/root-causes?by=supplier&limit=10&${q}`),
          api<{ items: RootCause[] }>('GET', `/v1/metrics/root-causes?by=rule&limit=10&minInvoices=0&${q}`),
          api<{ items: RootCause[] }>('GET', `/v1/metrics/root-causes?by=country&limit=10&minInvoices=0&${q}`),
        ]);
        setQueues(qs.queues);
        setCauses({ supplier: bySupplier.items, rule: byRule.items, country: byCountry.items });
      }
    };
    load().catch((e) => setError(e.message));
    const t = setInterval(() => load().catch(() => undefined), 30_000);
    return () => clearInterval(t);
  }, [days, country]);

  return (
    <main class="dashboard">
      <div class="filters">
        <h2>{manager ? 'Operations' : 'My figures'}</h2>
        <label>Period
          <select name="period" value={days} onChange={(e) => setDays(Number(e.currentTarget.value))}>
            {[1, 7, 30, 90, 365].map((d) => <option value={d} key={d}>{d === 1 ? 'Today' : `Last ${d} days`}</option>)}
          </select>
        </label>
        <label>Country
          <select name="country" value={country} onChange={(e) => setCountry(e.currentTarget.value)}>
            <option value="">All</option>
            {COUNTRIES.map((c) => <option key={c}>{c}</option>)}
          </select>
        </label>
      </div>
      {error && <div class="error" role="alert">{error}</div>}
      {summary && (
        <section class="kpis" data-testid="kpis">
          {summary.received !== null && <Kpi label="Invoices received" value={num(summary.received)} />}
          {summary.touchlessRate !== null && <Kpi label="Touchless" value={pct(summary.touchlessRate)} />}
          {summary.exceptionsOpened !== null && <Kpi label="Exceptions opened" value={num(summary.exceptionsOpened)} />}
          <Kpi label="Exceptions resolved" value={num(summary.exceptionsResolved)} testId="kpi-resolved" />
          <Kpi label="Throughput / day" value={num(summary.throughput.perDay, 1)} />
          <Kpi label="SLA attainment" value={pct(summary.slaAttainment)} />
          <Kpi label="Resolution p50 / p90" value={`${dur(summary.resolutionTime.p50)} / ${dur(summary.resolutionTime.p90)}`} />
          <Kpi label="Wait p50 / p90" value={`${dur(summary.waitTime.p50)} / ${dur(summary.waitTime.p90)}`} />
          <Kpi label="Handle p50 / p90" value={`${dur(summary.handleTime.p50)} / ${dur(summary.handleTime.p90)}`} />
        </section>
      )}
      {summary && <section class="card"><h3>Arrivals and throughput</h3><ThroughputChart series={summary.series} /></section>}
      {manager && (
        <section class="card">
          <h3>Backlog by queue</h3>
          <table data-testid="queue-table">
            <thead><tr><th>Queue</th><th>Backlog</th><th>Unassigned</th>{AGEING.map(([, l]) => <th key={l}>{l}</th>)}<th>At risk</th><th>Breached</th><th>Arrivals / h</th><th>Served / h</th><th>SLA</th></tr></thead>
            <tbody>
              {queues.filter((q) => q.backlog || q.arrivalRatePerHour).map((q) => (
                <tr key={q.key}><td>{q.name}</td><td>{q.backlog}</td><td>{q.unassigned}</td>{AGEING.map(([k]) => <td key={k} class={q.ageing[k] ? '' : 'muted'}>{q.ageing[k]}</td>)}
                  <td class={q.atRisk ? 'warn' : ''}>{q.atRisk}</td><td class={q.breached ? 'bad' : ''}>{q.breached}</td><td>{q.arrivalRatePerHour.toFixed(2)}</td><td>{q.serviceRatePerHour.toFixed(2)}</td><td>{pct(q.slaAttainment)}</td></tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      <section class="card">
        <h3>{manager ? 'Reviewer load' : 'My load'}</h3>
        <table data-testid="reviewer-table">
          <thead><tr><th>Reviewer</th><th>Availability</th><th>Open / capacity</th><th>Utilisation</th><th>Resolved today</th><th>This week / goal</th><th>Goal</th><th>Median handle</th></tr></thead>
          <tbody>
            {reviewers.map((r) => (
              <tr key={r.reviewerId}><td>{r.name} <span class="muted">{r.countries.join(' ')}</span></td><td><span class={`dot dot--${r.availability}`} />{r.availability}</td>
                <td>{r.open} / {r.capacity}</td><td><Bar value={r.utilisation} /></td><td>{r.resolvedToday}</td><td>{r.resolvedThisWeek} / {r.weeklyGoal}</td>
                <td><Bar value={r.goalProgress} /></td><td>{dur(r.medianHandleSeconds)}</td></tr>
            ))}
          </tbody>
        </table>
      </section>
      {manager && (
        <div class="columns three">
          <CauseTable title="Top suppliers by exception rate" rows={causes.supplier ?? []} />
          <CauseTable title="Top rules" rows={causes.rule ?? []} />
          <CauseTable title="Countries" rows={causes.country ?? []} />
        </div>
      )}
    </main>
  );
}

function Kpi({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return <div class="kpi" data-testid={testId}><span class="muted">{label}</span><strong>{value}</strong></div>;
}

function Bar({ value }: { value: number | null }) {
  if (value === null) return <span class="muted">—</span>;
  const w = Math.min(100, Math.round(value * 100));
  return <span class="bar" title={pct(value)}><span class={`bar-fill${value > 1 ? ' over' : ''}`} style={{ width: `${w}%` }} /><span class="bar-label">{pct(value)}</span></span>;
}

function CauseTable({ title, rows }: { title: string; rows: RootCause[] }) {
  return (
    <section class="card">
      <h3>{title}</h3>
      <table>
        <thead><tr><th></th><th>Invoices</th><th>With exception</th><th>Rate</th></tr></thead>
        <tbody>{rows.map((r) => <tr key={r.key}><td>{r.label}</td><td>{r.validated}</td><td>{r.affected}</td><td>{pct(r.rate)}</td></tr>)}</tbody>
      </table>
    </section>
  );
}

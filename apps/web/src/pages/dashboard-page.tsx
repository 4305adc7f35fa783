import { useEffect, useState } from 'preact/hooks';
import { ForecastPanel } from '../components/forecast-panel';
import type {
  AgeingBucket,
  MetricsSummary,
  QueueMetrics,
  QueueMetricsResponse,
  ReviewerList,
  ReviewerMetrics,
  ReviewerMetricsResponse,
  ReviewerView,
  RootCauseRow,
  RootCausesResponse,
  SupplierCostResponse,
  SupplierCostRow,
} from '@app/contracts';
import { api, User } from '../api';
import { ThroughputChart } from '../components/throughput-chart';
import { fmtDuration, fmtInt, fmtNum, fmtPct } from '../format';
import { COUNTRIES, COUNTRY_NAMES, queueLabel, useRules } from '../labels';

const pct = fmtPct;
const num = (v: number | null | undefined, d = 0) => (d ? fmtNum(v, d) : fmtInt(v));
export const dur = fmtDuration;
/** Ageing buckets and the minimum age (hours) of each, for the drill-down to the exception list. */
const AGEING: [AgeingBucket, string, number][] = [
  ['under1h', '< 1 h', 0],
  ['h1to4', '1–4 h', 1],
  ['h4to24', '4–24 h', 4],
  ['d1to3', '1–3 d', 24],
  ['d3to7', '3–7 d', 72],
  ['over7d', '> 7 d', 168],
];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** What the load check needs of a reviewer profile (GET /v1/reviewers). */
type StaffProfile = Pick<ReviewerView, 'id' | 'workingHours' | 'timeZone'>;

/** Link to the exception list with these filters (the dashboard's drill-down). */
const drill = (params: Record<string, string | undefined>) =>
  `/exceptions?${new URLSearchParams(Object.entries(params).filter(([, v]) => v) as [string, string][]).toString()}`;

/** Is it inside the reviewer's working hours right now, in their own time zone? */
export function insideWorkingHours(p: StaffProfile, now = new Date()): boolean {
  try {
    const parts = new Intl.DateTimeFormat('en-GB', {
      timeZone: p.timeZone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).formatToParts(now);
    const get = (t: string) => parts.find((x) => x.type === t)?.value ?? '';
    const day = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(get('weekday')) + 1;
    const hm = `${get('hour')}:${get('minute')}`;
    return p.workingHours.days.includes(day) && hm >= p.workingHours.start && hm < p.workingHours.end;
  } catch {
    return true;
  }
}

/** Why a reviewer gets no new items right now (or null when they can). */
export function whyNoLoad(r: ReviewerMetrics, profile: StaffProfile | undefined, now = new Date()): string | null {
  if (r.availability === 'off') return 'off duty: gets no items';
  if (r.availability === 'away') return 'away: gets no new items';
  if (profile && !insideWorkingHours(profile, now))
    return `outside working hours (${profile.workingHours.start}–${profile.workingHours.end} ${profile.timeZone})`;
  if (r.capacity > 0 && r.open >= r.capacity) return 'at capacity';
  return null;
}

/** Managers: flow, backlog, SLA, reviewer load and root causes. Reviewers: their own figures. */
/** Suppliers whose exceptions cost the most (handling + late-payment risk), each linked to its printable scorecard. */
function SupplierCostPanel({ rows, period }: { rows: SupplierCostRow[]; period: string }) {
  return (
    <section class="card" data-testid="supplier-cost">
      <h3>Top suppliers by cost of exceptions</h3>
      <table>
        <thead>
          <tr>
            <th>Supplier</th>
            <th class="num">Exceptions</th>
            <th class="num">Handle time</th>
            <th class="num">Handling</th>
            <th class="num">Late payment</th>
            <th class="num">Total</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.supplierId}>
              <td>
                <a
                  href={`/v1/suppliers/${r.supplierId}/scorecard?format=html&${period}`}
                  target="_blank"
                  rel="noopener"
                  data-testid="scorecard-link"
                >
                  {r.name}
                </a>{' '}
                <span class="muted small">{r.countryCode}</span>
              </td>
              <td class="num">{num(r.exceptions)}</td>
              <td class="num">{r.handleHours} h</td>
              <td class="num">{r.handlingCost}</td>
              <td class="num">{r.latePaymentRisk}</td>
              <td class="num">
                <b>
                  {r.totalCost} {r.currency}
                </b>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {!rows.length && <p class="muted">No supplier exceptions in this period.</p>}
    </section>
  );
}

export function DashboardPage({ user }: { user: User }) {
  const manager = user.role !== 'reviewer';
  const [days, setDays] = useState(30);
  const [country, setCountry] = useState('');
  const [summary, setSummary] = useState<MetricsSummary | null>(null);
  const [queues, setQueues] = useState<QueueMetrics[]>([]);
  const [reviewers, setReviewers] = useState<ReviewerMetrics[]>([]);
  const [causes, setCauses] = useState<Record<string, RootCauseRow[]>>({});
  const [error, setError] = useState<string | null>(null);
  const [profiles, setProfiles] = useState<Record<string, StaffProfile>>({});
  const [totalValidated, setTotalValidated] = useState<number | null>(null);
  const [costs, setCosts] = useState<SupplierCostRow[]>([]);
  const [period, setPeriod] = useState('');
  const rules = useRules();

  useEffect(() => {
    // False once the period or country changed (or the page was left): an answer still arriving for
    // them is stale and must neither fill in its figures nor clear or set the message of the current one.
    let current = true;
    const to = new Date();
    const from = new Date(Date.UTC(to.getUTCFullYear(), to.getUTCMonth(), to.getUTCDate()) - (days - 1) * 86_400_000);
    const q = `from=${from.toISOString()}&to=${to.toISOString()}${country ? `&country=${country}` : ''}`;
    const load = async () => {
      const [s, r] = await Promise.all([
        api<MetricsSummary>('GET', `/v1/metrics/summary?${q}`),
        api<ReviewerMetricsResponse>('GET', `/v1/metrics/reviewers?${q}`),
      ]);
      if (!current) return;
      setSummary(s);
      setReviewers(r.reviewers);
      if (manager) {
        const [qs, bySupplier, byRule, byCountry, staff] = await Promise.all([
          api<QueueMetricsResponse>('GET', `/v1/metrics/queues?${q}`),
          api<RootCausesResponse>('GET', `/v1/metrics/root-causes?by=supplier&limit=10&${q}`),
          api<RootCausesResponse>('GET', `/v1/metrics/root-causes?by=rule&limit=10&minInvoices=0&sort=affected&${q}`),
          api<RootCausesResponse>('GET', `/v1/metrics/root-causes?by=country&limit=10&minInvoices=0&${q}`),
          api<ReviewerList>('GET', '/v1/reviewers').catch((): ReviewerList => ({ items: [] })),
        ]);
        if (!current) return;
        setQueues(qs.queues);
        setCauses({ supplier: bySupplier.items, rule: byRule.items, country: byCountry.items });
        setTotalValidated(byRule.totalValidated ?? null);
        setProfiles(Object.fromEntries(staff.items.map((x) => [x.id, x])));
        const cost = await api<SupplierCostResponse>(
          'GET',
          `/v1/metrics/suppliers/cost?limit=5&from=${from.toISOString()}&to=${to.toISOString()}`,
        );
        if (!current) return;
        setCosts(cost.items);
        setPeriod(`from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}`);
      }
      // A request that succeeds clears the message of one that failed before.
      setError(null);
    };
    const failed = (e: Error) => {
      if (current) setError(e.message);
    };
    load().catch(failed);
    const t = setInterval(() => load().catch(failed), 30_000);
    return () => {
      current = false;
      clearInterval(t);
    };
  }, [days, country]);

  return (
    <main class="dashboard">
      <div class="filters">
        <h2>{manager ? 'Operations' : 'My figures'}</h2>
        <label>
          Period
          <select name="period" value={days} onChange={(e) => setDays(Number(e.currentTarget.value))}>
            {[1, 7, 30, 90, 365].map((d) => (
              <option value={d} key={d}>
                {d === 1 ? 'Today' : `Last ${d} days`}
              </option>
            ))}
          </select>
        </label>
        <label>
          Country
          <select name="country" value={country} onChange={(e) => setCountry(e.currentTarget.value)}>
            <option value="">All</option>
            {COUNTRIES.map((c) => (
              <option key={c} value={c}>
                {COUNTRY_NAMES[c]}
              </option>
            ))}
          </select>
        </label>
      </div>
      {error && (
        <div class="error" role="alert">
          {error}
        </div>
      )}
      {summary && (
        <section class="kpis" data-testid="kpis">
          {summary.received !== null && <Kpi label="Invoices received" value={num(summary.received)} />}
          {summary.touchlessRate !== null && <Kpi label="Touchless" value={pct(summary.touchlessRate)} />}
          {summary.exceptionsOpened !== null && <Kpi label="Exceptions opened" value={num(summary.exceptionsOpened)} />}
          <Kpi label="Exceptions resolved" value={num(summary.exceptionsResolved)} testId="kpi-resolved" />
          <Kpi label="Throughput / day" value={num(summary.throughput.perDay, 1)} />
          <Kpi label="SLA attainment" value={pct(summary.slaAttainment)} />
          <Kpi
            label="Resolution p50 / p90"
            value={`${dur(summary.resolutionTime.p50)} / ${dur(summary.resolutionTime.p90)}`}
          />
          <Kpi label="Wait p50 / p90" value={`${dur(summary.waitTime.p50)} / ${dur(summary.waitTime.p90)}`} />
          <Kpi label="Handle p50 / p90" value={`${dur(summary.handleTime.p50)} / ${dur(summary.handleTime.p90)}`} />
        </section>
      )}
      {summary && (
        <section class="card">
          <h3>Arrivals and throughput</h3>
          <ThroughputChart
            series={summary.series}
            onDay={
              manager
                ? (day) => {
                    // The exceptions opened that day (UTC), whatever became of them.
                    const from = `${day.slice(0, 10)}T00:00:00Z`;
                    const to = new Date(Date.parse(from) + 86_400_000).toISOString();
                    location.assign(
                      drill({
                        status: 'open,assigned,awaiting_second_approval,second_review,escalated,resolved,superseded',
                        createdFrom: from,
                        createdTo: to,
                        country: country || undefined,
                        sort: 'oldest',
                      }),
                    );
                  }
                : undefined
            }
          />
        </section>
      )}
      {manager && (
        <section class="card">
          <h3>Backlog by queue</h3>
          <table data-testid="queue-table">
            <thead>
              <tr>
                <th>Queue</th>
                <th>Backlog</th>
                <th>Unassigned</th>
                {AGEING.map(([, l]) => (
                  <th key={l}>{l}</th>
                ))}
                <th>At risk</th>
                <th>Breached</th>
                <th title="exceptions opened per day in the period">Arrivals / day</th>
                <th title="exceptions resolved per day in the period">Resolved / day</th>
                <th>SLA</th>
              </tr>
            </thead>
            <tbody>
              {queues
                .filter((q) => q.backlog || q.arrivalRatePerHour)
                .map((q) => {
                  const c = country || undefined;
                  return (
                    <tr key={q.key} data-queue={q.key}>
                      <td>
                        <a href={drill({ queue: q.key, country: c })}>{queueLabel(q.key)}</a>
                      </td>
                      <td>
                        <a href={drill({ queue: q.key, country: c })}>{num(q.backlog)}</a>
                      </td>
                      <td>
                        <a href={drill({ queue: q.key, country: c, assignee: 'none' })}>{num(q.unassigned)}</a>
                      </td>
                      {AGEING.map(([k, , h]) => (
                        <td key={k} class={q.ageing[k] ? '' : 'muted'}>
                          {q.ageing[k] && h ? (
                            <a href={drill({ queue: q.key, country: c, minAgeHours: String(h), sort: 'oldest' })}>
                              {num(q.ageing[k])}
                            </a>
                          ) : (
                            num(q.ageing[k])
                          )}
                        </td>
                      ))}
                      <td class={q.atRisk ? 'warn' : ''}>{num(q.atRisk)}</td>
                      <td class={q.breached ? 'bad' : ''}>
                        {q.breached ? (
                          <a href={drill({ queue: q.key, country: c, breached: 'true' })}>{num(q.breached)}</a>
                        ) : (
                          0
                        )}
                      </td>
                      <td>{num(q.arrivalRatePerHour * 24, 1)}</td>
                      <td>{num(q.serviceRatePerHour * 24, 1)}</td>
                      <td>{pct(q.slaAttainment)}</td>
                    </tr>
                  );
                })}
            </tbody>
          </table>
        </section>
      )}
      {manager && <ForecastPanel />}
      <section class="card">
        <h3>{manager ? 'Reviewer load' : 'My load'}</h3>
        <table data-testid="reviewer-table">
          <thead>
            <tr>
              <th>Reviewer</th>
              <th>Availability</th>
              <th>Open / capacity</th>
              <th>Utilisation</th>
              <th>Resolved today</th>
              <th>This week / goal</th>
              <th>Goal</th>
              <th>Median handle</th>
            </tr>
          </thead>
          <tbody>
            {reviewers.map((r) => {
              const why = whyNoLoad(r, profiles[r.reviewerId]);
              return (
                <tr key={r.reviewerId}>
                  <td>
                    {manager ? <a href={drill({ assignee: r.reviewerId })}>{r.name}</a> : r.name}{' '}
                    <span class="muted">{r.countries.join(' ')}</span>
                  </td>
                  <td>
                    <span class={`dot dot--${r.availability}`} />
                    {r.availability}
                    {why && (
                      <div class="muted small" data-testid="no-load-reason">
                        {why}
                      </div>
                    )}
                  </td>
                  <td>
                    {r.open} / {r.capacity}
                  </td>
                  <td>
                    <Bar value={r.utilisation} />
                  </td>
                  <td>{r.resolvedToday}</td>
                  <td>
                    {r.resolvedThisWeek} / {r.weeklyGoal}
                  </td>
                  <td>
                    <Bar value={r.goalProgress} />
                  </td>
                  <td>{dur(r.medianHandleSeconds)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>
      {manager && <SupplierCostPanel rows={costs} period={period} />}
      {manager && (
        <div class="columns three">
          <CauseTable
            title="Top suppliers by exception rate"
            rows={causes.supplier ?? []}
            link={(r) => drill(UUID.test(r.key) ? { supplier: r.key } : { q: r.label })}
          />
          <RuleTable
            rows={causes.rule ?? []}
            total={totalValidated}
            describe={(id) => rules.get(id)?.description}
            country={country}
          />
          <CauseTable
            title="Countries"
            rows={causes.country ?? []}
            link={(r) => (/^[A-Z]{2}$/.test(r.key) ? drill({ country: r.key }) : null)}
            label={(r) => COUNTRY_NAMES[r.key] ?? r.label}
          />
        </div>
      )}
    </main>
  );
}

function Kpi({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div class="kpi" data-testid={testId}>
      <span class="muted">{label}</span>
      <strong>{value}</strong>
    </div>
  );
}

function Bar({ value }: { value: number | null }) {
  if (value === null) return <span class="muted">—</span>;
  const w = Math.min(100, Math.round(value * 100));
  return (
    <span class="bar" title={pct(value)}>
      <span class={`bar-fill${value > 1 ? ' over' : ''}`} style={{ width: `${w}%` }} />
      <span class="bar-label">{pct(value)}</span>
    </span>
  );
}

function CauseTable({
  title,
  rows,
  link,
  label,
}: {
  title: string;
  rows: RootCauseRow[];
  link: (r: RootCauseRow) => string | null;
  label?: (r: RootCauseRow) => string;
}) {
  return (
    <section class="card">
      <h3>{title}</h3>
      <table>
        <thead>
          <tr>
            <th></th>
            <th>Invoices</th>
            <th>With exception</th>
            <th>Rate</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const href = link(r);
            const text = label ? label(r) : r.label;
            return (
              <tr key={r.key}>
                <td>{href ? <a href={href}>{text}</a> : text}</td>
                <td>{num(r.validated)}</td>
                <td>{num(r.affected)}</td>
                <td>{pct(r.rate)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

/** Rules that stopped the most invoices: the rule's text, how many invoices it stopped and their share of all invoices checked. */
function RuleTable({
  rows,
  total,
  describe,
  country,
}: {
  rows: RootCauseRow[];
  total: number | null;
  describe: (id: string) => string | undefined;
  country: string;
}) {
  return (
    <section class="card" data-testid="rule-table">
      <h3>Top rules</h3>
      <p class="muted small">
        {total !== null ? `Share of the ${num(total)} invoices checked in the period that the rule stopped.` : ''}
      </p>
      <table>
        <thead>
          <tr>
            <th>Rule</th>
            <th>Invoices stopped</th>
            <th>Share</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <td>
                <a href={drill({ q: r.key, country: country || undefined })}>{describe(r.key) ?? r.key}</a>{' '}
                <span class="muted small">{r.key}</span>
              </td>
              <td>{num(r.affected)}</td>
              <td>{pct(r.rate)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { BulkActionResult, ExceptionListPage, ListedException, ReviewerList, ReviewerView } from '@app/contracts';
import { api, apiText, saveFile, User } from '../api';
import { fmtDateTime, fmtDue, fmtDuration, fmtMoney } from '../format';
import { COUNTRIES, COUNTRY_NAMES, queueLabel, STATUS_LABELS, statusLabel, useRules } from '../labels';

/** The filters of GET /v1/exceptions that the page keeps in its address (so dashboard rows can link here). */
export const FILTER_KEYS = [
  'status',
  'queue',
  'country',
  'assignee',
  'supplier',
  'minAgeHours',
  'breached',
  'q',
  'sort',
  'createdFrom',
  'createdTo',
] as const;
type Filters = Partial<Record<(typeof FILTER_KEYS)[number], string>>;

const readFilters = (): Filters => {
  const sp = new URLSearchParams(location.search);
  return Object.fromEntries(FILTER_KEYS.filter((k) => sp.get(k)).map((k) => [k, sp.get(k)!]));
};
const query = (f: Filters) =>
  new URLSearchParams(Object.entries(f).filter(([, v]) => v) as [string, string][]).toString();

/** Managers: every exception, filtered and searched, with bulk reassign / release and CSV export. Reviewers: what they may take. */
export function ExceptionsPage({ user }: { user: User }) {
  const manager = user.role !== 'reviewer';
  const [filters, setFilters] = useState<Filters>(readFilters);
  const [items, setItems] = useState<ListedException[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [reviewers, setReviewers] = useState<ReviewerView[]>([]);
  const [target, setTarget] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [text, setText] = useState(filters.q ?? '');
  const rules = useRules();

  // The number of the last list request: an answer to an earlier one (filters changed since, or a page
  // of the list before them) arrives stale and is dropped, whatever order the answers come back in.
  const latest = useRef(0);
  const load = async (f: Filters, after: string | null) => {
    const request = ++latest.current;
    setLoading(true);
    try {
      const page = await api<ExceptionListPage>(
        'GET',
        `/v1/exceptions?${query({ ...f, limit: '50', ...(after ? { cursor: after } : {}) } as Filters)}`,
      );
      if (request !== latest.current) return;
      setItems((prev) => (after ? [...prev, ...page.items] : page.items));
      setCursor(page.nextCursor);
      setError(null);
    } catch (e) {
      if (request === latest.current) setError((e as Error).message);
    } finally {
      if (request === latest.current) setLoading(false);
    }
  };

  useEffect(() => {
    history.replaceState(null, '', `/exceptions${query(filters) ? `?${query(filters)}` : ''}`);
    setSelected(new Set());
    void load(filters, null);
  }, [query(filters)]);
  useEffect(() => {
    if (manager)
      api<ReviewerList>('GET', '/v1/reviewers')
        .then((r) => setReviewers(r.items))
        .catch(() => undefined);
  }, []);

  const set = (k: keyof Filters, v: string) => setFilters((f) => ({ ...f, [k]: v || undefined }));
  const allChecked = items.length > 0 && items.every((i) => selected.has(i.id));
  const toggle = (id: string) =>
    setSelected((s) => {
      const n = new Set(s);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });

  const bulk = async (action: 'reassign' | 'release') => {
    if (!selected.size) return setError('Select items first');
    if (action === 'reassign' && !target) return setError('Choose the reviewer to hand the items to');
    try {
      const out = await api<BulkActionResult>('POST', '/v1/exceptions/bulk', {
        action,
        ids: [...selected],
        ...(action === 'reassign' ? { reviewerId: target } : {}),
      });
      const why = [...new Set(out.results.filter((r) => !r.ok).map((r) => r.error?.message))].join('; ');
      const verb =
        action === 'reassign'
          ? `handed to ${reviewers.find((r) => r.id === target)?.name ?? 'the reviewer'}`
          : 'released to their queues';
      setNotice(`${out.succeeded} ${verb}${out.failed ? `; ${out.failed} not changed: ${why}` : ''}`);
      setError(null);
      await load(filters, null);
      setSelected(new Set());
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const exportCsv = async () => {
    try {
      saveFile(
        `exceptions-${new Date().toISOString().slice(0, 10)}.csv`,
        await apiText(`/v1/exceptions?${query({ ...filters, format: 'csv' } as Filters)}`),
      );
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const queueOptions = useMemo(
    () => [...new Set(items.map((i) => i.queueKey).concat(filters.queue ? [filters.queue] : []))].sort(),
    [items, filters.queue],
  );
  return (
    <main class="dashboard exceptions">
      <div class="filters wrap">
        <h2>{manager ? 'Exceptions' : 'Items I may take'}</h2>
        <form
          class="search"
          onSubmit={(e) => {
            e.preventDefault();
            set('q', text.trim());
          }}
        >
          <input
            name="q"
            type="search"
            placeholder="Invoice, supplier, queue or rule"
            value={text}
            onInput={(e) => setText(e.currentTarget.value)}
          />
          <button type="submit">Search</button>
        </form>
        <label>
          Status
          <select name="status" value={filters.status ?? ''} onChange={(e) => set('status', e.currentTarget.value)}>
            <option value="">Not yet resolved</option>
            {Object.entries(STATUS_LABELS).map(([k, l]) => (
              <option key={k} value={k}>
                {l}
              </option>
            ))}
          </select>
        </label>
        <label>
          Queue
          <select name="queue" value={filters.queue ?? ''} onChange={(e) => set('queue', e.currentTarget.value)}>
            <option value="">All</option>
            {queueOptions.map((q) => (
              <option key={q} value={q}>
                {queueLabel(q)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Country
          <select name="country" value={filters.country ?? ''} onChange={(e) => set('country', e.currentTarget.value)}>
            <option value="">All</option>
            {COUNTRIES.map((c) => (
              <option key={c} value={c}>
                {COUNTRY_NAMES[c]}
              </option>
            ))}
          </select>
        </label>
        {manager && (
          <label>
            Assignee
            <select
              name="assignee"
              value={filters.assignee ?? ''}
              onChange={(e) => set('assignee', e.currentTarget.value)}
            >
              <option value="">Anyone</option>
              <option value="none">Unassigned</option>
              {reviewers.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          Age
          <select
            name="minAgeHours"
            value={filters.minAgeHours ?? ''}
            onChange={(e) => set('minAgeHours', e.currentTarget.value)}
          >
            <option value="">Any</option>
            <option value="4">4 h or older</option>
            <option value="24">1 day or older</option>
            <option value="72">3 days or older</option>
            <option value="168">7 days or older</option>
          </select>
        </label>
        <label class="check">
          <input
            type="checkbox"
            name="breached"
            checked={filters.breached === 'true'}
            onChange={(e) => set('breached', e.currentTarget.checked ? 'true' : '')}
          />{' '}
          Overdue only
        </label>
        <label>
          Sort
          <select
            name="sort"
            value={filters.sort ?? 'priority'}
            onChange={(e) => set('sort', e.currentTarget.value === 'priority' ? '' : e.currentTarget.value)}
          >
            <option value="priority">Priority</option>
            <option value="due">SLA due first</option>
            <option value="oldest">Oldest first</option>
            <option value="newest">Newest first</option>
          </select>
        </label>
        <button onClick={exportCsv} data-testid="export-csv">
          Export CSV
        </button>
      </div>
      {notice && (
        <div class="notice" role="status" onClick={() => setNotice(null)}>
          {notice}
        </div>
      )}
      {error && (
        <div class="error" role="alert">
          {error}
        </div>
      )}
      {manager && (
        <div class="bulk card" data-testid="bulk-bar">
          <span>{selected.size ? `${selected.size} selected` : 'Select items to act on several at once'}</span>
          <select name="reassignTo" value={target} onChange={(e) => setTarget(e.currentTarget.value)}>
            <option value="">Reviewer…</option>
            {reviewers.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name} ({r.countries.join(' ') || 'no country'}; {r.open}/{r.capacity}, {r.availability})
              </option>
            ))}
          </select>
          <button onClick={() => bulk('reassign')} disabled={!selected.size}>
            Reassign
          </button>
          <button onClick={() => bulk('release')} disabled={!selected.size}>
            Release to queue
          </button>
        </div>
      )}
      <section class="card">
        <table data-testid="exception-table" class="list">
          <thead>
            <tr>
              {manager && (
                <th>
                  <input
                    type="checkbox"
                    aria-label="Select all"
                    checked={allChecked}
                    onChange={() => setSelected(allChecked ? new Set() : new Set(items.map((i) => i.id)))}
                  />
                </th>
              )}
              <th>Invoice</th>
              <th>Supplier</th>
              <th>Queue</th>
              <th>Problem</th>
              <th class="num">Amount</th>
              <th>Status</th>
              <th>Assignee</th>
              <th class="num">Priority</th>
              <th>SLA</th>
              <th>Age</th>
            </tr>
          </thead>
          <tbody>
            {items.map((i) => {
              const due = fmtDue(i.sla.dueAt);
              return (
                <tr key={i.id} data-id={i.id} class={i.overdue ? 'row--overdue' : ''}>
                  {manager && (
                    <td>
                      <input
                        type="checkbox"
                        aria-label={`Select ${i.invoiceNumber}`}
                        checked={selected.has(i.id)}
                        onChange={() => toggle(i.id)}
                      />
                    </td>
                  )}
                  <td>
                    <a href={`/workbench?id=${i.id}`}>{i.invoiceNumber ?? '—'}</a>
                  </td>
                  <td>{i.supplierName ?? i.sellerName ?? '—'}</td>
                  <td>{queueLabel(i.queueKey)}</td>
                  <td class="small">
                    {i.ruleIds.map((r) => (
                      <span key={r} title={r}>
                        {rules.get(r)?.description ?? r}
                        <br />
                      </span>
                    ))}
                  </td>
                  <td class="num">{fmtMoney(i.amount, i.currency)}</td>
                  <td>{statusLabel(i.status)}</td>
                  <td>{i.assigneeName ?? <span class="muted">unassigned</span>}</td>
                  <td class="num">{i.priority}</td>
                  <td>
                    {i.status === 'resolved' || i.status === 'superseded' ? (
                      '—'
                    ) : (
                      <span class={`badge ${due.overdue ? 'badge--overdue' : due.soon ? 'badge--soon' : ''}`}>
                        {due.text}
                      </span>
                    )}
                  </td>
                  <td title={`received ${fmtDateTime(i.createdAt)}`}>
                    {fmtDuration(
                      i.createdAt ? Math.max(0, (Date.now() - Date.parse(i.createdAt)) / 1000) : i.ageSeconds,
                    )}
                  </td>
                </tr>
              );
            })}
            {!items.length && !loading && (
              <tr>
                <td colSpan={11} class="muted">
                  No exception matches these filters.
                </td>
              </tr>
            )}
          </tbody>
        </table>
        {cursor && (
          <button onClick={() => load(filters, cursor)} disabled={loading}>
            {loading ? 'Loading…' : 'Show more'}
          </button>
        )}
      </section>
    </main>
  );
}

import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { applyRecomputation, recomputeInvoice } from '../../../../libs/domain/src/invoice/recompute-invoice';
import { PRIORITY_SCALE } from '../../../../libs/triage/src/priority/priority';
import type {
  DecisionOutcome,
  ExceptionContext,
  ExceptionDetail,
  ExceptionFinding,
  ExceptionView,
  MyWork,
  ReasonCode,
  ReasonCodeList,
  ReviewerList,
  ReviewerView,
} from '@app/contracts';
import { api, User } from '../api';
import { DecisionContext } from '../components/decision-context';
import { InvoiceView } from '../components/invoice-view';
import { fmtDateTime, fmtDue, fmtDuration, fmtMoney, fmtNum } from '../format';
import { actionLabel, decisionLabel, fieldLabel, queueLabel, statusLabel, useRules } from '../labels';

type Decision = 'approve' | 'reject' | 'return_to_supplier' | 'correct';

const POLL_MS = 5000;
const DAY = 86_400_000;
const blurOnEsc = (e: KeyboardEvent) => {
  if (e.key === 'Escape') (e.currentTarget as HTMLElement).blur();
};

/** Sets a canonical path ("lines[0].unitPrice") on a copy of the invoice. */
function withCorrections(invoice: Record<string, any>, corrections: Record<string, string>): Record<string, any> {
  const out = JSON.parse(JSON.stringify(invoice));
  for (const [path, value] of Object.entries(corrections)) {
    const steps = path.split('.').flatMap((p) => {
      const m = /^(\w+)(?:\[(\d+)\])?$/.exec(p);
      return !m ? [p] : m[2] === undefined ? [m[1]] : [m[1], Number(m[2])];
    });
    let node = out;
    for (const s of steps.slice(0, -1)) node = node[s] ??= {};
    node[steps[steps.length - 1]] = value;
  }
  return out;
}

/** The priority score split into its parts, as the queue's rule computes it (README: priority formula). */
function explainPriority(d: ExceptionDetail, now = Date.now()) {
  const rule = d.queue?.priorityRule ?? { amountWeight: 1, dueDateWeight: 1, ageWeight: 1 };
  const { factorMax, amountPointsPerDecade, dueHorizonDays, ageFullDays } = PRIORITY_SCALE;
  const clamp = (x: number) => Math.min(Math.max(x, 0), factorMax);
  const amount = Math.abs(Number(d.exception.amount ?? 0)) || 0;
  const due = d.invoice?.canonical?.dueDate as string | undefined;
  const amountScore = clamp(Math.log10(amount + 1) * amountPointsPerDecade);
  const dueScore = due
    ? clamp(((dueHorizonDays - (Date.parse(`${due}T00:00:00Z`) - now) / DAY) / dueHorizonDays) * factorMax)
    : 0;
  const entered = d.exception.sla.startedAt ?? d.exception.createdAt;
  const ageScore = entered ? clamp(((now - Date.parse(entered)) / DAY / ageFullDays) * factorMax) : 0;
  const breached = d.exception.priority >= 1000;
  return `amount ${fmtNum(rule.amountWeight * amountScore, 1)} + invoice due date ${fmtNum(rule.dueDateWeight * dueScore, 1)} + waiting time ${fmtNum(rule.ageWeight * ageScore, 1)}${breached ? ' + 1,000 because the SLA is breached' : ''} (each part 0–10 × the queue's weight; higher is served first)`;
}

/** A reviewer's desk: my queue, the invoice with its findings and decision context, the actions, history and comments. */
export function WorkbenchPage({ user }: { user: User }) {
  const [work, setWork] = useState<MyWork | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [detail, setDetail] = useState<ExceptionDetail | null>(null);
  const [ctx, setCtx] = useState<ExceptionContext | null>(null);
  const [corrections, setCorrections] = useState<Record<string, string>>({});
  const [reason, setReason] = useState('');
  const [reasonCode, setReasonCode] = useState('');
  const [codes, setCodes] = useState<ReasonCode[]>([]);
  const [comment, setComment] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const [rerun, setRerun] = useState<{ kind: 'pending' | 'resolved' | 'reopened'; text: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [andNext, setAndNext] = useState(() => localStorage.getItem('triage.andNext') !== 'false');
  const [reviewers, setReviewers] = useState<ReviewerView[]>([]);
  const [reassignTo, setReassignTo] = useState('');
  const [, tick] = useState(0);
  const known = useRef<Set<string> | null>(null);
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const rules = useRules();

  // The number of the last request of the list: an older answer (a poll sent before a decision, delivered
  // after it) would bring back an item just decided; it is dropped.
  const listing = useRef(0);
  const latestWork = useRef<MyWork | null>(null);
  const loadWork = useCallback(async () => {
    const request = ++listing.current;
    const w = await api<MyWork>('GET', '/v1/me/work');
    if (request !== listing.current) return latestWork.current ?? w;
    latestWork.current = w;
    const ids = new Set(w.items.map((i) => i.id));
    if (known.current && [...ids].some((id) => !known.current!.has(id))) setNotice('New work was assigned to you');
    known.current = ids;
    setWork(w);
    return w;
  }, []);

  // The number of the last item opened: the answer for an item picked before it (a slow one, arriving
  // after the reviewer moved on) is dropped, so the detail shown is always the item selected, the one a
  // decision goes to.
  const opening = useRef(0);
  const [loadingItem, setLoadingItem] = useState<string | null>(null);
  const open = useCallback(async (id: string, keepMessages = false) => {
    const request = ++opening.current;
    setSelected(id);
    setLoadingItem(id);
    // Another item than the one shown: its detail goes at once, so that no decision is taken on it while
    // the picked one loads (the same item, refreshed after an action, stays until its new answer).
    setDetail((shown) => (shown && shown.exception.id === id ? shown : null));
    setCtx((shown) => (shown && shown.exceptionId === id ? shown : null));
    setCorrections({});
    setReason('');
    setReasonCode('');
    if (!keepMessages) {
      setError(null);
      setRerun(null);
    }
    const answers = Promise.all([
      api<ExceptionDetail>('GET', `/v1/exceptions/${id}`),
      api<ExceptionContext>('GET', `/v1/exceptions/${id}/context`).catch(() => null),
    ]);
    // A stale answer is dropped, a stale failure too (its message would stand beside another item).
    const [d, c] = await answers.catch((e: unknown) => {
      if (request !== opening.current) return [null, null] as const;
      setLoadingItem(null);
      throw e;
    });
    if (request !== opening.current || !d) return;
    setLoadingItem(null);
    setDetail(d);
    setCtx(c);
    history.replaceState(null, '', `/workbench?id=${id}`);
  }, []);

  useEffect(() => {
    const wanted = new URLSearchParams(location.search).get('id');
    loadWork()
      .then((w) => {
        if (wanted) open(wanted).catch((e) => setError(e.message));
        else if (w.items[0]) open(w.items[0].id).catch((e) => setError(e.message));
      })
      .catch((e) => setError(e.message));
    if (user.role !== 'reviewer')
      api<ReviewerList>('GET', '/v1/reviewers')
        .then((r) => setReviewers(r.items))
        .catch(() => undefined);
    api<ReasonCodeList>('GET', '/v1/reason-codes')
      .then((r) => setCodes(r.items))
      .catch(() => undefined);
    const t = setInterval(() => loadWork().catch(() => undefined), POLL_MS);
    const clock = setInterval(() => tick((x) => x + 1), 30_000); // SLA countdowns
    return () => {
      clearInterval(t);
      clearInterval(clock);
    };
  }, []);

  const next = async () => {
    setError(null);
    const item = await api<ExceptionView | undefined>('POST', '/v1/review/next').catch((e) => {
      setError(e.message);
      return undefined;
    });
    if (!item) {
      setNotice('Nothing waiting for you right now');
      return false;
    }
    known.current?.add(item.id); // taken by the reviewer, not "assigned to" them
    await loadWork();
    await open(item.id, true);
    return true;
  };

  /** A review action on the selected item; resolve answers a DecisionOutcome, the others an ExceptionView or a comment. */
  const act = async <T = unknown,>(path: string, body: unknown, done: string): Promise<T | null> => {
    if (!selected) return null;
    setError(null);
    try {
      if (path === 'claim') known.current?.add(selected);
      const out = await api<T>('POST', `/v1/exceptions/${selected}/${path}`, body);
      setNotice(done);
      await loadWork();
      await open(selected, true);
      return out;
    } catch (e) {
      setError((e as Error).message);
      return null;
    }
  };

  /** After a correction the rules run again: wait for that run and say what it found. */
  const followRerun = async (id: string, run: number) => {
    // Followed while the item stays open: once the reviewer opens another, its answers are not shown.
    const request = opening.current;
    setRerun({ kind: 'pending', text: 'Correction saved; the rules are checking the invoice again…' });
    for (let i = 0; i < 40; i++) {
      await new Promise((r) => setTimeout(r, 750));
      if (request !== opening.current) return false;
      const d = await api<ExceptionDetail>('GET', `/v1/exceptions/${id}`).catch(() => null);
      if (request !== opening.current) return false;
      if (!d?.invoice || d.invoice.validationRuns < run || ['received', 'validating'].includes(d.invoice.status))
        continue;
      setDetail(d);
      if (d.exception.status === 'resolved' || d.exception.status === 'superseded') {
        setRerun({
          kind: 'resolved',
          text: `Resolved: the corrected invoice passed the re-check (invoice is now ${d.invoice.status.replace(/_/g, ' ')}).`,
        });
        return true;
      }
      const blocking = d.findings.filter((f) => f.severity === 'blocking');
      setRerun({
        kind: 'reopened',
        text: `Not resolved: the re-check still finds ${blocking.length} problem(s), so the item is open again${d.exception.assigneeId === user.id ? ' and stays with you' : ''}. ${blocking.map((f) => f.message).join(' ')}`,
      });
      const c = await api<ExceptionContext>('GET', `/v1/exceptions/${id}/context`).catch(() => null);
      if (request === opening.current) setCtx(c);
      await loadWork();
      return false;
    }
    if (request === opening.current)
      setRerun({
        kind: 'pending',
        text: 'The re-check has not finished yet; the result will show here when you open the item again.',
      });
    return false;
  };

  const resolve = async (decision: Decision) => {
    // A decision goes to the item on screen: none while the picked item is still loading.
    if (!detail || detail.exception.id !== selected) return;
    const code = codes.find((c) => c.code === reasonCode);
    const text = reason.trim() || code?.label || '';
    if (!text) {
      setError('Choose a reason or write one first');
      reasonRef.current?.focus();
      return;
    }
    if (code && !code.decisions.includes(decision)) {
      setError(`“${code.label}” is not a reason for ${decisionLabel(decision).toLowerCase()}`);
      return;
    }
    const list = Object.entries(corrections).map(([fieldPath, value]) => ({ fieldPath, value }));
    if (decision === 'correct' && !list.length) {
      setError('Change a highlighted field or a line to correct it');
      (document.querySelector('[data-correct]') as HTMLInputElement | null)?.focus();
      return;
    }
    const id = selected!;
    const out = await act<DecisionOutcome>(
      'resolve',
      {
        decision,
        reason: text,
        ...(code ? { reasonCode: code.code } : {}),
        ...(decision === 'correct' ? { corrections: list } : {}),
      },
      decision === 'correct' ? 'Correction saved' : `${decisionLabel(decision)}${out2(decision)}`,
    );
    if (!out) return;
    let passed = true;
    if (decision === 'correct' && out.revalidationRun) passed = await followRerun(id, out.revalidationRun);
    if (andNext && passed && out.exception?.status !== 'awaiting_second_approval') {
      const had = await next();
      if (had) setNotice(`${decisionLabel(decision)} — here is your next item`);
    }
  };
  const out2 = (d: Decision) =>
    d === 'approve' && detail?.exception.fourEyesRequired ? ' (first approval; a second reviewer must confirm)' : '';

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const typing =
        e.target instanceof HTMLInputElement ||
        e.target instanceof HTMLTextAreaElement ||
        e.target instanceof HTMLSelectElement;
      if (typing && e.key === 'Escape') {
        (e.target as HTMLElement).blur();
        return;
      }
      if (typing || e.ctrlKey || e.metaKey || e.altKey) return;
      const keys: Record<string, () => unknown> = {
        n: next,
        a: () => resolve('approve'),
        c: () => resolve('correct'),
        x: () => resolve('reject'),
        s: () => resolve('return_to_supplier'),
        r: () => reasonRef.current?.focus(),
        e: () => (document.querySelector('[data-correct]') as HTMLInputElement | null)?.focus(),
      };
      const f = keys[e.key];
      if (f) {
        e.preventDefault();
        f();
      }
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  });

  const setPresence = async (availability: string) => {
    try {
      await api('PATCH', '/v1/reviewers/me', { availability });
      await loadWork();
      setNotice(
        availability === 'online'
          ? 'You are online: new items can be handed to you'
          : availability === 'away'
            ? 'You are away: no new items are handed to you'
            : 'You are off: no items are handed to you',
      );
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const can = (a: string) => detail?.allowedActions.includes(a) ?? false;
  const noProfile = !!work && work.availability === null;
  const reassign = () => {
    if (!reassignTo) return setError('Choose the reviewer to hand the item to');
    return act(
      'reassign',
      { reviewerId: reassignTo, ...(reason.trim() ? { reason: reason.trim() } : {}) },
      `Handed to ${reviewers.find((r) => r.id === reassignTo)?.name ?? 'the reviewer'}`,
    );
  };

  // Identical findings (same rule and message) are shown once, with the fields they concern.
  const groups = useMemo(() => {
    const m = new Map<string, { f: ExceptionFinding; paths: string[]; count: number }>();
    for (const f of detail?.findings ?? []) {
      const k = `${f.severity}|${f.ruleId}|${f.message}`;
      const g = m.get(k);
      if (g) {
        g.count++;
        if (!g.paths.includes(f.fieldPath)) g.paths.push(f.fieldPath);
      } else m.set(k, { f, paths: [f.fieldPath], count: 1 });
    }
    return [...m.values()];
  }, [detail]);

  const preview = useMemo(
    () =>
      detail?.invoice && Object.keys(corrections).length
        ? recomputeInvoice(withCorrections(detail.invoice.canonical, corrections))
        : null,
    [detail, corrections],
  );
  const useComputed = () => {
    if (!detail?.invoice) return;
    const corrected = withCorrections(detail.invoice.canonical, corrections);
    const fixed = applyRecomputation(corrected);
    const next: Record<string, string> = { ...corrections };
    (fixed.lines ?? []).forEach((l, i) => {
      if (l.netAmount !== corrected.lines?.[i]?.netAmount && l.netAmount) next[`lines[${i}].netAmount`] = l.netAmount;
    });
    (corrected.vatBreakdown ?? []).forEach((v: any, i: number) => {
      const f = (fixed.vatBreakdown ?? []).find((x) => x.category === v.category && Number(x.rate) === Number(v.rate));
      if (f?.taxableAmount && f.taxableAmount !== v.taxableAmount)
        next[`vatBreakdown[${i}].taxableAmount`] = f.taxableAmount;
      if (f?.taxAmount && f.taxAmount !== v.taxAmount) next[`vatBreakdown[${i}].taxAmount`] = f.taxAmount;
    });
    for (const [k, v] of Object.entries(fixed.totals ?? {}))
      if (v !== (corrected.totals ?? {})[k] && v) next[`totals.${k}`] = String(v);
    setCorrections(next);
  };

  const e = detail?.exception;
  const due = e ? fmtDue(e.sla.dueAt) : null;
  const closed = e ? ['resolved', 'superseded'].includes(e.status) : false;
  const cur = detail?.invoice?.canonical?.currency ?? e?.currency ?? null;
  return (
    <main class="workbench">
      <aside class="queue">
        <div class="queue-head">
          <h2>My work</h2>
          <span class="muted">{work && !noProfile ? `${work.open} / ${work.capacity}` : ''}</span>
        </div>
        {noProfile ? (
          <p class="notice" data-testid="no-profile">
            You have no reviewer profile, so no items are handed to you. Open any item from the{' '}
            <a href="/exceptions">exception list</a> to look at it, reassign or release it.
          </p>
        ) : (
          <>
            <label class="presence">
              Status
              <select
                name="presence"
                data-testid="presence"
                value={work?.availability ?? 'off'}
                onChange={(ev) => setPresence(ev.currentTarget.value)}
                onKeyDown={blurOnEsc}
              >
                <option value="online">Online — hand me items</option>
                <option value="away">Away — no new items</option>
                <option value="off">Off</option>
              </select>
            </label>
            <button class="primary" onClick={next} title="Take the next item (n)">
              Next item <kbd>n</kbd>
            </button>
          </>
        )}
        <ul class="items">
          {work?.items.map((i) => {
            const d = fmtDue(i.sla.dueAt);
            return (
              <li key={i.id} data-id={i.id} class={i.id === selected ? 'selected' : ''} onClick={() => open(i.id)}>
                <strong>{queueLabel(i.queueKey)}</strong>
                <span>{fmtMoney(i.amount, i.currency)}</span>
                <span class={`badge ${d.overdue ? 'badge--overdue' : d.soon ? 'badge--soon' : ''}`}>{d.text}</span>
              </li>
            );
          })}
          {work && !noProfile && !work.items.length && <li class="muted">No items held. Press “Next item”.</li>}
        </ul>
        {!!work?.awaitingSecondApproval.length && (
          <p class="muted">{work.awaitingSecondApproval.length} of your approvals await a second reviewer.</p>
        )}
        <p class="shortcuts muted">
          Keys: <kbd>n</kbd> next · <kbd>a</kbd> approve · <kbd>c</kbd> correct · <kbd>x</kbd> reject · <kbd>s</kbd>{' '}
          return to supplier · <kbd>e</kbd> edit field · <kbd>r</kbd> reason · <kbd>Esc</kbd> leave a field
        </p>
      </aside>
      <section class="detail">
        {notice && (
          <div class="notice" role="status" onClick={() => setNotice(null)}>
            {notice}
          </div>
        )}
        {rerun && (
          <div class={`rerun rerun--${rerun.kind}`} data-testid="rerun-result" role="status">
            {rerun.text}
          </div>
        )}
        {error && (
          <div class="error" role="alert">
            {error}
          </div>
        )}
        {!detail && loadingItem && (
          <p class="muted" data-testid="detail-loading" role="status">
            Loading the item…
          </p>
        )}
        {!detail && !loadingItem && <p class="muted">Pick an item or take the next one.</p>}
        {detail && e && (
          <>
            <header class="detail-head" data-exception-id={e.id}>
              <h2>
                {queueLabel(e.queueKey)} · invoice {detail.invoice?.invoiceNumber}
              </h2>
              <span class={`badge badge--${e.status}`} data-testid="exception-status" data-status={e.status}>
                {statusLabel(e.status)}
              </span>
              {!closed && e.sla.pausedAt && (
                <span
                  class="badge"
                  data-testid="sla-paused"
                  title={`SLA clock stopped since ${fmtDateTime(e.sla.pausedAt)}; this time does not count against the SLA`}
                >
                  SLA paused: waiting for the{' '}
                  {detail.slaPauses?.find((p) => !p.endedAt)?.waitingFor === 'buyer' ? 'buyer' : 'supplier'} (
                  {fmtDuration(e.sla.pausedSeconds ?? 0)})
                </span>
              )}
              {!closed && due && !e.sla.pausedAt && (
                <span
                  class={`badge ${due.overdue ? 'badge--overdue' : due.soon ? 'badge--soon' : ''}`}
                  data-testid="sla-badge"
                  title={e.sla.dueAt ? `SLA due ${fmtDateTime(e.sla.dueAt)} (business hours of the queue)` : ''}
                >
                  {due.overdue ? `Overdue: ${due.text}` : `SLA ${due.text}`}
                </span>
              )}
              {!closed && (
                <span class="badge" data-testid="priority" title={explainPriority(detail)}>
                  Priority {fmtNum(e.priority, 2)}
                </span>
              )}
              {e.fourEyesRequired && (
                <span class="badge" title="A second reviewer must confirm an approval">
                  four eyes
                </span>
              )}
            </header>
            {!closed && (
              <p class="muted small" data-testid="priority-why">
                Why this priority: {explainPriority(detail)}.
              </p>
            )}
            {closed && e.decision && (
              <p class="small">
                Decision: <b>{decisionLabel(e.decision)}</b>
                {e.decisionReason ? ` — ${e.decisionReason}` : ''}
              </p>
            )}
            <div class="findings">
              {groups.map(({ f, paths, count }) => (
                <div class={`finding finding--${f.severity}`} key={f.id} data-rule={f.ruleId}>
                  <div>
                    <strong>{rules.get(f.ruleId)?.description ?? f.ruleId}</strong>{' '}
                    <span class="muted small">
                      {f.ruleId}
                      {f.severity === 'warning' ? ' · warning' : ''}
                    </span>
                    {count > 1 && (
                      <span class="badge" data-testid="finding-count">
                        × {count}
                      </span>
                    )}
                  </div>
                  <p lang={detail.lang} data-testid="finding-message">
                    {f.message}
                  </p>
                  <p class="muted small">{paths.map(fieldLabel).join(', ')}</p>
                  {(f.expected || f.actual) && (
                    <p class="muted">
                      expected <b>{f.expected ?? '—'}</b>, found <b>{f.actual ?? '—'}</b>
                    </p>
                  )}
                  {f.hint && (
                    <p class="hint">
                      Hint: <span lang={detail.lang}>{f.hint}</span>
                    </p>
                  )}
                </div>
              ))}
            </div>
            {ctx && <DecisionContext ctx={ctx} currency={cur} />}
            {detail.invoice && (
              <InvoiceView
                invoice={detail.invoice.canonical}
                findings={detail.findings}
                corrections={corrections}
                onCorrect={(p, v) => setCorrections({ ...corrections, [p]: v })}
                editable={can('resolve')}
              />
            )}
            {preview && (
              <section class="card preview" data-testid="correction-preview">
                <h3>After your correction (recomputed, not saved yet)</h3>
                <table>
                  <thead>
                    <tr>
                      <th>Amount</th>
                      <th class="num">On the invoice</th>
                      <th class="num">Computed</th>
                    </tr>
                  </thead>
                  <tbody>
                    {preview.lines
                      .filter((l) => l.differs)
                      .map((l) => (
                        <tr key={`l${l.index}`} class="differs">
                          <td>{fieldLabel(`lines[${l.index}].netAmount`)}</td>
                          <td class="num">{fmtMoney(l.declared, cur)}</td>
                          <td class="num">{fmtMoney(l.computed, cur)}</td>
                        </tr>
                      ))}
                    {preview.vat.map((v) => (
                      <tr key={`v${v.category}${v.rate}`} class={v.differs ? 'differs' : ''}>
                        <td>
                          VAT {v.category} {v.rate ?? ''} %: taxable / VAT
                        </td>
                        <td class="num">
                          {fmtMoney(v.declaredTaxable, cur)} / {fmtMoney(v.declaredTax, cur)}
                        </td>
                        <td class="num">
                          {fmtMoney(v.taxable, cur)} / {fmtMoney(v.tax, cur)}
                        </td>
                      </tr>
                    ))}
                    {preview.totals.map((t) => (
                      <tr key={t.key} class={t.differs ? 'differs' : ''} data-total={t.key}>
                        <td>{fieldLabel(`totals.${t.key}`)}</td>
                        <td class="num">{fmtMoney(t.declared, cur)}</td>
                        <td class="num">{fmtMoney(t.computed, cur)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                {[...preview.lines, ...preview.vat, ...preview.totals].some((x) => x.differs) ? (
                  <button onClick={useComputed} data-testid="use-computed">
                    Use the computed amounts
                  </button>
                ) : (
                  <p class="ok small">Lines, VAT and totals add up.</p>
                )}
              </section>
            )}
            <div class="actions">
              <div class="reason-row">
                <select
                  name="reasonCode"
                  value={reasonCode}
                  onChange={(ev) => setReasonCode(ev.currentTarget.value)}
                  onKeyDown={blurOnEsc}
                  aria-label="Reason code"
                >
                  <option value="">Reason…</option>
                  {codes.map((c) => (
                    <option key={c.code} value={c.code}>
                      {c.label}
                    </option>
                  ))}
                </select>
                <textarea
                  ref={reasonRef}
                  name="reason"
                  placeholder="Reason for your decision (or pick one)"
                  value={reason}
                  onInput={(ev) => setReason(ev.currentTarget.value)}
                  onKeyDown={blurOnEsc}
                />
              </div>
              <div class="buttons">
                {can('claim') && <button onClick={() => act('claim', {}, 'Claimed')}>Claim</button>}
                {can('resolve') && (
                  <>
                    <button class="primary" onClick={() => resolve('correct')}>
                      Correct &amp; resolve <kbd>c</kbd>
                    </button>
                    <button onClick={() => resolve('approve')}>
                      Approve <kbd>a</kbd>
                    </button>
                    <button onClick={() => resolve('reject')}>
                      Reject <kbd>x</kbd>
                    </button>
                    <button onClick={() => resolve('return_to_supplier')}>
                      Return to supplier <kbd>s</kbd>
                    </button>
                    <label class="check small">
                      <input
                        type="checkbox"
                        name="andNext"
                        checked={andNext}
                        onChange={(ev) => {
                          setAndNext(ev.currentTarget.checked);
                          localStorage.setItem('triage.andNext', String(ev.currentTarget.checked));
                        }}
                      />{' '}
                      then take the next item
                    </label>
                  </>
                )}
                {can('approve-second') && (
                  <button onClick={() => act('approve-second', {}, 'Second approval given')}>
                    Approve as second reviewer
                  </button>
                )}
                {can('escalate') && (
                  <button
                    onClick={() =>
                      reason.trim() ? act('escalate', { reason }, 'Escalated') : setError('Write a reason first')
                    }
                  >
                    Escalate
                  </button>
                )}
                {can('release') && <button onClick={() => act('release', {}, 'Released')}>Release</button>}
                {can('release') && !e.sla.pausedAt && (
                  <>
                    <button
                      data-testid="pause-supplier"
                      onClick={() =>
                        reason.trim()
                          ? act('pause', { waitingFor: 'supplier', reason }, 'SLA paused until the supplier answers')
                          : setError('Write what you asked the supplier first')
                      }
                    >
                      Wait for supplier
                    </button>
                    <button
                      onClick={() =>
                        reason.trim()
                          ? act('pause', { waitingFor: 'buyer', reason }, 'SLA paused until the buyer answers')
                          : setError('Write what you asked the buyer first')
                      }
                    >
                      Ask buyer
                    </button>
                  </>
                )}
                {can('release') && e.sla.pausedAt && (
                  <button onClick={() => act('resume', { answer: 'manual' }, 'SLA running again')}>Resume SLA</button>
                )}
                {can('reassign') && reviewers.length > 0 && (
                  <span class="reassign">
                    <select
                      name="reassignTo"
                      value={reassignTo}
                      onChange={(ev) => setReassignTo(ev.currentTarget.value)}
                      aria-label="Reassign to"
                    >
                      <option value="">Reassign to…</option>
                      {reviewers.map((r) => (
                        <option key={r.id} value={r.id}>
                          {r.name} ({r.countries.join(' ') || 'no country'}; {r.open}/{r.capacity}, {r.availability})
                        </option>
                      ))}
                    </select>
                    <button onClick={reassign}>Reassign</button>
                  </span>
                )}
              </div>
            </div>
            <div class="columns">
              <section>
                <h3>Comments</h3>
                {detail.comments.map((c) => (
                  <p key={c.id} class="comment">
                    <b>{c.authorName}</b> <span class="muted">{fmtDateTime(c.createdAt)}</span>
                    <br />
                    {c.text}
                  </p>
                ))}
                <form
                  class="comment-form"
                  onSubmit={async (ev) => {
                    ev.preventDefault();
                    if (comment.trim() && (await act('comment', { text: comment.trim() }, 'Comment posted')))
                      setComment('');
                  }}
                >
                  <textarea
                    name="comment"
                    placeholder="Add a comment"
                    value={comment}
                    onInput={(ev) => setComment(ev.currentTarget.value)}
                    onKeyDown={blurOnEsc}
                  />
                  <button type="submit" disabled={!comment.trim()}>
                    Post
                  </button>
                </form>
              </section>
              <section>
                <h3>History</h3>
                <ol class="history" data-testid="history">
                  {detail.history.map((h) => (
                    <li key={h.id}>
                      <span class="muted">{fmtDateTime(h.occurredAt)}</span> <b>{h.actorName ?? 'system'}</b>{' '}
                      {actionLabel(h.action)}
                      {h.assigneeName && h.action !== 'claimed' ? ` to ${h.assigneeName}` : ''}
                      {typeof h.data?.decision === 'string' ? `: ${decisionLabel(h.data.decision)}` : ''}
                      {h.fromState !== h.toState && h.toState ? (
                        <span class="muted">
                          {' '}
                          ({statusLabel(h.fromState)} → {statusLabel(h.toState)})
                        </span>
                      ) : (
                        ''
                      )}
                      {h.data?.reasonCode ? (
                        <span class="badge">
                          {codes.find((c) => c.code === h.data!.reasonCode)?.label ?? h.data.reasonCode}
                        </span>
                      ) : (
                        ''
                      )}
                      {h.reason ? ` — ${h.reason}` : ''}
                    </li>
                  ))}
                </ol>
              </section>
            </div>
          </>
        )}
        <p class="muted small">Signed in as {user.email}</p>
      </section>
    </main>
  );
}

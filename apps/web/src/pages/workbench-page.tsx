import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { api, User } from '../api';
import { Finding, InvoiceView } from '../components/invoice-view';

interface Item { id: string; queueKey: string; status: string; amount: string | null; currency: string | null; country: string | null; sla: { dueAt: string | null }; createdAt: string }
interface Work { items: Item[]; awaitingSecondApproval: Item[]; capacity: number; open: number; availability: string | null }
interface Detail {
  exception: Item & { decision: string | null; fourEyesRequired?: boolean };
  queue: { name: string } | null;
  invoice: { invoiceNumber: string; status: string; canonical: Record<string, any> } | null;
  findings: Finding[];
  comments: { id: number; authorName: string; text: string; createdAt: string }[];
  history: { id: number; action: string; fromState: string | null; toState: string | null; reason: string | null; occurredAt: string }[];
  allowedActions: string[];
}

interface ReviewerOption { id: string; name: string; countries: string[]; open: number; capacity: number; availability: string }

const POLL_MS = 5000;
const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '—');

/** A reviewer's desk: my queue, the invoice with its findings, the actions, history and comments. */
export function WorkbenchPage({ user }: { user: User }) {
  const [work, setWork] = useState<Work | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [detail, setDetail] = useState<Detail | null>(null);
  const [corrections, setCorrections] = useState<Record<string, string>>({});
  const [reason, setReason] = useState('');
  const [comment, setComment] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const known = useRef<Set<string> | null>(null);
  const [reviewers, setReviewers] = useState<ReviewerOption[]>([]);
  const [reassignTo, setReassignTo] = useState('');
  const reasonRef = useRef<HTMLTextAreaElement>(null);

  const loadWork = useCallback(async () => {
    const w = await api<Work>('GET', '/v1/me/work');
    const ids = new Set(w.items.map((i) => i.id));
    if (known.current && [...ids].some((id) => !known.current!.has(id))) setNotice('New work was assigned to you');
    known.current = ids;
    setWork(w);
    return w;
  }, []);

  const open = useCallback(async (id: string) => {
    setSelected(id);
    setCorrections({});
    setReason('');
    setError(null);
    setDetail(await api<Detail>('GET', `/v1/exceptions/${id}`));
  }, []);

  useEffect(() => {
    const wanted = new URLSearchParams(location.search).get('id');
    loadWork().then((w) => { if (wanted) open(wanted).catch((e) => setError(e.message)); else if (w.items[0]) open(w.items[0].id); }).catch((e) => setError(e.message));
    if (user.role !== 'reviewer') api<{ items: ReviewerOption[] }>('GET', '/v1/reviewers').then((r) => setReviewers(r.items)).catch(() => undefined);
    const t = setInterval(() => loadWork().catch(() => undefined), POLL_MS);
    return () => clearInterval(t);
  }, []);

  const next = async () => {
    setError(null);
    const item = await api<Item | undefined>('POST', '/v1/review/next').catch((e) => { setError(e.message); return undefined; });
    if (!item) {
      setNotice('Nothing waiting for you right now');
      return;
    }
    known.current?.add(item.id); // taken by the reviewer, not "assigned to" them
    await loadWork();
    await open(item.id);
  };

  const act = async (path: string, body: unknown, done: string) => {
    if (!selected) return;
    setError(null);
    try {
      if (path === 'claim') known.current?.add(selected);
      await api('POST', `/v1/exceptions/${selected}/${path}`, body);
      setNotice(done);
      const w = await loadWork();
      if (w.items.some((i) => i.id === selected)) await open(selected);
      else {
        setDetail(await api<Detail>('GET', `/v1/exceptions/${selected}`));
      }
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const resolve = (decision: 'approve' | 'reject' | 'return_to_supplier' | 'correct') => {
    if (!reason.trim()) {
      setError('Write a reason first');
      reasonRef.current?.focus();
      return;
    }
    const list = Object.entries(corrections).map(([fieldPath, value]) => ({ fieldPath, value }));
    if (decision === 'correct' && !list.length) {
      setError('Change a highlighted field to correct it');
      (document.querySelector('[data-correct]') as HTMLInputElement | null)?.focus();
      return;
    }
    return act('resolve', { decision, reason: reason.trim(), ...(decision === 'correct' ? { corrections: list } : {}) }, `Resolved: ${decision.replace(/_/g, ' ')}`);
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const typing = e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement;
      if (typing || e.ctrlKey || e.metaKey || e.altKey) return;
      const keys: Record<string, () => unknown> = {
        n: next, a: () => resolve('approve'), c: () => resolve('correct'), x: () => resolve('reject'), s: () => resolve('return_to_supplier'),
        r: () => reasonRef.current?.focus(), e: () => (document.querySelector('[data-correct]') as HTMLInputElement | null)?.focus(),
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

  const can = (a: string) => detail?.allowedActions.includes(a) ?? false;
  const noProfile = !!work && work.availability === null;
  const reassign = () => {
    if (!reassignTo) return setError('Choose the reviewer to hand the item to');
    return act('reassign', { reviewerId: reassignTo, ...(reason.trim() ? { reason: reason.trim() } : {}) }, `Handed to ${reviewers.find((r) => r.id === reassignTo)?.name ?? 'the reviewer'}`);
  };
  return (
    <main class="workbench">
      <aside class="queue">
        <div class="queue-head">
          <h2>My work</h2>
          <span class="muted">{work ? `${work.open} / ${work.capacity}` : ''}</span>
        </div>
        {noProfile ? (
          <p class="notice" data-testid="no-profile">You have no reviewer profile, so no items are handed to you. Open any item from the <a href="/exceptions">exception list</a> to look at it, reassign or release it.</p>
        ) : <button class="primary" onClick={next} title="Take the next item (n)">Next item <kbd>n</kbd></button>}
        <ul class="items">
          {work?.items.map((i) => (
            <li key={i.id} class={i.id === selected ? 'selected' : ''} onClick={() => open(i.id)}>
              <strong>{i.queueKey}</strong>
              <span>{i.amount ? `${i.amount} ${i.currency ?? ''}` : ''}</span>
              <span class="muted">due {when(i.sla.dueAt)}</span>
            </li>
          ))}
          {work && !noProfile && !work.items.length && <li class="muted">No items held. Press “Next item”.</li>}
        </ul>
        {!!work?.awaitingSecondApproval.length && <p class="muted">{work.awaitingSecondApproval.length} of your approvals await a second reviewer.</p>}
        <p class="shortcuts muted">Keys: <kbd>n</kbd> next · <kbd>a</kbd> approve · <kbd>c</kbd> correct · <kbd>x</kbd> reject · <kbd>s</kbd> return to supplier · <kbd>e</kbd> edit field · <kbd>r</kbd> reason</p>
      </aside>
      <section class="detail">
        {notice && <div class="notice" role="status" onClick={() => setNotice(null)}>{notice}</div>}
        {error && <div class="error" role="alert">{error}</div>}
        {!detail && <p class="muted">Pick an item or take the next one.</p>}
        {detail && (
          <>
            <header class="detail-head">
              <h2>{detail.queue?.name ?? detail.exception.queueKey} · invoice {detail.invoice?.invoiceNumber}</h2>
              <span class={`badge badge--${detail.exception.status}`} data-testid="exception-status">{detail.exception.status}</span>
              {detail.exception.fourEyesRequired && <span class="badge">four eyes</span>}
            </header>
            <div class="findings">
              {detail.findings.map((f) => (
                <div class={`finding finding--${f.severity}`} key={f.id}>
                  <div><strong>{f.ruleId}</strong> <code>{f.fieldPath}</code></div>
                  <p>{f.message}</p>
                  {(f.expected || f.actual) && <p class="muted">expected <b>{f.expected ?? '—'}</b>, found <b>{f.actual ?? '—'}</b></p>}
                  {f.hint && <p class="hint">Hint: {f.hint}</p>}
                </div>
              ))}
            </div>
            {detail.invoice && <InvoiceView invoice={detail.invoice.canonical} findings={detail.findings} corrections={corrections}
              onCorrect={(p, v) => setCorrections({ ...corrections, [p]: v })} editable={can('resolve')} />}
            <div class="actions">
              <textarea ref={reasonRef} name="reason" placeholder="Reason for your decision (required)" value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
              <div class="buttons">
                {can('claim') && <button onClick={() => act('claim', {}, 'Claimed')}>Claim</button>}
                {can('resolve') && <>
                  <button class="primary" onClick={() => resolve('correct')}>Correct &amp; resolve <kbd>c</kbd></button>
                  <button onClick={() => resolve('approve')}>Approve <kbd>a</kbd></button>
                  <button onClick={() => resolve('reject')}>Reject <kbd>x</kbd></button>
                  <button onClick={() => resolve('return_to_supplier')}>Return to supplier <kbd>s</kbd></button>
                </>}
                {can('approve-second') && <button onClick={() => act('approve-second', {}, 'Second approval given')}>Approve as second reviewer</button>}
                {can('escalate') && <button onClick={() => reason.trim() ? act('escalate', { reason }, 'Escalated') : setError('Write a reason first')}>Escalate</button>}
                {can('release') && <button onClick={() => act('release', {}, 'Released')}>Release</button>}
                {can('reassign') && reviewers.length > 0 && <span class="reassign">
                  <select name="reassignTo" value={reassignTo} onChange={(e) => setReassignTo(e.currentTarget.value)} aria-label="Reassign to">
                    <option value="">Reassign to…</option>
                    {reviewers.map((r) => <option key={r.id} value={r.id}>{r.name} ({r.countries.join(' ') || 'no country'}; {r.open}/{r.capacity}, {r.availability})</option>)}
                  </select>
                  <button onClick={reassign}>Reassign</button>
                </span>}
              </div>
            </div>
            <div class="columns">
              <section>
                <h3>Comments</h3>
                {detail.comments.map((c) => <p key={c.id}><b>{c.authorName}</b> <span class="muted">{when(c.createdAt)}</span><br />{c.text}</p>)}
                <form onSubmit={(e) => { e.preventDefault(); if (comment.trim()) act('comment', { text: comment }, 'Comment added').then(() => setComment('')); }}>
                  <input name="comment" placeholder="Add a comment" value={comment} onInput={(e) => setComment(e.currentTarget.value)} />
                </form>
              </section>
              <section>
                <h3>History</h3>
                <ol class="history">
                  {detail.history.map((h) => <li key={h.id}><span class="muted">{when(h.occurredAt)}</span> {h.action}{h.toState ? ` → ${h.toState}` : ''}{h.reason ? ` — ${h.reason}` : ''}</li>)}
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

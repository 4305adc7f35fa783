import type { InvitationAccepted, LoginResponse } from '@app/contracts';
import { useState } from 'preact/hooks';
import { api, homeOf, session } from '../api';

/** Sign-in; with an invitation link (`/login#invitation=<token>`) the invited person first sets their own password. */
export function LoginPage() {
  const [invitation, setInvitation] = useState(() => /^#invitation=([A-Za-z0-9_-]+)$/.exec(location.hash)?.[1] ?? null);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const res = await api<LoginResponse>('POST', '/v1/auth/login', { email, password });
      session.save(res.user);
      const next = new URLSearchParams(location.search).get('next');
      location.assign(next && next.startsWith('/') && !next.startsWith('//') ? next : homeOf(res.user));
    } catch (err) {
      setError((err as Error).message);
      setBusy(false);
    }
  };

  const accept = async (e: Event) => {
    e.preventDefault();
    if (password !== repeat) return setError('The two passwords differ');
    setBusy(true);
    setError(null);
    try {
      const res = await api<InvitationAccepted>('POST', '/v1/auth/invitations/accept', { token: invitation, password });
      history.replaceState(null, '', '/login');
      setInvitation(null);
      setEmail(res.user.email);
      setPassword('');
      setNotice('Your password is set. Sign in with it.');
    } catch (err) {
      setError((err as Error).message);
    }
    setBusy(false);
  };

  if (invitation) {
    return (
      <main class="login">
        <form onSubmit={accept} class="card">
          <h1>Set your password</h1>
          <p>At least 12 characters; a few unrelated words make a good one.</p>
          <label>
            New password
            <input
              name="new-password"
              type="password"
              autoComplete="new-password"
              value={password}
              onInput={(e) => setPassword(e.currentTarget.value)}
              required
              minLength={12}
            />
          </label>
          <label>
            Repeat it
            <input
              name="repeat-password"
              type="password"
              autoComplete="new-password"
              value={repeat}
              onInput={(e) => setRepeat(e.currentTarget.value)}
              required
            />
          </label>
          {error && (
            <p class="error" role="alert">
              {error}
            </p>
          )}
          <button type="submit" disabled={busy}>
            {busy ? 'Saving…' : 'Set password'}
          </button>
        </form>
      </main>
    );
  }

  return (
    <main class="login">
      <form onSubmit={submit} class="card">
        <h1>Invoice triage</h1>
        {notice && <p role="status">{notice}</p>}
        <label>
          Email
          <input
            name="email"
            type="email"
            autoComplete="username"
            value={email}
            onInput={(e) => setEmail(e.currentTarget.value)}
            required
          />
        </label>
        <label>
          Password
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
            required
          />
        </label>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}

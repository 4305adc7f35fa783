import { createHash } from 'node:crypto';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import * as jwt from 'jsonwebtoken';
import { DataSource } from 'typeorm';
import { APP_CONFIG, EnvironmentVariables } from '@app/config';
import { createIntegration, createStaffUser, createTestEnvironment, TestEnvironment } from '@app/testing';
import { createApiApp } from '../apps/api/src/bootstrap';
import { AuthService } from '../apps/api/src/modules/auth/auth.service';

/** Sessions, accounts and login hardening, over HTTP against the real PostgreSQL and Redis. */
describe('staff sessions, accounts and login', () => {
  let env: TestEnvironment;
  let app: NestFastifyApplication;
  let ds: DataSource;
  let secret: string;
  let admin: { id: string; email: string; token: string };
  let manager: { id: string; email: string; token: string };

  const login = (email: string, password: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url: '/v1/auth/login', payload: { email, password }, headers });
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  // A token as sign-in issues it, without the (deliberately slow) password check where that is not the point.
  const signIn = async (role: 'reviewer' | 'manager' | 'admin') => {
    const u = await createStaffUser(ds, { role });
    return { ...u, token: await app.get(AuthService).issue({ ...u, name: u.email, role, token_version: 0 }) };
  };

  beforeAll(async () => {
    env = await createTestEnvironment('secauth');
    process.env.LOGIN_IP_MAX_FAILURES = '6';
    process.env.LOGIN_REQUESTS_PER_MINUTE = '1000';
    app = await createApiApp({ logger: false });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    ds = app.get(DataSource);
    secret = app.get<EnvironmentVariables>(APP_CONFIG).JWT_SECRET;
    admin = await signIn('admin');
    manager = await signIn('manager');
  });

  afterAll(async () => {
    delete process.env.LOGIN_IP_MAX_FAILURES;
    delete process.env.LOGIN_REQUESTS_PER_MINUTE;
    await app?.close();
    await env?.cleanup();
  });

  describe('tokens', () => {
    it('refuses a token signed with the secret but without exp, iss and aud', async () => {
      const forged = jwt.sign({ sub: admin.id, email: admin.email, name: 'x', role: 'admin' }, secret, {
        noTimestamp: true,
      });
      const res = await app.inject({ method: 'GET', url: '/v1/admin/integrations', headers: bearer(forged) });
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('INVALID_TOKEN');
    });

    it('refuses a token without exp even with the right issuer and audience', async () => {
      const decoded = jwt.decode(admin.token) as Record<string, unknown>;
      expect(decoded.exp).toEqual(expect.any(Number));
      const { exp, iat, ...rest } = decoded;
      void exp;
      void iat;
      const noExp = jwt.sign(rest, secret, { algorithm: 'HS256', noTimestamp: true });
      expect((await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(noExp) })).statusCode).toBe(401);
    });

    it('pins the algorithm: the same claims signed with HS512 are refused', async () => {
      const decoded = jwt.decode(admin.token) as Record<string, unknown>;
      const other = jwt.sign(decoded, secret, { algorithm: 'HS512' });
      expect((await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(other) })).statusCode).toBe(401);
      expect((await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(admin.token) })).statusCode).toBe(200);
    });

    it('logout revokes the token at once', async () => {
      const u = await signIn('reviewer');
      expect((await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(u.token) })).statusCode).toBe(200);
      expect((await app.inject({ method: 'POST', url: '/v1/auth/logout', headers: bearer(u.token) })).statusCode).toBe(
        204,
      );
      const after = await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(u.token) });
      expect(after.statusCode).toBe(401);
      expect(after.json().error.code).toBe('INVALID_TOKEN');
    });

    it('a disabled user is refused immediately, a demoted one loses the role immediately', async () => {
      const r = await signIn('reviewer');
      const res = await app.inject({
        method: 'PATCH',
        url: `/v1/admin/staff/${r.id}`,
        headers: bearer(admin.token),
        payload: { disabled: true },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ id: r.id, disabled: true });
      expect((await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(r.token) })).statusCode).toBe(401);
      expect((await login(r.email, 'password')).statusCode).toBe(401);

      const m = await signIn('manager');
      expect((await app.inject({ method: 'GET', url: '/v1/reviewers', headers: bearer(m.token) })).statusCode).toBe(
        200,
      );
      expect(
        (
          await app.inject({
            method: 'PATCH',
            url: `/v1/admin/staff/${m.id}`,
            headers: bearer(admin.token),
            payload: { role: 'reviewer' },
          })
        ).statusCode,
      ).toBe(200);
      expect((await app.inject({ method: 'GET', url: '/v1/reviewers', headers: bearer(m.token) })).statusCode).not.toBe(
        200,
      );
      const [audit] = await ds.query(
        `SELECT action, data FROM audit_events WHERE aggregate_type = 'staff_user' AND aggregate_id = $1`,
        [m.id],
      );
      expect(audit).toMatchObject({ action: 'updated', data: { role: { from: 'manager', to: 'reviewer' } } });
    });

    it('a user disabled directly in the database is refused on the next request', async () => {
      const r = await signIn('reviewer');
      await ds.query(`UPDATE staff_users SET disabled_at = now() WHERE id = $1`, [r.id]);
      expect((await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(r.token) })).statusCode).toBe(401);
    });

    it('the queue board checks the account too: a signed-out or demoted admin is refused at once', async () => {
      const a = await signIn('admin');
      const board = (token: string) =>
        app.inject({ method: 'GET', url: '/admin/queues/api/queues', headers: { cookie: `access_token=${token}` } });
      expect((await board(a.token)).statusCode).toBe(200);
      expect(
        (
          await app.inject({
            method: 'PATCH',
            url: `/v1/admin/staff/${a.id}`,
            headers: bearer(admin.token),
            payload: { role: 'manager' },
          })
        ).statusCode,
      ).toBe(200);
      expect((await board(a.token)).statusCode).toBe(401);
      const b = await signIn('admin');
      expect((await board(b.token)).statusCode).toBe(200);
      await app.inject({ method: 'POST', url: '/v1/auth/logout', headers: bearer(b.token) });
      expect((await board(b.token)).statusCode).toBe(401);
    });

    it('only admins manage staff accounts', async () => {
      const r = await createStaffUser(ds, { role: 'reviewer' });
      const res = await app.inject({
        method: 'PATCH',
        url: `/v1/admin/staff/${r.id}`,
        headers: bearer(manager.token),
        payload: { role: 'manager' },
      });
      expect(res.statusCode).toBe(403);
    });
  });

  describe('roles and invitations', () => {
    const person = (role?: string) => ({
      email: `new-${Math.random().toString(36).slice(2, 10)}@example.com`,
      name: 'New Person',
      countries: ['FI'],
      ...(role ? { role } : {}),
    });

    it('a manager cannot create managers or admins; an admin can', async () => {
      for (const role of ['admin', 'manager']) {
        const res = await app.inject({
          method: 'POST',
          url: '/v1/reviewers',
          headers: bearer(manager.token),
          payload: person(role),
        });
        expect(res.statusCode).toBe(403);
        expect(res.json().error.code).toBe('FORBIDDEN');
      }
      expect(
        (await app.inject({ method: 'POST', url: '/v1/reviewers', headers: bearer(manager.token), payload: person() }))
          .statusCode,
      ).toBe(201);
      expect(
        (
          await app.inject({
            method: 'POST',
            url: '/v1/reviewers',
            headers: bearer(admin.token),
            payload: person('manager'),
          })
        ).statusCode,
      ).toBe(201);
    });

    it("nobody sets another person's password: the account is created by a one-time invitation", async () => {
      const withPassword = await app.inject({
        method: 'POST',
        url: '/v1/reviewers',
        headers: bearer(manager.token),
        payload: { ...person(), password: 'a-password-chosen-by-someone-else' },
      });
      expect(withPassword.statusCode).toBe(400);
      expect(withPassword.json().error.details).toEqual(
        expect.arrayContaining([expect.objectContaining({ path: 'password', issue: 'unknown field' })]),
      );

      const p = person();
      const created = await app.inject({
        method: 'POST',
        url: '/v1/reviewers',
        headers: bearer(manager.token),
        payload: p,
      });
      expect(created.statusCode).toBe(201);
      const { invitation } = created.json();
      expect(invitation).toMatchObject({
        token: expect.any(String),
        url: expect.stringContaining(invitation.token),
        expiresAt: expect.any(String),
      });
      // Only a hash is stored, and the account cannot sign in before the invitation is accepted.
      const stored = JSON.stringify(await ds.query(`SELECT * FROM staff_invitations`));
      expect(stored).not.toContain(invitation.token);
      expect(stored).toContain(createHash('sha256').update(invitation.token).digest('hex'));
      expect((await login(p.email, '')).statusCode).toBe(400);

      const weak = await app.inject({
        method: 'POST',
        url: '/v1/auth/invitations/accept',
        payload: { token: invitation.token, password: 'password1234' },
      });
      expect(weak.statusCode).toBe(400);
      expect(weak.json().error).toMatchObject({
        code: 'PASSWORD_TOO_WEAK',
        details: [expect.objectContaining({ path: 'password' })],
      });
      const short = await app.inject({
        method: 'POST',
        url: '/v1/auth/invitations/accept',
        payload: { token: invitation.token, password: 'Xk3#pq9!' },
      });
      expect(short.statusCode).toBe(400);

      const own = 'my own long passphrase 4 invoices';
      const ok = await app.inject({
        method: 'POST',
        url: '/v1/auth/invitations/accept',
        payload: { token: invitation.token, password: own },
      });
      expect(ok.statusCode).toBe(200);
      expect(ok.json().user).toMatchObject({ email: p.email, role: 'reviewer' });
      expect((await login(p.email, own)).statusCode).toBe(200);
      const again = await app.inject({
        method: 'POST',
        url: '/v1/auth/invitations/accept',
        payload: { token: invitation.token, password: 'another long passphrase 99' },
      });
      expect(again.statusCode).toBe(400);
      expect(again.json().error.code).toBe('INVALID_INVITATION');
    });

    it('an expired invitation is refused', async () => {
      const created = await app.inject({
        method: 'POST',
        url: '/v1/reviewers',
        headers: bearer(admin.token),
        payload: person(),
      });
      const { token } = created.json().invitation;
      await ds.query(`UPDATE staff_invitations SET expires_at = now() - interval '1 minute'`);
      const res = await app.inject({
        method: 'POST',
        url: '/v1/auth/invitations/accept',
        payload: { token, password: 'my own long passphrase 4 invoices' },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('INVALID_INVITATION');
    });
  });

  describe('login throttling', () => {
    beforeEach(async () => {
      await ds.query(`DELETE FROM login_attempts`);
    });

    it('locks an account after repeated failures: the right password no longer works for a while', async () => {
      const u = await createStaffUser(ds, { role: 'reviewer' });
      for (let i = 0; i < 5; i++) expect((await login(u.email, `wrong-${i}`)).statusCode).toBe(401);
      const res = await login(` ${u.email.toUpperCase()} `, 'password');
      expect(res.statusCode).toBe(429);
      expect(res.json().error.code).toBe('LOGIN_LOCKED');
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      // Locked for a while: after the backoff (moved into the past here) the right password works again.
      await ds.query(`UPDATE login_attempts SET attempted_at = attempted_at - interval '1 hour'`);
      expect((await login(u.email, 'password')).statusCode).toBe(200);
    });

    it('audits success and failure', async () => {
      const u = await createStaffUser(ds, { role: 'reviewer' });
      await login(u.email, 'wrong');
      await login('nobody@example.com', 'wrong');
      await login(u.email, 'password');
      const rows = await ds.query(`SELECT email, user_id, outcome, ip FROM login_attempts ORDER BY id`);
      expect(rows).toEqual([
        expect.objectContaining({ email: u.email, user_id: u.id, outcome: 'failure', ip: '127.0.0.1' }),
        expect.objectContaining({ email: 'nobody@example.com', user_id: null, outcome: 'failure' }),
        expect.objectContaining({ email: u.email, user_id: u.id, outcome: 'success' }),
      ]);
    });

    it('rotating X-Forwarded-For does not dodge the per-address limit (no trusted proxy)', async () => {
      const codes: number[] = [];
      for (let i = 0; i < 8; i++) {
        codes.push(
          (await login(`spray-${i}@example.com`, 'Winter2026!', { 'x-forwarded-for': `203.0.113.${i}` })).statusCode,
        );
      }
      expect(codes).toEqual([401, 401, 401, 401, 401, 401, 429, 429]);
      const [row] = await ds.query(`SELECT DISTINCT ip FROM login_attempts`);
      expect(row.ip).toBe('127.0.0.1');
    });

    it('a junk X-Api-Key does not dodge the limits', async () => {
      const codes: number[] = [];
      for (let i = 0; i < 8; i++) {
        codes.push(
          (await login(`junk-${i}@example.com`, 'Winter2026!', { 'x-api-key': `junk-key-${i}-${'z'.repeat(20)}` }))
            .statusCode,
        );
      }
      expect(codes).toEqual([401, 401, 401, 401, 401, 401, 429, 429]);
      const u = await createStaffUser(ds, { role: 'reviewer' });
      await ds.query(`DELETE FROM login_attempts`);
      const perEmail: number[] = [];
      for (let i = 0; i < 6; i++)
        perEmail.push((await login(u.email, 'wrong', { 'x-api-key': `junk${i}`.padEnd(40, String(i)) })).statusCode);
      expect(perEmail).toEqual([401, 401, 401, 401, 401, 429]);
    });

    it('unknown and known emails take comparable time (a dummy hash is verified)', async () => {
      const known = await Promise.all([0, 1, 2].map(() => createStaffUser(ds, { role: 'reviewer' })));
      const time = async (email: string) => {
        const t = process.hrtime.bigint();
        expect((await login(email, 'not-the-password')).statusCode).toBe(401);
        return Number(process.hrtime.bigint() - t) / 1e6;
      };
      const k: number[] = [];
      const u: number[] = [];
      for (let i = 0; i < 3; i++) {
        k.push(await time(known[i].email));
        u.push(await time(`unknown-${i}@example.com`));
      }
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
      const ratio = median(u) / median(k);
      console.log(
        `login timing: known median ${median(k).toFixed(1)} ms, unknown median ${median(u).toFixed(1)} ms, ratio ${ratio.toFixed(2)}`,
      );
      expect(ratio).toBeGreaterThan(0.5);
      expect(ratio).toBeLessThan(2);
    });
  });

  describe('browser session', () => {
    it('signs in with an HttpOnly SameSite cookie and needs the CSRF token for state changes', async () => {
      await ds.query(`DELETE FROM login_attempts`);
      const u = await createStaffUser(ds, { role: 'reviewer' });
      const res = await login(u.email, 'password');
      const cookies = res.cookies as {
        name: string;
        value: string;
        httpOnly?: boolean;
        sameSite?: string;
        path?: string;
      }[];
      const session = cookies.find((c) => c.name === 'access_token');
      const csrf = cookies.find((c) => c.name === 'csrf_token');
      expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
      expect(csrf).toBeDefined();
      expect(csrf!.httpOnly).toBeFalsy();
      const cookie = `access_token=${session!.value}; csrf_token=${csrf!.value}`;
      expect((await app.inject({ method: 'GET', url: '/v1/me', headers: { cookie } })).statusCode).toBe(200);
      const noCsrf = await app.inject({
        method: 'PATCH',
        url: '/v1/reviewers/me',
        headers: { cookie },
        payload: { availability: 'away' },
      });
      expect(noCsrf.statusCode).toBe(403);
      expect(noCsrf.json().error.code).toBe('CSRF_TOKEN_INVALID');
      const wrong = await app.inject({
        method: 'PATCH',
        url: '/v1/reviewers/me',
        headers: { cookie, 'x-csrf-token': 'x'.repeat(43) },
        payload: { availability: 'away' },
      });
      expect(wrong.statusCode).toBe(403);
      const ok = await app.inject({
        method: 'PATCH',
        url: '/v1/reviewers/me',
        headers: { cookie, 'x-csrf-token': csrf!.value },
        payload: { availability: 'away' },
      });
      expect(ok.statusCode).toBe(200);
      const out = await app.inject({
        method: 'POST',
        url: '/v1/auth/logout',
        headers: { cookie, 'x-csrf-token': csrf!.value },
      });
      expect(out.statusCode).toBe(204);
      expect((out.cookies as { name: string; value: string }[]).find((c) => c.name === 'access_token')?.value).toBe('');
      expect((await app.inject({ method: 'GET', url: '/v1/me', headers: { cookie } })).statusCode).toBe(401);
    });

    it('sends CSP, nosniff and HSTS headers that fit the pages', async () => {
      for (const url of ['/login', '/v1/rules']) {
        const res = await app.inject({ method: 'GET', url });
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        expect(res.headers['strict-transport-security']).toMatch(/max-age=\d{7,}/);
        const csp = String(res.headers['content-security-policy']);
        expect(csp).toContain("default-src 'self'");
        expect(csp).toContain("script-src 'self'");
        expect(csp).toContain("frame-ancestors 'none'");
        expect(csp).toContain("object-src 'none'");
      }
    });
  });

  describe('integration keys', () => {
    it('an admin rotates and disables a key, audited; the old key stops working at once', async () => {
      const i = await createIntegration(ds, 'rotating');
      expect(
        (await app.inject({ method: 'GET', url: '/v1/invoices', headers: { 'x-api-key': i.apiKey } })).statusCode,
      ).toBe(200);
      expect(
        (
          await app.inject({
            method: 'POST',
            url: `/v1/admin/integrations/${i.id}/rotate-key`,
            headers: bearer(manager.token),
          })
        ).statusCode,
      ).toBe(403);
      const rotated = await app.inject({
        method: 'POST',
        url: `/v1/admin/integrations/${i.id}/rotate-key`,
        headers: bearer(admin.token),
      });
      expect(rotated.statusCode).toBe(200);
      const { apiKey } = rotated.json();
      expect(apiKey).toMatch(/^itk_/);
      expect(
        (await app.inject({ method: 'GET', url: '/v1/invoices', headers: { 'x-api-key': i.apiKey } })).statusCode,
      ).toBe(401);
      expect(
        (await app.inject({ method: 'GET', url: '/v1/invoices', headers: { 'x-api-key': apiKey } })).statusCode,
      ).toBe(200);
      const disabled = await app.inject({
        method: 'POST',
        url: `/v1/admin/integrations/${i.id}/disable`,
        headers: bearer(admin.token),
      });
      expect(disabled.statusCode).toBe(200);
      expect(disabled.json().disabledAt).toEqual(expect.any(String));
      expect(
        (await app.inject({ method: 'GET', url: '/v1/invoices', headers: { 'x-api-key': apiKey } })).statusCode,
      ).toBe(401);
      const audit = await ds.query(
        `SELECT action, actor_id FROM audit_events WHERE aggregate_type = 'integration' AND aggregate_id = $1 ORDER BY id`,
        [i.id],
      );
      expect(audit).toEqual([
        { action: 'key_rotated', actor_id: admin.id },
        { action: 'disabled', actor_id: admin.id },
      ]);
      expect(
        JSON.stringify(await ds.query(`SELECT data FROM audit_events WHERE aggregate_id = $1`, [i.id])),
      ).not.toContain(apiKey);
    });
  });
});

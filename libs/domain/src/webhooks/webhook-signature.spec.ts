import { newWebhookSecret, signWebhook, verifyWebhook } from './webhook-signature';
import { isPrivateAddress, webhookUrlProblem } from './webhook-url';

describe('webhook signatures', () => {
  const secret = newWebhookSecret();
  const body = '{"id":"e1","type":"invoice.ready"}';

  it('verifies its own signature; refuses another body, another secret, an old timestamp, no header', () => {
    const now = 1_800_000_000;
    const header = signWebhook(secret, body, now);
    expect(header).toMatch(/^t=1800000000,v1=[0-9a-f]{64}$/);
    expect(verifyWebhook(secret, body, header, 300, now + 10)).toBe(true);
    expect(verifyWebhook(secret, body.replace('ready', 'rejected'), header, 300, now)).toBe(false);
    expect(verifyWebhook(newWebhookSecret(), body, header, 300, now)).toBe(false);
    expect(verifyWebhook(secret, body, header, 300, now + 301)).toBe(false);
    expect(verifyWebhook(secret, body, undefined)).toBe(false);
    expect(verifyWebhook(secret, body, `t=${now},v1=00`, 300, now)).toBe(false);
  });

  it('accepts any of several v1 values (secret rotation)', () => {
    const now = 1_800_000_000;
    const old = signWebhook('whsec_old', body, now).split(',')[1];
    expect(verifyWebhook(secret, body, `${signWebhook(secret, body, now)},${old}`, 300, now)).toBe(true);
  });
});

describe('webhook URLs', () => {
  it('https to public hosts always; http and private addresses only when local targets are allowed', () => {
    expect(webhookUrlProblem('https://erp.example.com/hook', false)).toBeNull();
    expect(webhookUrlProblem('http://127.0.0.1:8080/hook', true)).toBeNull();
    expect(webhookUrlProblem('http://localhost/hook', false)).toBe('https only');
    expect(webhookUrlProblem('http://erp.example.com/hook', true)).toBe('https, or http to localhost');
    expect(webhookUrlProblem('https://10.1.2.3/hook', false)).toMatch(/private/);
    expect(webhookUrlProblem('https://[::1]/hook', false)).toMatch(/private/);
    expect(webhookUrlProblem('https://169.254.169.254/latest/meta-data', false)).toMatch(/private/);
    expect(webhookUrlProblem('https://user:pw@erp.example.com/', false)).toMatch(/credentials/);
    expect(webhookUrlProblem('erp.example.com', false)).toBe('not an absolute URL');
  });

  it.each([
    '10.0.0.1',
    '172.16.5.4',
    '192.168.1.1',
    '127.0.0.1',
    '100.64.0.1',
    '::1',
    'fd00::1',
    'fe80::1',
    '::ffff:10.0.0.1',
  ])('%s is private', (ip) => expect(isPrivateAddress(ip)).toBe(true));
  it.each(['8.8.8.8', '172.32.0.1', '2001:4860:4860::8888'])('%s is public', (ip) =>
    expect(isPrivateAddress(ip)).toBe(false),
  );
});

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebAssets } from './web-assets';

describe('web assets', () => {
  const saved = process.env.NODE_ENV;
  afterEach(() => {
    process.env.NODE_ENV = saved;
  });

  const dist = () => {
    const dir = mkdtempSync(join(tmpdir(), 'web-dist-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(join(dir, 'assets', 'app.js.map'), '{"sources":["secret.ts"]}');
    return dir;
  };

  it('never serves source maps in production', () => {
    process.env.NODE_ENV = 'production';
    const assets = new WebAssets(dist());
    expect(assets.asset('app.js')).not.toBeNull();
    expect(assets.asset('app.js.map')).toBeNull();
  });

  it('serves them on a development machine', () => {
    process.env.NODE_ENV = 'test';
    expect(new WebAssets(dist()).asset('app.js.map')).not.toBeNull();
  });
});

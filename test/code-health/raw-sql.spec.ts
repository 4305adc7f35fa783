import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The persistence seam: SQL runs only in repositories (a *.repository.ts file or a repositories/
 * folder) and migrations; services call repositories. Specs and test helpers may seed and inspect
 * tables directly. The benchmarks (bench/) are exempt: they measure the product against raw PostgreSQL
 * (COPY, a bare SKIP LOCKED claim) and seed their worlds set-based, so raw SQL is their purpose.
 * Running SQL means a `.query(` call or TypeORM's query builder or repositories (the product uses none).
 */
const ROOT = join(__dirname, '..', '..');
const EXEMPT =
  /\.spec\.ts$|e2e-spec\.ts$|\/migrations\/|\/testing\/|^libs\/testing\/|\/repositories\/|\.repository\.ts$|^bench\//;
const RAW_SQL = /\.query\s*(<[^>]*>)?\s*\(|createQueryBuilder|\.getRepository\s*\(/;

function filesRunningSql(): string[] {
  return execFileSync(
    'git',
    ['ls-files', '--cached', '--others', '--exclude-standard', 'apps', 'libs', 'scripts', 'bench'],
    {
      cwd: ROOT,
      encoding: 'utf8',
    },
  )
    .split('\n')
    .filter((f) => f.endsWith('.ts') && !EXEMPT.test(f))
    .filter((f) => {
      try {
        return RAW_SQL.test(readFileSync(join(ROOT, f), 'utf8'));
      } catch {
        return false; // deleted in the work tree
      }
    })
    .sort();
}

describe('raw SQL stays behind the persistence seam', () => {
  it('no file outside repositories and migrations runs SQL', () => {
    expect(filesRunningSql()).toEqual([]);
  });

  it('the check sees SQL where it is run', () => {
    const sample = `const rows = await this.ds.query<Row>(\`SELECT 1\`);`;
    expect(RAW_SQL.test(sample)).toBe(true);
    expect(RAW_SQL.test('return this.invoices.page(filter);')).toBe(false);
    expect(EXEMPT.test('apps/api/src/modules/intake/intake.service.ts')).toBe(false);
    expect(EXEMPT.test('libs/triage/src/repositories/claim-next.repository.ts')).toBe(true);
  });
});

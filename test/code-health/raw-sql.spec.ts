import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The persistence seam: SQL lives in repositories and migrations. Files that still run SQL themselves
 * are listed in raw-sql-allowlist.json; a new one fails here, and a file that no longer does must leave
 * the list, so it only shrinks. The benchmarks (bench/) are exempt: they measure the product against raw
 * PostgreSQL (COPY, a bare SKIP LOCKED claim) and seed their worlds set-based, so raw SQL is their purpose.
 */
const ROOT = join(__dirname, '..', '..');
const ALLOWED = new Set<string>(
  (JSON.parse(readFileSync(join(__dirname, 'raw-sql-allowlist.json'), 'utf8')) as { files: string[] }).files,
);
const EXEMPT =
  /\.spec\.ts$|e2e-spec\.ts$|\/migrations\/|\/testing\/|^libs\/testing\/|\/repositories\/|\.repository\.ts$|^bench\//;
const RAW_SQL = /\.query\s*(<[^>]*>)?\s*\(/;

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
  const running = filesRunningSql();

  it('no new file runs SQL outside repositories and migrations', () => {
    expect(running.filter((f) => !ALLOWED.has(f))).toEqual([]);
  });

  it('files that stopped running SQL leave the allow-list (it only shrinks)', () => {
    const now = new Set(running);
    expect([...ALLOWED].filter((f) => !now.has(f))).toEqual([]);
  });
});

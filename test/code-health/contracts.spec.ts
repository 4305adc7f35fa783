import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ts from 'typescript';
import type * as C from '@app/contracts';
import type * as M from '@app/metrics';
import type { InvoiceQueryService } from '../../apps/api/src/modules/intake/invoice-query.service';
import type { ExceptionContextService } from '../../apps/api/src/modules/review/context/exception-context.service';
import type { ExceptionDetailService } from '../../apps/api/src/modules/review/exception-detail.service';
import type { ExceptionListService } from '../../apps/api/src/modules/review/exception-list.service';
import type { ReviewersService } from '../../apps/api/src/modules/reviewers/reviewers.service';

/**
 * The HTTP contract (libs/contracts) against what the code answers. The controllers declare the contract
 * as their return type, so a field the contract promises and a service drops fails the typecheck there;
 * what a return type cannot see is a field a service ADDS (TypeScript checks excess properties only on
 * object literals). The assertions below close that gap: `npm run typecheck` fails when a service's
 * answer and its contract do not have the same keys, or when a metrics query's type and the contract's
 * copy of it part ways.
 */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Expect<T extends true> = T;
/** Every key of every member of a union (a service that answers one of several shapes). */
type KeysOf<U> = U extends unknown ? keyof U : never;
type SameKeys<Actual, Contract> = Equal<KeysOf<Actual>, keyof Contract>;
type MutuallyAssignable<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Answer<F extends (...args: never[]) => unknown> = Awaited<ReturnType<F>>;
type Context = Answer<ExceptionContextService['context']>;

export type ContractAssertions = [
  Expect<SameKeys<Answer<InvoiceQueryService['get']>, C.InvoiceView>>,
  Expect<SameKeys<Answer<ExceptionDetailService['detail']>, C.ExceptionDetail>>,
  Expect<SameKeys<Answer<ExceptionDetailService['myWork']>, C.MyWork>>,
  Expect<SameKeys<Answer<ExceptionListService['list']>['items'][number], C.ListedException>>,
  Expect<SameKeys<Context, C.ExceptionContext>>,
  Expect<SameKeys<NonNullable<Context['purchaseOrder']>, C.PurchaseOrderContext>>,
  Expect<SameKeys<NonNullable<Context['duplicate']>, C.DuplicateContext>>,
  Expect<SameKeys<NonNullable<Context['supplier']>, C.SupplierContext>>,
  Expect<SameKeys<Answer<ReviewersService['get']>, C.ReviewerView>>,
  Expect<MutuallyAssignable<M.MetricsSummary, Omit<C.MetricsSummary, 'pipeline'>>>,
  Expect<SameKeys<M.MetricsSummary, Omit<C.MetricsSummary, 'pipeline'>>>,
  Expect<MutuallyAssignable<M.DurationStats, C.DurationStats>>,
  Expect<MutuallyAssignable<M.QueueMetrics, C.QueueMetrics>>,
  Expect<SameKeys<M.QueueMetrics, C.QueueMetrics>>,
  Expect<MutuallyAssignable<M.ReviewerMetrics, C.ReviewerMetrics>>,
  Expect<SameKeys<M.ReviewerMetrics, C.ReviewerMetrics>>,
  Expect<MutuallyAssignable<M.RootCauseRow, C.RootCauseRow>>,
  Expect<SameKeys<M.RootCauseRow, C.RootCauseRow>>,
  Expect<MutuallyAssignable<M.SupplierCostRow, C.SupplierCostRow>>,
  Expect<SameKeys<M.SupplierCostRow, C.SupplierCostRow>>,
  Expect<Equal<M.AgeingBucketKey, C.AgeingBucket>>,
];

const CONTRACTS = join(__dirname, '..', '..', 'libs', 'contracts', 'src');

describe('the contracts lib', () => {
  // The web pages import it with `import type`; a value in it would be bundled, or worse, silently missing.
  it.each(readdirSync(CONTRACTS).filter((f) => f.endsWith('.ts')))('%s declares types only', (file) => {
    const source = ts.createSourceFile(file, readFileSync(join(CONTRACTS, file), 'utf8'), ts.ScriptTarget.ES2022);
    const values = source.statements.filter(
      (s) =>
        !ts.isInterfaceDeclaration(s) &&
        !ts.isTypeAliasDeclaration(s) &&
        !((ts.isImportDeclaration(s) || ts.isExportDeclaration(s)) && isTypeOnly(s)),
    );
    expect(values.map((s) => s.getText(source).slice(0, 80))).toEqual([]);
  });

  it('is registered wherever the other libs are (tsconfig paths, jest, nest-cli)', () => {
    const root = join(__dirname, '..', '..');
    const tsconfig = readFileSync(join(root, 'tsconfig.json'), 'utf8');
    expect(tsconfig).toContain('"@app/contracts": ["libs/contracts/src"]');
    expect(readFileSync(join(root, 'jest.config.js'), 'utf8')).toMatch(/'contracts'/);
    const nest = JSON.parse(readFileSync(join(root, 'nest-cli.json'), 'utf8')) as { projects: Record<string, unknown> };
    expect(nest.projects.contracts).toMatchObject({ type: 'library', sourceRoot: 'libs/contracts/src' });
  });
});

function isTypeOnly(s: ts.ImportDeclaration | ts.ExportDeclaration): boolean {
  return ts.isImportDeclaration(s) ? !!s.importClause?.isTypeOnly : s.isTypeOnly;
}

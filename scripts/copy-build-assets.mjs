// Copies files the compiled code reads at run time next to it in dist/ (tsc copies only JSON it sees imported):
// the message catalogue files of libs/rules/src/i18n/catalogue.
import { cpSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..');
for (const dir of ['libs/rules/src/i18n/catalogue']) {
  const from = join(root, dir);
  if (existsSync(from)) cpSync(from, join(root, 'dist', dir), { recursive: true, filter: (p) => !p.endsWith('.ts') });
}

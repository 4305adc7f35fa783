import 'reflect-metadata';
import { runValidateCli } from './validate-documents';

/**
 * `npm run validate -- <file or folder>... [--json] [--lang en]`: validates invoices without a server
 * (EN 16931, syntax, country and Peppol BIS packs; default settings; no supplier master data).
 * Exit code 0: no document blocked; 1: some document blocked; 2: usage or read error.
 */
runValidateCli(process.argv.slice(2)).then(
  (r) => {
    if (r.stdout) process.stdout.write(r.stdout);
    if (r.stderr) process.stderr.write(r.stderr);
    process.exitCode = r.exitCode;
  },
  (e: unknown) => {
    process.stderr.write(`validate failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 2;
  },
);

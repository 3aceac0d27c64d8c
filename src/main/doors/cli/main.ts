import { runCli } from './cli';

// Entry point of `npx workbench` (see bin/workbench.mjs).
// A closed terminal or pipe must not crash the process before serve closes the database.
process.stdout.on('error', () => {});
process.stderr.on('error', () => {});
runCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  env: process.env,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`workbench: ${(error as Error).message}\n`);
    process.exitCode = 1;
  },
);

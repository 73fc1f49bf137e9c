#!/usr/bin/env node
/** Entry point of the `javm` command. */
import { runCliAsync } from './main.js';

process.exitCode = await runCliAsync(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
});

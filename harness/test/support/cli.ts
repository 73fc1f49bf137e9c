/** Runs the `javm` command line in-process for tests and collects what it prints. */
import { runCli } from '../../cli/main.js';

/** Runs a synchronous command; its exit status and output lines. */
export function cli(...argv: string[]): { code: number; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const code = runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

/**
 * `javm report <vector> [--html out.html] [--engine e | --mutant m | --target "<cmd>"]`: the divergence
 * page of a finding or of a vector an engine or target fails (harness/report/). The model's answer
 * (the vector's `expected`) and trace are the left side; the engine, mutant or target the right.
 * Exit status: 0 when the page is written (whether or not the sides differ; the printed lines say),
 * 2 on bad input.
 */
import { existsSync } from 'node:fs';
import { Command, Option } from 'commander';
import type { Vector } from '../../vectors/lib/format.js';
import { readVector, VectorFormatError } from '../../vectors/lib/schema.js';
import { engineByName, ENGINES, UsageError } from '../engines.js';
import { mutantEngine } from '../fuzz/mutants.js';
import { regressionVector } from '../fuzz/regressions.js';
import { TargetStartError } from '../target/client.js';
import { engineRun, pageFileOf, reportCaseOf, targetRun, writePage } from '../report/run.js';
import { parseDuration } from './fuzz-flags.js';
import type { Io } from './io.js';
import { settle, type Status } from './status.js';

export interface ReportFlags {
  html?: string;
  engine: string;
  mutant?: string;
  target?: string;
  timeout: string;
  handshakeTimeout: string;
}

/** A vector file, or a fuzzer regression file (vectors/regressions/*.json) as its ordinary vector. */
function vectorOf(file: string): Vector {
  try {
    return readVector(file);
  } catch (e) {
    if (!(e instanceof VectorFormatError) || !existsSync(file)) throw e;
    let r: ReturnType<typeof regressionVector>;
    try {
      r = regressionVector(file);
    } catch {
      throw e; // neither a vector nor a regression file: the vector error names the field
    }
    if (r.vector === null) throw new UsageError(`${file}: a fuzzer regression file with no vector: ${r.why}`);
    return r.vector;
  }
}

/** Runs the command; resolves to the exit status. */
export async function reportCommand(file: string, flags: ReportFlags, io: Io): Promise<number> {
  const chosen = [flags.engine !== 'impl' ? '--engine' : null, flags.mutant !== undefined ? '--mutant' : null, flags.target !== undefined ? '--target' : null].filter((x) => x !== null);
  if (chosen.length > 1) throw new UsageError(`${chosen.join(' and ')}: choose one other side`);
  const v = vectorOf(file);
  const c = reportCaseOf(v, file);
  const out = flags.html ?? pageFileOf(file);
  let right;
  if (flags.target !== undefined) {
    if (flags.target.trim() === '') throw new UsageError('--target: give the command that starts your implementation (or unix:/path/to/socket)');
    try {
      right = await targetRun(flags.target, c, { timeoutMs: parseDuration(flags.timeout, '--timeout'), handshakeMs: parseDuration(flags.handshakeTimeout, '--handshake-timeout') });
    } catch (e) {
      if (e instanceof TargetStartError) throw new UsageError(e.message);
      throw e;
    }
  } else {
    right = engineRun(flags.mutant !== undefined ? mutantEngine(flags.mutant) : engineByName(flags.engine), c);
  }
  const model = ENGINES.model;
  if (model === undefined) throw new Error('no model engine');
  let w;
  try {
    w = writePage(c, v.expected, right, out, model);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === undefined) throw e;
    throw new UsageError(`${out}: cannot write (${code})`);
  }
  io.out(`javm report: ${file}: ${model.name} vs ${right.name}`);
  if (w.firstDiff === null) io.out(right.trace.length === 0 ? `  no per-instruction trace${right.traceAbsent === undefined ? '' : `: ${right.traceAbsent}`}` : '  the traces agree');
  else io.out(`  first differing trace step #${w.firstDiff.step}: ${w.firstDiff.fields.join(', ')}`);
  io.out(`  answers: ${w.difference ?? 'agree'}`);
  io.out(`page: ${w.file}`);
  return 0;
}

/** Adds `javm report` to the command tree. */
export function addReportCommand(root: Command, io: Io, status: Status): void {
  root.command('report')
    .description('write the divergence page of a finding or of a vector an engine or target fails: one self-contained HTML file with the case, both traces around the first differing step, the differing values and the spec-notes that apply')
    .argument('<vector>', 'a vector file (a finding under javm-findings/, a regression under vectors/regressions/, any vector) or a fuzzer regression file')
    .option('--html <file>', 'the page to write (default: the vector path with .html)')
    .addOption(new Option('--engine <name>', `the other side: one of our engines (${Object.keys(ENGINES).join(', ')})`).default('impl'))
    .option('--mutant <name>', 'the other side: the impl with a deliberate bug (harness/fuzz/mutants.ts)')
    .option('--target <command>', 'the other side: an external implementation speaking the target protocol (vectors/TARGET.md), or unix:/path')
    .option('--timeout <duration>', 'with --target: how long the case may take', '10s')
    .option('--handshake-timeout <duration>', 'with --target: how long the target may take to start', '10s')
    .action((vector: string, flags: ReportFlags) => settle(status, reportCommand(vector, flags, io)));
}

/**
 * The `javm` command line: argument parsing (commander), dispatch, and the error policy: bad input
 * is one line on stderr with exit status 2; anything else thrown is a bug and shows its stack.
 */
import { Command, CommanderError, Option } from 'commander';
import { VectorFormatError } from '../../vectors/lib/schema.js';
import { W3fFormatError } from '../../vectors/lib/w3f.js';
import { ENGINES, UsageError } from '../engines.js';
import { disasmCommand } from './disasm.js';
import { fuzzCommand, mergeCommand, type FuzzFlags } from './fuzz.js';
import { maxBlobSizeOption, type Io } from './io.js';
import { runCommand, type RunFlags } from './run.js';
import { DEFAULT_MAX_CALLS } from './host.js';
import { serveCommand, type ServeFlags } from './serve.js';
import { settle, type Status } from './status.js';
import { kitVersion } from '../version.js';
import { addReportCommand } from './report.js';
import { addVectorsCommand } from './vectors.js';
import { addTraceCommand } from './trace.js';
import { w3fCommand } from './w3f.js';

/** Builds the command tree; actions store their exit status in `status`. */
function program(io: Io, status: Status): Command {
  const root = new Command('javm')
    .description('JAVM conformance kit: run, disassemble and check programs of the JAR VM (jar1) and the Gray Paper PVM (gp)')
    .version(kitVersion(), '-V, --version', 'print the kit version')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .showHelpAfterError('(run with --help for usage)');
  const engine = new Option('--engine <name>', `engine to run: ${Object.keys(ENGINES).join(' or ')}`).default('model');
  root.command('run')
    .description('run a program blob to its first exit (with a host: to its halt, answering host calls); prints the exit, r7, gas used and pc')
    .argument('[blob]', 'program blob file: JAR v2 manifest (jar1) or Gray Paper deblob (gp); omit with --input')
    .addOption(new Option('--profile <profile>', 'jar1 or gp (default: jar1 if the blob starts with JAR\\x02, else gp)'))
    .option('--gas <n>', 'initial gas (decimal or 0x hex)', '1000000000')
    .option('--reg7 <v>', 'initial φ7 (decimal or 0x hex)')
    .option('--args <hex>', 'jar1: argument bytes written to the DATA cap in slot 0')
    .option('--max-steps <n>', 'stop after this many instructions')
    .addOption(engine)
    .option('--json', 'print one JSON object (u64 values as 0x strings)')
    .option('--answer <host>', 'answer host calls with a built-in host and run to the halt: gas (the GAS call; any other call stops the run)')
    .option('--host <file>', 'answer host calls from a YAML host file, in order or by call id (vectors/HOST.md)')
    .option('--host-cmd <command>', 'answer host calls with an external process speaking JSON lines on stdin/stdout (vectors/HOST.md)')
    .option('--timeout <duration>', 'with --host-cmd: how long one answer may take (default 5s)')
    .option('--record <file>', 'write every host exchange to a host file (replay it with --replay or --host)')
    .option('--replay <file>', 'answer from a recording, checking that each call is the recorded one')
    .option('--max-calls <n>', `with a host: answer at most this many host calls (default ${DEFAULT_MAX_CALLS})`)
    .option('--input <file>', 'run a gp machine state instead of a blob: a w3f PVM vector, an isa or gp program vector, or its input object')
    .option('--dump <addr:len>', 'print memory at the exit as a hex dump (repeatable; with --json: hex strings)', (v: string, acc: string[] = []) => [...acc, v])
    .option('--dump-pages', 'print every accessible page at the exit (jar1: the active VM\'s address space)')
    .addOption(maxBlobSizeOption('blob file'))
    .action((blob: string | undefined, flags: RunFlags) => settle(status, runCommand(blob, flags, io)));
  root.command('disasm')
    .description('disassemble a program blob (every CODE cap of a jar1 manifest, or a gp deblob)')
    .argument('<blob>', 'program blob file')
    .addOption(new Option('--profile <profile>', 'jar1 or gp (default: guessed from the magic)'))
    .addOption(maxBlobSizeOption('blob file'))
    .action((blob: string, flags: { profile?: string; maxBlobSize?: string }) => { status.code = disasmCommand(blob, flags, io); });
  root.command('w3f')
    .description('run Web3 Foundation PVM test vectors (gp profile); one line per file and a total')
    .argument('<path>', 'a vector file or a directory of them')
    .addOption(engine)
    .option('--quiet', 'print only failures and the total')
    .action((path: string, flags: { engine: string; quiet?: boolean }) => { status.code = w3fCommand(path, flags, io); });
  const fuzz = root.command('fuzz')
    .description('differential fuzzing campaign: both engines run generated cases; divergences are shrunk, reported and saved as regression vectors')
    .option('--time <duration>', 'time budget, e.g. 60s, 2m (default 60s unless --runs is given)')
    .option('--runs <n>', 'stop after this many cases')
    .option('--seed <s>', 'campaign seed (default: $JAVM_SEED, else random; always printed)')
    .option('--workers <n>', 'worker threads (default: every core; 1 = in-process); with --target: target processes side by side (default 1)')
    .option('--shard <i/n>', 'run shard i of n (disjoint seed streams for many machines)', '0/1')
    .option('--focus <f>', 'core, kernel, blob, scale, a comma list, or all', 'all')
    .option('--engines <a,b>', 'the two engines to compare', 'model,impl')
    .option('--path <p>', 'replay one case: the fast-check path printed with a failure (needs --seed and one --focus)')
    .option('--replay <file>', 'run one regression vector file')
    .option('--mutant <name>', 'compare against the impl with a deliberate bug (see harness/fuzz/mutants.ts)')
    .option('--keep-going', 'continue after a divergence')
    .option('--no-write', 'do not write regression vectors')
    .option('--out <dir>', 'where regression vectors go (default vectors/regressions; with --target: javm-findings)')
    .option('--stepwise-every <k>', 'run kernel cases whose host seed is divisible by k one instruction at a time, checking invariants after every event (0 = never)', '4')
    .option('--progress <duration>', 'progress line interval', '2s')
    .option('--target <command>', 'fuzz an external implementation speaking the target protocol (vectors/TARGET.md) against the model; "unix:/path" for a socket')
    .option('--timeout <duration>', 'with --target: how long one case may take before the target counts as hung', '5s')
    .option('--handshake-timeout <duration>', 'with --target: how long the target may take to start and answer the handshake', '10s')
    .option('--shrink-time <duration>', 'with --target: the most time spent shrinking one finding', '30s')
    .option('--expect <file>', 'with --target: YAML list of difference classes the target is known to have (vectors/TARGET.md)')
    .action((flags: FuzzFlags) => settle(status, fuzzCommand(flags, io)));
  fuzz.command('merge')
    .description('merge the findings of many target campaigns (shards, machines) into one vector per class')
    .argument('<dirs...>', 'folders written by javm fuzz --target --out')
    .option('--out <dir>', 'where the merged findings go (omit to only list the classes)')
    .action((dirs: string[], flags: { out?: string }) => { status.code = mergeCommand(dirs, flags, io); });
  root.command('serve')
    .description("serve one of the kit's engines as a target process (vectors/TARGET.md) on stdin/stdout: the reference adapter")
    .addOption(new Option('--engine <name>', `engine to serve: ${Object.keys(ENGINES).join(' or ')}`).default('impl'))
    .option('--mutant <name>', 'serve the impl with a deliberate bug (harness/fuzz/mutants.ts)')
    .action((flags: ServeFlags) => { status.pending = serveCommand(flags, io); });
  addVectorsCommand(root, io, status);
  addTraceCommand(root, io, status);
  addReportCommand(root, io, status);
  return root;
}

/** The exit status of an error thrown by a command: bad input is one line and status 2; anything else is a bug and propagates. */
function failureStatus(e: unknown, io: Io): number {
  if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
  if (e instanceof UsageError || e instanceof W3fFormatError || e instanceof VectorFormatError) {
    io.err(`javm: ${e.message}`);
    return 2;
  }
  throw e;
}

/** Runs the CLI on arguments (without node and script), waiting for asynchronous commands; returns the exit status. */
export async function runCliAsync(argv: readonly string[], io: Io): Promise<number> {
  const status: Status = { code: 0 };
  try {
    program(io, status).parse([...argv], { from: 'user' });
    return status.pending === undefined ? status.code : await status.pending;
  } catch (e) {
    return failureStatus(e, io);
  }
}

/** Runs a synchronous command of the CLI; returns the exit status (commands that talk to a target need runCliAsync). */
export function runCli(argv: readonly string[], io: Io): number {
  const status: Status = { code: 0 };
  try {
    program(io, status).parse([...argv], { from: 'user' });
    if (status.pending !== undefined) throw new Error('runCli: this command is asynchronous; call runCliAsync');
    return status.code;
  } catch (e) {
    return failureStatus(e, io);
  }
}

/**
 * `javm run <blob>`: runs a program blob to its first exit and prints the exit, φ7, gas used and pc.
 * jar1 blobs run on a single VM (the kernel is not modelled yet: ecalli/ecall stop the run).
 */
import { loadJar1 } from '../../model/index.js';
import { NUM_REGS, type CoreRunInput, type CoreRunResult } from '../../vectors/lib/types.js';
import { engineByName, UsageError } from '../engines.js';
import { describeExit, exitJson, hex64, parseHex, parseU64 } from './format.js';
import { profileOf, readBlobFile, type Io } from './io.js';

export interface RunFlags {
  profile?: string;
  gas: string;
  reg7?: string;
  args?: string;
  engine: string;
  maxSteps?: string;
  json?: boolean;
}

interface Prepared {
  readonly input: CoreRunInput;
  readonly initGas: bigint;
  readonly initOutOfGas: boolean;
}

/** The starting state of a jar1 blob (manifest, DATA caps, args, init gas). */
function prepareJar1(path: string, blob: Uint8Array, gas: bigint, reg7: bigint, flags: RunFlags): Prepared {
  const args = flags.args === undefined ? undefined : parseHex(flags.args, '--args');
  const loaded = loadJar1(blob, { gas, reg7, ...(args ? { args } : {}) });
  if (!loaded.ok) throw new UsageError(`${path}: not a valid jar1 blob: ${loaded.error.message} [${loaded.error.class}]`);
  return loaded.value;
}

/** The starting state of a gp deblob: no memory, registers 0 but φ7. */
function prepareGp(path: string, blob: Uint8Array, gas: bigint, reg7: bigint, flags: RunFlags): Prepared {
  const image = engineByName(flags.engine).parseCode('gp', blob);
  if (!image.ok) throw new UsageError(`${path}: not a valid gp blob: ${image.error.message} [${image.error.class}]`);
  const regs = new Array<bigint>(NUM_REGS).fill(0n);
  regs[7] = reg7;
  return { input: { profile: 'gp', image: image.value, pc: 0, gas, regs, pages: [], memory: [] }, initGas: 0n, initOutOfGas: false };
}

/** Runs the command; returns the process exit status. */
export function runCommand(path: string, flags: RunFlags, io: Io): number {
  const blob = readBlobFile(path);
  const profile = profileOf(flags.profile, blob);
  const gas = parseU64(flags.gas, '--gas');
  const reg7 = flags.reg7 === undefined ? 0n : parseU64(flags.reg7, '--reg7');
  const maxSteps = flags.maxSteps === undefined ? undefined : Number(parseU64(flags.maxSteps, '--max-steps'));
  const engine = engineByName(flags.engine);
  const prep = (profile === 'jar1' ? prepareJar1 : prepareGp)(path, blob, gas, reg7, flags);
  const result: CoreRunResult = prep.initOutOfGas
    ? { exit: { kind: 'oog' }, state: { ...prep.input, gas: 0n }, steps: 0 }
    : engine.runCore(prep.input, maxSteps === undefined ? {} : { maxSteps });
  const used = gas - result.state.gas;
  const r7 = result.state.regs[7] ?? 0n;
  if (flags.json) {
    io.out(JSON.stringify({
      profile, engine: engine.name, exit: exitJson(result.exit), pc: result.state.pc, r7: hex64(r7),
      gasUsed: hex64(used), initGas: hex64(prep.initGas), gasLeft: hex64(result.state.gas), instructions: result.steps,
      regs: result.state.regs.map(hex64),
    }));
    return 0;
  }
  io.out(`exit: ${describeExit(result.exit)}`);
  io.out(`r7: ${r7} (${hex64(r7)})`);
  io.out(`gas used: ${used}${prep.initGas > 0n ? ` (of which init ${prep.initGas})` : ''}, left ${result.state.gas}`);
  io.out(`pc: ${result.state.pc}`);
  io.out(`instructions: ${result.steps}`);
  return 0;
}

/**
 * `javm run <blob>`: runs a program blob to its first exit and prints the exit, φ7, gas used and pc.
 * jar1 blobs run through the capability kernel up to its first exit to the host (halt, panic,
 * out of gas, page fault or a protocol call), and print the VM count too; gp blobs run on the core.
 * With a host (--answer, --host, --host-cmd, --replay) the run goes on to the halt: ./host.ts.
 */
import { NUM_REGS, type CoreRunInput } from '../../vectors/lib/types.js';
import { engineByName, UsageError } from '../engines.js';
import { describeExit, describeKernelExit, exitJson, hex64, kernelExitJson, parseHex, parseU64 } from './format.js';
import { hostRequested, runHosted, type HostFlags } from './host.js';
import { maxBlobSizeOf, profileOf, readBlobFile, type Io } from './io.js';
import { activeMemory, coreMemory, dumpJson, printDumps, machineInputOf, runMachineInput, type MachineIoFlags } from './machine-io.js';

export interface RunFlags extends Omit<HostFlags, 'gas' | 'engine' | 'args' | 'json'>, Omit<MachineIoFlags, 'engine' | 'maxSteps' | 'json'> {
  profile?: string;
  gas: string;
  reg7?: string;
  args?: string;
  engine: string;
  maxSteps?: string;
  json?: boolean;
  /** The largest blob file read (bytes; default io.ts DEFAULT_MAX_BLOB_SIZE). */
  maxBlobSize?: string;
}

/** A jar1 blob through the capability kernel: runs to the first exit to the host. */
function runJar1(path: string, blob: Uint8Array, gas: bigint, reg7: bigint, maxSteps: number | undefined, flags: RunFlags, io: Io): number {
  const engine = engineByName(flags.engine);
  const args = flags.args === undefined ? undefined : parseHex(flags.args, '--args');
  const loaded = engine.kernel.load(blob, { gas, reg7, ...(args ? { args } : {}) });
  if (!loaded.ok) throw new UsageError(`${path}: not a valid jar1 blob: ${loaded.error.message} [${loaded.error.class}]`);
  const session = loaded.value;
  const { exit, steps } = session.run(maxSteps);
  const snap = session.snapshot();
  const left = snap.vms.reduce((n, vm) => n + vm.gas, 0n);
  const used = gas - left;
  const active = snap.vms.find((vm) => vm.id === snap.active);
  const r7 = active?.regs[7] ?? 0n;
  const vms = snap.nextVmId;
  if (flags.json) {
    io.out(JSON.stringify({
      profile: 'jar1', engine: engine.name, exit: kernelExitJson(exit), active: snap.active, pc: active?.pc ?? 0, r7: hex64(r7),
      gasUsed: hex64(used), initGas: hex64(session.initGas), gasLeft: hex64(left), instructions: steps, vmsCreated: vms,
      vmsAlive: snap.vms.length, regs: (active?.regs ?? []).map(hex64), ...dumpJson(flags, activeMemory(snap)),
    }));
    return 0;
  }
  io.out(`exit: ${describeKernelExit(exit)}`);
  io.out(`r7: ${r7} (${hex64(r7)})`);
  io.out(`gas used: ${used}${session.initGas > 0n ? ` (of which init ${session.initGas})` : ''}, left ${left}`);
  io.out(`pc: ${active?.pc ?? 0} (VM ${snap.active})`);
  io.out(`VMs: ${vms} created, ${snap.vms.length} alive`);
  io.out(`instructions: ${steps}`);
  printDumps(flags, activeMemory(snap), io); // --dump, --dump-pages (./machine-io.ts)
  return 0;
}

/** A gp deblob on the core alone: no memory, registers 0 but φ7; ecalli/ecall exit to the host. */
function runGp(path: string, blob: Uint8Array, gas: bigint, reg7: bigint, maxSteps: number | undefined, flags: RunFlags, io: Io): number {
  const engine = engineByName(flags.engine).core;
  const image = engine.parseCode('gp', blob);
  if (!image.ok) throw new UsageError(`${path}: not a valid gp blob: ${image.error.message} [${image.error.class}]`);
  const regs = new Array<bigint>(NUM_REGS).fill(0n);
  regs[7] = reg7;
  const input: CoreRunInput = { profile: 'gp', image: image.value, pc: 0, gas, regs, pages: [], memory: [] };
  const result = engine.runCore(input, maxSteps === undefined ? {} : { maxSteps });
  const used = gas - result.state.gas;
  const r7 = result.state.regs[7] ?? 0n;
  if (flags.json) {
    io.out(JSON.stringify({
      profile: 'gp', engine: engine.name, exit: exitJson(result.exit), pc: result.state.pc, r7: hex64(r7),
      gasUsed: hex64(used), gasLeft: hex64(result.state.gas), instructions: result.steps, regs: result.state.regs.map(hex64), ...dumpJson(flags, coreMemory(result.state)),
    }));
    return 0;
  }
  io.out(`exit: ${describeExit(result.exit)}`);
  io.out(`r7: ${r7} (${hex64(r7)})`);
  io.out(`gas used: ${used}, left ${result.state.gas}`);
  io.out(`pc: ${result.state.pc}`);
  io.out(`instructions: ${result.steps}`);
  printDumps(flags, coreMemory(result.state), io); // --dump, --dump-pages (./machine-io.ts)
  return 0;
}

/** Runs the command; returns the process exit status (a promise of it with --host-cmd). */
export function runCommand(path: string | undefined, flags: RunFlags, io: Io): number | Promise<number> {
  if (flags.input !== undefined) {
    if (path !== undefined) throw new UsageError(`--input: give either a blob or --input <machine state>, not both`);
    if (hostRequested(flags)) { // a machine state with a host: to the halt, host writes checked against its pages
      const state = machineInputOf(flags.input);
      const maxSteps = flags.maxSteps === undefined ? undefined : Number(parseU64(flags.maxSteps, '--max-steps'));
      return runHosted(flags.input, new Uint8Array(), state.profile, state.gas, state.regs[7] ?? 0n, maxSteps, flags, io, state);
    }
    return runMachineInput(flags, io); // a machine state instead of a blob (./machine-io.ts)
  }
  if (path === undefined) throw new UsageError('run: expected a blob file, or --input <machine state>');
  const blob = readBlobFile(path, maxBlobSizeOf(flags.maxBlobSize));
  const profile = profileOf(flags.profile, blob);
  const gas = parseU64(flags.gas, '--gas');
  const reg7 = flags.reg7 === undefined ? 0n : parseU64(flags.reg7, '--reg7');
  const maxSteps = flags.maxSteps === undefined ? undefined : Number(parseU64(flags.maxSteps, '--max-steps'));
  if (hostRequested(flags)) return runHosted(path, blob, profile, gas, reg7, maxSteps, flags, io); // to the halt, answering host calls (./host.ts)
  return (profile === 'jar1' ? runJar1 : runGp)(path, blob, gas, reg7, maxSteps, flags, io);
}

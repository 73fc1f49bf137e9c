/**
 * Runs one workload case to its end on an engine of the kit (jar1 through its kernel, gp on its core),
 * answering host calls as the case says, and reports the registers it ended with and the number of
 * instructions it executed.
 */
import type { CoreEngine, CoreSession } from '../../vectors/lib/engine.js';
import type { KernelEngine } from '../../vectors/lib/kernel.js';
import { NUM_REGS, type CoreRunInput } from '../../vectors/lib/types.js';
import type { WorkloadCase } from './workloads.js';

export interface RunOutcome {
  /** How it ended: 'halt' for a correct run (jar1: the root's REPLY; gp: the GP halt address), else the exit kind. */
  readonly exit: string;
  readonly regs: readonly bigint[];
  /** Instructions executed (the engine's own count). */
  readonly steps: number;
  readonly hostCalls: number;
  /** jar1: VMs created during the run, the root included. */
  readonly vms?: number;
}

/**
 * A jar1 case through a kernel engine; protocol calls are answered by the case's host. With `final`
 * false the run ends at the kernel's exit without taking a snapshot (the timed runs of the benchmark:
 * an invocation is load + run to halt), so regs is empty and vms undefined.
 */
export function runJar1(kernel: KernelEngine, c: WorkloadCase, final = true): RunOutcome {
  const loaded = kernel.load(c.jar1.blob, { gas: c.jar1.gas, reg7: c.jar1.reg7 });
  if (!loaded.ok) throw new Error(`workload blob rejected by ${kernel.name}: ${loaded.error.message}`);
  const session = loaded.value;
  let steps = 0;
  let calls = 0;
  for (;;) {
    const r = session.run();
    steps += r.steps;
    if (r.exit?.kind === 'protocol' && c.host !== null) {
      const [r7, r8] = c.host(r.exit.id, ++calls);
      session.resumeProtocolCall(r7, r8);
      continue;
    }
    const exit = r.exit?.kind ?? 'step budget';
    if (!final) return { exit, regs: [], steps, hostCalls: calls };
    const snap = session.snapshot();
    const root = snap.vms.find((vm) => vm.id === 0);
    return { exit, regs: root?.regs ?? [], steps, hostCalls: calls, vms: snap.nextVmId };
  }
}

/**
 * A gp case on a core engine; ecalli exits are answered by the case's host and the run resumes at the
 * next pc: in one session when the engine offers sessions (CoreEngine.start), else by runCore from
 * the last state (a new machine and memory per host call).
 */
export function runGp(core: CoreEngine, c: WorkloadCase): RunOutcome {
  const gp = c.gp;
  if (gp === null) throw new Error('this workload has no gp program');
  const image = core.parseCode('gp', gp.blob);
  if (!image.ok) throw new Error(`workload blob rejected by ${core.name}: ${image.error.message}`);
  let input: CoreRunInput = { profile: 'gp', image: image.value, pc: 0, gas: gp.gas, regs: gp.regs, pages: gp.pages, memory: [] };
  if (core.start !== undefined) return inSession(core.start(input), c);
  let steps = 0;
  let calls = 0;
  for (;;) {
    const r = core.runCore(input);
    steps += r.steps;
    if (r.exit?.kind === 'ecalli' && c.host !== null) {
      const [r7, r8] = c.host(r.exit.id, ++calls);
      const regs = r.state.regs.map((v, i) => (i === 7 ? r7 : i === 8 ? r8 : v));
      input = { ...input, pc: r.state.pc, gas: r.state.gas, regs, pages: r.state.pages, memory: r.state.memory };
      continue;
    }
    return { exit: r.exit?.kind ?? 'step budget', regs: r.state.regs, steps, hostCalls: calls };
  }
}

/** The registers a case expects that the outcome does not have, as readable lines (empty when all match). */
export function mismatches(c: WorkloadCase, o: RunOutcome): string[] {
  const out: string[] = [];
  if (o.exit !== 'halt') out.push(`exit ${o.exit}, expected halt`);
  for (const [k, v] of Object.entries(c.expect)) {
    const got = o.regs[Number(k)];
    if (got !== v) out.push(`r${k} = ${got ?? 'missing'}, expected ${v}`);
  }
  return out;
}

/** The gp run of runGp in one resumable session. */
function inSession(session: CoreSession, c: WorkloadCase): RunOutcome {
  let steps = 0;
  let calls = 0;
  for (;;) {
    const r = session.run();
    steps += r.steps;
    if (r.exit?.kind === 'ecalli' && c.host !== null) {
      const [r7, r8] = c.host(r.exit.id, ++calls);
      session.setReg(7, r7);
      session.setReg(8, r8);
      continue;
    }
    const regs = Array.from({ length: NUM_REGS }, (_, i) => session.getReg(i));
    return { exit: r.exit?.kind ?? 'step budget', regs, steps, hostCalls: calls };
  }
}

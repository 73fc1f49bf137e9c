/**
 * Host calls from the CLI (`javm run --answer gas | --host <file> | --host-cmd <cmd> | --replay <file>`,
 * `--record <file>`, `--max-calls`): runs a blob to its halt, answering each host call (jar1: a
 * protocol call of the kernel; gp: an ecalli/ecall of the core) with the host's full answer
 * (φ7, φ8, memory writes, gas charge: spec-notes/0063, 0064). The protocol and the file format are in
 * vectors/HOST.md. One run loop (a generator) serves synchronous hosts (built-in, files) and the
 * asynchronous external host alike.
 */
import { writeFileSync } from 'node:fs';
import { answerCoreState } from '../../vectors/lib/host.js';
import type { HostAnswer, KernelSession, KernelSnapshot } from '../../vectors/lib/kernel.js';
import { NUM_REGS, PAGE_SIZE, type CoreExit, type CoreRunInput, type CoreSnapshot, type KernelExit, type Profile } from '../../vectors/lib/types.js';
import type { CoreEngine, CoreSession } from '../../vectors/lib/engine.js';
import { engineByName, UsageError } from '../engines.js';
import { parseCount, parseDuration } from './fuzz-flags.js';
import { describeExit, describeKernelExit, exitJson, hex64, kernelExitJson, parseHex } from './format.js';
import { HostProcess, type CallMessage, type CmdReply } from './host-cmd.js';
import { readHostScript, recordingText, type Exchange, type HostScript, type RegValue, type ScriptAnswer } from './host-file.js';
import type { Io } from './io.js';
import { activeMemory, coreMemory, dumpJson, printDumps } from './machine-io.js';

/** The flags of `javm run` this module reads. */
export interface HostFlags {
  answer?: string;
  host?: string;
  hostCmd?: string;
  record?: string;
  replay?: string;
  maxCalls?: string;
  timeout?: string;
  gas: string;
  args?: string;
  engine: string;
  json?: boolean;
  /** --dump / --dump-pages of `javm run` (./machine-io.ts): memory at the end of the hosted run. */
  dump?: string[];
  dumpPages?: boolean;
}

/** The built-in hosts of `--answer`. */
export const BUILT_IN_HOSTS = ['gas'] as const;
/** --max-calls when not given. */
export const DEFAULT_MAX_CALLS = 1_000_000;
/** The GAS host call: jar1 protocol cap 1; gp host call 0 (Lean `handleHostCallGp072` adds 1). */
const GAS_ID: Readonly<Record<Profile, number>> = { jar1: 1, gp: 0 };
/** What the GP host charges for GAS (Lean `Accumulation.hostCallGas`). */
const GP_HOST_CALL_GAS = 10n;

/** Whether any host flag was given (then `javm run` runs to the halt through this module). */
export function hostRequested(f: Partial<HostFlags>): boolean {
  if (f.answer !== undefined || f.host !== undefined || f.hostCmd !== undefined || f.replay !== undefined) return true;
  const stray = [f.record !== undefined && '--record', f.maxCalls !== undefined && '--max-calls', f.timeout !== undefined && '--timeout'].filter(Boolean);
  if (stray.length > 0) throw new UsageError(`${stray.join(', ')}: only with a host (--answer, --host, --host-cmd or --replay)`);
  return false;
}

/** A host's reply to a call: an answer, or stop the run at this call. */
type Reply = { readonly kind: 'answer'; readonly answer: HostAnswer } | { readonly kind: 'stop'; readonly reason: string };

/** A host: answers calls synchronously, or (the external process) with a promise. */
interface Host {
  answer(call: CallMessage, read: (address: number, length: number) => Uint8Array | null): Reply | Promise<Reply>;
  close(): void | Promise<void>;
}

// ---- hosts -----------------------------------------------------------------------------------------

/** `--answer gas` (spec-notes/0064): jar1 φ7 := the gas at the exit, φ8 := 0 (Rust); gp: charge 10, φ7 := gas left, φ8 kept. */
function gasHost(): Host {
  return {
    answer(call) {
      if (call.id !== GAS_ID[call.profile as Profile]) return { kind: 'stop', reason: `--answer gas answers only GAS (${call.profile === 'gp' ? 'ecalli 0' : 'protocol call 1'})` };
      if (call.profile === 'jar1') return { kind: 'answer', answer: { r7: call.gas, r8: 0n } };
      const left = call.gas > GP_HOST_CALL_GAS ? call.gas - GP_HOST_CALL_GAS : 0n;
      return { kind: 'answer', answer: { r7: left, r8: call.regs[8] ?? 0n, charge: GP_HOST_CALL_GAS } };
    },
    close() {},
  };
}

/** A script answer for a call: `gas` in r7/r8 is the gas after the answer's charge. */
function resolve(a: ScriptAnswer, call: CallMessage): HostAnswer {
  const left = call.gas > a.charge ? call.gas - a.charge : 0n;
  const reg = (v: RegValue): bigint => (v === 'gas' ? left : v);
  return { r7: reg(a.r7), r8: reg(a.r8), ...(a.writes.length > 0 ? { writes: a.writes } : {}), ...(a.charge > 0n ? { charge: a.charge } : {}) };
}

const callText = (c: { id: number | null; vm: number; pc: number; gas: bigint }): string => `{id ${c.id ?? 'none'}, vm ${c.vm}, pc ${c.pc}, gas ${hex64(c.gas)}}`;

/** `--host <file>`: the k-th call gets answers[k]; after the list, by_id; `replay` also checks each recorded call. */
function scriptHost(script: HostScript, replay: boolean): Host {
  return {
    answer(call) {
      const a = script.answers[call.n];
      if (a !== undefined) {
        if (a.id !== undefined && a.id !== call.id) throw new UsageError(`${script.file}: answers[${call.n}].id: expected ${a.id}, but call ${call.n} is id ${call.id ?? 'none'}`);
        const r = a.call;
        if (replay && r !== undefined && (r.id !== call.id || r.vm !== call.vm || r.pc !== call.pc || r.gas !== call.gas)) {
          throw new UsageError(`${script.file}: answers[${call.n}].call: expected ${callText(r)}, but the run made ${callText(call)} (the replay diverged)`);
        }
        return { kind: 'answer', answer: resolve(a, call) };
      }
      const byId = call.id === null ? undefined : script.byId.get(call.id);
      if (byId !== undefined && !replay) return { kind: 'answer', answer: resolve(byId, call) };
      return { kind: 'stop', reason: replay ? `the recording ${script.file} has no answer ${call.n}` : `${script.file} has no answer for call ${call.n} (id ${call.id ?? 'none'})` };
    },
    close() {},
  };
}

/** `--host-cmd`: the external process (harness/cli/host-cmd.ts). */
function cmdHost(command: string, timeoutMs: number): Host {
  const p = new HostProcess(command, timeoutMs);
  return {
    answer: (call, read): Promise<CmdReply> => p.call(call, read),
    close: () => p.close(),
  };
}

// ---- machines --------------------------------------------------------------------------------------

/** A blob being run, paused at its host calls. */
interface Machine {
  readonly profile: Profile;
  /** Runs on; true when it stopped at a host call. */
  run(maxSteps: number): { readonly call: boolean; readonly steps: number };
  call(n: number): CallMessage;
  /** Applies an answer; false when it ended the run (a denied write: Panic). */
  apply(answer: HostAnswer): boolean;
  /** Bytes the running VM can read at address..address+length, or null if one is not readable. */
  read(address: number, length: number): Uint8Array | null;
  /** The summary lines (or one JSON object) of `javm run`. */
  report(extra: { hostCalls: number; stopped: string | null }, flags: HostFlags, io: Io): void;
}

/** The bytes at address..+length of a page map, null when one page is absent. */
function readPages(length: number, address: number, pageOf: (page: number) => Uint8Array | null | undefined): Uint8Array | null {
  if (address + length > 2 ** 32) return null;
  const out = new Uint8Array(length);
  for (let i = 0; i < length;) {
    const a = address + i;
    const page = pageOf(Math.floor(a / PAGE_SIZE));
    if (page === undefined) return null;
    const off = a % PAGE_SIZE;
    const n = Math.min(PAGE_SIZE - off, length - i);
    if (page !== null) out.set(page.subarray(off, off + n), i);
    i += n;
  }
  return out;
}

/** The active VM's readable page → its bytes (null: zeros) in a kernel snapshot (spec-notes/0029). */
function activePages(s: KernelSnapshot): (page: number) => Uint8Array | null | undefined {
  const vm = s.vms.find((v) => v.id === s.active);
  const backing = new Map(s.backing.map((p) => [p.page, p.bytes]));
  const space = new Map<number, number>();
  for (const e of vm?.slots ?? []) {
    if (e.cap.kind !== 'data' || e.cap.base === null) continue;
    for (const p of e.cap.mapped) space.set(e.cap.base + p, e.cap.backing + p);
  }
  return (page) => {
    const b = space.get(page);
    return b === undefined ? undefined : backing.get(b) ?? null;
  };
}

class Jar1Machine implements Machine {
  readonly profile = 'jar1';
  private exit: KernelExit | null = null;
  private steps = 0;

  constructor(private readonly session: KernelSession, private readonly engine: string, private readonly gas: bigint) {}

  run(maxSteps: number): { call: boolean; steps: number } {
    const r = this.session.run(maxSteps);
    this.exit = r.exit;
    this.steps += r.steps;
    return { call: r.exit?.kind === 'protocol', steps: r.steps };
  }

  call(n: number): CallMessage {
    const s = this.session.snapshot();
    const vm = s.vms.find((v) => v.id === s.active);
    return { n, profile: 'jar1', kind: 'protocol', id: this.exit?.kind === 'protocol' ? this.exit.id : null, vm: s.active, pc: vm?.pc ?? 0, gas: vm?.gas ?? 0n, regs: vm?.regs ?? [] };
  }

  apply(answer: HostAnswer): boolean {
    const ended = this.session.answerProtocolCall(answer);
    if (ended !== null) this.exit = ended;
    return ended === null;
  }

  read(address: number, length: number): Uint8Array | null {
    return readPages(length, address, activePages(this.session.snapshot()));
  }

  report(extra: { hostCalls: number; stopped: string | null }, flags: HostFlags, io: Io): void {
    const snap = this.session.snapshot();
    const left = snap.vms.reduce((n, vm) => n + vm.gas, 0n);
    const active = snap.vms.find((vm) => vm.id === snap.active);
    const r7 = active?.regs[7] ?? 0n;
    if (flags.json === true) {
      io.out(JSON.stringify({
        profile: 'jar1', engine: this.engine, exit: kernelExitJson(this.exit), active: snap.active, pc: active?.pc ?? 0, r7: hex64(r7),
        gasUsed: hex64(this.gas - left), initGas: hex64(this.session.initGas), gasLeft: hex64(left), instructions: this.steps, vmsCreated: snap.nextVmId,
        vmsAlive: snap.vms.length, regs: (active?.regs ?? []).map(hex64), hostCalls: extra.hostCalls, stopped: extra.stopped, ...dumpJson(flags, activeMemory(snap)),
      }));
      return;
    }
    io.out(`exit: ${describeKernelExit(this.exit)}`);
    io.out(`r7: ${r7} (${hex64(r7)})`);
    io.out(`gas used: ${this.gas - left}${this.session.initGas > 0n ? ` (of which init ${this.session.initGas})` : ''}, left ${left}`);
    io.out(`pc: ${active?.pc ?? 0} (VM ${snap.active})`);
    io.out(`VMs: ${snap.nextVmId} created, ${snap.vms.length} alive`);
    io.out(`instructions: ${this.steps}`);
    io.out(`host calls answered: ${extra.hostCalls}`);
    if (extra.stopped !== null) io.out(`stopped: ${extra.stopped}`);
    printDumps(flags, activeMemory(snap), io);
  }
}

class GpMachine implements Machine {
  readonly profile = 'gp';
  private exit: CoreExit | null = null;
  private steps = 0;
  /** Set when an answer ended the run: the state to report (the charge applied). */
  private final: CoreSnapshot | null = null;

  constructor(private session: CoreSession, private readonly start: (input: CoreRunInput) => CoreSession, private readonly input: CoreRunInput, private readonly engine: string) {}

  run(maxSteps: number): { call: boolean; steps: number } {
    const r = this.session.run(maxSteps);
    this.exit = r.exit;
    this.steps += r.steps;
    return { call: r.exit?.kind === 'ecalli' || r.exit?.kind === 'ecall', steps: r.steps };
  }

  call(n: number): CallMessage {
    const s = this.session;
    const kind = this.exit?.kind === 'ecall' ? 'ecall' : 'ecalli';
    return { n, profile: 'gp', kind, id: this.exit?.kind === 'ecalli' ? this.exit.id : null, vm: 0, pc: s.pc, gas: s.gas, regs: Array.from({ length: NUM_REGS }, (_, i) => s.getReg(i)) };
  }

  apply(answer: HostAnswer): boolean {
    if ((answer.writes ?? []).length === 0 && (answer.charge ?? 0n) === 0n) { // registers only: the session goes on as it is
      this.session.setReg(7, answer.r7);
      this.session.setReg(8, answer.r8);
      return true;
    }
    const snap = this.session.snapshot();
    const applied = answerCoreState(snap, answer);
    if (applied.rejected) {
      this.exit = { kind: 'panic' };
      this.final = { ...snap, gas: applied.state.gas };
      return false;
    }
    this.session = this.start({ ...this.input, pc: snap.pc, ...applied.state, regs: [...applied.state.regs] });
    return true;
  }

  read(address: number, length: number): Uint8Array | null {
    const snap = this.session.snapshot();
    const pages = new Map<number, Uint8Array | null>();
    for (const r of snap.pages) for (let a = r.address; a < r.address + r.length; a += PAGE_SIZE) pages.set(a / PAGE_SIZE, null);
    for (const c of snap.memory) {
      for (let i = 0; i < c.bytes.length; i++) {
        const a = c.address + i;
        const p = Math.floor(a / PAGE_SIZE);
        let bytes = pages.get(p);
        if (bytes === undefined) continue;
        if (bytes === null) pages.set(p, (bytes = new Uint8Array(PAGE_SIZE)));
        bytes[a % PAGE_SIZE] = c.bytes[i] ?? 0;
      }
    }
    return readPages(length, address, (p) => pages.get(p));
  }

  report(extra: { hostCalls: number; stopped: string | null }, flags: HostFlags, io: Io): void {
    const s = this.final ?? this.session.snapshot();
    const used = this.input.gas - s.gas;
    const r7 = s.regs[7] ?? 0n;
    if (flags.json === true) {
      io.out(JSON.stringify({
        profile: 'gp', engine: this.engine, exit: exitJson(this.exit), pc: s.pc, r7: hex64(r7), gasUsed: hex64(used), gasLeft: hex64(s.gas),
        instructions: this.steps, regs: s.regs.map(hex64), hostCalls: extra.hostCalls, stopped: extra.stopped, ...dumpJson(flags, coreMemory(s)),
      }));
      return;
    }
    io.out(`exit: ${describeExit(this.exit)}`);
    io.out(`r7: ${r7} (${hex64(r7)})`);
    io.out(`gas used: ${used}, left ${s.gas}`);
    io.out(`pc: ${s.pc}`);
    io.out(`instructions: ${this.steps}`);
    io.out(`host calls answered: ${extra.hostCalls}`);
    if (extra.stopped !== null) io.out(`stopped: ${extra.stopped}`);
    printDumps(flags, coreMemory(s), io);
  }
}

// ---- the run loop ----------------------------------------------------------------------------------

interface Pending {
  readonly call: CallMessage;
  readonly read: (address: number, length: number) => Uint8Array | null;
}

/** The run: yields each host call, takes the host's reply; returns why it stopped (null: the machine's own exit). */
function* drive(m: Machine, maxSteps: number, maxCalls: number, exchanges: Exchange[] | null): Generator<Pending, { hostCalls: number; stopped: string | null }, Reply> {
  let left = maxSteps;
  for (let n = 0; ; n++) {
    const r = m.run(left);
    left -= r.steps;
    if (!r.call) return { hostCalls: n, stopped: null };
    if (n >= maxCalls) return { hostCalls: n, stopped: `--max-calls ${maxCalls} reached (call ${n} is not answered)` };
    const call = m.call(n);
    const reply = yield { call, read: (a, l) => m.read(a, l) };
    if (reply.kind === 'stop') return { hostCalls: n, stopped: reply.reason };
    exchanges?.push({ call: { id: call.id, vm: call.vm, pc: call.pc, gas: call.gas }, answer: reply.answer });
    if (!m.apply(reply.answer)) return { hostCalls: n + 1, stopped: `answer ${n} wrote memory the VM may not write (spec-notes/0063)` };
  }
}

/**
 * The machine of a blob: a kernel session (jar1) or a core session (gp), as `javm run` sets them up;
 * or a core session from a machine state (`--input`: registers, pages and memory given).
 */
function machineOf(path: string, blob: Uint8Array, profile: Profile, gas: bigint, reg7: bigint, flags: HostFlags, state?: CoreRunInput): Machine {
  const engine = engineByName(flags.engine);
  if (state === undefined && profile === 'jar1') {
    const args = flags.args === undefined ? undefined : parseHex(flags.args, '--args');
    const loaded = engine.kernel.load(blob, { gas, reg7, ...(args ? { args } : {}) });
    if (!loaded.ok) throw new UsageError(`${path}: not a valid jar1 blob: ${loaded.error.message} [${loaded.error.class}]`);
    return new Jar1Machine(loaded.value, engine.name, gas);
  }
  const core = engine.core;
  const start = core.start;
  if (start === undefined) throw new UsageError(`--engine ${engine.name}: cannot resume a core run after a host call`);
  const input = state ?? gpBlobInput(path, blob, core, gas, reg7);
  const begin = (i: CoreRunInput): CoreSession => start.call(core, i);
  return new GpMachine(begin(input), begin, input, engine.name);
}

/** A gp blob as `javm run` starts it on the core: pc 0, no memory, registers 0 but φ7. */
function gpBlobInput(path: string, blob: Uint8Array, core: CoreEngine, gas: bigint, reg7: bigint): CoreRunInput {
  const image = core.parseCode('gp', blob);
  if (!image.ok) throw new UsageError(`${path}: not a valid gp blob: ${image.error.message} [${image.error.class}]`);
  const regs = new Array<bigint>(NUM_REGS).fill(0n);
  regs[7] = reg7;
  return { profile: 'gp', image: image.value, pc: 0, gas, regs, pages: [], memory: [] };
}

/** The host the flags ask for (exactly one of --answer, --host, --host-cmd, --replay). */
function hostOf(flags: HostFlags): Host {
  const given = [flags.answer && '--answer', flags.host && '--host', flags.hostCmd && '--host-cmd', flags.replay && '--replay'].filter(Boolean);
  if (given.length > 1) throw new UsageError(`${given.join(', ')}: give only one host`);
  if (flags.timeout !== undefined && flags.hostCmd === undefined) throw new UsageError('--timeout: only with --host-cmd');
  if (flags.answer !== undefined) {
    if (!(BUILT_IN_HOSTS as readonly string[]).includes(flags.answer)) throw new UsageError(`--answer: '${flags.answer}' is not a built-in host (choose ${BUILT_IN_HOSTS.join(', ')})`);
    return gasHost();
  }
  if (flags.host !== undefined) return scriptHost(readHostScript(flags.host), false);
  if (flags.replay !== undefined) return scriptHost(readHostScript(flags.replay), true);
  return cmdHost(flags.hostCmd ?? '', parseDuration(flags.timeout ?? '5s', '--timeout'));
}

/** Writes the recording (a host file) if --record asked for one. */
function record(flags: HostFlags, exchanges: Exchange[] | null, profile: Profile): void {
  if (flags.record === undefined || exchanges === null) return;
  try {
    writeFileSync(flags.record, recordingText(exchanges, `javm run --record: ${exchanges.length} host calls of a ${profile} run (a host file: --host or --replay)`));
  } catch (e) {
    throw new UsageError(`${flags.record}: cannot write (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
}

/**
 * `javm run` with a host: runs to the halt (or --max-steps, --max-calls, a call the host does not
 * answer), prints the exit and the count of host calls answered. Synchronous unless --host-cmd.
 * `state`: run this core machine state (`--input`) instead of the blob.
 */
export function runHosted(path: string, blob: Uint8Array, profile: Profile, gas: bigint, reg7: bigint, maxSteps: number | undefined, flags: HostFlags, io: Io, state?: CoreRunInput): number | Promise<number> {
  const maxCalls = flags.maxCalls === undefined ? DEFAULT_MAX_CALLS : parseCount(flags.maxCalls, '--max-calls', 0);
  const m = machineOf(path, blob, profile, gas, reg7, flags, state);
  const host = hostOf(flags);
  const exchanges = flags.record === undefined ? null : [];
  const run = drive(m, maxSteps ?? Infinity, maxCalls, exchanges);
  const finish = (out: { hostCalls: number; stopped: string | null }): number => {
    record(flags, exchanges, profile);
    m.report(out, flags, io);
    return 0;
  };
  if (flags.hostCmd === undefined) {
    let step = run.next();
    while (!step.done) step = run.next(host.answer(step.value.call, step.value.read) as Reply);
    return finish(step.value);
  }
  return (async () => {
    try {
      let step = run.next();
      while (!step.done) step = run.next(await host.answer(step.value.call, step.value.read));
      return finish(step.value);
    } catch (e) {
      record(flags, exchanges, profile); // what was exchanged before the host failed
      throw e;
    } finally {
      await host.close();
    }
  })();
}

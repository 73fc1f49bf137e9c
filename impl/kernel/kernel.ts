/**
 * The impl capability kernel: a mutable kernel state and its loop. The active VM's core runs until it
 * exits; the exit is dispatched (ecalli: CALL a cap; ecall: a cap-table op; halt/trap/panic/oog/fault:
 * the VM stops) and the loop goes on until the root ends or a protocol cap needs the host.
 * One core machine runs every VM: switching VMs saves and loads 26 int32 words of registers (no
 * bigint when the core offers saveRegs/loadRegs), pc, gas and the address space. Gas moves with control.
 * Spec: kernel.md; spec-notes/0029-0053 (cited where they decide a rule).
 */
import type { HostAnswer, KernelEvent, KernelRunResult, KernelSession, KernelSnapshot, TraceSink } from '../../vectors/lib/kernel.js';
import { HUH, LOW, NUM_REGS, PAGE_SIZE, WHAT, type CodeImage, type KernelExit } from '../../vectors/lib/types.js';
import {
  EXIT_BUDGET, EXIT_ECALL, EXIT_ECALLI, EXIT_FAULT, EXIT_HALT, EXIT_OOG, EXIT_PANIC, EXIT_TRAP,
  type AddressSpace, type CompiledCode, type CoreFactory, type CoreMachine,
} from '../core/api.js';
import { applyWrites, writesAllowed } from './host.js';
import { copyBetween, mapPages, materialise, unmapAll, unmapPages, type SpaceMaker } from './memory.js';
import {
  ADDRESS_PAGES, Backing, CALL_GAS, CAP_CALLABLE, CAP_CODE, CAP_DATA, CAP_HANDLE, CAP_PROTOCOL, CAP_UNTYPED, copyable, DataCap,
  DISPATCH_GAS, MAX_NUMBER_GAS, MAX_NUMBER_GAS_N, MAX_VMS, PAGE_GAS, ST_FAULTED, ST_HALTED, ST_IDLE, ST_RUNNING, ST_WAITING, Vm, VmTable,
  type Cap, type Frame, type VmCap,
} from './state.js';
import { toSnapshot } from './snapshot.js';

/** How a transition ends: go on running, or leave the kernel for the host. */
const CONTINUE = null;
type Outcome = KernelExit | null;

const CAUSES = ['halt', 'trap', 'panic', 'oog', 'fault', 'ecalli', 'ecall'] as const;
const U32 = 0xffffffffn;
/** int32 words per saved register context (13 registers, low and high halves). */
const CTX_WORDS = 26;

/** The protocol exits of ids 0..255, made once (exits are read-only values). */
const PROTOCOL_EXITS: readonly KernelExit[] = Array.from({ length: 256 }, (_, id) => Object.freeze({ kind: 'protocol' as const, id }));

/** A resolved cap reference. */
interface Place {
  readonly vm: Vm;
  readonly slot: number;
}

export class ImplKernel implements KernelSession {
  readonly vms = new VmTable();
  nextVmId = 1;
  active!: Vm;
  readonly stack: Frame[] = [];
  readonly backing = new Backing();
  untypedOffset = 0;
  untypedTotal = 0;
  /** Set once the invocation ended (not by a protocol call): run() reports it again. */
  ended: KernelExit | null = null;
  initGas = 0n;
  /** The one core machine: it holds a VM's pc, gas, registers and memory only while run() runs it. */
  readonly m: CoreMachine;
  /** The VM whose address space the machine has (saves a setter call when the same VM runs on). */
  private memVm: Vm | null = null;
  /** Registers of every VM: 26 int32 words per context (word 2i = low half of φi, 2i+1 = high half). */
  private words = new Int32Array(CTX_WORDS * 64);
  /** Gas of every VM whose `big` is null, by context slot (an exact integer ≤ MAX_NUMBER_GAS). */
  private gasNum = new Float64Array(64);
  private contexts = 0;
  private readonly freeContexts: number[] = [];
  /** What the machine sees for a VM without memory: never mapped, so never written. */
  private readonly noMemory: AddressSpace;
  readonly newSpace: SpaceMaker;
  /** pc of the instruction that made the last core exit (the ecalli/ecall a kernel fault stays at). */
  private lastPc = 0;
  /** The machine offers gasNumber: a VM's gas moves in and out of it without a bigint. */
  private readonly numberGas: boolean;

  constructor(
    readonly factory: CoreFactory,
    readonly images: readonly CodeImage[],
    readonly compiled: readonly CompiledCode[],
    readonly memCycles: number,
    private readonly trace: TraceSink | undefined,
  ) {
    this.m = factory.createMachine('jar1');
    this.numberGas = 'gasNumber' in this.m;
    this.noMemory = factory.createAddressSpace();
    this.newSpace = (vm) => {
      if (this.memVm === vm) this.memVm = null; // the machine takes the new space at the next run
      return factory.createAddressSpace();
    };
  }

  /** A fresh VM (IDLE, zero registers, pc 0, gas 0) running CODE cap `code`. */
  newVm(id: number, code: number): Vm {
    let ctx = this.freeContexts.pop();
    if (ctx === undefined) {
      ctx = this.contexts++;
      if (ctx * CTX_WORDS >= this.words.length) {
        const grown = new Int32Array(this.words.length * 2);
        grown.set(this.words);
        this.words = grown;
        const gas = new Float64Array(this.gasNum.length * 2);
        gas.set(this.gasNum);
        this.gasNum = gas;
      }
    } else {
      this.words.fill(0, ctx * CTX_WORDS, (ctx + 1) * CTX_WORDS);
      this.gasNum[ctx] = 0;
    }
    const vm = new Vm(id, code, ctx);
    this.vms.set(id, vm);
    return vm;
  }

  /** Destroys a VM (DROP of its HANDLE): its context slot is reused. */
  private destroy(vm: Vm): void {
    this.vms.delete(vm.id);
    this.freeContexts.push(vm.ctx);
    if (this.memVm === vm) this.memVm = null;
  }

  /** φi of a VM as a u64. */
  reg(vm: Vm, i: number): bigint {
    const o = vm.ctx * CTX_WORDS + 2 * i;
    return (BigInt((this.words[o + 1] as number) >>> 0) << 32n) | BigInt((this.words[o] as number) >>> 0);
  }

  setReg(vm: Vm, i: number, v: bigint): void {
    const o = vm.ctx * CTX_WORDS + 2 * i;
    if (v >= 0n && v <= U32) { // no bigint arithmetic for a value that fits 32 bits (host answers mostly do)
      this.words[o] = Number(v) | 0;
      this.words[o + 1] = 0;
      return;
    }
    this.words[o] = Number(v & U32) | 0;
    this.words[o + 1] = Number(v >> 32n) | 0;
  }

  /** The low 32 bits of φi (u32), without a bigint. */
  private lo(vm: Vm, i: number): number {
    return (this.words[vm.ctx * CTX_WORDS + 2 * i] as number) >>> 0;
  }

  /** The high 32 bits of φi (u32). */
  private hi(vm: Vm, i: number): number {
    return (this.words[vm.ctx * CTX_WORDS + 2 * i + 1] as number) >>> 0;
  }

  /** φi := a value below 2^32, without a bigint. */
  private setSmall(vm: Vm, i: number, v: number): void {
    const o = vm.ctx * CTX_WORDS + 2 * i;
    this.words[o] = v | 0;
    this.words[o + 1] = 0;
  }

  /** φi of `to` := φi of `from`. */
  private copyReg(from: Vm, to: Vm, i: number): void {
    const w = this.words;
    const a = from.ctx * CTX_WORDS + 2 * i;
    const b = to.ctx * CTX_WORDS + 2 * i;
    w[b] = w[a] as number;
    w[b + 1] = w[a + 1] as number;
  }

  gasOf(vm: Vm): bigint {
    return vm.big ?? BigInt(this.gasNum[vm.ctx] as number);
  }

  setGas(vm: Vm, g: bigint): void {
    const small = g <= MAX_NUMBER_GAS_N;
    this.gasNum[vm.ctx] = small ? Number(g) : 0;
    vm.big = small ? null : g;
  }

  /** Whether the VM has less than c gas (c a small number). */
  private gasBelow(vm: Vm, c: number): boolean {
    return vm.big === null && (this.gasNum[vm.ctx] as number) < c;
  }

  /** Takes c (a small number, at most its gas) from the VM's gas. */
  private charge(vm: Vm, c: number): void {
    if (vm.big === null) this.gasNum[vm.ctx] = (this.gasNum[vm.ctx] as number) - c;
    else this.setGas(vm, vm.big - BigInt(c));
  }

  /** `to` gets `from`'s gas added to its own; `from` is left with none. */
  private addGas(from: Vm, to: Vm): void {
    const sum = (this.gasNum[to.ctx] as number) + (this.gasNum[from.ctx] as number); // exact if both are numbers and sum ≤ MAX_NUMBER_GAS
    if (to.big === null && from.big === null && sum <= MAX_NUMBER_GAS) this.gasNum[to.ctx] = sum;
    else this.setGas(to, this.gasOf(to) + this.gasOf(from));
    this.gasNum[from.ctx] = 0;
    from.big = null;
  }

  /** `to`'s gas := `from`'s gas; `from` is left with none. */
  private handGas(from: Vm, to: Vm): void {
    this.gasNum[to.ctx] = this.gasNum[from.ctx] as number;
    to.big = from.big;
    this.gasNum[from.ctx] = 0;
    from.big = null;
  }

  pcOf(vm: Vm): number {
    return vm.pc;
  }

  blockPaidOf(vm: Vm): boolean {
    return vm.blockPaid;
  }

  /** Sets a VM's pc, gas and block-paid flag (fromSnapshot). */
  setContext(vm: Vm, pc: number, gas: bigint, blockPaid: boolean): void {
    vm.pc = pc;
    this.setGas(vm, gas);
    vm.blockPaid = blockPaid;
  }

  run(maxSteps = Infinity): KernelRunResult {
    if (this.ended !== null) return { exit: this.ended, steps: 0 };
    const m = this.m;
    let steps = 0;
    for (;;) {
      const vm = this.active;
      const code = this.compiled[vm.code];
      if (code === undefined) throw new Error(`invariant: VM ${vm.id} runs CODE cap ${vm.code}, which does not exist`);
      // load the VM into the machine, run it, and save it back
      const ctx = vm.ctx * CTX_WORDS;
      m.pc = vm.pc;
      if (this.numberGas && vm.big === null) m.gasNumber = this.gasNum[vm.ctx] as number;
      else m.gas = this.gasOf(vm);
      m.blockPaid = vm.blockPaid;
      if (m.loadRegs !== undefined) m.loadRegs(this.words, ctx);
      else for (let i = 0; i < NUM_REGS; i++) m.setReg(i, this.reg(vm, i));
      if (this.memVm !== vm) {
        m.memory = vm.space ?? this.noMemory;
        this.memVm = vm;
      }
      const exit = m.run(code, maxSteps - steps);
      steps += m.steps;
      vm.pc = m.pc;
      const g = this.numberGas ? (m.gasNumber as number) : -1;
      if (g >= 0) {
        this.gasNum[vm.ctx] = g;
        vm.big = null;
      } else {
        this.setGas(vm, m.gas);
      }
      if (m.saveRegs !== undefined) m.saveRegs(this.words, ctx);
      else for (let i = 0; i < NUM_REGS; i++) this.setReg(vm, i, m.getReg(i));
      if (exit === EXIT_BUDGET) {
        vm.blockPaid = m.blockPaid;
        return { exit: null, steps };
      }
      if (exit === EXIT_FAULT && vm.lazy !== null && materialise(vm, m.exitArg >>> 12, this.backing)) {
        steps -= 1; // not a VM outcome: the instruction runs again, inside its paid block, on the new page
        vm.blockPaid = true;
        continue;
      }
      vm.blockPaid = false;
      const pc = m.lastPc;
      this.lastPc = pc;
      const arg = exit === EXIT_ECALLI || exit === EXIT_FAULT ? m.exitArg : exit === EXIT_ECALL ? this.lo(vm, 11) : 0;
      const out = this.transition(vm, exit, arg);
      if (this.trace !== undefined) this.trace(this.event(vm.id, pc, exit, arg));
      if (out !== CONTINUE) {
        if (out.kind !== 'protocol') this.ended = out;
        return { exit: out, steps };
      }
    }
  }

  resumeProtocolCall(r7: bigint, r8: bigint): void {
    this.setReg(this.active, 7, r7);
    this.setReg(this.active, 8, r8);
  }

  /** The host's full answer: charge (saturating), then the writes (all or none: Panic), then φ7, φ8 (spec-notes/0063, 0064). */
  answerProtocolCall(answer: HostAnswer): KernelExit | null {
    if (this.ended !== null) return this.ended;
    const vm = this.active;
    const charge = answer.charge ?? 0n;
    if (charge < 0n || charge >= 1n << 64n) throw new Error(`invariant: host charge ${charge} is not a u64`);
    if (charge > 0n) {
      const gas = this.gasOf(vm);
      this.setGas(vm, gas > charge ? gas - charge : 0n);
    }
    const writes = answer.writes ?? [];
    if (!writesAllowed(vm, writes)) { // the invocation ends: the root (if active) is FAULTED as at any root panic; a child keeps its state
      if (this.stack.length === 0) vm.status = ST_FAULTED;
      this.ended = { kind: 'panic' };
      return this.ended;
    }
    applyWrites(vm, writes, this.backing);
    this.resumeProtocolCall(answer.r7, answer.r8);
    return null;
  }

  snapshot(): KernelSnapshot {
    return toSnapshot(this);
  }

  private event(vm: number, pc: number, exit: number, arg: number): KernelEvent {
    const a = this.active;
    return { vm, pc, cause: CAUSES[exit] ?? 'panic', arg, active: a.id, gas: this.gasOf(a), r7: this.reg(a, 7), r8: this.reg(a, 8) };
  }

  /** One transition after the active VM's core exited. */
  private transition(vm: Vm, exit: number, arg: number): Outcome {
    switch (exit) {
      case EXIT_ECALLI: return this.ecalli(vm, arg);
      case EXIT_ECALL: return this.ecall(vm);
      case EXIT_HALT: return this.halted(vm);
      case EXIT_TRAP: return this.stop(vm, 1n, this.reg(vm, 7));
      case EXIT_PANIC: return this.stop(vm, 2n, HUH);
      case EXIT_OOG: return this.stop(vm, 3n, LOW);
      case EXIT_FAULT: return this.stop(vm, 4n, BigInt(arg >>> 0));
      default: throw new Error(`invariant: core exit code ${exit}`);
    }
  }

  // ---- VM stops -------------------------------------------------------------------------------------

  /** A halt instruction: the root ends with Halt(φ7); a child is HALTED and its caller sees status 2, HUH (spec-notes/0040). */
  private halted(vm: Vm): Outcome {
    if (this.stack.length === 0) {
      vm.status = ST_HALTED;
      return { kind: 'halt', value: this.reg(vm, 7) };
    }
    this.returnToCaller(vm, ST_HALTED, HUH, 2n);
    return CONTINUE;
  }

  /** The active VM stops with a status (1 trap, 2 panic, 3 out of gas, 4 page fault, 5 invalid ecalli). */
  private stop(vm: Vm, status: bigint, aux: bigint): Outcome {
    if (status === 3n) this.setGas(vm, 0n);
    if (this.stack.length === 0) {
      vm.status = ST_FAULTED;
      if (status === 3n) return { kind: 'oog' };
      if (status === 4n) return { kind: 'fault', address: aux };
      return { kind: 'panic' };
    }
    this.returnToCaller(vm, ST_FAULTED, aux, status); // the IPC cap stays with the faulted VM (spec-notes/0035)
    return CONTINUE;
  }

  /** A fault the kernel detects at an ecalli/ecall: the VM stays at that instruction so RESUME retries it (spec-notes/0034, 0037). */
  private kernelFault(vm: Vm, status: bigint, aux: bigint): Outcome {
    vm.pc = this.lastPc;
    return this.stop(vm, status, aux);
  }

  private outOfGas(vm: Vm): Outcome {
    return this.kernelFault(vm, 3n, LOW);
  }

  /** Pops the frame: the callee's gas goes back (spec-notes/0043), the caller runs with φ7, φ8. */
  private returnToCaller(callee: Vm, status: number, r7: bigint | null, r8: bigint): void {
    const frame = this.stack.pop();
    if (frame === undefined) throw new Error('invariant: return with an empty call stack');
    const caller = frame.caller;
    callee.status = status;
    caller.status = ST_RUNNING;
    this.addGas(callee, caller); // the callee's gas goes back
    if (r7 === null) this.copyReg(callee, caller, 7); // REPLY: the callee's φ7
    else this.setReg(caller, 7, r7);
    if (r8 === 0n) this.setSmall(caller, 8, 0);
    else this.setReg(caller, 8, r8);
    this.active = caller;
  }

  // ---- ecalli ---------------------------------------------------------------------------------------

  /** ecalli imm: > 127 faults with status 5 before any charge (spec-notes/0037); 0 is REPLY; else CALL local slot imm. */
  private ecalli(vm: Vm, imm: number): Outcome {
    if (imm > 127) return this.kernelFault(vm, 5n, BigInt(imm));
    if (this.gasBelow(vm, DISPATCH_GAS)) return this.outOfGas(vm); // spec-notes/0034
    this.charge(vm, DISPATCH_GAS);
    if (imm === 0) return this.reply(vm);
    return this.callCap(vm, vm, imm, false);
  }

  /** CALL on the cap at (owner, slot); `dynamic` (ecall op 0) allows only protocol/HANDLE/CALLABLE (spec-notes/0049). */
  private callCap(vm: Vm, owner: Vm, slot: number, dynamic: boolean): Outcome {
    const cap = owner.caps.get(slot);
    if (cap === undefined) return this.what(vm);
    switch (cap.kind) {
      case CAP_PROTOCOL:
        return PROTOCOL_EXITS[cap.id] ?? { kind: 'protocol', id: cap.id }; // every protocol cap exits to the host (spec-notes/0048)
      case CAP_HANDLE:
      case CAP_CALLABLE:
        return this.callVm(vm, cap.vm, cap.maxGas);
      case CAP_UNTYPED:
        return dynamic ? this.what(vm) : this.retype(vm);
      case CAP_CODE:
        return dynamic ? this.what(vm) : this.create(vm, owner, cap.id);
      case CAP_DATA:
        return dynamic ? this.what(vm) : this.copyData(vm, cap);
    }
  }

  private what(vm: Vm): Outcome {
    const o = vm.ctx * CTX_WORDS + 14; // φ7 := WHAT = 2^64 - 2
    this.words[o] = -2;
    this.words[o + 1] = -1;
    return CONTINUE;
  }

  /** Splits the caller's gas after the 10-gas overhead: the callee's share under the ceiling, and the rest. */
  private enter(caller: Vm, callee: Vm, ceiling: bigint | null, frame: Frame, args: boolean): void {
    this.charge(caller, CALL_GAS); // checked before the CALL's other rules (spec-notes/0034)
    if (ceiling !== null && ceiling < this.gasOf(caller)) {
      this.setGas(caller, this.gasOf(caller) - ceiling); // the callee's share is the ceiling
      this.setGas(callee, ceiling);
    } else {
      this.handGas(caller, callee); // the callee's share is all the caller has
    }
    caller.status = ST_WAITING;
    callee.status = ST_RUNNING;
    if (args) for (let i = 7; i <= 10; i++) this.copyReg(caller, callee, i); // φ7..φ10 are the arguments
    this.stack.push(frame);
    this.active = callee;
  }

  /** CALL a HANDLE/CALLABLE: target alive and IDLE, overhead paid, IPC cap (φ12 & 0xFF) into the callee's slot 0 (spec-notes/0044). */
  private callVm(vm: Vm, target: number, ceiling: bigint | null): Outcome {
    const callee = this.vms.get(target);
    if (callee === undefined || callee.status !== ST_IDLE) return this.what(vm); // gone, busy, halted or faulted
    if (this.gasBelow(vm, CALL_GAS)) return this.outOfGas(vm); // spec-notes/0034
    const ipcSlot = this.lo(vm, 12) & 0xff;
    const cap = ipcSlot === 0 ? undefined : vm.caps.get(ipcSlot);
    if (cap === undefined) {
      this.enter(vm, callee, ceiling, { caller: vm, ipcSlot: -1, ipcMapped: null, ipcCap: null }, true);
      return CONTINUE;
    }
    if (callee.caps.has(0)) return this.what(vm); // the callee's slot 0 is taken
    let ipcMapped: number[] | null = null;
    let ipcCap: Frame['ipcCap'] = null;
    if (cap.kind === CAP_DATA) {
      ipcCap = { backing: cap.backing, pages: cap.pages };
      ipcMapped = cap.mapped === null ? [] : [...cap.mapped].sort((a, b) => a - b);
      unmapAll(vm, cap); // it leaves the caller's address space and arrives unmapped
    }
    vm.set(ipcSlot, null);
    callee.set(0, cap);
    this.enter(vm, callee, ceiling, { caller: vm, ipcSlot, ipcMapped, ipcCap }, true);
    return CONTINUE;
  }

  /** REPLY: the root halts with φ7; a callee goes IDLE, returning φ7, its gas and the IPC cap, re-mapped as before (spec-notes/0038). */
  private reply(vm: Vm): Outcome {
    const frame = this.stack[this.stack.length - 1];
    if (frame === undefined) {
      vm.status = ST_HALTED;
      return { kind: 'halt', value: this.reg(vm, 7) };
    }
    const cap = vm.caps.get(0);
    if (frame.ipcSlot >= 0 && cap !== undefined) {
      if (cap.kind === CAP_DATA) unmapAll(vm, cap);
      vm.set(0, null);
      frame.caller.set(frame.ipcSlot, cap);
      const same = frame.ipcMapped !== null && frame.ipcCap !== null && cap.kind === CAP_DATA && cap.backing === frame.ipcCap.backing && cap.pages === frame.ipcCap.pages;
      if (same) this.remap(frame.caller, cap, frame.ipcMapped ?? []); // another DATA cap arrives unmapped (0041)
    }
    this.returnToCaller(vm, ST_IDLE, null, 0n);
    return CONTINUE;
  }

  /** The passed DATA cap back in the caller with exactly the pages it had mapped before the CALL (spec-notes/0038). */
  private remap(caller: Vm, cap: DataCap, pages: readonly number[]): void {
    if (cap.base < 0) return;
    for (const p of pages) {
      if (p >= cap.pages || cap.base + p >= ADDRESS_PAGES) continue;
      const o = caller.owners?.get(cap.base + p);
      if (o !== undefined && o !== cap) continue;
      mapPages(caller, cap, p, 1, this.backing, this.newSpace);
    }
  }

  /** RESUME of a FAULTED VM through a HANDLE in the active VM's own CNode: gas as CALL, no arguments (spec-notes/0050). */
  private resume(vm: Vm, at: Place): Outcome {
    if (at.vm !== vm) return this.what(vm); // no indirection
    const cap = vm.caps.get(at.slot);
    if (cap?.kind !== CAP_HANDLE) return this.what(vm);
    const target = this.vms.get(cap.vm);
    if (target === undefined || target.status !== ST_FAULTED) return this.what(vm);
    if (this.gasBelow(vm, CALL_GAS)) return this.outOfGas(vm);
    this.enter(vm, target, cap.maxGas, { caller: vm, ipcSlot: -1, ipcMapped: null, ipcCap: null }, false);
    return CONTINUE;
  }

  /** RETYPE: 10 + 1500·φ7 gas, then φ7 pages from the shared allocator into a new DATA cap at φ12; φ7 := slot (spec-notes/0036, 0051). */
  private retype(vm: Vm): Outcome {
    const n = this.reg(vm, 7);
    const cost = 10n + n * PAGE_GAS;
    const gas = this.gasOf(vm);
    if (gas < cost) return this.outOfGas(vm);
    this.setGas(vm, gas - cost);
    if (BigInt(this.untypedOffset) + n > BigInt(this.untypedTotal)) return this.what(vm); // exhausted
    const dst = this.resolve(vm, this.lo(vm, 12));
    if (dst === null || dst.vm.caps.has(dst.slot)) return this.what(vm); // unreachable or occupied: nothing consumed
    dst.vm.set(dst.slot, new DataCap(this.untypedOffset, Number(n)));
    this.untypedOffset += Number(n);
    this.setSmall(vm, 7, dst.slot);
    return CONTINUE;
  }

  /** CREATE: a new IDLE VM whose caps are copies of the φ7 bitmask's slots 0..63 of `owner`; HANDLE at φ12 (spec-notes/0036, 0039). */
  private create(vm: Vm, owner: Vm, codeId: number): Outcome {
    if (this.vms.size >= MAX_VMS) return this.what(vm);
    const lo = this.lo(vm, 7);
    const hi = this.hi(vm, 7);
    for (let bits = lo, base = 0; base < 64; bits = hi, base += 32) {
      for (let b = bits; b !== 0; b &= b - 1) {
        const cap = owner.caps.get(base + 31 - Math.clz32(b & -b));
        if (cap !== undefined && !copyable(cap)) return this.what(vm); // a unique cap cannot be shared (empty slots are skipped)
      }
    }
    const dst = this.resolve(vm, this.lo(vm, 12));
    if (dst === null || dst.vm.caps.has(dst.slot)) return this.what(vm);
    const id = this.nextVmId++;
    const child = this.newVm(id, codeId);
    for (let bits = lo, base = 0; base < 64; bits = hi, base += 32) {
      for (let b = bits; b !== 0; b &= b - 1) {
        const slot = base + 31 - Math.clz32(b & -b);
        const cap = owner.caps.get(slot);
        if (cap !== undefined) child.caps.put(slot, cap);
      }
    }
    dst.vm.set(dst.slot, { kind: CAP_HANDLE, vm: id, maxGas: null });
    this.setSmall(vm, 7, dst.slot);
    return CONTINUE;
  }

  /** CALL on a DATA cap: copy φ8 bytes from its byte φ7 to byte φ9 of the DATA cap at φ12; φ7 := φ8 (spec-notes/0042). */
  private copyData(vm: Vm, from: DataCap): Outcome {
    const ref = this.lo(vm, 12);
    if (ref === 0) return this.what(vm);
    const dst = this.resolve(vm, ref);
    if (dst === null) return this.what(vm);
    const to = dst.vm.caps.get(dst.slot);
    if (to?.kind !== CAP_DATA) return this.what(vm);
    const src = this.reg(vm, 7);
    const len = this.reg(vm, 8);
    const at = this.reg(vm, 9);
    if (len === 0n) return this.what(vm);
    if (src + len > BigInt(from.pages * PAGE_SIZE) || at + len > BigInt(to.pages * PAGE_SIZE)) return this.what(vm);
    copyBetween(this.backing, from, Number(src), to, Number(at), Number(len), dst.vm);
    this.setReg(vm, 7, len);
    return CONTINUE;
  }

  // ---- cap references ---------------------------------------------------------------------------------

  /** Resolves a u32 reference from `vm`: hops through the HANDLEs named by bytes 3, 2, 1 (0 = none), then slot = byte 0. */
  private resolve(vm: Vm, ref: number): Place | null {
    let at = vm;
    for (let shift = 24; shift >= 8; shift -= 8) {
      const hop = (ref >>> shift) & 0xff;
      if (hop === 0) continue;
      const cap = at.caps.get(hop);
      if (cap?.kind !== CAP_HANDLE) return null;
      const next = this.vms.get(cap.vm);
      if (next === undefined || next.status === ST_RUNNING || next.status === ST_WAITING) return null;
      at = next;
    }
    return { vm: at, slot: ref & 0xff };
  }

  // ---- ecall --------------------------------------------------------------------------------------------

  /** ecall: φ11 (whole register, spec-notes/0052) is the op; φ12 = subject (high u32) | object (low u32) (spec-notes/0030). */
  private ecall(vm: Vm): Outcome {
    if (this.gasBelow(vm, DISPATCH_GAS)) return this.outOfGas(vm);
    this.charge(vm, DISPATCH_GAS);
    const op = this.reg(vm, 11);
    if (op > 0x0dn || op === 0x01n || op === 0x08n || op === 0x09n || op === 0x0cn) return this.what(vm); // DIRTY 0x0C: spec-notes/0032
    const phi12 = this.reg(vm, 12);
    const subject = this.resolve(vm, Number(phi12 >> 32n));
    if (subject === null) return this.what(vm);
    switch (op) {
      case 0x00n: return this.callCap(vm, subject.vm, subject.slot, true);
      case 0x02n: return this.map(vm, subject);
      case 0x03n: return this.unmap(vm, subject);
      case 0x05n: return this.drop(vm, subject);
      case 0x0bn: return this.setMaxGas(vm, subject);
      case 0x0dn: return this.resume(vm, subject);
    }
    const object = this.resolve(vm, Number(phi12 & U32));
    if (object === null) return this.what(vm);
    switch (op) {
      case 0x04n: return this.split(vm, subject, object);
      case 0x06n: return this.move(vm, subject, object);
      case 0x07n: return this.copy(vm, subject, object);
      default: return this.downgrade(vm, subject, object); // 0x0A
    }
  }

  /** MAP: φ7 base page, φ8 first page, φ9 count, φ10 access (0 RO, 1 RW; spec-notes/0046); base/access fixed by the first MAP; no aliasing (spec-notes/0029). */
  private map(vm: Vm, at: Place): Outcome {
    const cap = at.vm.caps.get(at.slot);
    if (cap?.kind !== CAP_DATA) return this.what(vm);
    const base = this.reg(vm, 7);
    const first = this.reg(vm, 8);
    const count = this.reg(vm, 9);
    const rawAccess = this.reg(vm, 10);
    if (rawAccess > 1n) return this.what(vm);
    const access = rawAccess === 1n ? 'W' : 'R';
    if (first + count > BigInt(cap.pages)) return this.what(vm);
    if (cap.base >= 0 && BigInt(cap.base) !== base) return this.what(vm);
    if (cap.access !== null && cap.access !== access) return this.what(vm);
    if (base + first + count > BigInt(ADDRESS_PAGES)) return this.what(vm);
    const b = Number(base);
    const f = Number(first);
    const c = Number(count);
    const owners = at.vm.owners;
    if (owners !== null) {
      for (let p = f; p < f + c; p++) {
        const o = owners.get(b + p);
        if (o !== undefined && o !== cap) return this.what(vm); // another DATA cap maps that page
      }
    }
    cap.base = b;
    cap.access = access;
    mapPages(at.vm, cap, f, c, this.backing, this.newSpace);
    return CONTINUE;
  }

  /** UNMAP: pages [φ7, φ7+φ8) of the DATA cap leave the address space; pages not mapped are ignored. */
  private unmap(vm: Vm, at: Place): Outcome {
    const cap = at.vm.caps.get(at.slot);
    if (cap?.kind !== CAP_DATA) return this.what(vm);
    if (cap.mapped === null) return CONTINUE;
    const first = this.reg(vm, 7);
    const end = first + this.reg(vm, 8);
    const gone: number[] = [];
    for (const p of cap.mapped) if (BigInt(p) >= first && BigInt(p) < end) gone.push(p);
    unmapPages(at.vm, cap, gone);
    return CONTINUE;
  }

  /** SPLIT: an unmapped DATA cap keeps pages [0, φ7), the object gets the rest; both halves start unmapped and unfixed. */
  private split(vm: Vm, subject: Place, object: Place): Outcome {
    const cap = subject.vm.caps.get(subject.slot);
    const k = this.reg(vm, 7);
    if (cap?.kind !== CAP_DATA) return this.what(vm);
    if (cap.mapped !== null) return this.what(vm); // must be wholly unmapped
    if (k === 0n || k >= BigInt(cap.pages)) return this.what(vm); // both halves non-empty
    if (object.vm.caps.has(object.slot)) return this.what(vm);
    const n = Number(k);
    subject.vm.set(subject.slot, new DataCap(cap.backing, n));
    object.vm.set(object.slot, new DataCap(cap.backing + n, cap.pages - n));
    return CONTINUE;
  }

  /** DROP: empties the slot; a DATA cap leaves the address space; a HANDLE destroys its VM unless it is on the call stack (spec-notes/0033). */
  private drop(vm: Vm, at: Place): Outcome {
    const cap = at.vm.caps.get(at.slot);
    if (cap?.kind === CAP_HANDLE) {
      const target = this.vms.get(cap.vm);
      if (target !== undefined && (target.status === ST_RUNNING || target.status === ST_WAITING)) return this.what(vm);
      if (target !== undefined) this.destroy(target);
    } else if (cap?.kind === CAP_DATA) {
      unmapAll(at.vm, cap);
    }
    at.vm.set(at.slot, null);
    return CONTINUE;
  }

  /** MOVE: subject → object; onto itself does nothing; a DATA cap that changes CNode arrives unmapped (spec-notes/0041). */
  private move(vm: Vm, subject: Place, object: Place): Outcome {
    if (subject.vm === object.vm && subject.slot === object.slot) return CONTINUE;
    if (object.vm.caps.has(object.slot)) return this.what(vm);
    const cap = subject.vm.caps.get(subject.slot);
    if (cap === undefined) return this.what(vm);
    if (cap.kind === CAP_DATA && subject.vm !== object.vm) unmapAll(subject.vm, cap);
    subject.vm.set(subject.slot, null);
    object.vm.set(object.slot, cap);
    return CONTINUE;
  }

  /** COPY: a copyable cap (UNTYPED, CODE, CALLABLE, protocol) duplicated at the object. */
  private copy(vm: Vm, subject: Place, object: Place): Outcome {
    if (object.vm.caps.has(object.slot)) return this.what(vm);
    const cap = subject.vm.caps.get(subject.slot);
    if (cap === undefined || !copyable(cap)) return this.what(vm);
    object.vm.set(object.slot, cap);
    return CONTINUE;
  }

  /** DOWNGRADE: a CALLABLE with the HANDLE's VM and max gas at the object. */
  private downgrade(vm: Vm, subject: Place, object: Place): Outcome {
    const cap = subject.vm.caps.get(subject.slot);
    if (cap?.kind !== CAP_HANDLE) return this.what(vm);
    if (object.vm.caps.has(object.slot)) return this.what(vm);
    const callable: VmCap = { kind: CAP_CALLABLE, vm: cap.vm, maxGas: cap.maxGas };
    object.vm.set(object.slot, callable);
    return CONTINUE;
  }

  /** SET_MAX_GAS: the HANDLE's ceiling := φ7; anything else WHAT (spec-notes/0045). */
  private setMaxGas(vm: Vm, at: Place): Outcome {
    const cap = at.vm.caps.get(at.slot);
    if (cap?.kind !== CAP_HANDLE) return this.what(vm);
    at.vm.set(at.slot, { kind: CAP_HANDLE, vm: cap.vm, maxGas: this.reg(vm, 7) });
    return CONTINUE;
  }
}


/**
 * The kernel's note rules (spec-notes 0029-0054), over the kernel transitions of a jar1 program or
 * kernel vector (./rules-facts.ts): what an ecalli or ecall acts on (the cap at its slot, or the ecall's
 * op and resolved subject and object, read from the state before it), what it answered (φ7 of the VM
 * after it), and how a VM stopped. Each rule says when the note's other option would give a different
 * `expected`; ./rules.ts lists them with the core rules and its header names what is left to the case
 * tables.
 */
import type { Cap, KernelState } from '../../model/kernel/index.js';
import { refOf, resolveRef, type Place } from '../../model/kernel/resolve.js';
import { singlePassBlockCost } from '../../model/gas/single-pass.js';
import { DISPATCH_GAS, stackDepth, topFrame, type Frame } from '../../model/kernel/state.js';
import { WHAT } from '../lib/types.js';
import type { Facts, Transition } from './rules-facts.js';

export interface Rule {
  readonly note: string;
  /** When the vector depends on the note's decision, in one sentence. */
  readonly says: string;
  readonly applies: (f: Facts) => boolean;
}

/** An ecalli or ecall as the kernel dispatched it, with the state before it. */
interface Call {
  readonly t: Transition;
  readonly pre: KernelState;
  readonly kind: 'ecalli' | 'ecall';
  /** The ecalli immediate (ecall: -1). */
  readonly imm: number;
  /** The ecall op, the whole φ11 (ecalli: null). */
  readonly op: bigint | null;
  readonly regs: readonly bigint[];
  /** The place acted on: ecalli 1..127 its local slot, ecall the resolved subject; null when none or unresolved. */
  readonly subject: Place | null;
  readonly cap: Cap | undefined;
  /** ecall: the resolved object reference (low u32 of φ12), else null. */
  readonly object: Place | null;
}

const capAt = (s: KernelState, at: Place | null): Cap | undefined => (at === null ? undefined : s.vms.get(at.vm)?.cnode.slots.get(at.slot));

/** The ecalli and ecall dispatches of the run whose state before them is known. */
function callsOf(f: Facts): Call[] {
  const out: Call[] = [];
  for (const t of f.transitions) {
    const pre = t.pre;
    if (pre === null || t.event.vm !== pre.active || (t.event.cause !== 'ecalli' && t.event.cause !== 'ecall')) continue;
    const regs = pre.vms.get(pre.active)?.regs ?? [];
    if (t.event.cause === 'ecalli') {
      const imm = t.event.arg;
      const subject = imm >= 1 && imm <= 127 ? { vm: pre.active, slot: imm } : null;
      out.push({ t, pre, kind: 'ecalli', imm, op: null, regs, subject, cap: capAt(pre, subject), object: null });
    } else {
      const phi12 = regs[12] ?? 0n;
      const subject = resolveRef(pre, refOf(phi12 >> 32n));
      out.push({ t, pre, kind: 'ecall', imm: -1, op: regs[11] ?? 0n, regs, subject, cap: capAt(pre, subject), object: resolveRef(pre, refOf(phi12)) });
    }
  }
  return out;
}

const reg = (c: Call, i: number): bigint => c.regs[i] ?? 0n;
const some = (f: Facts, p: (c: Call) => boolean): boolean => callsOf(f).some(p);
/** The VM could pay the 10-gas dispatch: its gas before the instruction less the block charge it started, if any. */
function dispatched(c: Call): boolean {
  const vm = c.pre.vms.get(c.pre.active);
  const program = vm === undefined ? undefined : c.pre.code[vm.code];
  if (vm === undefined || program === undefined) return false;
  const block = vm.blockPaid ? 0n : singlePassBlockCost(program, vm.pc, c.pre.memCycles);
  return vm.gas - block >= DISPATCH_GAS;
}
/** An ecall of op whose dispatch was paid (so the op itself ran). */
const ecallOp = (c: Call, op: number): boolean => c.kind === 'ecall' && c.op === BigInt(op) && dispatched(c);
/** ecalli 1..127 on a cap of the given kind, its dispatch paid. */
const ecalliOn = (c: Call, kind: Cap['kind']): boolean => c.kind === 'ecalli' && c.subject !== null && c.cap?.kind === kind && dispatched(c);
/** A CALL of a VM, its dispatch paid: ecalli on a HANDLE/CALLABLE, or ecall op 0 on one. */
const callsVm = (c: Call): boolean => ((c.kind === 'ecalli' && dispatched(c)) || ecallOp(c, 0)) && (c.cap?.kind === 'handle' || c.cap?.kind === 'callable');
/** The calling VM answered WHAT (it runs on with φ7 = WHAT). */
const answeredWhat = (c: Call): boolean => {
  const post = c.t.post;
  return post !== null && post.active === c.t.event.vm && post.vms.get(c.t.event.vm)?.regs[7] === WHAT;
};
const statusOfTarget = (c: Call): string | undefined =>
  c.cap?.kind === 'handle' || c.cap?.kind === 'callable' ? c.pre.vms.get(c.cap.vm)?.status : undefined;
const DEFINED_OPS = new Set([0n, 2n, 3n, 4n, 5n, 6n, 7n, 10n, 11n, 13n]);
const isMemOp = (op: number): boolean => (op >= 30 && op <= 33) || (op >= 52 && op <= 62) || (op >= 70 && op <= 73) || (op >= 120 && op <= 130);
/** A VM stopped other than by REPLY: a core trap, panic, fault, out of gas or halt, or an ecalli above 127. */
const stopsVm = (t: Transition): boolean =>
  ['trap', 'panic', 'fault', 'oog', 'halt'].includes(t.event.cause) || (t.event.cause === 'ecalli' && t.event.arg > 127);
/** A child (the active VM of a call frame) at the transition, with its frame. */
const childFrame = (t: Transition): Frame | undefined =>
  t.pre !== null && t.event.vm === t.pre.active ? topFrame(t.pre) : undefined;

/**
 * A protocol slot (1..28) is written, filled or emptied (its original bit is cleared and never set
 * again), a slot whose bit was set loses it, or a VM created holds a protocol cap (0047).
 */
function originalBitsMatter(t: Transition): boolean {
  const { pre, post } = t;
  if (pre === null || post === null) return false;
  for (const [id, vm] of post.vms) {
    const before = pre.vms.get(id);
    if (before === undefined) {
      if ([...vm.cnode.slots.values()].some((c) => c.kind === 'protocol')) return true;
      continue;
    }
    for (const slot of before.cnode.original) if (!vm.cnode.original.has(slot)) return true;
    for (let slot = 1; slot <= 28; slot++) if (before.cnode.slots.get(slot) !== vm.cnode.slots.get(slot)) return true;
  }
  return false;
}

export const KERNEL_RULES: readonly Rule[] = [
  {
    note: '0029', says: 'MAP or UNMAP (ecall 2, 3) is dispatched, or a load or store runs in a VM other than VM 0 or in a kernel vector (its own address space, the backing store)',
    applies: (f) => some(f, (c) => ecallOp(c, 2) || ecallOp(c, 3)) || f.steps.some((st) => (st.vm !== 0 || f.v.runner === 'kernel') && isMemOp(st.op)),
  },
  {
    note: '0030', says: 'an ecall of a defined op is dispatched with the high and low u32 of φ12 different (subject high, object low)',
    applies: (f) => some(f, (c) => c.op !== null && DEFINED_OPS.has(c.op) && dispatched(c) && ((reg(c, 12) >> 32n) & 0xffffffffn) !== (reg(c, 12) & 0xffffffffn)),
  },
  { note: '0032', says: 'ecall op 1, 8 (GRANT), 9 (REVOKE) or 0x0C (DIRTY) is dispatched (WHAT)', applies: (f) => some(f, (c) => [1, 8, 9, 12].some((op) => ecallOp(c, op))) },
  {
    note: '0033', says: 'DROP (ecall 5) is dispatched on a resolved subject',
    applies: (f) => some(f, (c) => ecallOp(c, 5) && c.subject !== null),
  },
  {
    note: '0034', says: 'an ecalli (0..127) or ecall leaves its VM FAULTED: the kernel charge could not be paid',
    applies: (f) => some(f, (c) => c.imm <= 127 && c.t.post?.vms.get(c.t.event.vm)?.status === 'faulted'),
  },
  {
    note: '0035', says: 'a child holding a cap in slot 0 stops other than by REPLY or halt, or a MOVE takes the cap out of a FAULTED VM\'s slot 0',
    applies: (f) => f.transitions.some((t) => {
      const frame = childFrame(t);
      return frame !== undefined && t.event.cause !== 'halt' && stopsVm(t) && t.pre?.vms.get(t.event.vm)?.cnode.slots.has(0) === true;
    }) || some(f, (c) => ecallOp(c, 6) && c.subject !== null && c.subject.slot === 0 && c.cap !== undefined && c.pre.vms.get(c.subject.vm)?.status === 'faulted'),
  },
  {
    note: '0036', says: 'RETYPE or CREATE (ecalli on UNTYPED or CODE) answers WHAT (checked before anything is consumed)',
    applies: (f) => some(f, (c) => (ecalliOn(c, 'untyped') || ecalliOn(c, 'code')) && answeredWhat(c)),
  },
  { note: '0037', says: 'an ecalli with an immediate above 127 stops a VM', applies: (f) => f.transitions.some((t) => t.event.cause === 'ecalli' && t.event.arg > 127) },
  {
    note: '0038', says: 'a CALL passes a DATA cap (it arrives unmapped), or a REPLY returns from a CALL that passed one',
    applies: (f) => some(f, (c) => {
      const top = topFrame(c.pre);
      if (c.kind === 'ecalli' && c.imm === 0) return top !== undefined && top.ipcCap !== null && dispatched(c);
      const post = c.t.post;
      return callsVm(c) && post !== null && stackDepth(post) > stackDepth(c.pre) && (topFrame(post)?.ipcCap ?? null) !== null;
    }),
  },
  {
    note: '0039', says: 'CREATE (ecalli on CODE) with a bitmask selecting an empty slot, a DATA cap or a HANDLE',
    applies: (f) => some(f, (c) => {
      if (!ecalliOn(c, 'code') || c.subject === null) return false;
      const slots = c.pre.vms.get(c.subject.vm)?.cnode.slots;
      for (let i = 0; i < 64; i++) {
        if (((reg(c, 7) >> BigInt(i)) & 1n) === 0n) continue;
        const cap = slots?.get(i);
        if (cap === undefined || cap.kind === 'data' || cap.kind === 'handle') return true;
      }
      return false;
    }),
  },
  {
    note: '0040', says: 'a VM under the kernel halts (core halt), or a CALL or RESUME targets a HALTED VM',
    applies: (f) => f.transitions.some((t) => t.event.cause === 'halt')
      || some(f, (c) => (callsVm(c) || (ecallOp(c, 13) && c.cap?.kind === 'handle')) && statusOfTarget(c) === 'halted'),
  },
  {
    note: '0041', says: 'MOVE (ecall 6) of a mapped DATA cap, of a DATA cap with a base into another CNode, or onto its own slot',
    applies: (f) => some(f, (c) => {
      if (!ecallOp(c, 6) || c.subject === null) return false;
      const across = c.object !== null && c.object.vm !== c.subject.vm;
      const self = c.object !== null && c.object.vm === c.subject.vm && c.object.slot === c.subject.slot;
      return self || (c.cap?.kind === 'data' && (c.cap.mapped.size > 0 || (across && c.cap.base !== null)));
    }),
  },
  { note: '0042', says: 'an ecalli CALLs a DATA cap (the data copy)', applies: (f) => some(f, (c) => ecalliOn(c, 'data')) },
  {
    note: '0043', says: 'kernel: a child stops other than by REPLY and its caller gets gas back (the child is left with 0)',
    applies: (f) => f.v.runner === 'kernel' && f.transitions.some((t) => {
      const frame = childFrame(t);
      if (frame === undefined || !stopsVm(t) || t.pre === null || t.post === null) return false;
      return (t.post.vms.get(frame.caller)?.gas ?? 0n) > (t.pre.vms.get(frame.caller)?.gas ?? 0n);
    }),
  },
  {
    note: '0044', says: 'a CALL of a VM names an IPC slot (ecalli: φ12 ≠ 0; ecall op 0: low u32 of φ12 ≠ 0)',
    applies: (f) => some(f, (c) => callsVm(c) && (c.kind === 'ecalli' ? reg(c, 12) !== 0n : (reg(c, 12) & 0xffffffffn) !== 0n)),
  },
  {
    note: '0045', says: 'SET_MAX_GAS (ecall 0x0B) on a subject that is not a HANDLE',
    applies: (f) => some(f, (c) => ecallOp(c, 11) && c.subject !== null && c.cap?.kind !== 'handle'),
  },
  {
    note: '0046', says: 'MAP (ecall 2) with φ10 > 1, or with an access other than the one the cap was first mapped with',
    applies: (f) => some(f, (c) => ecallOp(c, 2) && c.subject !== null
      && (reg(c, 10) > 1n || (c.cap?.kind === 'data' && c.cap.access !== null && c.cap.access !== (reg(c, 10) === 1n ? 'W' : 'R')))),
  },
  {
    note: '0047', says: 'kernel: the transition writes a protocol slot (1..28) or a slot whose original bit is set, or creates a VM holding a protocol cap',
    applies: (f) => f.v.runner === 'kernel' && f.transitions.some(originalBitsMatter),
  },
  { note: '0048', says: 'the kernel exits to the host for a protocol cap', applies: (f) => f.exits.some((e) => !e.core && e.exit.kind === 'protocol') },
  { note: '0049', says: 'ecall op 0 (the dynamic CALL) is dispatched', applies: (f) => some(f, (c) => ecallOp(c, 0)) },
  { note: '0050', says: 'RESUME (ecall 0x0D) is dispatched', applies: (f) => some(f, (c) => ecallOp(c, 13)) },
  { note: '0051', says: 'RETYPE (ecalli on UNTYPED) is dispatched', applies: (f) => some(f, (c) => ecalliOn(c, 'untyped')) },
  { note: '0052', says: 'an ecall is dispatched with φ11 ≥ 2^32', applies: (f) => some(f, (c) => c.op !== null && c.op >= 1n << 32n && dispatched(c)) },
  { note: '0054', says: 'RETYPE (ecalli on UNTYPED) of 0 pages', applies: (f) => some(f, (c) => ecalliOn(c, 'untyped') && reg(c, 7) === 0n) },
];

/**
 * jar1 `program` cases for the capability kernel: blob-level twins of the `kernel` vectors. Each case
 * is a JAR v2 blob written in the kit's assembler (vectors/lib/asm.ts) that reaches the kernel state of one
 * operation × result class from init (manifest, load, run) and makes the outcome observable in what a
 * program vector compares: the exits (kind, value/id/address, vm, pc, gas) and the registers of the
 * active VM at each exit. The root VM copies an op's φ7 result into r0..r6 (no kernel op writes them)
 * and REPLYs, so the halt exit shows the whole story; memory effects are read back into registers.
 *
 * `handler`/`edge` name the kernel operation and result class as the `kernel` vectors do (KERNEL_OPS
 * in ./kernel.ts), `notes` the spec-notes the expected value depends on. Every case states by hand
 * what must follow (`want`: the exit kinds, the last exit's vm and value, chosen registers), and the
 * generator stops when the model's answer disagrees, so a case that does not test what its name
 * says cannot be generated.
 *
 * Conventions: the root's CODE cap is at slot 64 (the invoke cap), children's CODE caps at 30..33
 * (below 64, so a CREATE bitmask can copy them into a child) or 65..68. memory_pages defaults to the
 * DATA pages plus 8, so UNTYPED (slot 254) has 8 free pages; memCycles is 25 throughout.
 * Gas constants (spec/pvm-core.md 5.3, memCycles 25): a block of `ecalli` alone costs 97, of `ecall`
 * alone 1; the kernel dispatch is 10, the CALL/RESUME overhead 10, RETYPE 10 + 1500 per page; where a
 * case needs a block's cost it takes it from the model's single-pass cost function (`cost`).
 */
import { assembleOrThrow, jarBlob, type Assembled, type JarCapSpec } from '../lib/asm.js';
import { programFrom } from '../../model/decode/program.js';
import { singlePassBlockCost } from '../../model/gas/single-pass.js';
import { toHex, u64, type Jar1ProgramExpected, type KernelExitJson, type ProgramStepJson } from '../lib/format.js';
import { HUH, LOW, WHAT } from '../lib/types.js';
import type { Case } from './case.js';

// ---- assembler snippets (text) ----

const hex = (v: bigint): string => u64(BigInt.asUintN(64, v));
/** Sets a register: load_imm for 0..2^31-1 (its immediate sign-extends), else load_imm_64. */
export const li = (r: number, v: bigint | number): string => {
  const x = BigInt(v);
  return x >= 0n && x < 0x80000000n ? `load_imm r${r}, ${x}` : `load_imm_64 r${r}, ${hex(x)}`;
};
/** A cap reference: target slot in byte 0, HANDLE hops in bytes 1..3 (byte 3 walked first). */
export const ref = (slot: number, ...hops: number[]): number => hops.reduce((r, h, i) => r | (h << (8 * (i + 1))), slot) >>> 0;
const lines = (...xs: (string | readonly string[])[]): string => xs.flat().join('\n');
const regLines = (regs: Readonly<Record<number, bigint | number>>): string[] => Object.entries(regs).map(([r, v]) => li(Number(r), v));

/** ecall: φ11 = op, φ12 = subject << 32 | object, other registers as given. */
const ecall = (op: bigint | number, subject: number, object = 0, regs: Readonly<Record<number, bigint | number>> = {}): string =>
  lines(regLines(regs), li(11, op), li(12, (BigInt(subject) << 32n) | BigInt(object)), 'ecall');
const OP = { call: 0x00, map: 0x02, unmap: 0x03, split: 0x04, drop: 0x05, move: 0x06, copy: 0x07, downgrade: 0x0a, setMaxGas: 0x0b, dirty: 0x0c, resume: 0x0d } as const;
/** CREATE from the CODE cap at `code`, HANDLE at `dst` (φ7 = bitmask of slots 0..63 to copy). */
const create = (code: number, dst: number, bitmask = 0n): string => lines(li(7, bitmask), li(12, dst), `ecalli ${code}`);
/** CALL the cap at `slot` (ecalli) passing the cap at `ipc` (0: none); φ7..φ10 as given go to the callee. */
const call = (slot: number, ipc = 0, regs: Readonly<Record<number, bigint | number>> = {}): string => lines(regLines(regs), li(12, ipc), `ecalli ${slot}`);
/**
 * RETYPE `pages` pages of the UNTYPED at `u` into a DATA cap at reference `dst`. ecalli reaches slots
 * 1..127 only (larger immediates are status 5, spec-notes/0037) and ecall CALL does not RETYPE
 * (spec-notes/0049), so the UNTYPED of slot 254 is first COPYed to slot 100 (`UT`).
 */
const retype = (pages: bigint | number, dst: number, u = 100): string => lines(li(7, pages), li(12, dst), `ecalli ${u}`);
const map = (subject: number, base: number, first: number, count: number, access: bigint | number = 1): string =>
  ecall(OP.map, subject, 0, { 7: base, 8: first, 9: count, 10: access });
const unmap = (subject: number, first: bigint | number, count: bigint | number): string => ecall(OP.unmap, subject, 0, { 7: first, 8: count });
const split = (subject: number, at: bigint | number, object: number): string => ecall(OP.split, subject, object, { 7: at });
const drop = (subject: number): string => ecall(OP.drop, subject);
const move = (subject: number, object: number): string => ecall(OP.move, subject, object);
const copy = (subject: number, object: number): string => ecall(OP.copy, subject, object);
const downgrade = (subject: number, object: number): string => ecall(OP.downgrade, subject, object);
const setMaxGas = (subject: number, gas: bigint | number): string => ecall(OP.setMaxGas, subject, 0, { 7: gas });
const resume = (subject: number): string => ecall(OP.resume, subject);
/** CALL on a DATA cap: copy `len` bytes from offset `from` of `src` to offset `to` of the DATA cap at `dst`. */
const copyData = (src: number, from: number, len: number, to: number, dst: number): string => lines(li(7, from), li(8, len), li(9, to), li(12, dst), `ecalli ${src}`);
/** Saves φ7 (and φ8) into rN (rM). */
const save = (r: number): string => `move_reg r${r}, r7`;
const save8 = (r: number): string => `move_reg r${r}, r8`;
const REPLY = 'ecalli 0';
/** COPY the UNTYPED of slot 254 to slot 100, where ecalli reaches it. */
const UT = lines(ecall(0x07, 254, 100));
const HALT_ADDR = 0xffff0000n;

// ---- cases ----

interface Want {
  readonly accepted?: boolean;
  readonly class?: string;
  /** Exit kinds in order. */
  readonly exits?: readonly string[];
  /** The last exit's VM. */
  readonly vm?: number;
  /** The last exit's value (halt), id (protocol) or address (fault). */
  readonly value?: bigint;
  /** Registers of the active VM at the last exit. */
  readonly regs?: Readonly<Record<number, bigint>>;
  /** The last exit's gas. */
  readonly gas?: bigint;
  /** The last exit's pc. */
  readonly pc?: number;
  /** Each exit's value (halt value, protocol id, fault address; null for the others), in order. */
  readonly values?: readonly (bigint | null)[];
  /** Each exit's VM, in order. */
  readonly vms?: readonly number[];
}

interface Prog {
  /** The root's code (slot 64, the invoke cap unless `invoke` says otherwise). */
  readonly root: string;
  /** Other CODE caps by slot. */
  readonly code?: Readonly<Record<number, string>>;
  readonly data?: readonly { readonly slot: number; readonly base: number; readonly pages: number; readonly access?: 'R' | 'W'; readonly bytes?: Uint8Array }[];
  readonly memoryPages?: number;
  readonly rootSlot?: number;
  readonly gas?: bigint;
  readonly reg7?: bigint;
  readonly args?: Uint8Array;
  readonly host?: readonly (readonly [bigint, bigint])[];
}

const images = new Map<string, Assembled>();
/** Assembles a snippet once (cases reuse their code to compute costs). */
export function img(text: string): Assembled {
  let a = images.get(text);
  if (a === undefined) { a = assembleOrThrow(text); images.set(text, a); }
  return a;
}
/** The single-pass cost of the block at `at` (a label or a pc) of `text` (memCycles 25). */
export function cost(text: string, at: string | number = 0): bigint {
  const a = img(text);
  const pc = typeof at === 'number' ? at : a.labels.get(at);
  if (pc === undefined) throw new Error(`case table: no label ${String(at)}`);
  return singlePassBlockCost(programFrom(a), pc, 25);
}

/** A CODE cap's text as loaded: a trap appended when it ends with ecall, which a jar1 code blob may not end with (spec-notes/0056). */
const loadable = (text: string): string => (/(^|\n)\s*ecall\s*$/.test(text) ? `${text}\ntrap` : text);

function blobOf(p: Prog): Uint8Array {
  const rootSlot = p.rootSlot ?? 64;
  const caps: JarCapSpec[] = [{ slot: rootSlot, type: 'code', image: img(loadable(p.root)) }];
  for (const [slot, text] of Object.entries(p.code ?? {})) caps.push({ slot: Number(slot), type: 'code', image: img(loadable(text)) });
  for (const d of p.data ?? []) caps.push({ slot: d.slot, type: 'data', basePage: d.base, pageCount: d.pages, access: d.access ?? 'W', ...(d.bytes ? { data: d.bytes } : {}) });
  const dataPages = (p.data ?? []).reduce((n, d) => n + d.pages, 0);
  return jarBlob({ memoryPages: p.memoryPages ?? dataPages + 8, invokeCap: rootSlot, caps });
}

const kindOf = (s: ProgramStepJson): string => s.exit?.kind ?? 'none';
const valueOf = (e: KernelExitJson | null | undefined): string | null => {
  if (!e) return null;
  if (e.kind === 'halt') return e.value;
  if (e.kind === 'fault') return e.address;
  if (e.kind === 'protocol') return u64(BigInt(e.id));
  return null;
};

function check(w: Want): NonNullable<Case['check']> {
  return (x) => {
    const e = x as Jar1ProgramExpected;
    const bad: string[] = [];
    if (e.accepted !== (w.accepted ?? true)) bad.push(`accepted ${e.accepted}`);
    if (w.class !== undefined && e.class !== w.class) bad.push(`class ${e.class}, want ${w.class}`);
    if (w.exits && e.exits.map(kindOf).join(',') !== w.exits.join(',')) bad.push(`exits ${e.exits.map(kindOf).join(',')}, want ${w.exits.join(',')}`);
    const last = e.exits.at(-1);
    if (w.vm !== undefined && last?.vm !== w.vm) bad.push(`last exit in VM ${last?.vm}, want ${w.vm}`);
    if (w.value !== undefined && valueOf(last?.exit as KernelExitJson | null) !== u64(BigInt.asUintN(64, w.value))) bad.push(`last exit ${JSON.stringify(last?.exit)}, want value ${hex(w.value)}`);
    if (w.gas !== undefined && last?.gas !== u64(w.gas)) bad.push(`last exit gas ${last?.gas}, want ${u64(w.gas)}`);
    if (w.pc !== undefined && last?.pc !== w.pc) bad.push(`last exit pc ${last?.pc}, want ${w.pc}`);
    if (w.values && e.exits.map((s) => valueOf(s.exit as KernelExitJson | null)).join(',') !== w.values.map((v) => (v === null ? null : u64(BigInt.asUintN(64, v)))).join(',')) {
      bad.push(`exit values ${e.exits.map((s) => valueOf(s.exit as KernelExitJson | null)).join(',')}, want ${w.values.map((v) => (v === null ? 'null' : hex(v))).join(',')}`);
    }
    if (w.vms && e.exits.map((s) => s.vm).join(',') !== w.vms.join(',')) bad.push(`exit VMs ${e.exits.map((s) => s.vm).join(',')}, want ${w.vms.join(',')}`);
    for (const [i, v] of Object.entries(w.regs ?? {})) if (last?.regs[Number(i)] !== u64(BigInt.asUintN(64, v))) bad.push(`r${i} = ${last?.regs[Number(i)]}, want ${hex(v)}`);
    return bad.length === 0 ? null : bad.join('; ');
  };
}

/** One kernel program case. */
function kp(name: string, handler: string, edge: string | null, notes: string[], description: string, p: Prog, want: Want): Case {
  const blob = blobOf(p);
  return {
    name, runner: 'program', profiles: ['jar1'], handler, edge, notes, description,
    input: () => ({
      blob: toHex(blob), gas: u64(p.gas ?? 1_000_000n), reg7: u64(p.reg7 ?? 0n), args: toHex(p.args ?? new Uint8Array()),
      host: (p.host ?? []).map(([r7, r8]) => ({ r7: u64(r7), r8: u64(r8) })),
    }),
    check: check(want),
  };
}

const halt = (value: bigint, regs: Readonly<Record<number, bigint>> = {}): Want => ({ exits: ['halt'], vm: 0, value, regs });

// ---- shapes shared by many cases ----

type Regs = Readonly<Record<number, bigint | number>>;
interface ParentOpts {
  /** Root code before the CREATE. */
  readonly pre?: string;
  /** CREATE bitmask: the root's slots 0..63 copied into the child. */
  readonly bitmask?: bigint;
  /** Root code after the CREATE (HANDLE in 70), before the CALL. */
  readonly before?: string;
  /** φ7..φ10 for the callee. */
  readonly regs?: Regs;
  readonly ipc?: number;
  /** Root code after the CALL returned and φ7 → r0, φ8 → r1 were saved; the root then REPLYs with φ7. */
  readonly after?: string;
}
/** The root: CREATE the child from CODE slot 65 (HANDLE 70), CALL it, save φ7 → r0 and φ8 → r1, REPLY. */
const parent = (o: ParentOpts = {}): string =>
  lines(o.pre ?? [], create(65, 70, o.bitmask ?? 0n), o.before ?? [], call(70, o.ipc ?? 0, o.regs ?? {}), save(0), save8(1), o.after ?? [], REPLY);
/** A root CREATing and CALLing a child whose code is `child`. */
const withChild = (child: string, o: ParentOpts = {}, extra: Omit<Prog, 'root'> = {}): Prog => ({ ...extra, root: parent(o), code: { 65: child, ...(extra.code ?? {}) } });
/** The child replies with 0x77. */
const CHILD_77 = lines(li(7, 0x77), REPLY);

/**
 * An op in a child that cannot pay the 10-gas dispatch: the root sets the HANDLE's max gas to the cost
 * of the child's first block (which ends with the op) plus 5, so the child faults out of gas and the
 * root sees φ8 = 3, φ7 = LOW (spec-notes/0034).
 */
function lowCase(handler: string, name: string, description: string, child: string, o: ParentOpts = {}, extra: Omit<Prog, 'root'> = {}): Case {
  const max = cost(child) + 5n;
  return kp(name, handler, 'low', ['0034'], `${description}; the child gets max gas = its first block + 5 and cannot pay the 10-gas dispatch: the root sees φ8 = 3, φ7 = LOW`,
    withChild(child, { ...o, before: lines(o.before ?? [], setMaxGas(70, max)) }, extra), halt(LOW, { 0: LOW, 1: 3n }));
}

const data1 = (slot: number, base: number, bytes?: number[], pages = 1, access: 'R' | 'W' = 'W') => ({ slot, base, pages, access, ...(bytes ? { bytes: Uint8Array.from(bytes) } : {}) });

/** Every kernel program case. */
export function kernelProgramCases(): Case[] {
  const c: Case[] = [];
  const push = (...xs: Case[]): void => { c.push(...xs); };

  // ================= reply =================
  push(kp('prog_reply_root_halts_with_r7', 'reply', 'ok', [], 'the root sets φ7 = 42 and REPLYs with an empty call stack: halt 42', { root: lines(li(7, 42), REPLY) }, halt(42n)));
  push(kp('prog_reply_root_halts_with_input_r7', 'reply', 'ok', [], 'the root REPLYs at once: halt with the invocation\'s φ7 (0xdeadbeef)', { root: REPLY, reg7: 0xdeadbeefn }, halt(0xdeadbeefn)));
  push(kp('prog_reply_root_halts_with_max_u64', 'reply', 'ok', [], 'REPLY with φ7 = 2^64 - 1: halt with the full 64-bit value', { root: lines(li(7, 2n ** 64n - 1n), REPLY) }, halt(2n ** 64n - 1n)));
  push(kp('prog_reply_child_returns_r7_r8_zero', 'reply', 'ok', ['0043'], 'a child sets φ7 = 0x77, φ8 = 9 and REPLYs: the root gets φ7 = 0x77 and φ8 = 0', withChild(lines(li(7, 0x77), li(8, 9), REPLY), { regs: { 8: 5 } }), halt(0x77n, { 0: 0x77n, 1: 0n })));
  push(kp('prog_reply_child_twice_resumes_after_reply', 'reply', 'ok', [], 'a child REPLYs 1, is CALLed again and goes on after its REPLY to return 2: the root sums 3',
    withChild(lines(li(7, 1), REPLY, li(7, 2), REPLY), { after: lines(call(70), 'add_64 r7, r7, r0') }), halt(3n)));
  push(kp('prog_reply_restores_ipc_data_mapping', 'reply', 'ok', ['0038', '0044'], 'the root passes its mapped DATA cap (page 0x20, byte 0x11) to a child, which maps it at its fixed base, reads 0x11 and writes 0x22; after REPLY the root reads 0x22 at 0x20000: the mapping is back',
    withChild(lines(map(0, 0x20, 0, 1, 1), 'load_u8 r7, 0x20000', li(2, 0x22), 'store_u8 r2, 0x20000', REPLY), { ipc: 67, after: 'load_u8 r2, 0x20000' }, { data: [data1(67, 0x20, [0x11])] }),
    halt(0x11n, { 0: 0x11n, 1: 0n, 2: 0x22n })));
  push(kp('prog_reply_restores_ipc_mapping_unmapped_by_callee', 'reply', 'ok', ['0038'], 'a child receives the root\'s mapped DATA cap and REPLYs without mapping it: the root reads its byte again',
    withChild(REPLY, { ipc: 67, regs: { 7: 0 }, after: 'load_u8 r2, 0x20001' }, { data: [data1(67, 0x20, [0x11, 0x12])] }), halt(0n, { 1: 0n, 2: 0x12n })));
  push(kp('prog_reply_returns_other_data_cap_unmapped', 'reply', 'ok', ['0038'], 'the child moves the passed DATA cap away and RETYPEs a new one into its slot 0: that cap returns to the root\'s slot 67 unmapped, so the root\'s load at 0x20000 faults',
    withChild(lines(move(0, 80), retype(1, 0, 40), REPLY), { bitmask: 1n << 40n, ipc: 67, pre: copy(254, 40), after: 'load_u8 r2, 0x20000' }, { data: [data1(67, 0x20, [0x11])] }),
    { exits: ['fault'], vm: 0, value: 0x20000n, regs: { 0: 0n, 1: 0n } }));
  push(lowCase('reply', 'prog_reply_dispatch_gas_short_in_child_low', 'a child whose first block is REPLY', REPLY));
  push(lowCase('reply', 'prog_reply_after_work_dispatch_gas_short_low', 'a child that adds φ7..φ10 and REPLYs in one block', lines('add_64 r7, r7, r8', 'add_64 r7, r7, r9', REPLY)));

  // ================= call_handle =================
  push(kp('prog_call_handle_passes_r7_to_r10', 'call_handle', 'ok', [], 'CALL on a HANDLE with φ7..φ10 = 1, 2, 3, 4: the child sums them and REPLYs 10',
    withChild(lines('add_64 r7, r7, r8', 'add_64 r7, r7, r9', 'add_64 r7, r7, r10', REPLY), { regs: { 7: 1, 8: 2, 9: 3, 10: 4 } }), halt(10n, { 0: 10n, 1: 0n })));
  push(kp('prog_call_handle_child_has_no_r11_r12', 'call_handle', 'ok', [], 'only φ7..φ10 are passed: the child\'s φ11 and φ12 start at 0 (the root\'s are 0x43 and 0), so it REPLYs φ11 = 0',
    withChild(lines('move_reg r7, r11', REPLY), { before: li(11, 0x43) }), halt(0n)));
  push(kp('prog_call_handle_protocol_exit_in_child', 'call_handle', 'ok', ['0048'], 'a child created with protocol cap 2 (bitmask bit 2) calls it: the protocol exit comes from VM 1; the host answers 0x55 and the child REPLYs it',
    withChild(lines('ecalli 2', REPLY), { bitmask: 1n << 2n }, { host: [[0x55n, 0n]] }), { exits: ['protocol', 'halt'], vms: [1, 0], values: [2n, 0x55n], regs: { 0: 0x55n } }));
  push(kp('prog_call_passes_protocol_cap_in_slot_0', 'call_handle', 'ok', ['0044'], 'CALL with φ12 = 5 passes protocol cap 5 into the child\'s slot 0; the child CALLs slot 0 with ecall op 0: protocol exit 5 from VM 1',
    withChild(ecall(OP.call, 0), { ipc: 5 }), { exits: ['protocol'], vm: 1, value: 5n }));
  push(kp('prog_call_ipc_slot_from_low_byte', 'call_handle', 'ok', ['0044'], 'φ12 = 0x1_0000_0005: the IPC slot is its low byte, 5',
    { root: lines(create(65, 70), li(12, 0x100000005n), 'ecalli 70', REPLY), code: { 65: ecall(OP.call, 0) } },
    { exits: ['protocol'], vm: 1, value: 5n }));
  push(kp('prog_call_empty_ipc_slot_passes_nothing', 'call_handle', 'ok', ['0044'], 'φ12 = 0x43 names an empty slot: the CALL goes on and the child\'s slot 0 is empty (its ecall CALL on slot 0 gives WHAT, which it REPLYs)',
    withChild(lines(ecall(OP.call, 0), REPLY), { ipc: 0x43 }), halt(WHAT, { 0: WHAT, 1: 0n })));
  push(kp('prog_call_ipc_leaves_callers_slot', 'call_handle', 'ok', ['0044'], 'the passed protocol cap leaves the caller\'s slot: after the child REPLYs (keeping nothing), the cap is back in slot 5 and the root\'s ecalli 5 exits with id 5',
    withChild(REPLY, { ipc: 5, after: 'ecalli 5' }), { exits: ['protocol'], vm: 0, value: 5n }));
  push(kp('prog_call_ipc_cap_moved_away_by_callee_is_not_returned', 'call_handle', 'ok', ['0044'], 'the child moves the passed protocol cap from slot 0 to its slot 80 and REPLYs: nothing comes back, so the root\'s ecalli 5 gives WHAT',
    withChild(lines(move(0, 80), REPLY), { ipc: 5, after: lines('ecalli 5', save(2)) }), halt(WHAT, { 2: WHAT })));
  for (const d of [0, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144]) {
    const chain = lines('branch_eq_imm r7, 0, @leaf', 'add_imm_64 r5, r7, -1', create(30, 70, 1n << 30n), 'move_reg r7, r5', call(70), 'add_imm_64 r7, r7, 1', REPLY, 'leaf:', REPLY);
    push(kp(`prog_call_chain_depth_${d}`, 'call_handle', 'ok', [], `a CALL chain ${d} deep: each VM CREATEs the next from CODE cap 30 (copied by bitmask bit 30), CALLs it with φ7 - 1 and REPLYs its answer + 1; the root halts with ${d}`,
      { root: chain, rootSlot: 30, reg7: BigInt(d) }, halt(BigInt(d))));
  }
  for (const d of [1, 3]) {
    const chain = lines('branch_eq_imm r7, 0, @leaf', 'add_imm_64 r5, r7, -1', create(30, 70, 1n << 30n), 'move_reg r7, r5', call(70), 'move_reg r6, r8', 'add_imm_64 r7, r7, 1', REPLY, 'leaf:', 'ecalli 128');
    push(kp(`prog_call_chain_depth_${d}_leaf_status_5`, 'call_handle', 'ok', ['0037'], `a CALL chain ${d} deep whose leaf runs ecalli 128: only the leaf's caller sees status 5 (φ7 = 128); each level adds 1, so the root halts with ${128 + d}`,
      { root: chain, rootSlot: 30, reg7: BigInt(d) }, halt(BigInt(128 + d), { 6: d === 1 ? 5n : 0n })));
  }
  push(kp('prog_call_handle_of_faulted_vm_what', 'call_handle', 'what', [], 'the child traps (status 1); a second CALL on its HANDLE gives WHAT (FAULTED is not IDLE)',
    withChild('trap', { after: lines(call(70), save(2)) }), halt(WHAT, { 1: 1n, 2: WHAT })));
  push(kp('prog_call_halted_vm_what', 'call_handle', 'what', ['0040'], 'the child halts (status 2, HUH); a second CALL on its HANDLE gives WHAT (HALTED)',
    withChild(lines(li(0, HALT_ADDR), 'jump_ind r0, 0'), { after: lines(call(70), save(2)) }), halt(WHAT, { 0: HUH, 1: 2n, 2: WHAT })));
  push(kp('prog_call_occupied_callee_slot_0_what', 'call_handle', 'what', ['0044'], 'the child got protocol cap 3 in its slot 0 by CREATE (root COPYs it to slot 0, bitmask bit 0); a CALL passing slot 6 gives WHAT and slot 6 stays: ecalli 6 exits with id 6',
    { root: lines(copy(3, 0), create(65, 70, 1n), call(70, 6), save(0), 'ecalli 6'), code: { 65: CHILD_77 } }, { exits: ['protocol'], vm: 0, value: 6n, regs: { 0: WHAT } }));
  push(kp('prog_call_handle_of_running_vm_itself_what', 'call_handle', 'what', [], 'the root gives the child a HANDLE to itself (MOVE through the HANDLE, after a DOWNGRADE for the root\'s own use): the child\'s CALL on it gives WHAT, which it REPLYs',
    { root: lines(create(65, 70), downgrade(70, 71), move(70, ref(72, 70)), call(71), save(0), REPLY), code: { 65: lines('ecalli 72', REPLY) } }, halt(WHAT)));
  push(kp('prog_call_dropped_handle_slot_what', 'call_handle', 'what', ['0033'], 'the root DROPs the HANDLE of an idle child; ecalli on the emptied slot gives WHAT',
    { root: lines(create(65, 70), drop(70), call(70), REPLY), code: { 65: CHILD_77 } }, halt(WHAT)));
  push(lowCase('call_handle', 'prog_call_handle_dispatch_gas_short_in_child_low', 'a child CALLs a HANDLE it got by MOVE', 'ecalli 40',
    { before: lines(create(66, 71), move(71, ref(40, 70))) }, { code: { 66: CHILD_77 } }));
  {
    const child = 'ecalli 40';
    push(kp('prog_call_overhead_gas_short_child_faults', 'call_handle', 'low', ['0034'], 'a child with the dispatch but not the 10-gas CALL overhead (max gas = block + 10 + 5) faults out of gas: the root sees LOW and status 3; the target VM stays IDLE, so the root\'s own CALL to it (through a CALLABLE kept before the MOVE) returns 0x77',
      { root: lines(create(65, 70), create(66, 71), downgrade(71, 72), move(71, ref(40, 70)), setMaxGas(70, cost(child) + 15n), call(70), save(0), save8(1), call(72), save(2), REPLY), code: { 65: child, 66: CHILD_77 } },
      halt(0x77n, { 0: LOW, 1: 3n, 2: 0x77n })));
  }

  // ================= call_callable =================
  push(kp('prog_call_callable_starts_idle_vm', 'call_callable', 'ok', [], 'DOWNGRADE the HANDLE to a CALLABLE in slot 71 and CALL it: the child REPLYs 0x77',
    { root: lines(create(65, 70), downgrade(70, 71), call(71), save(0), save8(1), REPLY), code: { 65: CHILD_77 } }, halt(0x77n, { 1: 0n })));
  push(kp('prog_call_callable_copied_to_child', 'call_callable', 'ok', [], 'a CALLABLE to VM 2 COPYed into slot 40 reaches VM 1 by CREATE (bitmask bit 40); VM 1 CALLs it and REPLYs VM 2\'s 0x77 + 1',
    { root: lines(create(66, 71), downgrade(71, 40), create(65, 70, 1n << 40n), call(70), REPLY), code: { 65: lines('ecalli 40', 'add_imm_64 r7, r7, 1', REPLY), 66: CHILD_77 } }, halt(0x78n)));
  push(kp('prog_call_callable_keeps_max_gas', 'call_callable', 'ok', ['0045'], 'SET_MAX_GAS 3000 on the HANDLE, DOWNGRADE, CALL the CALLABLE: the child gets 3000 and exits at its protocol call with 3000 - 97 - 10',
    { root: lines(create(65, 70, 1n << 1n), setMaxGas(70, 3000), downgrade(70, 71), call(71), REPLY), code: { 65: lines('ecalli 1', REPLY) } },
    { exits: ['protocol'], vm: 1, value: 1n, gas: 3000n - 97n - 10n }));
  push(kp('prog_call_callable_of_running_vm_what', 'call_callable', 'what', [], 'the child holds a CALLABLE to itself (moved in through the HANDLE): its CALL on it gives WHAT, which it REPLYs',
    { root: lines(create(65, 70), downgrade(70, 71), move(71, ref(40, 70)), call(70), REPLY), code: { 65: lines('ecalli 40', REPLY) } }, halt(WHAT)));
  push(kp('prog_call_callable_of_waiting_caller_what', 'call_callable', 'what', [], 'root → VM 1 → VM 2, and VM 2 CALLs a CALLABLE to VM 1, which is WAITING: WHAT, passed back up by two REPLYs',
    { root: lines(create(65, 70), create(66, 71), downgrade(70, 72), move(72, ref(40, 71)), move(71, ref(41, 70)), call(70), REPLY), code: { 65: lines('ecalli 41', REPLY), 66: lines('ecalli 40', REPLY) } }, halt(WHAT)));
  push(kp('prog_call_callable_of_faulted_vm_what', 'call_callable', 'what', [], 'the child traps; a CALL on a CALLABLE to it gives WHAT',
    { root: lines(create(65, 70), downgrade(70, 71), call(71), save8(1), call(71), REPLY), code: { 65: 'trap' } }, halt(WHAT, { 1: 1n })));
  push(lowCase('call_callable', 'prog_call_callable_dispatch_gas_short_in_child_low', 'a child CALLs a CALLABLE it got by CREATE', 'ecalli 40',
    { bitmask: 1n << 40n, pre: lines(create(66, 71), downgrade(71, 40)) }, { code: { 66: CHILD_77 } }));


  // ================= call_protocol =================
  for (let id = 1; id <= 28; id++) {
    push(kp(`prog_call_protocol_${id}_exits_and_resumes`, 'call_protocol', 'ok', ['0048'], `ecalli ${id} (protocol cap ${id}) exits to the host with id ${id}; the answer (${id * 16 + 1}, ${id}) lands in φ7, φ8 and the root REPLYs φ7`,
      { root: lines(`ecalli ${id}`, save8(1), REPLY), host: [[BigInt(id * 16 + 1), BigInt(id)]] }, { exits: ['protocol', 'halt'], vms: [0, 0], values: [BigInt(id), BigInt(id * 16 + 1)], regs: { 1: BigInt(id) } }));
  }
  push(kp('prog_protocol_cap_moved_exits_with_its_id', 'call_protocol', 'ok', ['0048'], 'protocol cap 7 MOVEd to slot 80: ecalli 80 exits with id 7, not the slot',
    { root: lines(move(7, 80), 'ecalli 80') }, { exits: ['protocol'], vm: 0, value: 7n }));
  push(kp('prog_protocol_call_in_child_answered', 'call_protocol', 'ok', ['0048'], 'a child calls protocol cap 2 (copied by CREATE); the host answers (5, 6) into the child, which REPLYs φ7 + φ8 = 11',
    withChild(lines('ecalli 2', 'add_64 r7, r7, r8', REPLY), { bitmask: 1n << 2n }, { host: [[5n, 6n]] }), { exits: ['protocol', 'halt'], vms: [1, 0], values: [2n, 11n] }));
  push(kp('prog_protocol_call_without_answer_ends_run', 'call_protocol', 'ok', ['0048'], 'two protocol calls and one host answer: the run ends at the second protocol exit',
    { root: lines('ecalli 3', 'ecalli 4', REPLY), host: [[1n, 2n]] }, { exits: ['protocol', 'protocol'], values: [3n, 4n], regs: { 7: 1n, 8: 2n } }));
  push(kp('prog_protocol_gas_exit_charges_dispatch', 'call_protocol', 'ok', ['0048'], 'ecalli 1 at pc 0 with gas 1000: the exit shows 1000 - 97 (block) - 10 (dispatch)',
    { root: lines('ecalli 1', REPLY), gas: 1000n }, { exits: ['protocol'], vm: 0, value: 1n, gas: 1000n - 97n - 10n }));
  push(lowCase('call_protocol', 'prog_call_protocol_dispatch_gas_short_in_child_low', 'a child calls protocol cap 1 (copied by CREATE)', 'ecalli 1', { bitmask: 2n }));

  // ================= retype =================
  for (const n of [1, 2, 3, 4, 8]) {
    const last = 0x100 + n - 1;
    push(kp(`prog_retype_${n}_pages_map_store_load`, 'retype', 'ok', ['0051'], `RETYPE ${n} page(s) into slot 70 (φ7 = 70), MAP them at page 0x100, store 0xab in the last page and load it back; the root REPLYs the loaded byte (r3 = 70)`,
      { root: lines(UT, retype(n, 70), save(3), map(70, 0x100, 0, n, 1), li(1, 0xab), `store_u8 r1, ${last * 4096 + 17}`, `load_u8 r2, ${last * 4096 + 17}`, 'move_reg r7, r2', REPLY) }, halt(0xabn, { 2: 0xabn, 3: 70n })));
  }
  push(kp('prog_retype_zero_pages_offset_unchanged', 'retype', 'ok', ['0054'], 'RETYPE 0 pages: an empty DATA cap in slot 70 (φ7 = 70); all 8 free pages can still be RETYPEd into slot 71',
    { root: lines(UT, retype(0, 70), save(0), retype(8, 71), save(1), REPLY) }, halt(71n, { 0: 70n, 1: 71n })));
  push(kp('prog_retype_zero_pages_on_exhausted_allocator', 'retype', 'ok', ['0054'], 'RETYPE all 8 free pages, then 0 pages: still an empty DATA cap (φ7 = 71)',
    { root: lines(UT, retype(8, 70), save(0), retype(0, 71), save(1), REPLY) }, halt(71n, { 0: 70n, 1: 71n })));
  push(kp('prog_retype_copies_share_one_allocator', 'retype', 'ok', ['0051'], 'COPY UNTYPED to slot 40; RETYPE 5 pages through the copy, then 4 through slot 254 gives WHAT (3 left), then 3 succeed',
    { root: lines(UT, copy(254, 40), retype(5, 70, 40), save(0), retype(4, 71), save(1), retype(3, 72), save(2), REPLY) }, halt(72n, { 0: 70n, 1: WHAT, 2: 72n })));
  push(kp('prog_retype_after_manifest_data_pages', 'retype', 'ok', ['0051', '0053'], 'memory_pages 4 with a 3-page DATA cap: one page is left, so RETYPE 2 gives WHAT and RETYPE 1 succeeds',
    { root: lines(UT, retype(2, 70), save(0), retype(1, 71), save(1), REPLY), data: [data1(67, 0x20, undefined, 3)], memoryPages: 4 }, halt(71n, { 0: WHAT, 1: 71n })));
  push(kp('prog_retype_destination_through_indirection', 'retype', 'ok', ['0051'], 'RETYPE into the child\'s slot 40 through HANDLE 70, MAP it there through the HANDLE at page 0x100; the child loads 0 from 0x100000 and REPLYs it + 1',
    withChild(lines('load_u8 r7, 0x100000', 'add_imm_64 r7, r7, 1', REPLY), { pre: UT, before: lines(retype(1, ref(40, 70)), save(2), map(ref(40, 70), 0x100, 0, 1, 1)) }), halt(1n, { 1: 0n, 2: 40n })));
  {
    const root = lines(UT, 'r:', retype(3, 70), 'ecalli 1');
    push(kp('prog_retype_charges_10_plus_1500_per_page', 'retype', 'ok', ['0051'], 'RETYPE of 3 pages costs 10 + 4500 after the 10-gas dispatch: the next protocol exit shows gas 100000 - block - 10 - 4510 - 97 - 10',
      { root, gas: 100_000n }, { exits: ['protocol'], vm: 0, value: 1n, gas: 100_000n - cost(root) - 10n - cost(root, 'r') - 10n - 4510n - 97n - 10n, regs: { 7: 70n } }));
  }
  push(kp('prog_retype_exhausted_allocator_what', 'retype', 'what', ['0036'], 'RETYPE 9 pages with 8 free: WHAT; the offset is unchanged, so RETYPE 8 then succeeds',
    { root: lines(UT, retype(9, 70), save(0), retype(8, 70), save(1), REPLY) }, halt(70n, { 0: WHAT, 1: 70n })));
  push(kp('prog_retype_occupied_destination_consumes_nothing', 'retype', 'what', ['0036'], 'RETYPE 4 pages into slot 5 (protocol cap 5): WHAT and no page consumed, so RETYPE 8 into slot 70 succeeds',
    { root: lines(UT, retype(4, 5), save(0), retype(8, 70), save(1), REPLY) }, halt(70n, { 0: WHAT, 1: 70n })));
  push(kp('prog_retype_destination_hop_not_handle_what', 'retype', 'what', [], 'the destination reference hops through slot 5, a protocol cap: WHAT',
    { root: lines(UT, retype(1, ref(40, 5)), save(0), REPLY) }, halt(WHAT)));
  push(kp('prog_retype_destination_slot_254_what', 'retype', 'what', ['0036'], 'RETYPE into slot 254, which holds the UNTYPED itself: WHAT',
    { root: lines(UT, retype(1, 254), save(0), retype(8, 255), save(1), REPLY) }, halt(255n, { 0: WHAT, 1: 255n })));
  push(kp('prog_retype_no_untyped_without_memory_pages', 'call_empty', 'what', ['0053'], 'memory_pages 0: slot 254 is empty, so COPYing it to slot 100 gives WHAT and the RETYPE ecalli 100 finds nothing: WHAT',
    { root: lines(UT, save(0), retype(1, 70), REPLY), memoryPages: 0 }, halt(WHAT, { 0: WHAT })));
  push(lowCase('retype', 'prog_retype_dispatch_gas_short_in_child_low', 'a child RETYPEs through a copy of UNTYPED (slot 40, copied by CREATE)', lines(li(7, 0), li(12, 41), 'ecalli 40'), { bitmask: 1n << 40n, pre: copy(254, 40) }));
  {
    const child = lines(li(7, 1), li(12, 41), 'ecalli 40');
    push(kp('prog_retype_cost_short_in_child_low', 'retype', 'low', ['0034', '0051'], 'a child pays the block and the dispatch but not 10 + 1500 for one page (max gas = block + 10 + 1509): it faults out of gas, the root sees LOW and status 3',
      withChild(child, { bitmask: 1n << 40n, pre: copy(254, 40), before: setMaxGas(70, cost(child) + 10n + 1509n) }), halt(LOW, { 0: LOW, 1: 3n })));
    push(kp('prog_retype_cost_exact_in_child_ok', 'retype', 'ok', ['0051'], 'the same child with exactly block + 10 + 1510: the RETYPE succeeds (φ7 = 41) and the child then runs out of gas at its REPLY block: status 3',
      withChild(lines(child, REPLY), { bitmask: 1n << 40n, pre: copy(254, 40), before: setMaxGas(70, cost(child) + 10n + 1510n) }), halt(LOW, { 0: LOW, 1: 3n })));
  }
  const ootRoot = lines(UT, 'r:', 'ecalli 100', REPLY);
  push(kp('prog_retype_cost_short_root_oog', 'retype', 'low', ['0034', '0051'], 'the root (φ7 = 1 from the invocation) COPYs UNTYPED to slot 100, pays the 97-gas block of ecalli 100 and the dispatch but not 10 + 1500: out of gas at that ecalli',
    { root: ootRoot, reg7: 1n, gas: cost(ootRoot) + 10n + 97n + 10n + 1509n }, { exits: ['oog'], vm: 0, pc: img(ootRoot).labels.get('r') ?? -1, gas: 0n }));

  // ================= create =================
  push(kp('prog_create_vm_from_code_cap', 'create', 'ok', [], 'CREATE from CODE cap 65 into slot 70 (φ7 = 70); CALL it: 0x77',
    { root: lines(create(65, 70), save(2), call(70), REPLY), code: { 65: CHILD_77 } }, halt(0x77n, { 2: 70n })));
  push(kp('prog_create_copies_protocol_cap', 'create', 'ok', ['0047'], 'CREATE with bitmask bit 2: the child\'s ecalli 2 exits with id 2 from VM 1',
    withChild('ecalli 2', { bitmask: 4n }), { exits: ['protocol'], vm: 1, value: 2n }));
  push(kp('prog_create_bitmask_skips_empty_slots', 'create', 'ok', ['0039'], 'bitmask bits 29 (empty) and 3: the child\'s ecalli 29 gives WHAT, its ecalli 3 exits with id 3',
    withChild(lines('ecalli 29', save(0), 'ecalli 3'), { bitmask: (1n << 29n) | 8n }), { exits: ['protocol'], vm: 1, value: 3n, regs: { 0: WHAT } }));
  push(kp('prog_create_without_bitmask_child_has_no_caps', 'create', 'ok', [], 'bitmask 0: the child\'s ecalli 1 finds no protocol cap: WHAT, which it REPLYs',
    withChild(lines('ecalli 1', REPLY)), halt(WHAT, { 1: 0n })));
  push(kp('prog_create_bitmask_bit_63', 'create', 'ok', ['0039'], 'a protocol cap MOVEd to slot 63 is copied by bitmask bit 63; the child\'s ecalli 63 exits with its id 9',
    withChild('ecalli 63', { pre: move(9, 63), bitmask: 1n << 63n }), { exits: ['protocol'], vm: 1, value: 9n }));
  push(kp('prog_create_bitmask_cannot_reach_slot_64', 'create', 'ok', ['0039'], 'bitmask bits above 63 do not exist: the root\'s φ7 = 2^64 - 1 copies slots 0..63 only (protocol caps 1..28), so the child\'s ecall CALL on slot 64 gives WHAT',
    withChild(lines(ecall(OP.call, 64), REPLY), { bitmask: 2n ** 64n - 1n }), halt(WHAT)));
  for (const slot of [0, 63, 200, 255]) {
    push(kp(`prog_create_handle_at_slot_${slot}`, 'create', 'ok', [], `CREATE with the HANDLE in slot ${slot} (φ7 = ${slot}); ecall CALL on slot ${slot}: 0x77`,
      { root: lines(create(65, slot), save(0), ecall(OP.call, slot), REPLY), code: { 65: CHILD_77 } }, halt(0x77n, { 0: BigInt(slot) })));
  }
  push(kp('prog_create_handle_at_slot_254_without_untyped', 'create', 'ok', ['0053'], 'memory_pages 0 leaves slot 254 empty: CREATE can put the HANDLE there',
    { root: lines(create(65, 254), save(0), ecall(OP.call, 254), REPLY), code: { 65: CHILD_77 }, memoryPages: 0 }, halt(0x77n, { 0: 254n })));
  push(kp('prog_create_vm_ids_not_reused', 'create', 'ok', ['0033'], 'CREATE VM 1, DROP it, CREATE again: the new VM is VM 2 (ids are never reused), as its protocol exit shows',
    { root: lines(create(65, 70), drop(70), create(65, 70, 4n), call(70)), code: { 65: 'ecalli 2' } }, { exits: ['protocol'], vm: 2, value: 2n }));
  push(kp('prog_create_child_creates_grandchild', 'create', 'ok', [], 'the child got CODE cap 30 by bitmask: it CREATEs a grandchild (VM 2) that exits at protocol 2 (copied from the child\'s copy)',
    { root: lines(create(30, 70, (1n << 30n) | (1n << 31n) | 4n), call(70)), code: { 30: lines(create(31, 71, 4n), call(71)), 31: 'ecalli 2' } }, { exits: ['protocol'], vm: 2, value: 2n }));
  push(kp('prog_create_bitmask_selects_data_cap_what', 'create', 'what', ['0039', '0036'], 'the bitmask selects slot 2, a DATA cap from the manifest: WHAT, no VM made; the next CREATE makes VM 1',
    { root: lines(create(65, 70, 4n), save(0), create(65, 71, 8n), call(71), REPLY), code: { 65: lines('ecalli 3', REPLY) }, data: [data1(2, 0x20)], host: [[0x33n, 0n]] },
    { exits: ['protocol', 'halt'], vms: [1, 0], values: [3n, 0x33n], regs: { 0: WHAT } }));
  push(kp('prog_create_bitmask_selects_handle_what', 'create', 'what', ['0039'], 'the bitmask selects slot 40, a HANDLE (not copyable): WHAT',
    { root: lines(create(65, 40), create(65, 70, 1n << 40n), save(0), REPLY), code: { 65: CHILD_77 } }, halt(WHAT)));
  push(kp('prog_create_occupied_destination_adds_no_vm', 'create', 'what', ['0036'], 'CREATE into slot 5 (a protocol cap): WHAT and no VM added; the next CREATE makes VM 1',
    { root: lines(create(65, 5), save(0), create(65, 70, 8n), call(70), REPLY), code: { 65: lines('ecalli 3', REPLY) }, host: [[0x33n, 0n]] },
    { exits: ['protocol', 'halt'], vms: [1, 0], values: [3n, 0x33n], regs: { 0: WHAT } }));
  push(kp('prog_create_into_slot_64_what', 'create', 'what', ['0036'], 'CREATE into slot 64, the root\'s own CODE cap: WHAT',
    { root: lines(create(65, 64), save(0), REPLY), code: { 65: CHILD_77 } }, halt(WHAT)));
  push(kp('prog_create_into_slot_1_what', 'create', 'what', ['0036'], 'CREATE into slot 1 (protocol cap 1): WHAT',
    { root: lines(create(65, 1), save(0), REPLY), code: { 65: CHILD_77 } }, halt(WHAT)));
  push(kp('prog_create_destination_hop_through_running_vm_what', 'create', 'what', [], 'a child holding a HANDLE to itself CREATEs with the destination through it: the hop into a RUNNING VM fails: WHAT',
    { root: lines(create(65, 70), downgrade(70, 71), move(70, ref(72, 70)), call(71), REPLY), code: { 65: lines(create(30, ref(80, 72)), REPLY), 30: CHILD_77 } }, halt(WHAT)));
  push(lowCase('create', 'prog_create_dispatch_gas_short_in_child_low', 'a child CREATEs from CODE cap 30 (copied by CREATE)', lines(li(7, 0), li(12, 80), 'ecalli 30'), { bitmask: 1n << 30n }, { code: { 30: CHILD_77 } }));


  // ================= call_data =================
  const dd = [data1(67, 0x20, [0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4]), data1(68, 0x21)];
  push(kp('prog_call_data_copies_bytes', 'call_data', 'ok', ['0042'], 'CALL on DATA 67 copies 4 bytes from offset 0 to offset 8 of DATA 68 (φ7 = 4); the root loads them at 0x21008',
    { root: lines(copyData(67, 0, 4, 8, 68), save(0), 'load_u32 r1, 0x21008', REPLY), data: dd }, halt(4n, { 1: 0xefbeadden })));
  push(kp('prog_call_data_overlapping_copy_is_memmove', 'call_data', 'ok', ['0042'], 'a copy of 6 bytes from offset 0 to offset 2 of the same cap behaves as memmove: bytes de ad de ad be ef 01 02',
    { root: lines(copyData(67, 0, 6, 2, 67), 'load_u64 r1, 0x20000', REPLY), data: dd }, halt(6n, { 1: 0x0201efbeaddeadden })));
  push(kp('prog_call_data_across_page_boundary', 'call_data', 'ok', ['0042'], 'a copy of 8 bytes from offset 4092 of a 2-page cap (bytes at 0x20ffc..0x21003) to offset 0 of DATA 68 at page 0x30',
    { root: lines(li(1, 0x0807060504030201n), 'store_u64 r1, 0x20ffc', copyData(67, 4092, 8, 0, 68), 'load_u64 r2, 0x30000', REPLY), data: [data1(67, 0x20, undefined, 2), data1(68, 0x30)] }, halt(8n, { 2: 0x0807060504030201n })));
  push(kp('prog_call_data_to_end_of_cap', 'call_data', 'ok', ['0042'], 'a copy of 4 bytes ending exactly at the end of both caps (offsets 4092): in bounds',
    { root: lines(li(1, 0x11223344), 'store_u32 r1, 0x20ffc', copyData(67, 4092, 4, 4092, 68), 'load_u32 r2, 0x21ffc', REPLY), data: dd }, halt(4n, { 2: 0x11223344n })));
  push(kp('prog_call_data_into_unmapped_retyped_cap', 'call_data', 'ok', ['0042', '0029'], 'a copy into a RETYPEd cap that is not mapped yet; MAP it at page 0x100 and load the bytes',
    { root: lines(UT, retype(1, 70), copyData(67, 0, 4, 16, 70), save(0), map(70, 0x100, 0, 1, 0), 'load_u32 r1, 0x100010', REPLY), data: dd }, halt(0x100n, { 0: 4n, 1: 0xefbeadden })));
  push(kp('prog_call_data_into_child_cap_through_handle', 'call_data', 'ok', ['0042'], 'the destination reference hops through HANDLE 70 to a cap RETYPEd into the child\'s slot 40; the child MAPs it and REPLYs the byte',
    withChild(lines(map(40, 0x100, 0, 1, 1), 'load_u8 r7, 0x100003', REPLY), { pre: UT, before: lines(retype(1, ref(40, 70)), copyData(67, 0, 4, 0, ref(40, 70))) }, { data: dd }), halt(0xefn)));
  push(kp('prog_call_data_zero_length_what', 'call_data', 'what', ['0042'], 'a zero-length copy: WHAT, nothing written',
    { root: lines(copyData(67, 0, 0, 8, 68), save(0), 'load_u8 r1, 0x21008', REPLY), data: dd }, halt(WHAT, { 1: 0n })));
  push(kp('prog_call_data_no_destination_what', 'call_data', 'what', ['0042'], 'φ12 = 0 (no destination): WHAT',
    { root: lines(copyData(67, 0, 4, 8, 0), REPLY), data: dd }, halt(WHAT)));
  push(kp('prog_call_data_source_out_of_bounds_what', 'call_data', 'what', ['0042'], 'a source range one byte past the cap (offset 4093, 4 bytes): WHAT',
    { root: lines(copyData(67, 4093, 4, 0, 68), REPLY), data: dd }, halt(WHAT)));
  push(kp('prog_call_data_destination_out_of_bounds_what', 'call_data', 'what', ['0042'], 'a destination range one byte past DATA 68 (offset 4093, 4 bytes): WHAT',
    { root: lines(copyData(67, 0, 4, 4093, 68), REPLY), data: dd }, halt(WHAT)));
  push(kp('prog_call_data_destination_not_data_what', 'call_data', 'what', ['0042'], 'the destination is protocol cap 5: WHAT',
    { root: lines(copyData(67, 0, 4, 0, 5), REPLY), data: dd }, halt(WHAT)));
  push(kp('prog_call_data_destination_empty_what', 'call_data', 'what', ['0042'], 'the destination slot 90 is empty: WHAT',
    { root: lines(copyData(67, 0, 4, 0, 90), REPLY), data: dd }, halt(WHAT)));
  push(kp('prog_call_data_in_slot_1_no_destination_what', 'call_data', 'what', ['0042', '0053'], 'a manifest DATA cap in slot 1 replaces protocol cap 1: ecalli 1 with φ12 = 0 is a CALL on DATA without a destination: WHAT (no protocol exit)',
    { root: lines(li(12, 0), 'ecalli 1', REPLY), data: [data1(1, 0x20)] }, halt(WHAT)));
  push(lowCase('call_data', 'prog_call_data_dispatch_gas_short_in_child_low', 'a child CALLs a DATA cap MOVEd into its slot 40', lines(li(12, 0), 'ecalli 40'), { before: move(67, ref(40, 70)) }, { data: dd }));

  // ================= call_empty =================
  for (const slot of [29, 63, 99, 127]) {
    push(kp(`prog_call_empty_slot_${slot}_what`, 'call_empty', 'what', [], `ecalli ${slot} on an empty slot: WHAT, and the root goes on`, { root: lines(`ecalli ${slot}`, REPLY) }, halt(WHAT)));
  }
  push(kp('prog_call_dropped_protocol_slot_what', 'call_empty', 'what', ['0033'], 'DROP protocol cap 3, then ecalli 3: WHAT, no protocol exit', { root: lines(drop(3), 'ecalli 3', REPLY) }, halt(WHAT)));
  push(lowCase('call_empty', 'prog_call_empty_dispatch_gas_short_in_child_low', 'a child calls empty slot 99', 'ecalli 99'));

  // ================= ecalli_over_127 =================
  for (const [imm, id] of [[128, 128n], [200, 200n], [255, 255n], [-1, 0xffffffffn], [-0x80000000, 0x80000000n]] as const) {
    const tag = imm < 0 ? `minus_${-imm}` : `${imm}`;
    push(kp(`prog_ecalli_${tag}_root_panics`, 'ecalli_over_127', 'root_panic', ['0037', '0025'], `ecalli ${imm} in the root (id ${hex(id)} > 127): the invocation panics at the ecalli, without the 10-gas dispatch (gas 1000 - 97)`,
      { root: lines(`ecalli ${imm}`, REPLY), gas: 1000n }, { exits: ['panic'], vm: 0, pc: 0, gas: 1000n - cost(`ecalli ${imm}`) }));
    push(kp(`prog_ecalli_${tag}_child_status_5`, 'ecalli_over_127', 'status_5', ['0037', '0025'], `ecalli ${imm} in a child: it faults, the root sees φ8 = 5, φ7 = ${hex(id)}`,
      withChild(`ecalli ${imm}`), halt(id, { 0: id, 1: 5n })));
  }

  // ================= ecall_call =================
  push(kp('prog_ecall_call_handle_starts_callee', 'ecall_call', 'ok', ['0049'], 'ecall op 0 on HANDLE 70: the child runs and REPLYs 0x77',
    { root: lines(create(65, 70), ecall(OP.call, 70), save8(1), REPLY), code: { 65: CHILD_77 } }, halt(0x77n, { 1: 0n })));
  push(kp('prog_ecall_call_callable', 'ecall_call', 'ok', ['0049'], 'ecall op 0 on a CALLABLE: the child runs and REPLYs 0x77',
    { root: lines(create(65, 70), downgrade(70, 71), ecall(OP.call, 71), REPLY), code: { 65: CHILD_77 } }, halt(0x77n)));
  push(kp('prog_ecall_call_protocol_exits', 'ecall_call', 'ok', ['0049', '0048'], 'ecall op 0 on protocol cap 12: exit with id 12',
    { root: lines(ecall(OP.call, 12), REPLY) }, { exits: ['protocol'], vm: 0, value: 12n }));
  push(kp('prog_ecall_call_protocol_via_indirection_exits', 'ecall_call', 'ok', ['0049'], 'ecall op 0 on a protocol cap in the child\'s slot 5 (copied by CREATE), reached through HANDLE 70: exit with id 5 from the root',
    { root: lines(create(65, 70, 32n), ecall(OP.call, ref(5, 70)), REPLY), code: { 65: CHILD_77 } }, { exits: ['protocol'], vm: 0, value: 5n }));
  push(kp('prog_ecall_call_handle_in_slot_255', 'ecall_call', 'ok', ['0049'], 'a HANDLE in slot 255, out of ecalli\'s reach: ecall op 0 CALLs it',
    { root: lines(create(65, 255), ecall(OP.call, 255), REPLY), code: { 65: CHILD_77 } }, halt(0x77n)));
  push(kp('prog_ecall_call_passes_ipc_from_object_low_byte', 'ecall_call', 'ok', ['0049', '0044'], 'ecall op 0 with φ12 = 70 << 32 | 5: the low byte of the object half passes protocol cap 5 to the child, which calls it through its slot 0',
    { root: lines(create(65, 70), ecall(OP.call, 70, 5), REPLY), code: { 65: ecall(OP.call, 0) } }, { exits: ['protocol'], vm: 1, value: 5n }));
  push(kp('prog_ecall_call_untyped_what', 'ecall_call', 'what', ['0049'], 'ecall op 0 on UNTYPED (slot 254): WHAT', { root: lines(ecall(OP.call, 254), REPLY) }, halt(WHAT)));
  push(kp('prog_ecall_call_code_what', 'ecall_call', 'what', ['0049'], 'ecall op 0 on a CODE cap: WHAT', { root: lines(ecall(OP.call, 65), REPLY), code: { 65: CHILD_77 } }, halt(WHAT)));
  push(kp('prog_ecall_call_data_what', 'ecall_call', 'what', ['0049'], 'ecall op 0 on a DATA cap: WHAT (no copy)', { root: lines(li(12, 0), ecall(OP.call, 67, 68), REPLY), data: dd }, halt(WHAT)));
  push(kp('prog_ecall_call_empty_what', 'ecall_call', 'what', ['0049'], 'ecall op 0 on an empty slot: WHAT', { root: lines(ecall(OP.call, 200), REPLY) }, halt(WHAT)));
  push(kp('prog_ecall_call_hop_through_non_handle_what', 'ecall_call', 'what', ['0049'], 'ecall op 0 whose subject hops through protocol cap 5: WHAT', { root: lines(ecall(OP.call, ref(3, 5)), REPLY) }, halt(WHAT)));
  push(lowCase('ecall_call', 'prog_ecall_call_dispatch_gas_short_in_child_low', 'a child\'s ecall op 0', ecall(OP.call, 2), { bitmask: 4n }));


  {
    // A HANDLE chain root → A (70) → B (A's 71) → C (B's 72): references walk byte 3, then 2, then 1.
    const chain = lines(create(65, 70), create(65, 71), create(65, 72, 32n), move(72, ref(72, 71)), move(71, ref(71, 70)));
    push(kp('prog_ecall_call_protocol_via_three_hops', 'ecall_call', 'ok', ['0049'], 'a reference of three hops (byte 3 = 70 in the root, byte 2 = 71 in VM 1, byte 1 = 72 in VM 2) reaches protocol cap 5 in VM 3: ecall CALL exits with id 5 from the root',
      { root: lines(chain, ecall(OP.call, ref(5, 72, 71, 70)), REPLY), code: { 65: CHILD_77 } }, { exits: ['protocol'], vm: 0, value: 5n }));
    push(kp('prog_ecall_call_handle_two_hops_deep', 'ecall_call', 'ok', ['0049'], 'ecall CALL on the HANDLE in VM 1\'s slot 71 (one hop through 70) starts VM 2, which calls protocol cap 6 COPYed into its slot 50 through two hops: exit 6 from VM 2',
      { root: lines(create(65, 70), create(66, 71), copy(6, ref(50, 71)), move(71, ref(71, 70)), ecall(OP.call, ref(71, 70)), REPLY), code: { 65: CHILD_77, 66: 'ecalli 50' } }, { exits: ['protocol'], vm: 2, value: 6n }));
    push(kp('prog_retype_through_two_hops_then_map', 'retype', 'ok', ['0051', '0029'], 'RETYPE into VM 2\'s slot 40 through two hops (70 in the root, 71 in VM 1), MAP it there through the same hops and CALL VM 2 through one hop: it loads 0 from the page and REPLYs 0x77',
      { root: lines(UT, create(65, 70), create(66, 71), move(71, ref(71, 70)), retype(1, ref(40, 71, 70)), save(3), map(ref(40, 71, 70), 0x100, 0, 1, 1), ecall(OP.call, ref(71, 70)), REPLY), code: { 65: CHILD_77, 66: lines('load_u8 r7, 0x100000', li(7, 0x77), REPLY) } },
      halt(0x77n, { 3: BigInt(ref(40, 71, 70)) & 0xffn })));
    push(kp('prog_hop_through_faulted_vm_allowed', 'move', 'ok', [], 'a hop through the HANDLE of a FAULTED VM is allowed (only RUNNING and WAITING VMs are refused): MOVE protocol cap 5 into it, then back',
      { root: lines(create(65, 70), call(70), li(7, 0), move(5, ref(40, 70)), save(2), move(ref(40, 70), 90), 'ecalli 90'), code: { 65: 'trap' } }, { exits: ['protocol'], vm: 0, value: 5n, regs: { 2: 0n } }));
  }

  // ================= map =================
  const mapRoot = (...body: string[]): string => lines(UT, retype(4, 70), ...body);
  push(kp('prog_map_retyped_cap_rw_store_load', 'map', 'ok', ['0029'], 'RETYPE 4 pages, MAP all at page 0x100 RW, store 0x5a at 0x103fff and load it back',
    { root: mapRoot(map(70, 0x100, 0, 4, 1), li(1, 0x5a), 'store_u8 r1, 0x103fff', 'load_u8 r2, 0x103fff', REPLY) }, halt(0x100n, { 2: 0x5an })));
  push(kp('prog_map_sub_range_inside_reads', 'map', 'ok', ['0029'], 'MAP pages 1..2 of a 4-page cap at base 0x100: 0x101000 and 0x102fff are readable',
    { root: mapRoot(map(70, 0x100, 1, 2, 1), 'load_u8 r1, 0x101000', 'load_u8 r2, 0x102fff', REPLY) }, halt(0x100n)));
  push(kp('prog_map_sub_range_page_before_faults', 'map', 'ok', ['0029'], 'MAP pages 1..2 only: page 0 (0x100000) is not mapped: fault there',
    { root: mapRoot(map(70, 0x100, 1, 2, 1), 'load_u8 r1, 0x100fff', REPLY) }, { exits: ['fault'], vm: 0, value: 0x100000n }));
  push(kp('prog_map_sub_range_page_after_faults', 'map', 'ok', ['0029', '0007'], 'MAP pages 1..2 only: a u32 load straddling 0x102ffe..0x103001 faults at page 3 (0x103000)',
    { root: mapRoot(map(70, 0x100, 1, 2, 1), 'load_u32 r1, 0x102ffe', REPLY) }, { exits: ['fault'], vm: 0, value: 0x103000n }));
  push(kp('prog_map_in_two_parts_same_base', 'map', 'ok', ['0029'], 'MAP page 0, then pages 2..3 with the same base and access: page 3 is readable, page 1 faults',
    { root: mapRoot(map(70, 0x100, 0, 1, 1), map(70, 0x100, 2, 2, 1), 'load_u8 r1, 0x103000', 'load_u8 r2, 0x101000', REPLY) }, { exits: ['fault'], vm: 0, value: 0x101000n }));
  push(kp('prog_map_same_range_twice', 'map', 'ok', ['0029'], 'MAP the same pages twice: the second MAP is a no-op success (φ7 = the base, not WHAT)',
    { root: mapRoot(map(70, 0x100, 0, 2, 1), map(70, 0x100, 0, 2, 1), save(0), 'load_u8 r1, 0x101000', REPLY) }, halt(0x100n, { 0: 0x100n })));
  push(kp('prog_map_access_0_read_only_load', 'map', 'ok', ['0046'], 'MAP with φ10 = 0 maps read-only: a load succeeds',
    { root: mapRoot(map(70, 0x100, 0, 1, 0), 'load_u8 r1, 0x100000', REPLY) }, halt(0x100n)));
  push(kp('prog_map_access_0_read_only_store_faults', 'map', 'ok', ['0046', '0009'], 'MAP with φ10 = 0 maps read-only: a store faults at the page',
    { root: mapRoot(map(70, 0x100, 0, 1, 0), 'store_u8 r1, 0x100010', REPLY) }, { exits: ['fault'], vm: 0, value: 0x100000n }));
  push(kp('prog_map_manifest_cap_again_at_its_base', 'map', 'ok', ['0029', '0020'], 'MAP a manifest DATA cap again at its own base and access: success, its bytes still readable',
    { root: lines(map(67, 0x20, 0, 1, 1), save(0), 'load_u8 r1, 0x20000', REPLY), data: dd }, halt(0x20n, { 0: 0x20n, 1: 0xden })));
  push(kp('prog_map_at_top_of_address_space', 'map', 'ok', ['0029', '0008'], 'MAP 1 page at page 0xfffff (the last page below 2^32): a store and load at immediate -1, which is 0xffffffff mod 2^32',
    { root: mapRoot(map(70, 0xfffff, 0, 1, 1), li(1, 0x66), 'store_u8 r1, -1', 'load_u8 r2, -1', REPLY) }, halt(0xfffffn, { 2: 0x66n })));
  push(kp('prog_map_child_cap_at_page_parent_maps', 'map', 'ok', ['0029'], 'the root maps page 0x20 (byte 0xde); its child RETYPEs and MAPs its own cap at page 0x20 and reads 0 there: separate address spaces',
    withChild(lines(retype(1, 80, 40), map(80, 0x20, 0, 1, 1), 'load_u8 r7, 0x20000', REPLY), { bitmask: 1n << 40n, pre: lines(UT, copy(254, 40)) }, { data: dd }), halt(0n, { 1: 0n })));
  push(kp('prog_map_access_2_what', 'map', 'what', ['0046'], 'MAP with φ10 = 2: WHAT; the page stays unmapped, so a load faults',
    { root: mapRoot(map(70, 0x100, 0, 1, 2), save(0), 'load_u8 r1, 0x100000', REPLY) }, { exits: ['fault'], vm: 0, value: 0x100000n, regs: { 0: WHAT } }));
  push(kp('prog_map_beyond_cap_what', 'map', 'what', [], 'MAP pages 3..4 of a 4-page cap (first + count = 5 > 4): WHAT',
    { root: mapRoot(map(70, 0x100, 3, 2, 1), REPLY) }, halt(WHAT)));
  push(kp('prog_map_other_base_after_first_map_what', 'map', 'what', [], 'the first MAP fixed base 0x100; a MAP of another page at base 0x200: WHAT',
    { root: mapRoot(map(70, 0x100, 0, 1, 1), map(70, 0x200, 1, 1, 1), REPLY) }, halt(WHAT)));
  push(kp('prog_map_other_access_after_first_map_what', 'map', 'what', ['0046'], 'the first MAP fixed access RW; a MAP of another page read-only: WHAT',
    { root: mapRoot(map(70, 0x100, 0, 1, 1), map(70, 0x100, 1, 1, 0), REPLY) }, halt(WHAT)));
  push(kp('prog_map_manifest_cap_at_other_base_what', 'map', 'what', ['0020'], 'a manifest DATA cap has its base fixed at load (0x20): MAP at 0x40 is WHAT',
    { root: lines(map(67, 0x40, 0, 1, 1), REPLY), data: dd }, halt(WHAT)));
  push(kp('prog_map_page_taken_by_other_data_cap_what', 'map', 'what', ['0029'], 'MAP a RETYPEd cap onto page 0x20, which the manifest DATA cap maps: WHAT (no aliasing)',
    { root: mapRoot(map(70, 0x20, 0, 1, 1), save(0), 'load_u8 r1, 0x20000', REPLY), data: dd }, halt(WHAT, { 1: 0xden })));
  push(kp('prog_map_past_address_space_what', 'map', 'what', ['0029'], 'MAP 2 pages at page 0xfffff: the second would be past 2^32: WHAT',
    { root: mapRoot(map(70, 0xfffff, 0, 2, 1), REPLY) }, halt(WHAT)));
  push(kp('prog_map_handle_what', 'map', 'what', [], 'MAP on a HANDLE: WHAT', { root: lines(create(65, 70), map(70, 0x100, 0, 1, 1), REPLY), code: { 65: CHILD_77 } }, halt(WHAT)));
  push(kp('prog_map_empty_slot_what', 'map', 'what', [], 'MAP on an empty slot: WHAT', { root: lines(map(90, 0x100, 0, 1, 1), REPLY) }, halt(WHAT)));
  push(lowCase('map', 'prog_map_dispatch_gas_short_in_child_low', 'a child MAPs', map(90, 0x100, 0, 1, 1)));

  // ================= unmap =================
  const two = [data1(67, 0x20, [0x11], 2)];
  push(kp('prog_unmap_page_then_access_faults', 'unmap', 'ok', ['0029'], 'UNMAP page 1 of a 2-page manifest cap: page 0 still reads 0x11, page 1 faults',
    { root: lines(unmap(67, 1, 1), 'load_u8 r1, 0x20000', 'load_u8 r2, 0x21000', REPLY), data: two }, { exits: ['fault'], vm: 0, value: 0x21000n, regs: { 1: 0x11n } }));
  push(kp('prog_unmap_then_remap_keeps_bytes', 'unmap', 'ok', ['0029'], 'UNMAP page 0 and MAP it again at the fixed base: the byte 0x11 is still there (the backing store keeps it)',
    { root: lines(unmap(67, 0, 1), map(67, 0x20, 0, 1, 1), 'load_u8 r1, 0x20000', REPLY), data: two }, halt(0x20n, { 1: 0x11n })));
  push(kp('prog_unmap_never_mapped_noop', 'unmap', 'ok', [], 'UNMAP of a RETYPEd cap never mapped: a no-op (φ7 stays as set, 0)',
    { root: lines(UT, retype(1, 70), unmap(70, 0, 1), REPLY) }, halt(0n)));
  push(kp('prog_unmap_range_outside_cap_ignored', 'unmap', 'ok', [], 'UNMAP pages 5..14 of a 2-page cap: nothing changes, page 1 still readable',
    { root: lines(unmap(67, 5, 10), 'load_u8 r1, 0x21000', REPLY), data: two }, halt(5n)));
  push(kp('prog_unmap_huge_count_unmaps_all', 'unmap', 'ok', [], 'UNMAP from page 0 with count 2^64 - 1: every page leaves the address space, page 0 faults',
    { root: lines(unmap(67, 0, 2n ** 64n - 1n), 'load_u8 r1, 0x20000', REPLY), data: two }, { exits: ['fault'], vm: 0, value: 0x20000n }));
  push(kp('prog_unmap_then_other_cap_maps_page', 'unmap', 'ok', ['0029'], 'after UNMAP of page 0x20, a RETYPEd cap may MAP that page (no longer taken) and reads 0 there',
    { root: lines(UT, retype(1, 70), unmap(67, 0, 2), map(70, 0x20, 0, 1, 1), save(0), 'load_u8 r1, 0x20000', REPLY), data: two }, halt(0x20n, { 0: 0x20n, 1: 0n })));
  push(kp('prog_unmap_handle_what', 'unmap', 'what', [], 'UNMAP on a HANDLE: WHAT', { root: lines(create(65, 70), unmap(70, 0, 1), REPLY), code: { 65: CHILD_77 } }, halt(WHAT)));
  push(kp('prog_unmap_protocol_what', 'unmap', 'what', [], 'UNMAP on protocol cap 4: WHAT', { root: lines(unmap(4, 0, 1), REPLY) }, halt(WHAT)));
  push(kp('prog_unmap_empty_slot_what', 'unmap', 'what', [], 'UNMAP on an empty slot: WHAT', { root: lines(unmap(90, 0, 1), REPLY) }, halt(WHAT)));
  push(lowCase('unmap', 'prog_unmap_dispatch_gas_short_in_child_low', 'a child UNMAPs', unmap(90, 0, 1)));

  // ================= split =================
  push(kp('prog_split_retyped_cap_map_both_halves', 'split', 'ok', [], 'SPLIT a RETYPEd 4-page cap at page 1 into slot 71; MAP 70 (1 page) at 0x100 and 71 (3 pages) at 0x200; store and load in both',
    { root: mapRoot(split(70, 1, 71), map(70, 0x100, 0, 1, 1), map(71, 0x200, 0, 3, 1), li(1, 0x12), 'store_u8 r1, 0x100000', li(1, 0x34), 'store_u8 r1, 0x202fff', 'load_u8 r2, 0x100000', 'load_u8 r3, 0x202fff', REPLY) },
    halt(0x200n, { 2: 0x12n, 3: 0x34n })));
  push(kp('prog_split_low_half_keeps_k_pages', 'split', 'ok', [], 'after SPLIT at page 1 the subject keeps 1 page: MAP of 2 pages of it is WHAT',
    { root: mapRoot(split(70, 1, 71), map(70, 0x100, 0, 2, 1), REPLY) }, halt(WHAT)));
  push(kp('prog_split_halves_share_backing', 'split', 'ok', ['0042'], 'bytes copied into page 1 of a 2-page cap before a SPLIT at 1 are page 0 of the high half',
    { root: lines(UT, retype(2, 70), copyData(67, 0, 4, 4096, 70), split(70, 1, 71), map(71, 0x200, 0, 1, 1), 'load_u32 r1, 0x200000', REPLY), data: dd }, halt(0x200n, { 1: 0xefbeadden })));
  push(kp('prog_split_after_unmapping_all_ok', 'split', 'ok', ['0020'], 'a manifest cap (mapped) UNMAPped whole can be SPLIT; the halves are new caps with no base, so MAP at a new base 0x40 works and holds the bytes',
    { root: lines(unmap(67, 0, 2), split(67, 1, 71), map(67, 0x40, 0, 1, 1), 'load_u8 r1, 0x40000', REPLY), data: two }, halt(0x40n, { 1: 0x11n })));
  push(kp('prog_split_into_slot_255', 'split', 'ok', [], 'SPLIT with the high half into slot 255, then MAP it there',
    { root: mapRoot(split(70, 3, 255), map(255, 0x200, 0, 1, 1), save(0), 'load_u8 r1, 0x200000', REPLY) }, halt(0x200n, { 0: 0x200n })));
  push(kp('prog_split_mapped_data_what', 'split', 'what', [], 'SPLIT of a manifest DATA cap, which is mapped: WHAT',
    { root: lines(split(67, 1, 71), REPLY), data: two }, halt(WHAT)));
  push(kp('prog_split_partly_mapped_data_what', 'split', 'what', [], 'MAP one page of a RETYPEd cap, then SPLIT it: WHAT (any mapped page forbids it)',
    { root: mapRoot(map(70, 0x100, 2, 1, 1), split(70, 1, 71), REPLY) }, halt(WHAT)));
  push(kp('prog_split_after_partial_unmap_what', 'split', 'what', [], 'a 2-page manifest cap with page 1 UNMAPped still has page 0 mapped: SPLIT is WHAT',
    { root: lines(unmap(67, 1, 1), split(67, 1, 71), REPLY), data: two }, halt(WHAT)));
  push(kp('prog_split_at_zero_what', 'split', 'what', [], 'SPLIT at page 0: WHAT', { root: mapRoot(split(70, 0, 71), REPLY) }, halt(WHAT)));
  push(kp('prog_split_at_count_what', 'split', 'what', [], 'SPLIT a 4-page cap at page 4: WHAT', { root: mapRoot(split(70, 4, 71), REPLY) }, halt(WHAT)));
  push(kp('prog_split_object_occupied_what', 'split', 'what', [], 'SPLIT into slot 5 (protocol cap 5): WHAT', { root: mapRoot(split(70, 1, 5), REPLY) }, halt(WHAT)));
  push(kp('prog_split_handle_what', 'split', 'what', [], 'SPLIT of a HANDLE: WHAT', { root: lines(create(65, 70), split(70, 1, 71), REPLY), code: { 65: CHILD_77 } }, halt(WHAT)));
  push(lowCase('split', 'prog_split_dispatch_gas_short_in_child_low', 'a child SPLITs', split(90, 1, 91)));


  // ================= drop =================
  push(kp('prog_drop_empty_slot_noop', 'drop', 'ok', ['0033'], 'DROP of an empty slot changes nothing and does not write φ7 (5 stays)', { root: lines(li(7, 5), drop(90), REPLY) }, halt(5n)));
  push(kp('prog_drop_mapped_data_cap_unmaps', 'drop', 'ok', ['0033'], 'DROP of the mapped manifest DATA cap: its page leaves the address space, a load faults',
    { root: lines(drop(67), 'load_u8 r1, 0x20000', REPLY), data: dd }, { exits: ['fault'], vm: 0, value: 0x20000n }));
  push(kp('prog_drop_mapped_data_frees_page_for_other_cap', 'drop', 'ok', ['0033', '0029'], 'after DROP of the DATA cap mapping page 0x20, a RETYPEd cap MAPs page 0x20 and reads 0 (the dropped cap\'s bytes are not in the new cap)',
    { root: lines(UT, retype(1, 70), drop(67), map(70, 0x20, 0, 1, 1), 'load_u8 r1, 0x20000', REPLY), data: dd }, halt(0x20n, { 1: 0n })));
  push(kp('prog_drop_handle_destroys_idle_vm', 'drop', 'ok', ['0033'], 'DROP of the HANDLE of an idle VM: the slot is empty, so CALL on it gives WHAT',
    { root: lines(create(65, 70), drop(70), save(0), call(70), REPLY), code: { 65: CHILD_77 } }, halt(WHAT, { 0: 70n })));
  push(kp('prog_drop_handle_of_faulted_vm', 'drop', 'ok', ['0033'], 'DROP of the HANDLE of a FAULTED VM succeeds; a DOWNGRADEd CALLABLE to it then names no VM: WHAT',
    { root: lines(create(65, 70), downgrade(70, 71), call(70), save8(1), drop(70), call(71), REPLY), code: { 65: 'trap' } }, halt(WHAT, { 1: 1n })));
  push(kp('prog_drop_protocol_cap', 'drop', 'ok', ['0033'], 'DROP protocol cap 4, then ecalli 4 gives WHAT', { root: lines(drop(4), 'ecalli 4', REPLY) }, halt(WHAT)));
  push(kp('prog_drop_untyped', 'drop', 'ok', ['0033'], 'DROP the UNTYPED in slot 254: COPYing it to slot 100 then gives WHAT', { root: lines(drop(254), UT, REPLY) }, halt(WHAT)));
  push(kp('prog_drop_through_indirection', 'drop', 'ok', ['0033'], 'DROP protocol cap 2 in the child\'s CNode through HANDLE 70: the child\'s ecalli 2 gives WHAT, which it REPLYs',
    withChild(lines('ecalli 2', REPLY), { bitmask: 4n, before: drop(ref(2, 70)) }), halt(WHAT)));
  push(kp('prog_drop_handle_of_waiting_vm_what', 'drop', 'what', ['0033'], 'root → VM 1 → VM 2 (a CALLABLE moved into VM 1\'s slot 41), and VM 2 DROPs its HANDLE to VM 1 (moved into its slot 40), which is WAITING: WHAT, passed back up',
    { root: lines(create(65, 70), create(66, 71), downgrade(70, 72), downgrade(71, 73), move(73, ref(41, 70)), move(70, ref(40, 71)), call(72), REPLY), code: { 65: lines('ecalli 41', REPLY), 66: lines(drop(40), REPLY) } }, halt(WHAT)));
  push(kp('prog_drop_handle_of_running_vm_what', 'drop', 'what', ['0033'], 'a child DROPs a HANDLE to itself (moved in through its HANDLE): WHAT, it stays RUNNING and REPLYs',
    { root: lines(create(65, 70), downgrade(70, 71), move(70, ref(72, 70)), call(71), REPLY), code: { 65: lines(drop(72), REPLY) } }, halt(WHAT)));
  push(lowCase('drop', 'prog_drop_dispatch_gas_short_in_child_low', 'a child DROPs', drop(90)));

  // ================= move =================
  push(kp('prog_move_handle_into_empty_slot', 'move', 'ok', [], 'MOVE HANDLE 70 to slot 80 and CALL it there: 0x77',
    { root: lines(create(65, 70), move(70, 80), call(80), REPLY), code: { 65: CHILD_77 } }, halt(0x77n)));
  push(kp('prog_ecall_subject_is_high_half', 'move', 'ok', ['0030'], 'φ12 = 70 << 32 | 80 moves slot 70 (high half) to slot 80 (low half): CALL on 70 then gives WHAT',
    { root: lines(create(65, 70), move(70, 80), call(70), save(0), call(80), REPLY), code: { 65: CHILD_77 } }, halt(0x77n, { 0: WHAT })));
  push(kp('prog_move_protocol_cap_then_call', 'move', 'ok', ['0047', '0048'], 'MOVE original protocol slot 1 to slot 90: ecalli 1 gives WHAT, ecalli 90 exits with id 1',
    { root: lines(move(1, 90), 'ecalli 1', save(0), 'ecalli 90') }, { exits: ['protocol'], vm: 0, value: 1n, regs: { 0: WHAT } }));
  push(kp('prog_move_mapped_data_within_cnode_keeps_mapping', 'move', 'ok', ['0041'], 'MOVE a mapped DATA cap within the root\'s CNode: it stays mapped',
    { root: lines(move(67, 70), 'load_u8 r1, 0x20000', REPLY), data: dd }, halt(0n, { 1: 0xden })));
  push(kp('prog_move_mapped_data_to_child_arrives_unmapped', 'move', 'ok', ['0041'], 'MOVE the mapped DATA cap into the child\'s slot 40: it arrives unmapped, the child\'s load at 0x20000 faults (status 4)',
    withChild(lines('load_u8 r7, 0x20000', REPLY), { before: move(67, ref(40, 70)) }, { data: dd }), halt(0x20000n, { 0: 0x20000n, 1: 4n })));
  push(kp('prog_move_data_to_child_keeps_base', 'move', 'ok', ['0041'], 'the moved cap keeps its fixed base and access: the child MAPs it at 0x20 and reads 0xde',
    withChild(lines(map(40, 0x20, 0, 1, 1), 'load_u8 r7, 0x20000', REPLY), { before: move(67, ref(40, 70)) }, { data: dd }), halt(0xden, { 1: 0n })));
  push(kp('prog_move_data_to_child_other_base_what', 'move', 'what', ['0041'], 'the moved cap keeps its base 0x20: the child\'s MAP at 0x30 gives WHAT (the move itself succeeded)',
    withChild(lines(map(40, 0x30, 0, 1, 1), REPLY), { before: move(67, ref(40, 70)) }, { data: dd }), halt(WHAT)));
  push(kp('prog_move_leaves_root_without_page', 'move', 'ok', ['0041'], 'after MOVing its mapped DATA cap to the child, the root\'s own load at 0x20000 faults',
    { root: lines(create(65, 70), move(67, ref(40, 70)), 'load_u8 r1, 0x20000', REPLY), code: { 65: CHILD_77 }, data: dd }, { exits: ['fault'], vm: 0, value: 0x20000n }));
  push(kp('prog_move_ipc_cap_back_from_faulted_vm', 'move', 'ok', ['0035', '0041'], 'the root passes DATA 67 to a child that traps; the cap stays in the child\'s slot 0; the root MOVEs it back through the HANDLE (unmapped), MAPs it at its base and reads 0xde',
    withChild('trap', { ipc: 67, after: lines(move(ref(0, 70), 67), map(67, 0x20, 0, 1, 1), 'load_u8 r2, 0x20000') }, { data: dd }), halt(0x20n, { 1: 1n, 2: 0xden })));
  push(kp('prog_move_onto_itself_noop', 'move', 'ok', [], 'MOVE slot 67 onto itself: nothing changes (still mapped, φ7 not written)',
    { root: lines(li(7, 9), move(67, 67), 'load_u8 r1, 0x20000', REPLY), data: dd }, halt(9n, { 1: 0xden })));
  for (const slot of [0, 63, 64, 254, 255]) {
    const mem = slot === 254 ? { memoryPages: 0 } : {};
    const what = slot === 64;
    push(kp(`prog_move_protocol_cap_to_slot_${slot}`, 'move', what ? 'what' : 'ok', [], what ? 'MOVE protocol cap 5 to slot 64, the root\'s CODE cap: WHAT; ecall CALL on slot 5 still exits with id 5'
      : `MOVE protocol cap 5 to slot ${slot}${slot === 254 ? ' (empty: memory_pages 0)' : ''}; ecall CALL on slot ${slot} exits with id 5`,
      { root: lines(move(5, slot), save(0), ecall(OP.call, what ? 5 : slot)), ...mem }, { exits: ['protocol'], vm: 0, value: 5n, regs: { 0: what ? WHAT : 0n } }));
  }
  push(kp('prog_move_into_occupied_slot_what', 'move', 'what', [], 'MOVE HANDLE 70 onto protocol slot 1: WHAT, both stay',
    { root: lines(create(65, 70), move(70, 1), save(0), call(70), REPLY), code: { 65: CHILD_77 } }, halt(0x77n, { 0: WHAT })));
  push(kp('prog_ecall_swapped_halves_what', 'move', 'what', ['0030'], 'the MOVE with the halves swapped (φ12 = 80 << 32 | 70) names empty slot 80 as the subject: WHAT',
    { root: lines(create(65, 70), move(80, 70), save(0), call(70), REPLY), code: { 65: CHILD_77 } }, halt(0x77n, { 0: WHAT })));
  push(kp('prog_move_object_hop_fails_what', 'move', 'what', [], 'MOVE to a reference hopping through protocol cap 5: WHAT',
    { root: lines(move(6, ref(40, 5)), save(0), 'ecalli 6'), host: [] }, { exits: ['protocol'], value: 6n, regs: { 0: WHAT } }));
  push(lowCase('move', 'prog_move_dispatch_gas_short_in_child_low', 'a child MOVEs', move(90, 91)));

  // ================= copy =================
  push(kp('prog_copy_protocol_cap_then_call', 'copy', 'ok', [], 'COPY protocol cap 2 to slot 91: ecalli 91 exits with id 2', { root: lines(copy(2, 91), 'ecalli 91') }, { exits: ['protocol'], vm: 0, value: 2n }));
  push(kp('prog_copy_into_emptied_protocol_slot', 'copy', 'ok', ['0047'], 'DROP protocol cap 3, COPY cap 2 into slot 3: ecalli 3 exits with id 2', { root: lines(drop(3), copy(2, 3), 'ecalli 3') }, { exits: ['protocol'], vm: 0, value: 2n }));
  push(kp('prog_copy_callable_then_call_both', 'copy', 'ok', [], 'COPY a CALLABLE: both copies CALL the same VM, which REPLYs 1 then 2',
    { root: lines(create(65, 70), downgrade(70, 71), copy(71, 72), call(71), save(0), call(72), REPLY), code: { 65: lines(li(7, 1), REPLY, li(7, 2), REPLY) } }, halt(2n, { 0: 1n })));
  push(kp('prog_copy_code_then_create_from_copy', 'copy', 'ok', [], 'COPY CODE cap 65 to slot 90 and CREATE from the copy: 0x77',
    { root: lines(copy(65, 90), create(90, 70), call(70), REPLY), code: { 65: CHILD_77 } }, halt(0x77n)));
  push(kp('prog_copy_into_child_cnode', 'copy', 'ok', [], 'COPY protocol cap 6 into the child\'s slot 50 through HANDLE 70: the child\'s ecalli 50 exits with id 6 from VM 1',
    withChild('ecalli 50', { before: copy(6, ref(50, 70)) }), { exits: ['protocol'], vm: 1, value: 6n }));
  push(kp('prog_copy_data_cap_what', 'copy', 'what', [], 'COPY of a DATA cap (not copyable): WHAT', { root: lines(copy(67, 91), REPLY), data: dd }, halt(WHAT)));
  push(kp('prog_copy_handle_what', 'copy', 'what', [], 'COPY of a HANDLE (not copyable): WHAT', { root: lines(create(65, 70), copy(70, 91), REPLY), code: { 65: CHILD_77 } }, halt(WHAT)));
  push(kp('prog_copy_into_occupied_slot_what', 'copy', 'what', [], 'COPY protocol cap 2 onto slot 3: WHAT, slot 3 keeps protocol cap 3', { root: lines(copy(2, 3), save(0), 'ecalli 3') }, { exits: ['protocol'], value: 3n, regs: { 0: WHAT } }));
  push(kp('prog_copy_empty_slot_what', 'copy', 'what', [], 'COPY of an empty slot: WHAT', { root: lines(copy(90, 91), REPLY) }, halt(WHAT)));
  push(lowCase('copy', 'prog_copy_dispatch_gas_short_in_child_low', 'a child COPYs', copy(90, 91)));

  // ================= downgrade =================
  push(kp('prog_downgrade_handle_to_callable', 'downgrade', 'ok', [], 'DOWNGRADE HANDLE 70 to a CALLABLE in slot 81 and CALL it: 0x77',
    { root: lines(create(65, 70), downgrade(70, 81), call(81), REPLY), code: { 65: CHILD_77 } }, halt(0x77n)));
  push(kp('prog_downgrade_keeps_max_gas', 'downgrade', 'ok', ['0045'], 'SET_MAX_GAS 500 then DOWNGRADE: the CALLABLE gives the child 500 gas, as its protocol exit shows (500 - 97 - 10)',
    { root: lines(create(65, 70, 2n), setMaxGas(70, 500), downgrade(70, 81), call(81), REPLY), code: { 65: 'ecalli 1' } }, { exits: ['protocol'], vm: 1, value: 1n, gas: 500n - 97n - 10n }));
  push(kp('prog_downgrade_callable_cannot_resume', 'downgrade', 'ok', ['0050'], 'a CALLABLE made by DOWNGRADE cannot RESUME its faulted VM: WHAT',
    { root: lines(create(65, 70), downgrade(70, 81), call(81), resume(81), REPLY), code: { 65: 'trap' } }, halt(WHAT)));
  push(kp('prog_downgrade_callable_what', 'downgrade', 'what', [], 'DOWNGRADE of a CALLABLE: WHAT', { root: lines(create(65, 70), downgrade(70, 81), downgrade(81, 82), REPLY), code: { 65: CHILD_77 } }, halt(WHAT)));
  push(kp('prog_downgrade_data_what', 'downgrade', 'what', [], 'DOWNGRADE of a DATA cap: WHAT', { root: lines(downgrade(67, 82), REPLY), data: dd }, halt(WHAT)));
  push(kp('prog_downgrade_into_occupied_slot_what', 'downgrade', 'what', [], 'DOWNGRADE into slot 2 (protocol cap): WHAT', { root: lines(create(65, 70), downgrade(70, 2), REPLY), code: { 65: CHILD_77 } }, halt(WHAT)));
  push(lowCase('downgrade', 'prog_downgrade_dispatch_gas_short_in_child_low', 'a child DOWNGRADEs', downgrade(90, 91)));

  // ================= set_max_gas =================
  for (const g of [0n, 107n, 1000n, 50_000n]) {
    const oog = g < 107n;
    push(kp(`prog_set_max_gas_${g}_then_call`, 'set_max_gas', 'ok', ['0045'], oog ? `SET_MAX_GAS ${g}: the child gets ${g} gas, cannot pay its first block and faults out of gas: status 3, LOW`
      : `SET_MAX_GAS ${g}: the child gets ${g} gas, as its protocol exit shows (${g} - 97 - 10)`,
      { root: lines(create(65, 70, 2n), setMaxGas(70, g), call(70), save(0), save8(1), REPLY), code: { 65: 'ecalli 1' } },
      oog ? halt(LOW, { 1: 3n }) : { exits: ['protocol'], vm: 1, value: 1n, gas: g - 97n - 10n }));
  }
  push(kp('prog_set_max_gas_through_indirection', 'set_max_gas', 'ok', ['0045'], 'SET_MAX_GAS 400 on a HANDLE in the child\'s CNode (through HANDLE 70): the child (VM 2) CALLs VM 1 with it, whose protocol exit shows 400 - 107',
    { root: lines(create(66, 71, 2n), create(65, 70), move(71, ref(40, 70)), setMaxGas(ref(40, 70), 400), call(70), REPLY), code: { 65: 'ecalli 40', 66: 'ecalli 1' } },
    { exits: ['protocol'], vm: 1, value: 1n, gas: 400n - 97n - 10n }));
  push(kp('prog_set_max_gas_on_callable_what', 'set_max_gas', 'what', ['0045'], 'SET_MAX_GAS on a CALLABLE: WHAT', { root: lines(create(65, 70), downgrade(70, 71), setMaxGas(71, 5), REPLY), code: { 65: CHILD_77 } }, halt(WHAT)));
  push(kp('prog_set_max_gas_on_data_what', 'set_max_gas', 'what', ['0045'], 'SET_MAX_GAS on a DATA cap: WHAT', { root: lines(setMaxGas(67, 5), REPLY), data: dd }, halt(WHAT)));
  push(kp('prog_set_max_gas_on_protocol_what', 'set_max_gas', 'what', ['0045'], 'SET_MAX_GAS on protocol cap 1: WHAT', { root: lines(setMaxGas(1, 5), REPLY) }, halt(WHAT)));
  push(kp('prog_set_max_gas_on_empty_what', 'set_max_gas', 'what', ['0045'], 'SET_MAX_GAS on an empty slot: WHAT', { root: lines(setMaxGas(90, 5), REPLY) }, halt(WHAT)));
  push(lowCase('set_max_gas', 'prog_set_max_gas_dispatch_gas_short_in_child_low', 'a child sets a max gas', setMaxGas(90, 5)));

  // ================= dirty, unknown ecall ops =================
  push(kp('prog_dirty_op_returns_what', 'dirty', 'what', ['0032'], 'ecall op 0x0C (DIRTY) on a mapped DATA cap: WHAT', { root: lines(ecall(OP.dirty, 67), REPLY), data: dd }, halt(WHAT)));
  push(kp('prog_dirty_op_on_empty_slot_what', 'dirty', 'what', ['0032'], 'ecall op 0x0C on an empty slot: WHAT', { root: lines(ecall(OP.dirty, 90), REPLY) }, halt(WHAT)));
  push(lowCase('dirty', 'prog_dirty_dispatch_gas_short_in_child_low', 'a child\'s DIRTY', ecall(OP.dirty, 90)));
  for (const [op, what] of [[0x01n, 'op 0x01'], [0x08n, 'op 0x08 (GRANT, removed)'], [0x09n, 'op 0x09'], [0x0en, 'op 0x0E'], [0xffn, 'op 0xFF'], [0x100000006n, 'φ11 = 2^32 + 6 (the whole register names the op, so not MOVE)'], [2n ** 63n + 2n, 'φ11 = 2^63 + 2 (not MAP)']] as const) {
    push(kp(`prog_ecall_unknown_op_${op.toString(16)}_what`, 'ecall_unknown', 'what', op > 0xffn ? ['0052'] : op === 0x08n ? ['0032'] : [], `ecall ${what}: WHAT; the subject HANDLE is untouched and still CALLable`,
      { root: lines(create(65, 70), ecall(op, 70, 80), save(0), call(70), REPLY), code: { 65: CHILD_77 } }, halt(0x77n, { 0: WHAT })));
  }
  push(lowCase('ecall_unknown', 'prog_ecall_unknown_dispatch_gas_short_in_child_low', 'a child\'s ecall op 0x99', ecall(0x99, 90)));


  // ================= resume =================
  push(kp('prog_resume_after_oog_runs_on', 'resume', 'ok', ['0050', '0043'], 'the child (max gas 50) cannot pay its first block: status 3; SET_MAX_GAS 10000 and RESUME: it runs from its kept pc and REPLYs 0x77',
    withChild(CHILD_77, { before: setMaxGas(70, 50), after: lines(setMaxGas(70, 10_000), resume(70)) }), halt(0x77n, { 0: LOW, 1: 3n, 8: 0n })));
  push(kp('prog_resume_retries_ecalli_after_dispatch_oog', 'resume', 'ok', ['0050', '0034'], 'the child cannot pay the dispatch of its ecalli 1 (status 3); RESUMEd with more gas it retries the ecalli: protocol exit 1 from VM 1',
    withChild('ecalli 1', { bitmask: 2n, before: setMaxGas(70, 102), after: lines(setMaxGas(70, 10_000), resume(70)) }), { exits: ['protocol'], vm: 1, value: 1n, gas: 10_000n - 97n - 10n }));
  push(kp('prog_resume_with_max_gas_ceiling', 'resume', 'ok', ['0050'], 'RESUME through a HANDLE with max gas 500: the VM gets 500, as its protocol exit shows (500 - 97 - 10)',
    withChild('ecalli 1', { bitmask: 2n, before: setMaxGas(70, 50), after: lines(setMaxGas(70, 500), resume(70)) }), { exits: ['protocol'], vm: 1, value: 1n, gas: 500n - 97n - 10n }));
  push(kp('prog_resume_retries_load_after_page_mapped', 'resume', 'ok', ['0050', '0023'], 'the child faults at 0x100000 (status 4); the root RETYPEs a page into its slot 40, MAPs it there at 0x100 through the HANDLE and copies 0xde into it; RESUME retries the load: the child REPLYs 0xde',
    withChild(lines('load_u8 r7, 0x100000', REPLY), { pre: UT, after: lines(retype(1, ref(40, 70)), map(ref(40, 70), 0x100, 0, 1, 1), copyData(67, 0, 1, 0, ref(40, 70)), resume(70)) }, { data: dd }),
    halt(0xden, { 0: 0x100000n, 1: 4n })));
  push(kp('prog_resume_trap_traps_again', 'resume', 'ok', ['0050', '0023'], 'a child that trapped keeps its pc at the trap: RESUME runs it into the same trap, status 1 again',
    withChild(lines(li(7, 0x31), 'trap'), { after: lines(resume(70), save8(2)) }), halt(0x31n, { 0: 0x31n, 1: 1n, 2: 1n })));
  push(kp('prog_resume_status_5_retries_ecalli', 'resume', 'ok', ['0050', '0037'], 'a child stopped by ecalli 128 keeps its pc there: RESUME gives status 5 again',
    withChild('ecalli 128', { after: lines(resume(70), save8(2)) }), halt(128n, { 1: 5n, 2: 5n })));
  push(kp('prog_resume_idle_vm_what', 'resume', 'what', ['0050'], 'RESUME of an IDLE VM: WHAT', { root: lines(create(65, 70), resume(70), REPLY), code: { 65: CHILD_77 } }, halt(WHAT)));
  push(kp('prog_resume_halted_vm_what', 'resume', 'what', ['0050', '0040'], 'RESUME of a HALTED VM: WHAT', withChild(lines(li(0, HALT_ADDR), 'jump_ind r0, 0'), { after: resume(70) }), halt(WHAT, { 1: 2n })));
  push(kp('prog_resume_through_indirection_what', 'resume', 'what', ['0050'], 'RESUME of a HANDLE reached through another VM\'s CNode: WHAT even though its VM is FAULTED',
    { root: lines(create(66, 71), create(65, 70), call(71), move(71, ref(40, 70)), resume(ref(40, 70)), REPLY), code: { 65: CHILD_77, 66: 'trap' } }, halt(WHAT)));
  push(kp('prog_resume_callable_what', 'resume', 'what', ['0050'], 'RESUME through a CALLABLE of a FAULTED VM: WHAT',
    { root: lines(create(65, 70), downgrade(70, 71), call(70), resume(71), REPLY), code: { 65: 'trap' } }, halt(WHAT)));
  push(kp('prog_resume_empty_slot_what', 'resume', 'what', ['0050'], 'RESUME of an empty slot: WHAT', { root: lines(resume(90), REPLY) }, halt(WHAT)));
  push(lowCase('resume', 'prog_resume_dispatch_gas_short_in_child_low', 'a child RESUMEs a HANDLE it got by MOVE', resume(40), { pre: lines(create(66, 71), call(71)), before: move(71, ref(40, 70)) }, { code: { 66: 'trap' } }));
  {
    const child = resume(40);
    push(kp('prog_resume_overhead_gas_short_in_child_low', 'resume', 'low', ['0034', '0050'], 'a child with the dispatch but not the 10-gas RESUME overhead faults out of gas: LOW, status 3',
      withChild(child, { pre: lines(create(66, 71), call(71)), before: lines(move(71, ref(40, 70)), setMaxGas(70, cost(child) + 15n)) }, { code: { 66: 'trap' } }), halt(LOW, { 0: LOW, 1: 3n })));
  }

  // ================= child_stop =================
  push(kp('prog_child_trap_reports_status_1', 'child_stop', 'status_1_trap', ['0043'], 'a child sets φ7 = 77 and traps: status 1, φ7 = 77', withChild(lines(li(7, 77), 'trap')), halt(77n, { 0: 77n, 1: 1n })));
  push(kp('prog_child_trap_reports_callers_r7', 'child_stop', 'status_1_trap', [], 'a child traps at once: φ7 is the argument it was CALLed with (0x1234)', withChild('trap', { regs: { 7: 0x1234 } }), halt(0x1234n, { 1: 1n })));
  push(kp('prog_child_pc_past_end_traps', 'child_stop', 'status_1_trap', ['0016'], 'a child jumps past the end of its code: trap, status 1',
    withChild(lines(li(7, 5), 'jump @end', 'end:')), halt(5n, { 1: 1n })));
  push(kp('prog_ipc_cap_stays_in_faulted_callee', 'child_stop', 'status_1_trap', ['0035'], 'a child holding the passed DATA cap traps: the cap stays with it, so the root\'s load at 0x20000 faults',
    withChild('trap', { ipc: 67, after: 'load_u8 r2, 0x20000' }, { data: dd }), { exits: ['fault'], vm: 0, value: 0x20000n, regs: { 1: 1n } }));
  push(kp('prog_grandchild_trap_seen_by_its_caller_only', 'child_stop', 'status_1_trap', [], 'VM 2 traps: VM 1 sees status 1 and REPLYs φ8 + 100; the root sees φ8 = 0 and φ7 = 101',
    { root: lines(create(30, 70, (1n << 31n)), call(70), save8(1), REPLY), code: { 30: lines(create(31, 71), call(71), 'add_imm_64 r7, r8, 100', REPLY), 31: 'trap' } }, halt(101n, { 1: 0n })));
  for (const [tag, code, desc] of [
    ['djump_zero', lines(li(0, 0), 'jump_ind r0, 0'), 'a dynamic jump to address 0'],
    ['djump_odd', lines(li(0, 3), 'jump_ind r0, 0'), 'a dynamic jump to odd address 3'],
    ['djump_past_table', lines(li(0, 2), 'jump_ind r0, 0'), 'a dynamic jump to entry 0 of an empty jump table'],
  ] as const) {
    push(kp(`prog_child_panic_${tag}_status_2_huh`, 'child_stop', 'status_2_panic_huh', ['0005'], `${desc} in a child panics: status 2, φ7 = HUH`, withChild(code), halt(HUH, { 1: 2n })));
  }
  push(kp('prog_child_halt_reports_status_2_huh', 'child_stop', 'status_2_halt_huh', ['0040'], 'a child halts (djump to 0xFFFF0000) with φ7 = 5: status 2 and HUH, not 5',
    withChild(lines(li(7, 5), li(0, HALT_ADDR), 'jump_ind r0, 0')), halt(HUH, { 1: 2n })));
  push(kp('prog_grandchild_halt_status_2_to_child', 'child_stop', 'status_2_halt_huh', ['0040'], 'VM 2 halts: VM 1 sees status 2 and REPLYs φ8; the root halts with 2',
    { root: lines(create(30, 70, (1n << 31n)), call(70), REPLY), code: { 30: lines(create(31, 71), call(71), 'move_reg r7, r8', REPLY), 31: lines(li(0, HALT_ADDR), 'jump_ind r0, 0') } }, halt(2n)));
  push(kp('prog_child_out_of_gas_at_first_block', 'child_stop', 'status_3_oog_low', ['0010'], 'a child with max gas 10 cannot pay its first block: status 3, LOW',
    withChild(CHILD_77, { before: setMaxGas(70, 10) }), halt(LOW, { 1: 3n })));
  {
    const child = lines(li(7, 1), 'fallthrough', 'b2:', li(7, 2), REPLY);
    push(kp('prog_child_out_of_gas_at_second_block', 'child_stop', 'status_3_oog_low', ['0010'], 'a child with max gas = its first block + 5 pays that block and stops at the second: status 3, LOW',
      withChild(child, { before: setMaxGas(70, cost(child) + 5n) }), halt(LOW, { 1: 3n })));
  }
  push(kp('prog_child_out_of_gas_in_loop', 'child_stop', 'status_3_oog_low', [], 'a child in an endless loop runs out of its 5000 gas: status 3, LOW; the root goes on with the rest',
    withChild(lines('loop:', 'add_imm_64 r7, r7, 1', 'jump @loop'), { before: setMaxGas(70, 5000) }), halt(LOW, { 1: 3n })));
  push(kp('prog_child_page_fault_status_4', 'child_stop', 'status_4_fault', ['0043', '0007'], 'a child loads from unmapped 0x30010: status 4, φ7 = the page 0x30000',
    withChild(lines('load_u8 r7, 0x30010', REPLY)), halt(0x30000n, { 1: 4n })));
  push(kp('prog_child_page_fault_at_address_0', 'child_stop', 'status_4_fault', ['0027'], 'a child loads from address 0 (jar1 has no guard zone): status 4, φ7 = 0',
    withChild(lines('load_u8 r7, 0', REPLY)), halt(0n, { 1: 4n })));
  push(kp('prog_child_store_to_read_only_page', 'child_stop', 'status_4_fault', ['0009', '0041'], 'the root MOVEs its read-only DATA cap to the child, which MAPs it (base 0x20, read-only) and stores: status 4 at 0x20000',
    withChild(lines(map(40, 0x20, 0, 1, 0), li(1, 1), 'store_u8 r1, 0x20004', REPLY), { before: move(67, ref(40, 70)) }, { data: [data1(67, 0x20, [1], 1, 'R')] }), halt(0x20000n, { 1: 4n })));
  push(kp('prog_child_straddling_load_faults_at_second_page', 'child_stop', 'status_4_fault', ['0007'], 'a child with page 0x100 mapped loads a u64 at 0x100ffc: status 4 at 0x101000',
    withChild(lines(retype(1, 80, 40), map(80, 0x100, 0, 1, 1), 'load_u64 r7, 0x100ffc', REPLY), { bitmask: 1n << 40n, pre: lines(UT, copy(254, 40)) }), halt(0x101000n, { 1: 4n })));
  push(kp('prog_child_invalid_ecalli_status_5', 'child_stop', 'status_5_invalid_ecalli', ['0037'], 'a child runs ecalli 128: status 5, φ7 = 128', withChild('ecalli 128'), halt(128n, { 1: 5n })));
  push(kp('prog_child_invalid_ecalli_large_status_5', 'child_stop', 'status_5_invalid_ecalli', ['0037', '0025'], 'a child runs ecalli 0x12345678: status 5, φ7 = 0x12345678', withChild('ecalli 0x12345678'), halt(0x12345678n, { 1: 5n })));

  // ================= root_stop =================
  push(kp('prog_root_halt_exits_with_r7', 'root_stop', 'halt', ['0040'], 'the root halts by a dynamic jump to 0xFFFF0000 with φ7 = 42: halt 42',
    { root: lines(li(7, 42), li(0, HALT_ADDR), 'jump_ind r0, 0') }, halt(42n)));
  push(kp('prog_root_halt_after_child', 'root_stop', 'halt', ['0040'], 'the root CALLs a child (0x77) and then halts by the halt address: halt 0x77',
    { root: lines(create(65, 70), call(70), li(0, HALT_ADDR), 'jump_ind r0, 0'), code: { 65: CHILD_77 } }, halt(0x77n)));
  push(kp('prog_root_trap_exits_panic', 'root_stop', 'panic', [], 'the root traps: the invocation panics', { root: lines(li(7, 3), 'trap') }, { exits: ['panic'], vm: 0, regs: { 7: 3n } }));
  push(kp('prog_root_djump_zero_exits_panic', 'root_stop', 'panic', ['0005'], 'the root jumps to address 0 dynamically: panic', { root: lines(li(0, 0), 'jump_ind r0, 0') }, { exits: ['panic'], vm: 0 }));
  push(kp('prog_root_panic_after_child', 'root_stop', 'panic', [], 'the root CALLs a child that traps, then traps itself: one panic exit, from VM 0',
    { root: lines(create(65, 70), call(70), 'trap'), code: { 65: 'trap' } }, { exits: ['panic'], vm: 0, regs: { 8: 1n } }));
  push(kp('prog_root_fault_exits_fault', 'root_stop', 'fault', ['0007'], 'the root loads from unmapped 0x30123: fault at 0x30000', { root: lines('load_u8 r1, 0x30123', REPLY) }, { exits: ['fault'], vm: 0, value: 0x30000n }));
  push(kp('prog_root_store_read_only_manifest_page_faults', 'root_stop', 'fault', ['0009', '0020'], 'a read-only manifest DATA cap: a load works, a store faults at 0x20000',
    { root: lines('load_u8 r2, 0x20000', 'store_u8 r2, 0x20001', REPLY), data: [data1(67, 0x20, [9], 1, 'R')] }, { exits: ['fault'], vm: 0, value: 0x20000n, regs: { 2: 9n } }));
  push(kp('prog_root_fault_then_no_more_exits', 'root_stop', 'fault', [], 'a fault ends the run even with host answers left', { root: lines('load_u8 r1, 0x30000', REPLY), host: [[1n, 1n]] }, { exits: ['fault'], vm: 0, value: 0x30000n }));
  {
    const r = lines(li(7, 1), REPLY);
    push(kp('prog_root_oog_at_first_block', 'root_stop', 'oog', ['0010'], 'gas one short of the root\'s first block: out of gas at pc 0, no instruction executed',
      { root: r, gas: cost(r) - 1n }, { exits: ['oog'], vm: 0, pc: 0, gas: 0n, regs: { 7: 0n } }));
    push(kp('prog_root_gas_exact_for_first_block', 'root_stop', 'halt', [], 'gas exactly the first block + 10: the REPLY dispatch is paid, halt 1 with 0 gas left',
      { root: r, gas: cost(r) + 10n }, { exits: ['halt'], vm: 0, value: 1n, gas: 0n }));
    push(kp('prog_root_oog_at_reply_dispatch', 'root_stop', 'oog', ['0034'], 'gas = the block + 9: the REPLY\'s 10-gas dispatch cannot be paid: out of gas at the ecalli',
      { root: r, gas: cost(r) + 9n }, { exits: ['oog'], vm: 0, gas: 0n, pc: img(r).lines[1]?.pc ?? -1 }));
  }
  push(kp('prog_ecalli_dispatch_gas_short_root_oog', 'root_stop', 'oog', ['0034'], 'the root pays the 97-gas block of ecalli 99 but not the 10-gas dispatch: out of gas at pc 0',
    { root: lines('ecalli 99', REPLY), gas: 97n + 5n }, { exits: ['oog'], vm: 0, pc: 0, gas: 0n }));
  push(kp('prog_ecall_dispatch_gas_short_root_oog', 'root_stop', 'oog', ['0034'], 'the root pays the 1-gas block of ecall but not the dispatch: out of gas at pc 0',
    { root: lines('ecall', REPLY), gas: 6n }, { exits: ['oog'], vm: 0, pc: 0, gas: 0n }));
  {
    const r = lines(create(65, 70), 'c:', 'ecalli 70', REPLY);
    push(kp('prog_call_overhead_gas_short_root_oog', 'root_stop', 'oog', ['0034'], 'the root pays the CREATE, the block of its CALL and the dispatch but not the 10-gas CALL overhead: out of gas at the ecalli',
      { root: r, code: { 65: CHILD_77 }, gas: cost(r) + 10n + cost(r, 'c') + 10n + 9n }, { exits: ['oog'], vm: 0, gas: 0n, pc: img(r).labels.get('c') ?? -1 }));
    push(kp('prog_call_with_exactly_overhead_gives_child_zero_gas', 'child_stop', 'status_3_oog_low', ['0034'], 'the root has exactly the CALL overhead left: the child gets 0 gas and stops out of gas at once; the root gets LOW and then cannot pay its REPLY block: out of gas',
      { root: r, code: { 65: CHILD_77 }, gas: cost(r) + 10n + cost(r, 'c') + 10n + 10n }, { exits: ['oog'], vm: 0, gas: 0n, regs: { 7: LOW, 8: 3n } }));
  }
  {
    const r = lines(create(65, 70), 'c:', call(70), 'r:', resume(70), REPLY);
    push(kp('prog_resume_overhead_gas_short_root_oog', 'root_stop', 'oog', ['0034', '0050'], 'the child traps and returns what it did not use; the root then pays the RESUME block and dispatch but not the 10-gas overhead: out of gas at the ecall',
      { root: r, code: { 65: 'trap' }, gas: cost(r) + 10n + cost(r, 'c') + 10n + 10n + cost('trap') + cost(r, 'r') + 10n + 9n }, { exits: ['oog'], vm: 0, gas: 0n, regs: { 8: 1n } }));
  }

  // ================= memory =================
  push(kp('prog_store_writes_backing_of_own_cap', 'memory', null, ['0029'], 'the root stores 0x99 at 0x20005 (its manifest cap), then CALL-on-DATA copies that byte to DATA 68: the copy reads what the store wrote',
    { root: lines(li(1, 0x99), 'store_u8 r1, 0x20005', copyData(67, 5, 1, 0, 68), 'load_u8 r2, 0x21000', REPLY), data: dd }, halt(1n, { 2: 0x99n })));
  push(kp('prog_child_sees_bytes_written_by_parent', 'memory', null, ['0029', '0041'], 'the root stores 0x42 into its DATA cap, MOVEs the cap to the child, which MAPs it and reads 0x42',
    withChild(lines(map(40, 0x20, 0, 1, 1), 'load_u8 r7, 0x20007', REPLY), { pre: lines(li(1, 0x42), 'store_u8 r1, 0x20007'), before: move(67, ref(40, 70)) }, { data: dd }), halt(0x42n)));
  push(kp('prog_parent_sees_bytes_written_by_child', 'memory', null, ['0029', '0038'], 'the child stores 0x24 into the passed DATA cap (mapped at its fixed base); after REPLY the root reads 0x24',
    withChild(lines(map(0, 0x20, 0, 1, 1), li(1, 0x24), 'store_u8 r1, 0x20009', REPLY), { ipc: 67, after: 'load_u8 r2, 0x20009' }, { data: dd }), halt(0x20n, { 2: 0x24n })));
  push(kp('prog_retry_after_fault_reexecutes_instruction', 'memory', null, ['0023'], 'a child faults on a store to unmapped 0x100000; the root maps a page there for it and RESUMEs: the store is re-executed, then the child loads and REPLYs the byte',
    withChild(lines(li(1, 0x5c), 'store_u8 r1, 0x100000', 'load_u8 r7, 0x100000', REPLY), { pre: UT, after: lines(retype(1, ref(40, 70)), map(ref(40, 70), 0x100, 0, 1, 1), resume(70)) }), halt(0x5cn, { 0: 0x100000n, 1: 4n })));
  push(kp('prog_data_init_bytes_readable', 'memory', null, ['0020', '0053'], 'the manifest\'s DATA bytes are at the cap\'s base: a u64 load at 0x20000 gives them',
    { root: lines('load_u64 r7, 0x20000', REPLY), data: dd }, halt(0x04030201efbeadden)));

  // ================= args and slot edges =================
  const filled = (n: number, f: (i: number) => number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => f(i));
  push(kp('prog_args_exactly_slot_0_cap_size', 'args', null, ['0022'], 'args of exactly 4096 bytes for the 1-page slot-0 cap at 0x30, with DATA cap 1 right after it at 0x31 (byte 0x5e): the last arg byte is at 0x30fff and 0x31000 still holds 0x5e',
    { root: lines('load_u8 r1, 0x30fff', 'load_u8 r2, 0x31000', REPLY), data: [data1(0, 0x30), data1(1, 0x31, [0x5e])], args: filled(4096, (i) => i & 0xff) }, halt(0n, { 1: 0xffn, 2: 0x5en, 8: 0x30000n, 9: 4096n })));
  push(kp('prog_args_one_byte_over_slot_0_cap_rejected', 'args', null, ['0022'], 'args of 4097 bytes for the 1-page slot-0 cap, another DATA cap right after it: rejected (out_of_bounds), not spilled into the next cap',
    { root: REPLY, data: [data1(0, 0x30), data1(1, 0x31, [0x5e])], args: filled(4097, () => 7) }, { accepted: false, class: 'out_of_bounds', exits: [] }));
  push(kp('prog_args_span_two_pages', 'args', null, ['0022'], 'args of 5000 bytes in a 2-page slot-0 cap: byte 4999 is at 0x31387',
    { root: lines('load_u8 r1, 0x31387', REPLY), data: [data1(0, 0x30, undefined, 2)], args: filled(5000, (i) => (i * 7) & 0xff) }, halt(0n, { 1: BigInt((4999 * 7) & 0xff), 9: 5000n })));
  push(kp('prog_args_overlay_data_bytes', 'args', null, ['0022'], 'a slot-0 cap with DATA bytes 11 22 33 44 and args aa bb: the args overwrite the first two bytes only',
    { root: lines('load_u32 r1, 0x30000', REPLY), data: [data1(0, 0x30, [0x11, 0x22, 0x33, 0x44])], args: Uint8Array.from([0xaa, 0xbb]) }, halt(0n, { 1: 0x4433bbaan })));
  push(kp('prog_args_in_read_only_slot_0_cap', 'args', null, ['0022', '0009'], 'args go into a read-only slot-0 cap: readable, but a store there faults',
    { root: lines('load_u8 r1, 0x30000', 'store_u8 r1, 0x30000', REPLY), data: [data1(0, 0x30, undefined, 1, 'R')], args: Uint8Array.from([0x3c]) }, { exits: ['fault'], value: 0x30000n, regs: { 1: 0x3cn } }));
  push(kp('prog_args_slot_0_cap_not_passed_by_call_without_ipc', 'args', null, ['0022', '0044'], 'a CALL with φ12 = 0 does not pass the slot-0 args cap: the child\'s slot 0 is empty and its ecall CALL on it gives WHAT',
    withChild(lines(ecall(OP.call, 0), REPLY), { ipc: 0 }, { data: [data1(0, 0x30)], args: Uint8Array.from([1]) }), halt(WHAT)));
  push(kp('prog_invoke_cap_in_slot_255', 'init', null, ['0053'], 'the root\'s CODE cap in slot 255 is the invoke cap: it runs and halts', { root: lines(li(7, 255), REPLY), rootSlot: 255 }, halt(255n)));
  push(kp('prog_invoke_cap_in_slot_0', 'init', null, ['0053'], 'the root\'s CODE cap in slot 0: it runs; REPLY is still ecalli 0', { root: lines(li(7, 1), REPLY), rootSlot: 0 }, halt(1n)));
  push(kp('prog_invoke_cap_in_slot_1_replaces_protocol_1', 'init', null, ['0053', '0047'], 'the root\'s CODE cap in slot 1 replaces protocol cap 1: ecalli 1 is a CREATE from it (φ7 = the HANDLE slot 70)',
    { root: lines(create(1, 70), REPLY), rootSlot: 1 }, halt(70n)));
  push(kp('prog_data_cap_in_slot_254_replaced_by_untyped', 'init', null, ['0053'], 'a manifest DATA cap in slot 254 with memory_pages > 0 is replaced by the UNTYPED: its page 0x20 is not mapped, a load faults',
    { root: lines('load_u8 r1, 0x20000', REPLY), data: [data1(254, 0x20, [1])] }, { exits: ['fault'], value: 0x20000n }));
  for (const slot of [63, 64, 255]) {
    push(kp(`prog_data_cap_in_slot_${slot}_mapped`, 'init', null, ['0053', '0020'], `a manifest DATA cap in slot ${slot} is mapped at its base: its byte reads back`,
      { root: lines('load_u8 r7, 0x20000', REPLY), rootSlot: slot === 64 ? 65 : 64, data: [data1(slot, 0x20, [0x63])] }, halt(0x63n)));
  }

  return c;
}

/**
 * Kernel invariants over plain snapshots (vectors/lib/kernel.ts), engine-agnostic: the model's tests
 * check them after every transition, and the differential fuzzer checks both engines with them.
 * `kernelViolations` never throws: it returns one readable string per violation (empty = all hold).
 *
 * State invariants (one snapshot):
 *  - structure: VMs ascending and unique, ids < nextVmId, 13 u64 registers, u64 gas, slots 0..255
 *    ascending; the active VM exists.
 *  - control: every RUNNING VM is the active VM (so at most one); with a non-empty call stack the
 *    active VM is RUNNING; the callers on the stack are WAITING, distinct and not the active VM (so the
 *    call graph is a simple chain, acyclic); every WAITING VM is a caller on the stack.
 *  - gas location: only the active VM and the callers on the stack hold gas; every other VM has 0
 *    (spec-notes/0043: a callee's gas goes back to its caller when it stops). This is what makes
 *    conservation checkable: no idle or faulted VM can hide gas.
 *  - caps: no two HANDLEs name the same VM, and every HANDLE names a live VM (a HANDLE is the only
 *    way to destroy its VM: spec-notes/0033); original bits only on protocol caps in slots 1..28
 *    (spec-notes/0047).
 *  - memory: untyped.offset ≤ untyped.total; every DATA cap's backing range [backing, backing + pages)
 *    (pages ≥ 0: RETYPE of 0 pages makes an empty cap in both sources) ends at or below untyped.offset, and overlaps no other DATA cap's range anywhere
 *    (so a DATA cap lives in one CNode, and no backing page is handed out twice); mapped indices are
 *    in 0..pages-1 and need a base and an access; within one CNode no two mapped pages land on the
 *    same address-space page, and none lies past 2^20 (spec-notes/0029).
 *  - frames: ipcMapped is set only with an ipcSlot, and together with ipcCap (both describe a DATA IPC cap).
 *
 * Transition invariants (previous → next snapshot of one session, any number of steps apart):
 *  - gas conservation, checkable form: the total gas over all VMs never increases. (That it decreases
 *    by exactly the gas charged needs the charges, which a snapshot does not carry; together with the
 *    gas-location rule above it still catches gas created by CALL/REPLY/RESUME/faults, and gas left
 *    behind in a stopped child.)
 *  - untyped: total unchanged, offset never decreases (pages are never handed out again).
 *  - VM ids: nextVmId never decreases; a VM that appears has an id ≥ the previous nextVmId (ids are
 *    not reused); a VM never comes back after it is gone.
 */
import type { CapSnapshot, KernelSnapshot, VmSnapshot } from '../vectors/lib/kernel.js';

const U64_MAX = 2n ** 64n - 1n;
const ADDRESS_PAGES = 1 << 20;
const NUM_REGS = 13;

type DataCapSnapshot = Extract<CapSnapshot, { kind: 'data' }>;

/** Where a cap sits, for messages. */
const where = (vm: number, slot: number): string => `VM ${vm} slot ${slot}`;

/** Structure of one VM: registers, gas, slots. */
function vmShape(v: VmSnapshot, nextVmId: number, out: string[]): void {
  if (!Number.isInteger(v.id) || v.id < 0 || v.id >= nextVmId) out.push(`VM ${v.id}: id not in 0..nextVmId-1 (nextVmId ${nextVmId})`);
  if (v.regs.length !== NUM_REGS) out.push(`VM ${v.id}: ${v.regs.length} registers, expected ${NUM_REGS}`);
  v.regs.forEach((r, i) => {
    if (r < 0n || r > U64_MAX) out.push(`VM ${v.id}: φ${i} = ${r} is not a u64`);
  });
  if (v.gas < 0n || v.gas > U64_MAX) out.push(`VM ${v.id}: gas ${v.gas} is not a u64`);
  let last = -1;
  for (const e of v.slots) {
    if (!Number.isInteger(e.slot) || e.slot < 0 || e.slot > 255 || e.slot <= last) out.push(`VM ${v.id}: slot ${e.slot} out of range or not ascending`);
    last = e.slot;
    if (e.original && (e.cap.kind !== 'protocol' || e.slot < 1 || e.slot > 28)) out.push(`${where(v.id, e.slot)}: original bit on a ${e.cap.kind} cap (only protocol caps in slots 1..28)`);
  }
}

/** Control: RUNNING/WAITING statuses against the active VM and the call stack. */
function control(s: KernelSnapshot, byId: ReadonlyMap<number, VmSnapshot>, out: string[]): void {
  const active = byId.get(s.active);
  if (active === undefined) out.push(`active VM ${s.active} does not exist`);
  for (const v of s.vms) if (v.status === 'running' && v.id !== s.active) out.push(`VM ${v.id} is RUNNING but VM ${s.active} is active`);
  if (s.stack.length > 0 && active !== undefined && active.status !== 'running') out.push(`active VM ${s.active} is ${active.status} with ${s.stack.length} frame(s) on the call stack`);
  const callers = new Set<number>();
  s.stack.forEach((f, i) => {
    const v = byId.get(f.caller);
    if (v === undefined) out.push(`frame ${i}: caller VM ${f.caller} does not exist`);
    else if (v.status !== 'waiting') out.push(`frame ${i}: caller VM ${f.caller} is ${v.status}, expected waiting`);
    if (callers.has(f.caller)) out.push(`frame ${i}: VM ${f.caller} is a caller twice (call cycle)`);
    if (f.caller === s.active) out.push(`frame ${i}: the active VM ${f.caller} is also a caller (call cycle)`);
    if (f.ipcMapped !== null && f.ipcSlot === null) out.push(`frame ${i}: ipcMapped without an ipcSlot`);
    if ((f.ipcMapped === null) !== (f.ipcCap === null)) out.push(`frame ${i}: ipcMapped and ipcCap must be set together (a DATA IPC cap)`);
    callers.add(f.caller);
  });
  for (const v of s.vms) {
    if (v.status === 'waiting' && !callers.has(v.id)) out.push(`VM ${v.id} is WAITING but is no caller on the stack`);
    if (v.gas !== 0n && v.id !== s.active && !callers.has(v.id)) out.push(`VM ${v.id} (${v.status}) holds ${v.gas} gas off the call chain`);
  }
}

/** Caps: HANDLE uniqueness and liveness. */
function handles(s: KernelSnapshot, byId: ReadonlyMap<number, VmSnapshot>, out: string[]): void {
  const seen = new Map<number, string>();
  for (const v of s.vms) {
    for (const e of v.slots) {
      if (e.cap.kind !== 'handle') continue;
      const here = where(v.id, e.slot);
      if (!byId.has(e.cap.vm)) out.push(`${here}: HANDLE to VM ${e.cap.vm}, which does not exist`);
      const other = seen.get(e.cap.vm);
      if (other !== undefined) out.push(`${here}: second HANDLE to VM ${e.cap.vm} (the first is at ${other})`);
      else seen.set(e.cap.vm, here);
    }
  }
}

/** Memory: the untyped allocator, DATA backing ranges and each CNode's address space. */
function memory(s: KernelSnapshot, out: string[]): void {
  const { offset, total } = s.untyped;
  if (offset < 0 || offset > total) out.push(`untyped offset ${offset} not in 0..total ${total}`);
  const ranges: { lo: number; hi: number; at: string }[] = [];
  for (const v of s.vms) {
    const space = new Map<number, string>();
    for (const e of v.slots) {
      if (e.cap.kind !== 'data') continue;
      const c: DataCapSnapshot = e.cap;
      const here = where(v.id, e.slot);
      if (!Number.isInteger(c.pages) || c.pages < 0) out.push(`${here}: DATA cap of ${c.pages} pages`);
      if (c.backing < 0 || c.backing + c.pages > offset) out.push(`${here}: DATA backing [${c.backing}, ${c.backing + c.pages}) not below untyped offset ${offset}`);
      ranges.push({ lo: c.backing, hi: c.backing + c.pages, at: here });
      if (c.mapped.length > 0 && (c.base === null || c.access === null)) out.push(`${here}: pages mapped without a base and access`);
      for (const p of c.mapped) {
        if (p < 0 || p >= c.pages) out.push(`${here}: mapped page index ${p} outside 0..${c.pages - 1}`);
        if (c.base === null) continue;
        const page = c.base + p;
        if (page >= ADDRESS_PAGES) out.push(`${here}: page ${page} past the 2^32 address space`);
        const prior = space.get(page);
        if (prior !== undefined) out.push(`${here}: address page ${page} is also mapped by ${prior}`);
        else space.set(page, here);
      }
    }
  }
  const held = ranges.filter((r) => r.hi > r.lo).sort((a, b) => a.lo - b.lo); // an empty (0-page) range overlaps nothing
  for (let i = 1; i < held.length; i++) {
    const a = held[i - 1];
    const b = held[i];
    if (a !== undefined && b !== undefined && b.lo < a.hi) out.push(`${b.at}: DATA backing [${b.lo}, ${b.hi}) overlaps ${a.at}'s [${a.lo}, ${a.hi})`);
  }
}

/** Previous → next: gas never created, untyped never rewound, VM ids never reused. */
function transition(prev: KernelSnapshot, next: KernelSnapshot, out: string[]): void {
  const sum = (s: KernelSnapshot): bigint => s.vms.reduce((n, v) => n + v.gas, 0n);
  const [before, after] = [sum(prev), sum(next)];
  if (after > before) out.push(`total gas rose from ${before} to ${after}`);
  if (next.untyped.total !== prev.untyped.total) out.push(`untyped total changed from ${prev.untyped.total} to ${next.untyped.total}`);
  if (next.untyped.offset < prev.untyped.offset) out.push(`untyped offset went back from ${prev.untyped.offset} to ${next.untyped.offset}`);
  if (next.nextVmId < prev.nextVmId) out.push(`nextVmId went back from ${prev.nextVmId} to ${next.nextVmId}`);
  const old = new Set(prev.vms.map((v) => v.id));
  for (const v of next.vms) if (!old.has(v.id) && v.id < prev.nextVmId) out.push(`VM ${v.id} appeared with an id below the previous nextVmId ${prev.nextVmId} (reused or revived)`);
}

/** Every violated kernel invariant of `next` (and of the step from `prev` when given), as readable strings. */
export function kernelViolations(next: KernelSnapshot, prev?: KernelSnapshot): string[] {
  const out: string[] = [];
  const byId = new Map<number, VmSnapshot>();
  let last = -1;
  for (const v of next.vms) {
    if (v.id <= last) out.push(`VM ${v.id}: VM ids not unique and ascending`);
    last = v.id;
    byId.set(v.id, v);
    vmShape(v, next.nextVmId, out);
  }
  control(next, byId, out);
  handles(next, byId, out);
  memory(next, out);
  if (prev !== undefined) transition(prev, next, out);
  return out;
}

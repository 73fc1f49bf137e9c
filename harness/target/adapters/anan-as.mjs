#!/usr/bin/env node
// A target for the kit's target protocol (vectors/TARGET.md): drives FluffyLabs' anan-as
// (@fluffylabs/anan-as, an AssemblyScript PVM compiled to WebAssembly; nobody here wrote it) as a
// long-lived process, one JSON line per message each way. It runs gp `isa` and `program` cases and
// answers `unsupported` for the rest. Run:
//   npx javm fuzz --target "node harness/target/adapters/anan-as.mjs"
//   npx javm vectors verify --target "node harness/target/adapters/anan-as.mjs"
//
// anan-as's API, read from its package (dist/build/release.d.ts; the AssemblyScript source of 1.2.0):
// - The module is its `release` build (release.wasm, the build its default export loads), instantiated
//   through the package's raw bindings (`@fluffylabs/anan-as/raw`, the same `instantiate` function
//   release.js uses), so that the adapter can replace an instance: after anan-as throws (an
//   AssemblyScript abort leaves the instance unreliable: later calls fail) and when its memory has grown
//   past MAX_WASM_MEMORY (objects handed to JS stay pinned until the JS garbage collector finalises
//   their wrappers, so a long campaign grows the WebAssembly memory). Each case runs on a fresh
//   program either way, so this changes no answer.
// - prepareProgram(InputKind.Generic, HasMetadata.No, deblob, regs, pageMap, chunks, [], 16) loads a
//   Gray Paper deblob with a machine state; pvmStart(program, useSbrkGas) gives an id; pvmResume(id,
//   gas, pc) runs to the next pause {status, exitCode, pc, nextPc, gas, registers} (status 0 halt,
//   1 panic, 2 fault, 3 host call, 4 out of gas); a host call is answered with pvmSetRegisters and
//   resumed at nextPc; pvmGetPagePointer(id, page) locates a readable page in the WebAssembly memory;
//   pvmDestroy frees the instance. So `program` cases with host answers run, resumed after each call.
// - A debugger API steps one global interpreter one instruction at a time (resetGenericWithMemory,
//   setNextProgramCounter, nextStep, getProgramCounter, getGasLeft, getRegisters, getStatus). The
//   `trace` feature uses it: the case is run a second time stepwise, each record is the state before
//   an instruction, and every pause of the stepped run must equal the resumed run's (else `error`).
//
// Translation (what this adapter does to speak the kit's format, nothing more):
// - isa cases carry a code image: it is encoded as a GP deblob here (compact-natural lengths, jump
//   table entries of the least size, the bitmask packed LSB first; vectors/lib/containers.ts).
// - anan-as's PANIC covers the kit's `trap` and `panic`: a PANIC at an instruction start holding a
//   `trap` (opcode 0), or at pc >= |code|, is reported as `trap`.
// - Everything else is reported as anan-as gives it: the pc it stops at (for a host call, the ecalli's
//   own pc, not nextPc), the gas it leaves, the fault address it reports.
// - The final page map is the input's (anan-as never changes access), plus the pages anan-as's sbrk
//   (opcode 101) allocated, found by their page pointers.
// - A gp deblob that anan-as cannot load gives the kit's rejection shape {exits: [], pages: [], memory: []}.
// - anan-as reserves the pages below 0x10000 (its memory builder throws): such layouts are `unsupported`.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { instantiate } from '@fluffylabs/anan-as/raw';
import { gpRunProblem, oneLine, packageVersion, PAGE, serveLines, Unsupported } from './lines.mjs';

// anan-as prints through console.log: stdout carries the protocol, so that goes to stderr, except its
// "Run out of pages! Allocating." (printed whenever an instance's page arena is used up, i.e. for
// every traced case), which would crowd out the stderr lines the kit keeps for its reports.
console.log = console.info = console.debug = (...args) => {
  if (!(args.length === 1 && /^Warning: Run out of pages! Allocating\.$/.test(String(args[0])))) console.error(...args);
};

const PACKAGE = '@fluffylabs/anan-as';
/** A WebAssembly memory this large (bytes) makes the adapter start a fresh instance before the next case. */
const MAX_WASM_MEMORY = 256 * 1024 * 1024;
const RESERVED = 0x10000;
/** The most pages anan-as's sbrk may add before the adapter declines to dump them. */
const MAX_GROWN_PAGES = 4096;
/** The most trace records one answer carries (the kit cuts its own traces there too). */
const MAX_TRACE = 100_000;
const STATUS = { HALT: 0, PANIC: 1, FAULT: 2, HOST: 3, OOG: 4 };


const WASM = await WebAssembly.compile(readFileSync(fileURLToPath(import.meta.resolve(`${PACKAGE}/release.wasm`))));
/** The live anan-as instance (its bindings), and whether it must be replaced before the next case. */
let anan = await instantiate(WASM, {});
let stale = false;

const HELLO = {
  type: 'hello', protocol: 1, name: 'anan-as', version: packageVersion(PACKAGE),
  profiles: ['gp'], kinds: ['isa', 'program'], features: ['trace'],
};

// ---- values ----

const hexToBytes = (s) => Uint8Array.from({ length: s.length / 2 }, (_, i) => parseInt(s.slice(2 * i, 2 * i + 2), 16));
const u64 = (v) => `0x${BigInt.asUintN(64, BigInt(v)).toString(16)}`;
const hex32 = (v) => `0x${(v >>> 0).toString(16)}`;

/** The JAM compact natural of n (a safe integer): one byte below 2^7, else a length prefix in the first byte. */
function compactNatural(n) {
  if (n < 0x80) return [n];
  for (let l = 1; l <= 7; l++) {
    if (n < 2 ** (7 * (l + 1))) {
      const tail = [];
      for (let k = 0; k < l; k++) tail.push(Math.floor(n / 2 ** (8 * k)) % 256);
      return [256 - 2 ** (8 - l) + Math.floor(n / 2 ** (8 * l)), ...tail];
    }
  }
  const tail = [];
  for (let k = 0; k < 8; k++) tail.push(Math.floor(n / 2 ** (8 * k)) % 256);
  return [0xff, ...tail];
}

/** The GP deblob of a code image {code (hex), bitmask ('0'/'1' per byte), jumpTable}: E(|j|) ‖ z ‖ E(|c|) ‖ j ‖ c ‖ packed bitmask. */
function encodeDeblob(image) {
  const code = hexToBytes(image.code);
  const table = image.jumpTable;
  const top = table.reduce((m, t) => Math.max(m, t), 0);
  const z = table.length === 0 ? 0 : top < 0x100 ? 1 : top < 0x10000 ? 2 : top < 0x1000000 ? 3 : 4;
  const mask = new Uint8Array(Math.ceil(code.length / 8));
  for (let k = 0; k < image.bitmask.length && k < code.length; k++) if (image.bitmask[k] === '1') mask[k >> 3] |= 1 << (k & 7);
  const out = [...compactNatural(table.length), z, ...compactNatural(code.length)];
  for (const t of table) for (let k = 0; k < z; k++) out.push(Math.floor(t / 2 ** (8 * k)) % 256);
  return { blob: Uint8Array.from([...out, ...code, ...mask]), code: { bytes: code, mask } };
}

/**
 * The code bytes and packed bitmask of a GP deblob, laid out as anan-as's deblob reads it (for the
 * trap/panic translation only); null when the header does not describe enough bytes.
 */
function decodeDeblob(blob) {
  let at = 0;
  const varU32 = () => {
    const first = blob[at];
    if (first === undefined) return null;
    const l = first < 0x80 ? 0 : first < 0xc0 ? 1 : first < 0xe0 ? 2 : first < 0xf0 ? 3 : first < 0xf8 ? 4 : first < 0xfc ? 5 : first < 0xfe ? 6 : first < 0xff ? 7 : 8;
    if (at + 1 + l > blob.length) return null;
    let v = l >= 8 ? 0 : (first + 2 ** (8 - l) - 256) * 2 ** (8 * l);
    for (let k = 0; k < l; k++) v += blob[at + 1 + k] * 2 ** (8 * k);
    at += 1 + l;
    return v;
  };
  const jl = varU32();
  if (jl === null || at >= blob.length) return null;
  const z = blob[at++];
  const cl = varU32();
  if (cl === null) return null;
  const codeAt = at + jl * z;
  const maskAt = codeAt + cl;
  if (maskAt + Math.ceil(cl / 8) > blob.length) return null;
  return { bytes: blob.subarray(codeAt, maskAt), mask: blob.subarray(maskAt, maskAt + Math.ceil(cl / 8)) };
}

const isStart = (code, k) => k < code.bytes.length && ((code.mask[k >> 3] ?? 0) >> (k & 7)) & 1;

/** Whether the code holds an sbrk (opcode 101) at an instruction start: only then can anan-as add pages. */
function maySbrk(code) {
  if (code === null) return true;
  for (let k = 0; k < code.bytes.length; k++) if (code.bytes[k] === 101 && isStart(code, k)) return true;
  return false;
}

/** The kit's exit for an anan-as pause. */
function exitOf(status, exitCode, pc, code) {
  switch (status) {
    case STATUS.HALT: return { kind: 'halt' };
    case STATUS.PANIC: {
      const trap = code !== null && (pc >= code.bytes.length || (isStart(code, pc) && code.bytes[pc] === 0));
      return { kind: trap ? 'trap' : 'panic' };
    }
    case STATUS.FAULT: return { kind: 'fault', address: u64(exitCode >>> 0) };
    case STATUS.HOST: return { kind: 'ecalli', id: exitCode >>> 0 };
    case STATUS.OOG: return { kind: 'oog' };
    default: throw new Error(`anan-as stopped with status ${status}, which is none of halt, panic, fault, host, oog`);
  }
}

// ---- requests ----

/** The layouts anan-as's memory builder refuses. */
function checkLayout(i) {
  const p = i.pages.find((r) => r.length > 0 && r.address < RESERVED);
  if (p !== undefined) throw new Unsupported(`anan-as reserves the pages below 0x10000 (its memory builder throws "Attempting to allocate reserved page"); this case maps ${hex32(p.address)}`);
  const c = i.memory.find((m) => m.bytes.length > 0 && m.address < RESERVED);
  if (c !== undefined) throw new Unsupported(`anan-as reserves the pages below 0x10000; this case writes memory at ${hex32(c.address)}`);
}

// ---- running ----

const pageMapOf = (pages) => pages.map((p) => ({ address: p.address, length: p.length, access: p.access === 'W' ? 2 : 1 }));
const chunksOf = (memory) => memory.map((c) => ({ address: c.address, data: Array.from(hexToBytes(c.bytes)) }));

/** Where anan-as starts its heap: the end of the highest writeable range or chunk, at least 0x10000 (its buildMemory). */
function sbrkStart(i) {
  let s = RESERVED;
  for (const p of i.pages) if (p.access === 'W') s = Math.max(s, (p.address + p.length) >>> 0);
  for (const c of i.memory) s = Math.max(s, (c.address + c.bytes.length / 2) >>> 0);
  return s;
}

/**
 * The final page map and non-zero memory of a stopped instance: the input's pages (the first range
 * naming a page sets its access, as in anan-as's builder), and when sbrk may have run, the pages above
 * the heap start whose page pointer is new (allocated by sbrk: writeable).
 */
function finalMemory(id, i, before) {
  const access = new Map();
  for (const p of i.pages) for (let a = p.address; a < p.address + p.length; a += PAGE) if (!access.has(a / PAGE)) access.set(a / PAGE, p.access);
  if (before !== null) {
    let grown = 0;
    for (let page = sbrkStart(i) >>> 12; page < 2 ** 20; page++) {
      const ptr = anan.pvmGetPagePointer(id, page);
      if (ptr === 0) break;
      if (before.get(page) === ptr) continue;
      access.set(page, 'W');
      if (++grown > MAX_GROWN_PAGES) throw new Unsupported(`anan-as's sbrk (opcode 101) allocated more than ${MAX_GROWN_PAGES} pages; this adapter does not dump that much memory`);
    }
  }
  const pages = [...access.keys()].sort((a, b) => a - b);
  const pointers = pages.map((page) => anan.pvmGetPagePointer(id, page));
  const heap = new Uint8Array(anan.memory.buffer); // after the last call into anan-as: its memory may have grown
  const memory = [];
  let run = null;
  pages.forEach((page, k) => {
    const ptr = pointers[k];
    if (ptr === 0) throw new Error(`anan-as has no readable page ${hex32(page * PAGE)}, which this case maps`);
    const bytes = heap.subarray(ptr, ptr + PAGE);
    for (let j = 0; j < PAGE; j++) {
      const a = page * PAGE + j;
      if (bytes[j] === 0) { run = null; continue; }
      if (run === null || run.end !== a) { run = { address: a, end: a, hex: [] }; memory.push(run); }
      run.hex.push(bytes[j].toString(16).padStart(2, '0'));
      run.end = a + 1;
    }
  });
  const ranges = [];
  for (const page of pages) {
    const last = ranges.at(-1);
    if (last !== undefined && last.access === access.get(page) && last.address + last.length === page * PAGE) last.length += PAGE;
    else ranges.push({ address: page * PAGE, length: PAGE, access: access.get(page) });
  }
  return { pages: ranges, memory: memory.map((r) => ({ address: r.address, bytes: r.hex.join('') })) };
}

/**
 * Runs a deblob from a machine state on a fresh instance, resuming after each host call while host
 * answers remain. Returns null when anan-as cannot load the blob; else the pauses and final memory.
 */
function runResumed(blob, code, i, host) {
  let program;
  try {
    program = anan.prepareProgram(anan.InputKind.Generic, anan.HasMetadata.No, Array.from(blob), i.regs.map((r) => BigInt(r)), pageMapOf(i.pages), chunksOf(i.memory), [], 16);
  } catch {
    stale = true; // anan-as threw: a fresh instance for the next case
    return null; // the layout was checked before: what it refuses now is the blob
  }
  const id = anan.pvmStart(program, false);
  try {
    let before = null;
    if (maySbrk(code)) {
      before = new Map();
      for (const p of i.pages) for (let a = p.address; a < p.address + p.length; a += PAGE) before.set(a / PAGE, anan.pvmGetPagePointer(id, a / PAGE));
    }
    const pauses = [];
    let gas = BigInt.asIntN(64, BigInt(i.gas));
    let pc = i.pc;
    for (let answered = 0; ; answered++) {
      const p = anan.pvmResume(id, gas, pc, false);
      if (p === null) throw new Error('anan-as: pvmResume returned null for a live instance');
      const pause = { status: Number(p.status), exitCode: Number(p.exitCode), pc: Number(p.pc), nextPc: Number(p.nextPc), gas: BigInt(p.gas), regs: [...p.registers].map((r) => BigInt.asUintN(64, BigInt(r))) };
      pauses.push(pause);
      const answer = host[answered];
      if (pause.status !== STATUS.HOST || answer === undefined) break;
      const regs = [...pause.regs];
      regs[7] = BigInt(answer.r7);
      regs[8] = BigInt(answer.r8);
      anan.pvmSetRegisters(id, regs);
      gas = pause.gas;
      pc = pause.nextPc;
    }
    return { pauses, ...finalMemory(id, i, before) };
  } finally {
    anan.pvmDestroy(id);
  }
}

function le32(out, v) {
  out.push(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff);
}
function flatRegisters(regs) {
  const out = [];
  for (const r of regs) for (let k = 0n; k < 8n; k++) out.push(Number((BigInt.asUintN(64, r) >> (8n * k)) & 0xffn));
  return out;
}
function regsOfFlat(flat) {
  return Array.from({ length: 13 }, (_, r) => {
    let v = 0n;
    for (let k = 7; k >= 0; k--) v = (v << 8n) | BigInt(flat[8 * r + k]);
    return `0x${v.toString(16)}`;
  });
}

/**
 * The per-instruction trace of the same case, stepped on anan-as's debugger interpreter: one record
 * per instruction started, the state before it (an instruction that runs out of gas is not started).
 * Every pause must match the resumed run's; a run longer than MAX_TRACE is traced up to there.
 */
function traceStepped(blob, i, host, pauses) {
  const pageMap = [];
  for (const p of i.pages) { le32(pageMap, p.address); le32(pageMap, p.length); pageMap.push(p.access === 'W' ? 1 : 0); }
  const chunks = [];
  for (const c of i.memory) {
    const b = hexToBytes(c.bytes);
    le32(chunks, c.address);
    le32(chunks, b.length);
    for (const x of b) chunks.push(x);
  }
  anan.resetGenericWithMemory(Array.from(blob), flatRegisters(i.regs.map((r) => BigInt(r))), Uint8Array.from(pageMap), Uint8Array.from(chunks), BigInt.asIntN(64, BigInt(i.gas)), false);
  anan.setNextProgramCounter(i.pc);
  anan.nextStep(); // anan-as's first step after a reset only applies the pc
  const trace = [];
  let pcAfterHost = null;
  for (let k = 0; trace.length < MAX_TRACE;) {
    trace.push({ vm: 0, pc: pcAfterHost ?? anan.getProgramCounter(), gas: u64(anan.getGasLeft()), regs: regsOfFlat(anan.getRegisters()) });
    pcAfterHost = null;
    if (anan.nextStep()) continue;
    const status = (anan.getStatus() << 24) >> 24;
    if (status === STATUS.OOG) trace.pop();
    const want = pauses[k];
    const got = { status, pc: anan.getProgramCounter(), gas: BigInt(anan.getGasLeft()), exitCode: anan.getExitArg() >>> 0, regs: regsOfFlat(anan.getRegisters()) };
    if (want === undefined || want.status !== got.status || want.pc !== got.pc || want.gas !== got.gas || (want.exitCode >>> 0) !== got.exitCode || want.regs.map(u64).join() !== got.regs.join()) {
      throw new Error(`anan-as's stepped run (debugger API) and its resumed run (pvmResume) disagree at pause ${k}: ${JSON.stringify(want ?? null, (_, v) => (typeof v === 'bigint' ? String(v) : v))} vs ${JSON.stringify(got, (_, v) => (typeof v === 'bigint' ? String(v) : v))}`);
    }
    const answer = host[k];
    k++;
    if (status !== STATUS.HOST || answer === undefined) break;
    const regs = [...want.regs];
    regs[7] = BigInt(answer.r7);
    regs[8] = BigInt(answer.r8);
    anan.setRegisters(flatRegisters(regs));
    pcAfterHost = want.nextPc; // the resumed instruction: anan-as moves to it inside the next step
  }
  return trace;
}

const step = (p, code) => ({ exit: exitOf(p.status, p.exitCode, p.pc, code), vm: 0, pc: p.pc, gas: u64(p.gas), regs: p.regs.map(u64) });

/** The answer to one run request (throws Unsupported, or anything else for an error answer). */
function answerRun(req) {
  const bad = gpRunProblem(req, 'anan-as');
  if (bad !== null) return bad;
  const i = req.input;
  checkLayout(i);
  const traced = req.trace === true;
  if (req.kind === 'isa') {
    const { blob, code } = encodeDeblob(i.code);
    const r = runResumed(blob, code, i, []);
    if (r === null) throw new Error('anan-as refused the deblob encoded from this code image');
    const last = step(r.pauses[0], code);
    const output = { exit: last.exit, pc: last.pc, gas: last.gas, regs: last.regs, pages: r.pages, memory: r.memory };
    return { type: 'result', id: req.id, output, ...(traced ? { trace: traceStepped(blob, i, [], r.pauses) } : {}) };
  }
  const blob = hexToBytes(i.blob);
  const code = decodeDeblob(blob);
  const r = runResumed(blob, code, i, i.host);
  if (r === null) return { type: 'result', id: req.id, output: { exits: [], pages: [], memory: [] }, ...(traced ? { trace: [] } : {}) };
  const output = { exits: r.pauses.map((p) => step(p, code)), pages: r.pages, memory: r.memory };
  return { type: 'result', id: req.id, output, ...(traced ? { trace: traceStepped(blob, i, i.host, r.pauses) } : {}) };
}

// ---- the protocol loop ----

await serveLines({
  label: 'anan-as', hello: HELLO, answerRun,
  // after anan-as threw (its instance is then unreliable) or once its memory grew too large: a fresh instance
  afterRun: async (threw) => {
    if (!threw && !stale && anan.memory.buffer.byteLength <= MAX_WASM_MEMORY) return;
    try {
      anan = await instantiate(WASM, {});
      stale = false;
    } catch (e) {
      process.stderr.write(`anan-as adapter: could not start a fresh anan-as instance (${oneLine(e?.message ?? e)}); keeping the old one\n`);
    }
  },
});

#!/usr/bin/env node
// Example adapter for `javm vectors verify --impl`: drives typeberry's PVM interpreter
// (@typeberry/lib, written by Fluffy Labs, not by this kit) through the JSON-lines protocol of
// vectors/PROTOCOL.md. It answers gp `isa` and `program` requests (program: only those without host
// answers) and skips everything else. Run:
//   npx javm vectors verify --impl "node harness/vectors/adapters/typeberry.mjs" --filter 'gp/*'
//
// Translation notes (what this adapter does to speak the kit's format, nothing more):
// - typeberry takes a Gray Paper deblob: isa vectors give a code image, so it is encoded here.
// - typeberry's PANIC covers both of the kit's `trap` and `panic`; a PANIC at a `trap` instruction
//   (opcode 0) or at pc >= |code| is reported as `trap`, as the kit's format separates them.
// - typeberry reserves memory below 0x10000 and its memory builder takes no range ending at 2^32: such
//   vectors are answered with an error (a limit of its API, not a VM outcome).
//
// The functions below are exported (hexToBytes, bytesToHex, u64, varint, deblob, memoryOf, start,
// exitOf, finalMemory, run, codeOfBlob, answer) so that the target-protocol adapter
// (harness/target/adapters/typeberry.mjs) drives typeberry the same way; the request loop at the
// bottom runs only when this file is the program node was started with.
import { realpathSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Interpreter, MemoryBuilder, Registers, tryAsMemoryIndex, tryAsSbrkIndex } from '@typeberry/lib/pvm-interpreter';
import { tryAsBigGas } from '@typeberry/lib/pvm-interface';

export const hexToBytes = (s) => Uint8Array.from({ length: s.length / 2 }, (_, i) => parseInt(s.slice(2 * i, 2 * i + 2), 16));
export const bytesToHex = (b) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
export const u64 = (v) => `0x${BigInt.asUintN(64, BigInt(v)).toString(16)}`;

export function varint(n) {
  if (n < 0x80) return [n];
  if (n < 0x4000) return [0x80 | (n >> 8), n & 0xff];
  if (n < 0x200000) return [0xc0 | (n >> 16), n & 0xff, (n >> 8) & 0xff];
  return [0xe0 | (n >>> 24), n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff];
}

/** GP deblob of a code image {code, bitmask ('0'/'1' string), jumpTable}. */
export function deblob(image) {
  const code = hexToBytes(image.code);
  const table = image.jumpTable;
  const max = Math.max(0, ...table);
  const z = table.length === 0 ? 0 : max < 0x100 ? 1 : max < 0x10000 ? 2 : max < 0x1000000 ? 3 : 4;
  const mask = new Array(Math.ceil(code.length / 8)).fill(0);
  for (let k = 0; k < image.bitmask.length; k++) if (image.bitmask[k] === '1') mask[k >> 3] |= 1 << (k & 7);
  const entries = table.flatMap((t) => Array.from({ length: z }, (_, k) => (t >>> (8 * k)) & 0xff));
  return Uint8Array.from([...varint(table.length), z, ...varint(code.length), ...entries, ...code, ...mask]);
}

/** typeberry's memory for the pages and chunks of a machine state (its builder: no page below 0x10000, no range ending at 2^32). */
export function memoryOf(pages, memory) {
  const builder = new MemoryBuilder();
  // Each range gets its full initial contents at once (typeberry's setData needs initialised pages).
  for (const p of pages) {
    const data = new Uint8Array(p.length);
    for (const c of memory) {
      hexToBytes(c.bytes).forEach((b, k) => {
        const a = c.address + k - p.address;
        if (a >= 0 && a < p.length) data[a] = b;
      });
    }
    const start = tryAsMemoryIndex(p.address);
    const end = tryAsMemoryIndex(p.address + p.length);
    if (p.access === 'W') builder.setWriteablePages(start, end, data);
    else builder.setReadablePages(start, end, data);
  }
  return builder.finalize(tryAsMemoryIndex(0), tryAsSbrkIndex(0));
}

/** A typeberry interpreter loaded with a GP deblob and a machine state (memory from memoryOf), not yet run. */
export function start(program, pc, gas, regs, mem) {
  const registers = Registers.empty();
  regs.forEach((r, i) => registers.setU64(i, BigInt(r)));
  const pvm = Interpreter.new();
  pvm.resetGeneric(program, pc, tryAsBigGas(BigInt(gas)), registers, mem);
  return pvm;
}

/** The kit's exit of a stopped interpreter (PANIC at a `trap` byte or past the code is the kit's `trap`). */
export function exitOf(pvm, codeBytes) {
  const status = pvm.getStatus();
  const endPc = pvm.getPC();
  let exit;
  if (status === 0) exit = { kind: 'halt' };
  else if (status === 1) exit = { kind: codeBytes[endPc] === 0 || endPc >= codeBytes.length ? 'trap' : 'panic' };
  else if (status === 2) exit = { kind: 'fault', address: u64(pvm.getExitParam() ?? 0) };
  else if (status === 3) exit = { kind: 'ecalli', id: pvm.getExitParam() ?? 0 };
  else if (status === 4) exit = { kind: 'oog' };
  else exit = null;
  return exit;
}

/** Final memory: the given page ranges merged, and every accessible page as runs of non-zero bytes (the kit's canonical form). */
export function finalMemory(pvm, pages) {
  const bytes = new Map();
  for (const p of pages) {
    for (let a = p.address; a < p.address + p.length; a += 4096) {
      const page = pvm.getMemoryPage(a / 4096);
      if (page) page.forEach((b, i) => { if (b !== 0) bytes.set(a + i, b); });
    }
  }
  const addrs = [...bytes.keys()].sort((a, b) => a - b);
  const chunks = [];
  for (const a of addrs) {
    const last = chunks.at(-1);
    if (last && last.address + last.bytes.length === a) last.bytes.push(bytes.get(a));
    else chunks.push({ address: a, bytes: [bytes.get(a)] });
  }
  const merged = [];
  for (const p of [...pages].sort((a, b) => a.address - b.address)) {
    const last = merged.at(-1);
    if (last && last.access === p.access && last.address + last.length === p.address) last.length += p.length;
    else merged.push({ ...p });
  }
  return { pages: merged, memory: chunks.map((c) => ({ address: c.address, bytes: bytesToHex(c.bytes) })) };
}

/** Runs one machine state to its exit; returns the kit's step fields plus final pages and memory. */
export function run(program, codeBytes, pc, gas, regs, pages, memory) {
  const pvm = start(program, pc, gas, regs, memoryOf(pages, memory));
  pvm.runProgram();
  const exit = exitOf(pvm, codeBytes);
  const endPc = pvm.getPC();
  const final = finalMemory(pvm, pages);
  return {
    exit, pc: endPc, gas: u64(pvm.gas.get()), regs: Array.from(pvm.registers.getAllU64(), u64),
    pages: final.pages, memory: final.memory,
  };
}

/** The code bytes of a GP deblob (for the trap/panic translation): deblob header, table, code. */
export function codeOfBlob(blob) {
  let at = 0;
  const readVar = () => {
    const b = blob[at++];
    if (b < 0x80) return b;
    if (b < 0xc0) return ((b & 0x3f) << 8) | blob[at++];
    if (b < 0xe0) { const v = ((b & 0x1f) << 16) | blob[at] | (blob[at + 1] << 8); at += 2; return v; }
    const v = ((b & 0x0f) << 24) | blob[at] | (blob[at + 1] << 8) | (blob[at + 2] << 16); at += 3; return v;
  };
  const jl = readVar();
  const z = blob[at++];
  const cl = readVar();
  return blob.subarray(at + jl * z, at + jl * z + cl);
}

export function answer(req) {
  if (req.profile !== 'gp') return { skip: 'typeberry implements the Gray Paper PVM (gp profile) only' };
  if (req.runner === 'isa') {
    const i = req.input;
    if (i.pages.some((p) => p.address < 0x10000)) return { error: 'typeberry reserves memory below 0x10000; this vector maps a page there' };
    if (i.pages.some((p) => p.address + p.length >= 2 ** 32)) return { error: "typeberry's memory builder cannot take a page range ending at 2^32" };
    const r = run(deblob(i.code), hexToBytes(i.code.code), i.pc, i.gas, i.regs, i.pages, i.memory);
    return { expected: r };
  }
  if (req.runner === 'program') {
    const i = req.input;
    if (i.host.length > 0) return { skip: 'this adapter does not resume after host calls' };
    const blob = hexToBytes(i.blob);
    const r = run(blob, codeOfBlob(blob), i.pc, i.gas, i.regs, i.pages, i.memory);
    return { expected: { exits: [{ exit: r.exit, vm: 0, pc: r.pc, gas: r.gas, regs: r.regs }], pages: r.pages, memory: r.memory } };
  }
  return { skip: `typeberry has no ${req.runner} runner (no JAR manifests or capability kernel)` };
}

/** True when node was started with this file (not when it is imported). */
function isMain() {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMain()) {
  for await (const line of createInterface({ input: process.stdin })) {
    if (line.trim() === '') continue;
    const req = JSON.parse(line);
    let out;
    try {
      out = answer(req);
    } catch (e) {
      out = { error: `typeberry threw: ${String(e?.message ?? e).split("\n")[0]}` }; if (process.env.TB_DEBUG) console.error(e);
    }
    process.stdout.write(`${JSON.stringify({ id: req.id, ...out })}\n`);
  }
}

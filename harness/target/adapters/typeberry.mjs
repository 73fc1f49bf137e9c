#!/usr/bin/env node
// A target for the kit's target protocol (vectors/TARGET.md): drives typeberry's PVM interpreter
// (@typeberry/lib, written by Fluffy Labs, not by this kit) as a long-lived process, one JSON line per
// message each way. It runs gp `isa` and `program` cases (programs with host answers too) and answers
// `unsupported` for the rest. Run:
//   npx javm fuzz --target "node harness/target/adapters/typeberry.mjs"
//   npx javm vectors verify --target "node harness/target/adapters/typeberry.mjs"
//
// typeberry is driven exactly as the batch-protocol adapter harness/vectors/adapters/typeberry.mjs
// drives it (its functions are imported from there): the code image of an isa case is encoded as a GP
// deblob, memory is built with typeberry's MemoryBuilder, `resetGeneric` loads the state, and a PANIC
// at a `trap` byte (opcode 0) or at pc >= |code| is reported as the kit's `trap`. On top of that:
// - host calls: typeberry pauses with status HOST; φ7 and φ8 are set from the next host answer and
//   the interpreter goes on from the instruction after the ecalli (its own resume). The exit reports
//   typeberry's pc, the ecalli's own.
// - trace: `runProgram()` is `while (nextStep() === OK)`; the adapter makes the same calls itself
//   and records the state before each one (an instruction that runs out of gas is not started).
// - a blob typeberry refuses to load (resetGeneric throws) gives the kit's rejection shape
//   {exits: [], pages: [], memory: []}.
// - typeberry's memory builder takes no page below 0x10000 and no range ending at 2^32: `unsupported`.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Status } from '@typeberry/lib/pvm-interface';
import { codeOfBlob, deblob, exitOf, finalMemory, hexToBytes, memoryOf, start, u64 } from '../../vectors/adapters/typeberry.mjs';

// stdout carries the protocol: anything a library prints goes to stderr.
console.log = console.info = console.debug = (...args) => console.error(...args);

const PACKAGE = '@typeberry/lib';
const PAGE = 4096;
/** The most trace records one answer carries (the kit cuts its own traces there too). */
const MAX_TRACE = 100_000;

/** A case this adapter does not run, with the reason. */
class Unsupported extends Error {}

/** The version field of the installed package.json (walking up from the module node resolved). */
function packageVersion(name) {
  let dir = dirname(fileURLToPath(import.meta.resolve(name)));
  for (;;) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8'));
      if (pkg.name === name) return String(pkg.version);
    }
    const up = dirname(dir);
    if (up === dir) return 'unknown';
    dir = up;
  }
}

const HELLO = {
  type: 'hello', protocol: 1, name: 'typeberry', version: packageVersion(PACKAGE),
  profiles: ['gp'], kinds: ['isa', 'program'], features: ['trace'],
};

// ---- requests ----

const isU32 = (v) => Number.isInteger(v) && v >= 0 && v <= 0xffffffff;
const isU64 = (v) => typeof v === 'string' && /^0x[0-9a-f]{1,16}$/.test(v);
const isHex = (v) => typeof v === 'string' && /^([0-9a-f]{2})*$/.test(v);
const isObj = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);

/** What is wrong with a gp isa/program input (the fields this adapter reads), or null. */
function inputProblem(kind, i) {
  if (!isObj(i)) return 'input is not an object';
  if (kind === 'isa') {
    if (!isObj(i.code)) return 'input.code is missing';
    if (!isHex(i.code.code)) return 'input.code.code is not hex';
    if (typeof i.code.bitmask !== 'string' || !/^[01]*$/.test(i.code.bitmask)) return "input.code.bitmask is not a string of '0'/'1'";
    if (!Array.isArray(i.code.jumpTable) || !i.code.jumpTable.every(isU32)) return 'input.code.jumpTable is not a list of u32';
  } else {
    if (!isHex(i.blob)) return 'input.blob is not hex';
    if (!Array.isArray(i.host) || !i.host.every((h) => isObj(h) && isU64(h.r7) && isU64(h.r8))) return 'input.host is not a list of {r7, r8}';
  }
  if (!isU32(i.pc)) return 'input.pc is not a u32';
  if (!isU64(i.gas)) return 'input.gas is not a u64 string';
  if (!Array.isArray(i.regs) || i.regs.length !== 13 || !i.regs.every(isU64)) return 'input.regs is not 13 u64 strings';
  if (!Array.isArray(i.pages)) return 'input.pages is not a list';
  for (const [k, p] of i.pages.entries()) {
    if (!isObj(p) || !isU32(p.address) || !isU32(p.length) || (p.access !== 'R' && p.access !== 'W')) return `input.pages[${k}] is not {address, length, access}`;
    if (p.address % PAGE !== 0 || p.length % PAGE !== 0 || p.address + p.length > 2 ** 32) return `input.pages[${k}] is not a page-aligned range inside 2^32`;
  }
  if (!Array.isArray(i.memory) || !i.memory.every((c) => isObj(c) && isU32(c.address) && isHex(c.bytes))) return 'input.memory is not a list of {address, bytes}';
  return null;
}

/** typeberry's memory for the case; the layouts its builder refuses are unsupported. */
function memoryFor(i) {
  const low = i.pages.find((p) => p.address < 0x10000);
  if (low !== undefined) throw new Unsupported(`typeberry reserves memory below 0x10000; this case maps a page at 0x${low.address.toString(16)}`);
  if (i.pages.some((p) => p.address + p.length >= 2 ** 32)) throw new Unsupported("typeberry's memory builder cannot take a page range ending at 2^32");
  return memoryOf(i.pages, i.memory);
}

// ---- running ----

const regsOf = (pvm) => Array.from(pvm.registers.getAllU64(), u64);

/**
 * Runs a loaded interpreter to its exits, answering host calls while host answers remain. With a
 * trace, steps it itself (the calls runProgram makes) and records the state before each instruction.
 */
function runLoaded(pvm, codeBytes, host, trace) {
  const exits = [];
  let pcAfterHost = null;
  for (let answered = 0; ; answered++) {
    if (trace === null) pvm.runProgram();
    else {
      for (;;) {
        const recorded = trace.length < MAX_TRACE;
        if (recorded) trace.push({ vm: 0, pc: pcAfterHost ?? pvm.getPC(), gas: u64(pvm.gas.get()), regs: regsOf(pvm) });
        pcAfterHost = null;
        const status = pvm.nextStep();
        if (status === Status.OK) continue;
        if (status === Status.OOG && recorded) trace.pop();
        break;
      }
    }
    exits.push({ exit: exitOf(pvm, codeBytes), vm: 0, pc: pvm.getPC(), gas: u64(pvm.gas.get()), regs: regsOf(pvm) });
    const answer = host[answered];
    if (pvm.getStatus() !== Status.HOST || answer === undefined) return exits;
    pvm.registers.setU64(7, BigInt(answer.r7));
    pvm.registers.setU64(8, BigInt(answer.r8));
    // typeberry moves to the instruction after the ecalli inside its next step; the record before
    // that step names it (the interpreter's own resume pc, a field its TypeScript marks private).
    pcAfterHost = pvm.instructionResult?.nextPc ?? null;
  }
}

/** The answer to one run request (throws Unsupported, or anything else for an error answer). */
function answerRun(req) {
  if (req.profile !== 'gp') throw new Unsupported('typeberry implements the Gray Paper PVM (gp profile) only');
  if (req.kind !== 'isa' && req.kind !== 'program') throw new Unsupported(`this adapter runs isa and program cases, not ${JSON.stringify(req.kind)}`);
  const i = req.input;
  const problem = inputProblem(req.kind, i);
  if (problem !== null) return { type: 'error', id: req.id, message: `malformed request: ${problem}` };
  const mem = memoryFor(i);
  const trace = req.trace === true ? [] : null;
  const withTrace = trace === null ? {} : { trace };
  if (req.kind === 'isa') {
    const pvm = start(deblob(i.code), i.pc, i.gas, i.regs, mem);
    const [last] = runLoaded(pvm, hexToBytes(i.code.code), [], trace);
    const { pages, memory } = finalMemory(pvm, i.pages);
    return { type: 'result', id: req.id, output: { exit: last.exit, pc: last.pc, gas: last.gas, regs: last.regs, pages, memory }, ...withTrace };
  }
  const blob = hexToBytes(i.blob);
  let pvm;
  try {
    pvm = start(blob, i.pc, i.gas, i.regs, mem);
  } catch {
    return { type: 'result', id: req.id, output: { exits: [], pages: [], memory: [] }, ...withTrace }; // typeberry refuses the blob
  }
  const exits = runLoaded(pvm, codeOfBlob(blob), i.host, trace);
  const { pages, memory } = finalMemory(pvm, i.pages);
  return { type: 'result', id: req.id, output: { exits, pages, memory }, ...withTrace };
}

// ---- the protocol loop ----

const oneLine = (s) => String(s).replace(/\s*\n\s*/g, ' | ').slice(0, 4000);
const send = (line) => process.stdout.write(`${line}\n`);
const warn = (s) => process.stderr.write(`typeberry adapter: ${oneLine(s)}\n`);

/** The answer line to one run request: whatever goes wrong inside becomes an `error` (or `unsupported`) answer. */
function handle(req) {
  try {
    return JSON.stringify(answerRun(req));
  } catch (e) {
    if (e instanceof Unsupported) return JSON.stringify({ type: 'unsupported', id: req.id, reason: oneLine(e.message) });
    return JSON.stringify({ type: 'error', id: req.id, message: oneLine(`typeberry threw: ${e?.message ?? e}`) });
  }
}

for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  if (line.trim() === '') continue;
  let msg;
  try {
    msg = JSON.parse(line);
  } catch (e) {
    warn(`skipped a line that is not JSON (${e.message}): ${line.slice(0, 80)}`);
    continue;
  }
  if (isObj(msg) && msg.type === 'hello') send(JSON.stringify(HELLO));
  else if (isObj(msg) && msg.type === 'bye') break;
  else if (isObj(msg) && msg.type === 'run' && isU32(msg.id)) send(handle(msg));
  else warn(`skipped a message that is not hello, bye or a run request with an id: ${line.slice(0, 80)}`);
}
process.stdin.destroy();

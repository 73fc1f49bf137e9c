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
import { Status } from '@typeberry/lib/pvm-interface';
import { codeOfBlob, deblob, exitOf, finalMemory, hexToBytes, memoryOf, start, u64 } from '../../vectors/adapters/typeberry.mjs';
import { gpRunProblem, packageVersion, serveLines, Unsupported } from './lines.mjs';

// stdout carries the protocol: anything a library prints goes to stderr.
console.log = console.info = console.debug = (...args) => console.error(...args);

const PACKAGE = '@typeberry/lib';
/** The most trace records one answer carries (the kit cuts its own traces there too). */
const MAX_TRACE = 100_000;

const HELLO = {
  type: 'hello', protocol: 1, name: 'typeberry', version: packageVersion(PACKAGE),
  profiles: ['gp'], kinds: ['isa', 'program'], features: ['trace'],
};

// ---- requests ----

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
  const bad = gpRunProblem(req, 'typeberry');
  if (bad !== null) return bad;
  const i = req.input;
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

await serveLines({ label: 'typeberry', hello: HELLO, answerRun });

/**
 * Other PVM interpreters, run on the gp programs of the workloads for comparison (gp profile: Gray
 * Paper semantics, no kernel). Their APIs, read from their packages:
 *
 * - @fluffylabs/anan-as 1.2.0 (AssemblyScript compiled to WebAssembly), its fastest build for this
 *   use, `release-mini` (the release build with a minimal runtime, 3-4x faster than `release` here on
 *   fib-loop and sieve; garbage is collected only when `__collect()` is called, which `cleanup` does
 *   outside the timed run; `release-stub` is as fast but stubs out host calls):
 *   `prepareProgram(InputKind.Generic, HasMetadata.No, bytes, regs, pageMap, chunks, args, pagesToPreallocate)`, then
 *   `pvmStart(program, useSbrkGas)` gives an id and `pvmResume(id, gas, pc)` runs to the next pause
 *   ({status, exitCode, pc, nextPc, gas, registers}; status 0 halt, 1 panic, 2 fault, 3 host, 4 oog);
 *   a host call is answered with `pvmSetRegisters` and resumed at `nextPc`; `pvmDestroy` frees it.
 * - @typeberry/lib 0.11.0, its TypeScript interpreter (`@typeberry/lib/pvm-interpreter`):
 *   `Interpreter.new()`, `resetGeneric(blob, pc, gas, registers, memory)` with memory from
 *   `MemoryBuilder.setWriteablePages(..).finalize(heapStart, heapEnd)`; `runProgram()` runs to a pause,
 *   `getStatus()` (Status.HOST = 3: answer through `registers.setU64` and call `runProgram()` again).
 *
 * Both charge one gas per instruction in this profile, so instructions = gas used.
 */
import * as anan from '@fluffylabs/anan-as/release-mini';
import { Status, tryAsGas } from '@typeberry/lib/pvm-interface';
import { Interpreter, MemoryBuilder, Registers, tryAsMemoryIndex, tryAsSbrkIndex } from '@typeberry/lib/pvm-interpreter';
import type { RunOutcome } from './run.js';
import type { WorkloadCase } from './workloads.js';

export interface Peer {
  readonly name: string;
  run(c: WorkloadCase): RunOutcome;
  /** Work to do between runs, not timed (anan-as release-mini: garbage collection). */
  cleanup?(): void;
}

const STATUS_NAMES: Readonly<Record<number, string>> = { 0: 'halt', 1: 'panic', 2: 'fault', 3: 'host', 4: 'oog' };
const ACCESS_WRITE = 2;

function gpOf(c: WorkloadCase): NonNullable<WorkloadCase['gp']> {
  if (c.gp === null) throw new Error('this workload has no gp program');
  return c.gp;
}

/** anan-as, release-mini build. */
export const ananAs: Peer = {
  name: 'anan-as',
  cleanup() {
    anan.__collect();
  },
  run(c) {
    const gp = gpOf(c);
    const pages = gp.pages.map((p) => ({ address: p.address, length: p.length, access: ACCESS_WRITE }));
    const program = anan.prepareProgram(anan.InputKind.Generic, anan.HasMetadata.No, Array.from(gp.blob), [...gp.regs], pages, [], [], gp.pages.reduce((n, p) => n + p.length / 4096, 0));
    const id = anan.pvmStart(program, false);
    try {
      let gas = gp.gas;
      let pc = 0;
      let calls = 0;
      for (;;) {
        const p = anan.pvmResume(id, gas, pc);
        if (p === null) throw new Error('anan-as: pvmResume returned null');
        const status = Number(p.status);
        if (status === 3 && c.host !== null) {
          const [r7, r8] = c.host(Number(p.exitCode), ++calls);
          const regs = [...p.registers];
          regs[7] = r7;
          regs[8] = r8;
          anan.pvmSetRegisters(id, regs);
          gas = BigInt(p.gas);
          pc = Number(p.nextPc);
          continue;
        }
        const left = BigInt(p.gas);
        return { exit: STATUS_NAMES[status] ?? `status ${status}`, regs: [...p.registers].map((v) => BigInt.asUintN(64, v)), steps: Number(gp.gas - left), hostCalls: calls };
      }
    } finally {
      anan.pvmDestroy(id);
    }
  },
};

/** typeberry's TypeScript interpreter. */
export const typeberry: Peer = {
  name: 'typeberry',
  run(c) {
    const gp = gpOf(c);
    const builder = new MemoryBuilder();
    let top = 0x10000;
    for (const p of gp.pages) {
      builder.setWriteablePages(tryAsMemoryIndex(p.address), tryAsMemoryIndex(p.address + p.length));
      top = Math.max(top, p.address + p.length);
    }
    const memory = builder.finalize(tryAsMemoryIndex(top), tryAsSbrkIndex(top));
    const regs = Registers.empty();
    gp.regs.forEach((v, i) => regs.setU64(i, v));
    const pvm = Interpreter.new();
    pvm.resetGeneric(gp.blob, 0, tryAsGas(gp.gas), regs, memory);
    let calls = 0;
    for (;;) {
      pvm.runProgram();
      const status = pvm.getStatus();
      if (status === Status.HOST && c.host !== null) {
        const [r7, r8] = c.host(Number(pvm.getExitParam() ?? 0), ++calls);
        pvm.registers.setU64(7, r7);
        pvm.registers.setU64(8, r8);
        continue;
      }
      const left = BigInt(pvm.gas.get());
      const out = Array.from({ length: 13 }, (_, i) => pvm.registers.getU64(i));
      return { exit: STATUS_NAMES[status] ?? `status ${status}`, regs: out, steps: Number(gp.gas - left), hostCalls: calls };
    }
  },
};

export const PEERS: readonly Peer[] = [ananAs, typeberry];

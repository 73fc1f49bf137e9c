/**
 * A CoreFactory (impl/core/api.ts) built on the model's core (model/interpreter.ts), so that the impl
 * kernel can run on its own over a core it does not share code with: the kernel tests run it so
 * (harness/test/support/kernel-engines.ts), and so do some kernel and blob rounds of a campaign
 * (harness/fuzz/variants.ts), which then check the kernel/core seam (a machine without
 * loadRegs/saveRegs, registers set one by one). It lives in harness/, which may import both engines.
 */
import { parseCodeBlob } from '../../model/blob/code.js';
import { type Program } from '../../model/decode/code.js';
import { programFrom } from '../../model/decode/program.js';
import { run } from '../../model/interpreter.js';
import { memoryOfPages, type Page } from '../../model/memory.js';
import { makeState, withBlockPaid } from '../../model/state.js';
import type { AddressSpace, CompiledCode, CoreFactory, CoreMachine, ExitCode } from '../../impl/core/api.js';
import type { CodeImage, PageAccess, Profile } from '../../vectors/lib/types.js';

class Space implements AddressSpace {
  readonly pages = new Map<number, { bytes: Uint8Array; access: PageAccess }>();
  mapPage(page: number, bytes: Uint8Array, access: PageAccess): void {
    this.pages.set(page, { bytes, access });
  }
  unmapPage(page: number): void {
    this.pages.delete(page);
  }
}

interface Compiled extends CompiledCode {
  readonly program: Program;
  readonly memCycles: number;
}

const EXITS: Record<string, ExitCode> = { halt: 0, trap: 1, panic: 2, oog: 3, fault: 4, ecalli: 5, ecall: 6 };

class Machine implements CoreMachine {
  pc = 0;
  gas = 0n;
  blockPaid = false;
  regs: bigint[] = new Array<bigint>(13).fill(0n);
  memory: AddressSpace = new Space();
  exitArg = 0;
  lastPc = 0;
  steps = 0;
  getReg(i: number): bigint {
    return this.regs[i] ?? 0n;
  }
  setReg(i: number, v: bigint): void {
    this.regs[i] = v;
  }
  run(code: CompiledCode, maxSteps: number): ExitCode {
    const c = code as Compiled;
    const space = this.memory as Space;
    const pages = new Map<number, Page>();
    for (const [p, e] of space.pages) pages.set(p, { access: e.access, bytes: e.bytes });
    const start = withBlockPaid(makeState(this.pc, this.gas, this.regs, memoryOfPages(pages)), this.blockPaid);
    const out = run({ profile: 'jar1', guardZone: 0, memCycles: c.memCycles }, c.program, start, maxSteps);
    for (const [p, pg] of out.state.memory.pages) {
      const e = space.pages.get(p);
      if (pg.bytes !== null && e !== undefined && pg.bytes !== e.bytes) e.bytes.set(pg.bytes);
    }
    this.pc = out.state.pc;
    this.gas = out.state.gas;
    this.regs = [...out.state.regs];
    this.blockPaid = out.state.blockPaid;
    this.steps = out.steps;
    this.lastPc = out.lastPc;
    const e = out.exit;
    if (e === null) return 7;
    this.exitArg = e.kind === 'ecalli' ? e.id : e.kind === 'fault' ? Number(e.address & 0xffffffffn) : 0;
    return EXITS[e.kind] ?? 2;
  }
}

/** The impl core's factory interface over the model's core: machines without loadRegs/saveRegs, whole-state runs of model/interpreter.ts. */
export const modelCoreDouble: CoreFactory = {
  compile(_profile: Profile, image: CodeImage, memCycles: number): CompiledCode {
    const c: Compiled = { image, program: programFrom(image), memCycles };
    return c;
  },
  createMachine: () => new Machine(),
  createAddressSpace: () => new Space(),
  parseCodeBlob: (blob) => parseCodeBlob(blob),
};

/**
 * Trace records (vectors/TRACE.md): one per instruction, EIP-3155 style (pc and opcode as numbers,
 * gas as 0x strings, the gas before the instruction and its cost, a summary line at the end), with
 * what a register machine adds: the registers and memory the instruction wrote, the kernel
 * transition it caused, and the active VM. Records carry strings already formatted, so that the
 * formatters below only join them.
 */
import { closeSync, openSync, writeSync } from 'node:fs';

/** A kernel transition caused by the instruction (jar1): the engines' KernelEvent, named. */
export interface KernelJson {
  /** What stopped the core: ecalli, ecall, halt, trap, panic, oog, fault. */
  readonly cause: string;
  /** The ecalli immediate, the ecall op (φ11, low 32 bits) or the fault address (low 32 bits); else 0. */
  readonly arg: number;
  /** The operation in the kernel's words: CALL, REPLY, RESUME, MAP, ..., or the stop (trap, fault, ...). */
  readonly name: string;
  /** The active VM after the transition, its call depth, gas, φ7 and φ8. */
  readonly active: number;
  readonly depth: number;
  readonly gas: string;
  readonly r7: string;
  readonly r8: string;
}

/** How a run ended: a core exit (gp, isa) or a kernel exit to the host (jar1). u64 values as 0x strings. */
export interface ExitJson {
  readonly kind: string;
  readonly address?: string;
  readonly id?: number;
  readonly value?: string;
}

/** One instruction of a trace. */
export interface StepRecord {
  /** 0-based index of the record in the run. */
  readonly step: number;
  readonly vm: number;
  /** Call-stack depth (0 = the root VM, gp and isa runs). */
  readonly depth: number;
  readonly pc: number;
  /** The opcode byte (EIP-3155 `op`) and its mnemonic (`opName`), and the operands as text. */
  readonly op: number;
  readonly opName: string;
  readonly operands: string;
  /** Gas before the instruction, what the core charged for it (its block's cost at a block start, else 0), and after. */
  readonly gas: string;
  readonly gasCost: string;
  readonly gasAfter: string;
  /** The whole register file before the instruction, present when it is not what the previous record left (first record, after a VM switch or a host answer). */
  readonly regs?: readonly string[];
  /** Registers whose value the instruction changed: [index, value]. */
  readonly written: readonly (readonly [number, string])[];
  /** Bytes a store wrote (absent for other instructions and for a store that faulted). */
  readonly mem?: { readonly address: number; readonly bytes: string };
  readonly kernel?: KernelJson;
  /** Set on the record where the run stopped: the core's exit (gp/isa) or the kernel's exit to the host (jar1). */
  readonly exit?: ExitJson;
  /** 'out of gas': the block at pc could not be paid and no instruction started (gasCost is the block's cost). */
  readonly error?: string;
}

/** The last line of a trace. */
export interface TraceSummary {
  readonly engine: string;
  readonly profile: string;
  /** How the run ended; null when it stopped at --to or at a step limit first. */
  readonly exit: ExitJson | null;
  /** Instructions started (records with an `error` are not instructions). */
  readonly steps: number;
  readonly records: number;
  readonly gasUsed: string;
  readonly gasLeft: string;
  /** Why the trace ends before the run does (a step limit, a host exit no answer was given for, ...), or absent. */
  readonly note?: string;
}

/** Where records go: false from `record` stops the run (the --to bound, a diff that found its step). */
export interface RecordSink {
  record(r: StepRecord): boolean;
}

const q = JSON.stringify;

/** One record as a JSON line (fixed key order; see the schema in vectors/lib/trace-schema.ts). Operand text needs no escaping: it is the disassembler's (the schema pins its characters). */
export function recordJson(r: StepRecord): string {
  let s = `{"step":${r.step},"vm":${r.vm},"depth":${r.depth},"pc":${r.pc},"op":${r.op},"opName":"${r.opName}","operands":"${r.operands}","gas":"${r.gas}","gasCost":"${r.gasCost}","gasAfter":"${r.gasAfter}"`;
  if (r.regs !== undefined) s += `,"regs":["${r.regs.join('","')}"]`;
  if (r.written.length > 0) {
    s += ',"written":{';
    for (let i = 0; i < r.written.length; i++) {
      const w = r.written[i]!;
      s += `${i === 0 ? '' : ','}"${w[0]}":"${w[1]}"`;
    }
    s += '}';
  }
  if (r.mem !== undefined) s += `,"mem":{"address":${r.mem.address},"bytes":"${r.mem.bytes}"}`;
  if (r.kernel !== undefined) s += `,"kernel":${q(r.kernel)}`;
  if (r.exit !== undefined) s += `,"exit":${q(r.exit)}`;
  if (r.error !== undefined) s += `,"error":${q(r.error)}`;
  return `${s}}`;
}

/** The summary as the last JSON line. */
export const summaryJson = (s: TraceSummary): string => q({ summary: s });

const dec = (hex: string): string => BigInt(hex).toString();

/** One record as a line for people: step, VM, pc, instruction, gas, then what it wrote and caused. */
export function recordText(r: StepRecord): string {
  const instr = `${r.opName}${r.operands === '' ? '' : ' ' + r.operands}`;
  const gas = r.gasCost === '0x0' ? `gas ${dec(r.gas)}` : `gas ${dec(r.gas)}-${dec(r.gasCost)}`;
  const parts = [`${String(r.step).padStart(7)}  vm${r.vm}${r.depth > 0 ? `/${r.depth}` : ''}  ${String(r.pc).padStart(6)}: ${instr.padEnd(34)} ${gas.padEnd(18)}`];
  if (r.regs !== undefined) parts.push(`[regs ${r.regs.join(' ')}]`);
  for (const [i, v] of r.written) parts.push(`r${i}=${v}`);
  if (r.mem !== undefined) parts.push(`mem[0x${r.mem.address.toString(16)}]=${r.mem.bytes}`);
  if (r.kernel !== undefined) {
    const k = r.kernel;
    parts.push(`| ${k.name}${k.cause === 'ecalli' || k.cause === 'ecall' ? ` ${k.arg}` : ''} -> vm${k.active} depth ${k.depth} gas ${dec(k.gas)} r7=${k.r7} r8=${k.r8}`);
  }
  if (r.exit !== undefined) parts.push(`| exit ${exitText(r.exit)}`);
  if (r.error !== undefined) parts.push(`| ${r.error}`);
  return parts.join(' ').trimEnd();
}

/** An exit for people: "halt", "fault 0x20000", "protocol 3", "halt 0x37". */
export function exitText(e: ExitJson | null): string {
  if (e === null) return 'none (stopped early)';
  const v = e.address ?? e.value ?? (e.id === undefined ? undefined : String(e.id));
  return v === undefined ? e.kind : `${e.kind} ${v}`;
}

/** The summary for people. */
export function summaryText(s: TraceSummary): string {
  return `-- ${s.engine} ${s.profile}: exit ${exitText(s.exit)}, ${s.steps} instructions, ${s.records} records, gas used ${dec(s.gasUsed)}, left ${dec(s.gasLeft)}${s.note ? ` (${s.note})` : ''}`;
}

/**
 * Lines to a file descriptor through one 1 MiB buffer (each line encoded straight into it, flushed when
 * full, so memory stays bounded however long the trace), or to a line callback.
 */
export class LineWriter {
  private readonly buf: Buffer | null;
  private used = 0;
  private readonly fd: number | null;
  private readonly lineFn: ((s: string) => void) | null;

  constructor(target: { readonly file: string } | { readonly line: (s: string) => void }) {
    this.fd = 'file' in target ? openSync(target.file, 'w') : null;
    this.buf = this.fd === null ? null : Buffer.allocUnsafe(1 << 20);
    this.lineFn = 'line' in target ? target.line : null;
  }

  write(line: string): void {
    const buf = this.buf;
    if (buf === null) {
      this.lineFn?.(line);
      return;
    }
    if (this.used + line.length + 1 > buf.length) {
      this.flush();
      if (line.length + 1 > buf.length) {
        writeSync(this.fd!, `${line}\n`);
        return;
      }
    }
    this.used += buf.write(line, this.used, 'latin1'); // trace lines are ASCII
    buf[this.used++] = 10;
  }

  flush(): void {
    if (this.fd !== null && this.buf !== null && this.used > 0) {
      let off = 0;
      while (off < this.used) off += writeSync(this.fd, this.buf, off, this.used - off);
      this.used = 0;
    }
  }

  close(): void {
    this.flush();
    if (this.fd !== null) closeSync(this.fd);
  }
}

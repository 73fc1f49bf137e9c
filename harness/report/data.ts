/**
 * The data of a divergence page (./page.ts) from a case and the two sides' answers and traces: the
 * case summarized (sizes, gas, args, the disassembly around the divergence), the answers compared
 * value by value and byte by byte, the exits as events, and the spec-notes that apply (those the
 * vector pins and those a detector of harness/target/notes.ts recognises in the difference), with
 * their titles read from spec-notes/NNNN-*.md and links relative to the page.
 * Traces today come from harness/target/trace.ts (our engines) or a target's `trace` feature.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { disassemble } from '../../model/disasm.js';
import { parseCode } from '../../model/index.js';
import { parseJarBlob } from '../../model/blob/jar.js';
import {
  codeFrom, fromHex,
  type ChunkJson, type PageJson, type GpProgramInput, type IsaInput, type Jar1ProgramInput, type KernelInput, type DecodeInput,
  type ProgramStepJson, type Runner, type SnapshotJson, type VectorExpected, type VectorInput,
} from '../../vectors/lib/format.js';
import type { CodeImage, Profile } from '../../vectors/lib/types.js';
import { detectNotes } from '../target/notes.js';
import { comparedForms, firstDifference, kitRoot } from '../vectors/verify.js';
import type { DivergencePage, PageCodeLine, PageCompareRow, PageField, PageMemoryRow, PageNote, PageRecord, PageSide } from './page.js';
import { traceDivergence } from './page.js';

/** One side's run of the case: its answer (null when it gave none: `fault` says why) and its trace. */
export interface SideRun {
  readonly name: string;
  readonly answer: VectorExpected | null;
  readonly fault?: string;
  readonly trace: readonly PageRecord[];
  /** Why the trace is empty or partial, when it is. */
  readonly traceAbsent?: string;
}

/** A case to report: a vector (or a finding not yet written as one) and where it came from. */
export interface ReportCase {
  readonly name: string;
  readonly runner: Runner;
  readonly profile: Profile;
  readonly description: string;
  readonly input: VectorInput;
  /** The notes the vector pins (its `notes`). */
  readonly notes: readonly string[];
  /** A file path or a campaign line, for people. */
  readonly source: string;
}

/** Rows of the answer table shown in full up to this many; beyond, only differing ones. */
const ALL_ROWS = 80;
const MAX_ROWS = 200;
const MAX_MEMORY_ROWS = 32;
/** The most bytes of an answer's memory compared (a larger answer's memory is compared in part). */
const MAX_MEMORY_BYTES = 1 << 20;

const short = (hex: string, bytes = 48): string => (hex.length <= 2 * bytes ? hex : `${hex.slice(0, 2 * bytes)}… (${hex.length / 2} bytes)`);

/** The title of a spec-note from its file's first heading (`# 0055: A host-call exit ...`), and the file. */
export function noteFile(id: string, root = kitRoot()): { file: string; title: string } | null {
  const dir = join(root, 'spec-notes');
  if (!/^\d{4}$/.test(id) || !existsSync(dir)) return null;
  const name = readdirSync(dir).find((f) => f.startsWith(`${id}-`) && f.endsWith('.md'));
  if (name === undefined) return null;
  const file = join(dir, name);
  const head = readFileSync(file, 'utf8').split('\n', 1)[0] ?? '';
  return { file, title: head.replace(/^#\s*/, '').replace(new RegExp(`^${id}\\s*[:.-]\\s*`), '').trim() };
}

/** The notes of a case with titles and links relative to the page's folder: pinned ones first, then detected ones. */
export function pageNotes(pinned: readonly string[], detected: readonly string[], pageFile: string, root = kitRoot()): PageNote[] {
  const out: PageNote[] = [];
  const add = (id: string, why: string): void => {
    if (out.some((n) => n.id === id)) return;
    const f = noteFile(id, root);
    const href = f === null ? null : relative(dirname(resolve(pageFile)), f.file).split(sep).join('/');
    out.push({ id, title: f?.title ?? '(note file not found)', href, why });
  };
  for (const id of detected) add(id, 'the difference is the question this note answers (detector)');
  for (const id of pinned) add(id, "the vector's expected value depends on this note");
  return out;
}

/** The code a jar1 VM runs: the image and its id among the kernel's CODE programs. */
export interface VmCode {
  readonly image: CodeImage;
  readonly code: number;
}

/**
 * The code images a side may run, by VM id: `known` (from a replay, for VMs created while running),
 * then the kernel snapshot after load where there is one, else the case's one image.
 */
function imagesOf(c: ReportCase, expected: VectorExpected | null, known: ReadonlyMap<number, VmCode>): { byVm: Map<number, CodeImage>; label: (vm: number) => string } {
  const byVm = new Map<number, CodeImage>();
  let label = (_vm: number): string => 'code';
  if (known.size > 0) {
    for (const [vm, k] of known) byVm.set(vm, k.image);
    return { byVm, label: (vm) => `VM ${vm}: CODE program ${known.get(vm)?.code ?? '?'}` };
  }
  try {
    if (c.runner === 'isa') byVm.set(0, codeFrom((c.input as IsaInput).code));
    else if (c.runner === 'program' && c.profile === 'gp') {
      const r = parseCode('gp', fromHex((c.input as GpProgramInput).blob));
      if (r.ok) byVm.set(0, r.value);
    } else if (c.runner === 'program') {
      const initial = (expected as { initial?: SnapshotJson | null } | null)?.initial ?? null;
      if (initial !== null) {
        for (const vm of initial.vms) {
          const code = initial.code[vm.code];
          if (code !== undefined) byVm.set(vm.id, codeFrom(code));
        }
        label = (vm) => `VM ${vm}: code ${initial.vms.find((v) => v.id === vm)?.code ?? '?'} of the kernel after load`;
      } else {
        const p = parseJarBlob(fromHex((c.input as Jar1ProgramInput).blob));
        const cap = p.ok ? p.value.caps.find((x) => x.slot === p.value.invokeCap) : undefined;
        if (cap !== undefined && cap.type === 'code') byVm.set(0, cap.image);
        label = () => 'the invoked CODE cap';
      }
    }
  } catch {
    // a malformed case: no disassembly
  }
  return { byVm, label };
}

/** Disassembly by VM, computed once per VM. */
function disassembler(byVm: ReadonlyMap<number, CodeImage>): (vm: number) => PageCodeLine[] {
  const cache = new Map<number, PageCodeLine[]>();
  return (vm) => {
    let lines = cache.get(vm);
    if (lines === undefined) {
      const image = byVm.get(vm);
      lines = image === undefined ? [] : disassemble(image).map((l) => ({ pc: l.pc, text: l.text, blockStart: l.blockStart, bytes: [...l.bytes].map((b) => b.toString(16).padStart(2, '0')).join(' ') }));
      cache.set(vm, lines);
    }
    return lines;
  };
}

/** The summary fields of a case's input. */
export function caseFields(c: ReportCase): PageField[] {
  const f: PageField[] = [];
  const nonZero = (regs: readonly string[]): string => regs.map((r, i) => (r === '0x0' ? '' : `r${i}=${r}`)).filter((x) => x).join(' ') || '(all 0)';
  const mem = (m: readonly ChunkJson[]): string => (m.length === 0 ? '(none)' : m.map((x) => `0x${x.address.toString(16)}: ${short(x.bytes, 16)}`).slice(0, 8).join('; ') + (m.length > 8 ? `; … ${m.length - 8} more` : ''));
  switch (c.runner) {
    case 'decode': {
      const i = c.input as DecodeInput;
      f.push({ label: 'format', value: i.format }, { label: 'blob', value: `${i.blob.length / 2} bytes: ${short(i.blob)}` });
      break;
    }
    case 'isa': {
      const i = c.input as IsaInput;
      f.push({ label: 'code', value: `${i.code.code.length / 2} bytes, jump table ${i.code.jumpTable.length} entries` }, { label: 'pc', value: String(i.pc) },
        { label: 'gas', value: i.gas }, { label: 'registers', value: nonZero(i.regs) },
        { label: 'pages', value: i.pages.map((p) => `0x${p.address.toString(16)}+${p.length} ${p.access}`).join(', ') || '(none)' },
        { label: 'memory', value: mem(i.memory) });
      break;
    }
    case 'program': {
      if (c.profile === 'gp') {
        const i = c.input as GpProgramInput;
        f.push({ label: 'blob', value: `${i.blob.length / 2} bytes (gp deblob)` }, { label: 'pc', value: String(i.pc) }, { label: 'gas', value: i.gas },
          { label: 'registers', value: nonZero(i.regs) }, { label: 'memory', value: mem(i.memory) }, { label: 'host answers', value: String(i.host.length) });
      } else {
        const i = c.input as Jar1ProgramInput;
        const p = (() => { try { return parseJarBlob(fromHex(i.blob)); } catch { return null; } })();
        const manifest = p === null || !p.ok ? 'not a valid JAR v2 manifest'
          : `memory_pages ${p.value.memoryPages}, invoke cap ${p.value.invokeCap}, caps ${p.value.caps.map((x) => `${x.slot}:${x.type === 'code' ? `CODE ${x.image.code.length} B` : `DATA ${x.pageCount} p`}`).join(' ')}`;
        f.push({ label: 'blob', value: `${i.blob.length / 2} bytes (JAR v2 manifest)` }, { label: 'manifest', value: manifest }, { label: 'gas', value: i.gas },
          { label: 'φ7 (reg7)', value: i.reg7 }, { label: 'args', value: i.args.length === 0 ? '(none)' : short(i.args) },
          { label: 'host answers', value: i.host.map((h) => `(${h.r7}, ${h.r8})`).slice(0, 6).join(' ') + (i.host.length > 6 ? ` … ${i.host.length} in all` : '') || '(none)' });
      }
      break;
    }
    case 'kernel': {
      const pre = (c.input as KernelInput).pre;
      f.push({ label: 'pre-state', value: `${pre.vms.length} VMs, active ${pre.active}, call stack ${pre.stack.length} deep, ${pre.code.length} code images` });
      break;
    }
  }
  return f;
}

type Leaf = [string, string];

/** The scalar leaves of an answer by path (`exits[0].gas`), leaving out memory and kernel snapshots (compared as a whole). */
function leaves(x: unknown, path: string, out: Leaf[], max: number): void {
  if (out.length >= max) return;
  if (Array.isArray(x)) x.forEach((v, i) => leaves(v, `${path}[${i}]`, out, max));
  else if (typeof x === 'object' && x !== null) {
    for (const [k, v] of Object.entries(x)) {
      const p = path === '' ? k : `${path}.${k}`;
      if (k === 'memory') continue;
      if (k === 'initial' || k === 'post' || k === 'image') out.push([p, v === null ? 'null' : `(${k === 'image' ? 'code image' : 'kernel snapshot'})`]);
      else leaves(v, p, out, max);
    }
  } else out.push([path, x === undefined ? '(absent)' : typeof x === 'string' ? x : JSON.stringify(x)]);
}

/** The answers side by side: every value when few, else only the differing ones (with the count of equal ones hidden). */
export function answerRows(left: VectorExpected | null, right: VectorExpected | null): { rows: PageCompareRow[]; hiddenEqual: number } {
  const a: Leaf[] = [];
  const b: Leaf[] = [];
  leaves(left, '', a, 20_000);
  leaves(right, '', b, 20_000);
  const mb = new Map(b);
  const ma = new Map(a);
  const labels = [...a.map(([k]) => k), ...b.map(([k]) => k).filter((k) => !ma.has(k))];
  const all = labels.map((label) => ({ label, left: ma.get(label) ?? '(absent)', right: right === null ? '(no answer)' : mb.get(label) ?? '(absent)' }));
  // a snapshot placeholder is equal text on both sides: mark it differing when the snapshots differ
  for (const r of all) {
    const key = r.label.split('.').pop() as string;
    if ((key === 'initial' || key === 'post') && left !== null && right !== null && r.left === r.right) {
      const l = (left as unknown as Record<string, unknown>)[key];
      const g = (right as unknown as Record<string, unknown>)[key];
      if (firstDifference(...comparedForms({ [key]: l } as unknown as VectorExpected, { [key]: g } as unknown as VectorExpected)) !== null) r.right = `${r.right} (differs)`;
    }
  }
  if (all.length <= ALL_ROWS) return { rows: all, hiddenEqual: 0 };
  const rows = all.filter((r) => r.left !== r.right).slice(0, MAX_ROWS);
  return { rows, hiddenEqual: all.length - rows.length };
}

/** The bytes of an answer's memory by address (the first MAX_MEMORY_BYTES), and a test of whether an address is accessible in it. */
function memoryMap(x: VectorExpected | null): { bytes: Map<number, number>; mapped: (address: number) => boolean } {
  const m = new Map<number, number>();
  const o = (x ?? {}) as { memory?: readonly ChunkJson[]; pages?: readonly PageJson[] };
  const pages = Array.isArray(o.pages) ? o.pages : [];
  const mapped = (a: number): boolean => pages.some((p) => typeof p?.address === 'number' && a >= p.address && a < p.address + p.length);
  if (!Array.isArray(o.memory)) return { bytes: m, mapped };
  for (const c of o.memory) {
    if (typeof c?.bytes !== 'string' || typeof c.address !== 'number') continue;
    const n = Math.min(c.bytes.length >> 1, MAX_MEMORY_BYTES - m.size);
    for (let k = 0; k < n; k++) m.set(c.address + k, parseInt(c.bytes.slice(2 * k, 2 * k + 2), 16));
    if (m.size >= MAX_MEMORY_BYTES) break;
  }
  return { bytes: m, mapped };
}

/**
 * The 16-byte rows of memory where the two answers differ. An answer lists only the non-zero runs of
 * its accessible memory (isa.md, program.md), so a byte not listed is 0 where the answer's pages make
 * it accessible, and null (shown as ··) where they do not.
 */
export function memoryRows(left: VectorExpected | null, right: VectorExpected | null, max = MAX_MEMORY_ROWS): { rows: PageMemoryRow[]; elided: number } {
  const a = memoryMap(left);
  const b = memoryMap(right);
  const at = (s: ReturnType<typeof memoryMap>, addr: number): number | null => s.bytes.get(addr) ?? (s.mapped(addr) ? 0 : null);
  const bases = new Set<number>();
  for (const addr of [...a.bytes.keys(), ...b.bytes.keys()]) if (at(a, addr) !== at(b, addr)) bases.add(addr - (addr % 16));
  const sorted = [...bases].sort((x, y) => x - y);
  const rows = sorted.slice(0, max).map((address) => ({
    address,
    left: Array.from({ length: 16 }, (_, k) => at(a, address + k)),
    right: Array.from({ length: 16 }, (_, k) => at(b, address + k)),
  }));
  return { rows, elided: sorted.length - rows.length };
}

/** One exit as a line of the events table. */
function exitLine(e: ProgramStepJson): string {
  const x = e.exit as Record<string, unknown> | null;
  const kind = x === null ? 'no exit (step bound)' : [x.kind, ...Object.entries(x).filter(([k]) => k !== 'kind').map(([k, v]) => `${k} ${String(v)}`)].join(' ');
  return `${kind} | vm ${e.vm} pc ${e.pc} gas ${e.gas} | r7 ${e.regs[7] ?? '?'} r8 ${e.regs[8] ?? '?'}`;
}

/** The exits of an answer (the kernel events a blob-level answer shows), one line each. */
export function eventLines(runner: Runner, x: VectorExpected | null, fault?: string): string[] {
  if (x === null) return [fault ?? '(no answer)'];
  try {
    if (runner === 'program') {
      const p = x as { accepted?: boolean; class?: string | null; initGas?: string; exits: readonly ProgramStepJson[] };
      const load = p.accepted === undefined ? [] : [p.accepted ? `loaded, init gas ${p.initGas ?? '?'}` : `rejected at load: ${p.class ?? '(class not given)'}`];
      return [...load, ...p.exits.map(exitLine)];
    }
    if (runner === 'isa') {
      const i = x as { exit: Record<string, unknown> | null; pc: number; gas: string };
      return [`${i.exit === null ? 'no exit' : Object.values(i.exit).map(String).join(' ')} | pc ${i.pc} gas ${i.gas}`];
    }
    if (runner === 'decode') {
      const d = x as { accepted: boolean; class: string | null };
      return [d.accepted ? 'accepted' : `rejected: ${d.class ?? '(class not given)'}`];
    }
    const k = x as { exit: Record<string, unknown> | null };
    return [k.exit === null ? 'no kernel exit' : Object.values(k.exit).map(String).join(' ')];
  } catch {
    return ['(an answer of an unexpected shape)'];
  }
}

/** The first difference of the answers as `vectors verify` finds it; the fault when the right side gave none. */
export function answerDifference(left: VectorExpected, right: SideRun): string | null {
  if (right.answer === null) return right.fault ?? `${right.name} gave no answer`;
  return firstDifference(...comparedForms(left, right.answer));
}

/** The spec-notes a detector finds in the difference (none when the sides agree or the right side gave no answer). */
export function detectedNotes(c: ReportCase, left: VectorExpected, right: SideRun): string[] {
  if (right.answer === null || c.runner === 'kernel' || answerDifference(left, right) === null) return [];
  try {
    return detectNotes({ kind: c.runner, profile: c.profile, input: c.input, expected: left, actual: right.answer });
  } catch {
    return [];
  }
}

/** The page of a case from its two runs; `pageFile` is where the page will be written (for relative links). */
export function pageOf(c: ReportCase, left: SideRun & { readonly answer: VectorExpected }, right: SideRun, pageFile: string, codes: ReadonlyMap<number, VmCode> = new Map()): DivergencePage {
  const first = traceDivergence(left.trace, right.trace);
  const { byVm, label } = imagesOf(c, left.answer, codes);
  const lines = disassembler(byVm);
  const byPc = new Map<number, Map<number, string>>();
  const instructionAt = (vm: number, pc: number): string | undefined => {
    let m = byPc.get(vm);
    if (m === undefined) byPc.set(vm, (m = new Map(lines(vm).map((l) => [l.pc, l.text]))));
    return m.get(pc);
  };
  // the code window: around the instruction of the last common step (else the first differing record, else the last record)
  const at = first === null ? left.trace[left.trace.length - 1] : left.trace[Math.max(0, first.step - 1)] ?? right.trace[first.step];
  const vm = at?.vm ?? [...byVm.keys()][0] ?? 0;
  const all = lines(vm);
  let code: DivergencePage['case']['code'] = null;
  if (all.length > 0) {
    const focus = at === undefined ? 0 : Math.max(0, all.findIndex((l) => l.pc === at.pc));
    const lo = Math.max(0, focus - 8);
    const hi = Math.min(all.length, focus + 9);
    code = { label: `Disassembly around pc ${at?.pc ?? all[0]?.pc ?? 0} (${label(vm)})`, lines: all.slice(lo, hi), elidedBefore: lo, elidedAfter: all.length - hi, focus: at?.pc ?? null };
  }
  const { rows, hiddenEqual } = answerRows(left.answer, right.answer);
  const memory = memoryRows(left.answer, right.answer);
  const side = (s: SideRun): PageSide => ({ name: s.name, records: s.trace, ...(s.traceAbsent === undefined ? {} : { absent: s.traceAbsent }) });
  return {
    case: { title: c.name, runner: c.runner, profile: c.profile, source: c.source, description: c.description, fields: caseFields(c), code },
    left: side(left), right: side(right), firstDiff: first, instructionAt,
    outcome: { difference: answerDifference(left.answer, right), rows, hiddenEqual, memory: memory.rows, memoryElided: memory.elided },
    events: { title: c.runner === 'program' && c.profile === 'jar1' ? 'Exits and kernel events' : 'Exits', left: eventLines(c.runner, left.answer), right: eventLines(c.runner, right.answer, right.fault) },
    notes: pageNotes(c.notes, detectedNotes(c, left.answer, right), pageFile),
  };
}

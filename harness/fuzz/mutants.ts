/**
 * Mutation testing of the differential tester: deliberate single-point bugs in the impl, each a
 * find/replace on one impl source file. A mutant engine is built by transpiling the impl's
 * TypeScript sources (with the one patch applied) to CommonJS in a temporary folder and loading it
 * there, so the real impl's hot loop carries no hooks. `javm fuzz --mutant <name>` runs a campaign
 * against it; the tests check that short campaigns find almost all of them.
 * A mutant engine runs the impl's first tier (the interpreter) only: the second tier (jit.ts) carries
 * its own copy of much of the semantics (branches, loads and stores, inline ALU ops), and it takes
 * over a block once the block is hot, counting entries across runs of the same code (code-cache.ts
 * shares decoded images by content). With both tiers, a patch to the interpreter would be in effect
 * for a case only until its code became hot, so the same case would diverge or not depending on the
 * cases run before it (a shrunk case that then passes on its re-run).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import type { CoreEngine } from '../../vectors/lib/engine.js';
import type { KernelEngine } from '../../vectors/lib/kernel.js';
import { UsageError, type Engine } from '../engines.js';
import type { Focus } from './cases.js';
import { packageRoot } from './regressions.js';

export interface Mutant {
  readonly name: string;
  /** Source file under the package root. */
  readonly file: string;
  readonly find: string;
  readonly replace: string;
  /** What the bug is, in words. */
  readonly what: string;
  /** The focus that should find it. */
  readonly focus: Focus;
}

const K = (file: string): string => `impl/kernel/${file}.ts`;

export const MUTANTS: readonly Mutant[] = [
  // ---- core: sign extension, bounds, addresses, branches, arithmetic, gas
  { name: 'load-i8-zero-extends', focus: 'core', file: 'impl/core/interp.ts', what: 'load_i8 zero-extends (wrong sign extension)',
    find: 'if (kind === 1) { lo = (lo << 24) >> 24; hi = lo >> 31; }', replace: 'if (kind === 1) { lo = (lo << 24) >>> 24; hi = lo >> 31; }' },
  { name: 'load-i32-high-zero', focus: 'core', file: 'impl/core/interp.ts', what: 'load_i32 leaves the high half 0',
    find: 'else if (kind === 5) hi = lo >> 31;', replace: 'else if (kind === 5) hi = 0;' },
  { name: 'imm-zero-extended', focus: 'core', file: 'impl/core/decode.ts', what: 'immediates are zero-extended instead of sign-extended',
    find: 'return (leU32(code, i, n) << shift) >> shift;', replace: 'return (leU32(code, i, n) << shift) >>> shift;' },
  { name: 'sign-extend-16-high-zero', focus: 'core', file: 'impl/core/ops.ts', what: 'sign_extend_16 does not fill the high half',
    find: 'case Op.sign_extend_16: rl = (bl << 16) >> 16; rh = rl >> 31; break;', replace: 'case Op.sign_extend_16: rl = (bl << 16) >> 16; rh = 0; break;' },
  { name: 'three-reg-32-no-sext', focus: 'core', file: 'impl/core/ops.ts', what: '32-bit ThreeReg results are zero-extended',
    find: 'L[d] = rl;\n  H[d] = w32 ? rl >> 31 : rh;', replace: 'L[d] = rl;\n  H[d] = w32 ? 0 : rh;' },
  { name: 'read-bounds-off-by-one', focus: 'core', file: 'impl/core/memory.ts', what: 'a read ending one byte past the page is not a straddle (off-by-one in bounds)',
    find: 'if (off + n <= PAGE_SIZE) {\n      const b = this.page(a >>> 12);', replace: 'if (off + n <= PAGE_SIZE + 1) {\n      const b = this.page(a >>> 12);' },
  { name: 'write-ignores-read-only', focus: 'core', file: 'impl/core/memory.ts', what: 'stores to read-only pages succeed',
    find: 'const b = this.writablePage(a >>> 12);', replace: 'const b = this.page(a >>> 12);' },
  { name: 'fault-address-not-page-base', focus: 'core', file: 'impl/core/interp.ts', what: 'the fault address is the byte, not its page base',
    find: 'm.exitArg = (fa & ~4095) >>> 0;', replace: 'm.exitArg = fa >>> 0;' },
  { name: 'branch-lt-s-unsigned', focus: 'core', file: 'impl/core/interp.ts', what: 'branch_lt_s compares unsigned',
    find: 'case Op.branch_lt_s: taken = ltS(al, ah, bl, bh); break;', replace: 'case Op.branch_lt_s: taken = ltU(al, ah, bl, bh); break;' },
  { name: 'branch-ge-u-imm-strict', focus: 'core', file: 'impl/core/interp.ts', what: 'branch_ge_u_imm is taken only when greater',
    find: 'case Op.branch_ge_u_imm: taken = !ltU(al, ah, bl, bh); break;', replace: 'case Op.branch_ge_u_imm: taken = ltU(bl, bh, al, ah); break;' },
  { name: 'djump-last-entry', focus: 'core', file: 'impl/core/interp.ts', what: 'a djump to the last jump-table entry panics (off-by-one)',
    find: 'idx > jumpTable.length) return DJ_PANIC;', replace: 'idx >= jumpTable.length) return DJ_PANIC;' },
  { name: 'div-u-64-by-zero', focus: 'core', file: 'impl/core/ops.ts', what: 'div_u_64 by zero gives 0 instead of 2^64-1',
    find: 'case Op.div_u_64: if ((bl | bh) === 0) { rl = -1; rh = -1; }', replace: 'case Op.div_u_64: if ((bl | bh) === 0) { rl = 0; rh = 0; }' },
  { name: 'shr-64-mask-31', focus: 'core', file: 'impl/core/ops.ts', what: 'shlo_r_64 masks the shift to 5 bits',
    find: 'case Op.shlo_r_64: shr64(al, ah, bl & 63);', replace: 'case Op.shlo_r_64: shr64(al, ah, bl & 31);' },
  { name: 'cmov-iz-low-half', focus: 'core', file: 'impl/core/ops.ts', what: 'cmov_iz_imm tests only the low half',
    find: 'case Op.cmov_iz: if ((bl | bh) === 0)', replace: 'case Op.cmov_iz: if (bl === 0)' },
  { name: 'gas-mem-cycles-bias', focus: 'core', file: 'impl/core/gas.ts', what: 'the single-pass block cost is one too high',
    find: 'return maxDone > 3 ? maxDone - 3 : 1;', replace: 'return maxDone > 3 ? maxDone - 2 : 1;' },
  { name: 'gp-block-cost-short', focus: 'core', file: 'impl/core/gas.ts', what: 'gp blocks cost one instruction less',
    find: 'if (p >= c.code.length || endsBlock(byteAt(c, p)) || !startAt(c, p)) return n;', replace: 'if (p >= c.code.length || endsBlock(byteAt(c, p)) || !startAt(c, p)) return n > 1 ? n - 1 : n;' },
  // ---- kernel: control transfer, gas, IPC, references, cap operations
  { name: 'reply-no-gas-refund', focus: 'kernel', file: K('call'), what: "REPLY does not return the callee's unused gas",
    find: 'returnTo(k, vm, ST_IDLE,', replace: 'k.contexts.setGas(vm, 0n); returnTo(k, vm, ST_IDLE,' },
  { name: 'ipc-cap-not-returned', focus: 'kernel', file: K('call'), what: 'REPLY does not give the IPC cap back to the caller',
    find: 'frame.caller.set(frame.ipcSlot, cap);', replace: 'void frame.caller;' },
  { name: 'indirection-wrong-order', focus: 'kernel', file: K('resolve'), what: 'cap references walk the hop bytes 1, 2, 3 instead of 3, 2, 1',
    find: 'for (let shift = 24; shift >= 8; shift -= 8) {', replace: 'for (let shift = 8; shift <= 24; shift += 8) {' },
  { name: 'move-not-unmapping', focus: 'kernel', file: K('cnode'), what: 'MOVE of a DATA cap to another CNode leaves it mapped',
    find: 'if (cap.kind === CAP_DATA && subject.vm !== object.vm) unmapAll(subject.vm, cap);', replace: '' },
  { name: 'call-overhead-free', focus: 'kernel', file: K('call'), what: 'CALL does not charge its 10-gas overhead',
    find: 'c.charge(caller, CALL_GAS);', replace: 'c.charge(caller, 0);' },
  { name: 'max-gas-ignored', focus: 'kernel', file: K('call'), what: "CALL ignores the HANDLE's gas ceiling",
    find: 'if (ceiling !== null && ceiling < c.gasOf(caller)) {', replace: 'if (false) {' },
  { name: 'phi10-not-passed', focus: 'kernel', file: K('call'), what: 'CALL passes φ7..φ9 only',
    find: 'for (let i = 7; i <= 10; i++)', replace: 'for (let i = 7; i <= 9; i++)' },
  { name: 'create-skips-unique', focus: 'kernel', file: K('vm'), what: 'CREATE skips non-copyable caps instead of failing (spec-notes/0039)',
    find: '!copyable(cap)) return what(k, vm); // a unique cap cannot be shared', replace: '!copyable(cap)) continue; //' },
  { name: 'retype-no-base-cost', focus: 'kernel', file: K('memory-caps'), what: 'RETYPE does not charge its 10-gas base',
    find: 'const cost = 10n + n * PAGE_GAS;', replace: 'const cost = n * PAGE_GAS;' },
  { name: 'retype-consumes-on-failure', focus: 'kernel', file: K('memory-caps'), what: 'RETYPE bumps the allocator when the destination fails (spec-notes/0036)',
    find: 'if (dst === null || dst.vm.caps.has(dst.slot)) return what(k, vm); // unreachable or occupied: nothing consumed',
    replace: 'if (dst === null || dst.vm.caps.has(dst.slot)) { k.untypedOffset += Number(n); return what(k, vm); }' },
  { name: 'split-mapped', focus: 'kernel', file: K('memory-caps'), what: 'SPLIT accepts a mapped DATA cap',
    find: 'if (cap.mapped !== null) return what(k, vm); // must be wholly unmapped', replace: '' },
  { name: 'map-access-two', focus: 'kernel', file: K('memory-caps'), what: 'MAP accepts access byte 2 (spec-notes/0046)',
    find: 'if (rawAccess > 1n) return what(k, vm);', replace: 'if (rawAccess > 2n) return what(k, vm);' },
  { name: 'downgrade-drops-ceiling', focus: 'kernel', file: K('cnode'), what: "DOWNGRADE does not keep the HANDLE's gas ceiling",
    find: 'const callable: VmCap = { kind: CAP_CALLABLE, vm: cap.vm, maxGas: cap.maxGas };', replace: 'const callable: VmCap = { kind: CAP_CALLABLE, vm: cap.vm, maxGas: null };' },
  { name: 'child-halt-status-0', focus: 'kernel', file: K('call'), what: 'a halted child looks like a REPLY to its caller (status 0)',
    find: 'returnTo(k, vm, ST_HALTED, HUH, CHILD_STATUS.panic);', replace: 'returnTo(k, vm, ST_HALTED, HUH, 0n);' },
  { name: 'ecalli-128-valid', focus: 'kernel', file: K('dispatch'), what: 'ecalli 128 is dispatched instead of faulting (spec-notes/0037)',
    find: 'if (imm > 127) return kernelFault(CHILD_STATUS.invalidEcalli, BigInt(imm));', replace: 'if (imm > 128) return kernelFault(CHILD_STATUS.invalidEcalli, BigInt(imm));' },
  { name: 'oog-gas-kept', focus: 'kernel', file: K('run'), what: 'a kernel-detected out-of-gas leaves the VM its gas',
    find: 'if (status === CHILD_STATUS.oog) k.contexts.setGas(vm, 0n);', replace: '' },
  // ---- blobs
  { name: 'entry-size-five', focus: 'blob', file: 'impl/core/blob.ts', what: 'jump-table entry size 5 is accepted',
    find: 'if (z < 1 || z > 4) return bad(', replace: 'if (z < 1 || z > 5) return bad(' },
  { name: 'overlap-adjacent', focus: 'blob', file: 'impl/kernel/manifest.ts', what: 'adjacent DATA caps count as overlapping',
    find: 'if (lo.basePage + lo.pageCount > hi.basePage)', replace: 'if (lo.basePage + lo.pageCount >= hi.basePage)' },
];

/** The mutant of a name, or a usage error listing them. */
export function mutantByName(name: string): Mutant {
  const m = MUTANTS.find((x) => x.name === name);
  if (m === undefined) throw new UsageError(`--mutant: unknown mutant '${name}' (choose ${MUTANTS.map((x) => x.name).join(', ')})`);
  return m;
}

/** TypeScript files of a folder, recursively, skipping tests and scripts. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return f === 'test' || f === 'scripts' ? [] : sources(p);
    return f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.d.ts') ? [p] : [];
  });
}

interface Ts {
  transpileModule(src: string, o: { compilerOptions: Record<string, unknown>; fileName?: string }): { outputText: string };
  ModuleKind: { CommonJS: number };
  ScriptTarget: { ES2022: number };
}

/** The part of the transpiled impl's core factory a mutant engine changes (createMachine's tier). */
interface InterpFactory {
  createMachine(profile: string, options?: { tier?: 'interp' | 'jit'; hot?: number }): unknown;
}

const built = new Map<string, Engine>();
/** The impl's sources, read and transpiled once per process: relative path → [TypeScript, JavaScript]. */
let plain: Map<string, [string, string]> | null = null;

const compilerOptions = (ts: Ts): Record<string, unknown> => ({ module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true });

function implSources(root: string, ts: Ts): Map<string, [string, string]> {
  if (plain !== null) return plain;
  plain = new Map();
  for (const file of [...sources(join(root, 'impl')), ...sources(join(root, 'vectors', 'lib'))]) {
    const rel = relative(root, file).split('\\').join('/');
    const src = readFileSync(file, 'utf8');
    plain.set(rel, [src, ts.transpileModule(src, { fileName: rel, compilerOptions: compilerOptions(ts) }).outputText]);
  }
  return plain;
}

/** Applies a mutant's patch to the source text; it must match exactly once. */
export function patched(m: Mutant, src: string): string {
  const at = src.indexOf(m.find);
  if (at < 0 || src.indexOf(m.find, at + 1) >= 0) throw new Error(`mutant ${m.name}: its text occurs ${at < 0 ? 'nowhere' : 'more than once'} in ${m.file} (update harness/fuzz/mutants.ts)`);
  return src.slice(0, at) + m.replace + src.slice(at + m.find.length);
}

/** The impl with one mutant's bug, as an engine named impl~<mutant>. */
export function mutantEngine(name: string): Engine {
  const cached = built.get(name);
  if (cached !== undefined) return cached;
  const m = mutantByName(name);
  const root = packageRoot();
  // A build is kept in the temp folder under a hash of the impl's sources and the patch, so that the
  // next process serving the same mutant (javm serve --mutant, one per target restart) loads it at once.
  const hash = createHash('sha256').update(JSON.stringify([m.find, m.replace, m.file]));
  for (const file of [...sources(join(root, 'impl')), ...sources(join(root, 'vectors', 'lib'))]) hash.update(relative(root, file)).update(readFileSync(file));
  const out = join(tmpdir(), `javm-mutant-${name}-${hash.digest('hex').slice(0, 16)}`);
  if (!existsSync(join(out, '.complete'))) {
    const ts = createRequire(join(root, 'package.json'))('typescript') as Ts;
    const files = implSources(root, ts);
    const target = files.get(m.file);
    if (target === undefined) throw new Error(`mutant ${m.name}: ${m.file} is not an impl source file`);
    const tmp = mkdtempSync(`${out}.tmp-`); // written aside, then renamed: a reader never sees half a build
    writeFileSync(join(tmp, 'package.json'), '{ "type": "commonjs" }\n');
    for (const [rel, [, js]] of files) {
      const text = rel === m.file ? ts.transpileModule(patched(m, target[0]), { fileName: rel, compilerOptions: compilerOptions(ts) }).outputText : js;
      const dest = join(tmp, rel.replace(/\.ts$/, '.js'));
      mkdirSync(dirname(dest), { recursive: true });
      writeFileSync(dest, text);
    }
    writeFileSync(join(tmp, '.complete'), '');
    try {
      renameSync(tmp, out);
    } catch {
      rmSync(tmp, { recursive: true, force: true }); // another process finished the same build first
    }
  }
  const load = createRequire(join(out, 'package.json'));
  const implIndex = load('./impl/index.js') as { implCoreWithTier: (tier: 'interp') => CoreEngine; implCoreFactory: InterpFactory };
  const kernelIndex = load('./impl/kernel/index.js') as { kernelEngine: (f: unknown, name: string) => KernelEngine };
  const engineName = `impl~${name}`;
  // the interpreter tier only, in the core engine and in the kernel's machines (see the header)
  const factory = implIndex.implCoreFactory;
  const interpFactory: InterpFactory = { ...factory, createMachine: (profile, options) => factory.createMachine(profile, { ...options, tier: 'interp' }) };
  const engine: Engine = {
    name: engineName, core: { ...implIndex.implCoreWithTier('interp'), name: engineName }, kernel: kernelIndex.kernelEngine(interpFactory, engineName),
  };
  built.set(name, engine);
  return engine;
}

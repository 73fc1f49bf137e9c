/**
 * Round variants of the campaign (harness/fuzz/variants.ts): which rounds run in one (a function of
 * the round seed), that a variant round of the impl decodes its programs lazily in tiny regions (and
 * on the tier the variant names) and puts everything back afterwards, and that a divergence only a
 * variant shows is found by a campaign, named in its report and replayed from (focus, seed, path).
 */
import { describe, expect, test } from 'vitest';
import type { CoreEngine } from '../../vectors/lib/engine.js';
import { ENGINES, type Engine } from '../engines.js';
import { replay, roundSeed, runLoop } from '../fuzz/campaign.js';
import { IMPL_VARIANTS, inVariantOf, KERNEL_OVER_MODEL_CORE, KERNEL_ROUND_VARIANTS, VARIANT_EVERY, variantOf, variantsOf } from '../fuzz/variants.js';
import { diffCase } from '../fuzz/diff.js';
import { kernelCase } from '../fuzz/kernel-arb.js';
import { runKernelCase } from '../fuzz/run.js';
import { implKernel } from '../../impl/kernel/index.js';
import { implCoreFactory, ImplMachine } from '../../impl/core/index.js';
import { imageOf } from './support/image.js';

const model = ENGINES.model as Engine;
const impl = ENGINES.impl as Engine;

/** A fresh program (its content unseen by the impl's decode cache): load_imm r7, k; trap. */
const fresh = (k: number) => imageOf([[51, 0x07, k & 0xff, (k >> 8) & 0xff], [0]]);

describe('which rounds run in a variant', () => {
  test('even seeds (VARIANT_EVERY = 2), the variant picked by the seed divided by 2^16', () => {
    expect(VARIANT_EVERY).toBe(2);
    expect(variantOf(5, IMPL_VARIANTS)).toBeNull();
    expect(variantOf(196609, IMPL_VARIANTS)).toBeNull();
    // 262144 = 4 · 65536: variant 4 mod 4 = 0; 65538 / 65536 = 1.00003: variant 1; 131074: variant 2; 196610: variant 3
    expect(variantOf(262144, IMPL_VARIANTS)).toBe(IMPL_VARIANTS[0]);
    expect(variantOf(65538, IMPL_VARIANTS)).toBe(IMPL_VARIANTS[1]);
    expect(variantOf(131074, IMPL_VARIANTS)).toBe(IMPL_VARIANTS[2]);
    expect(variantOf(196610, IMPL_VARIANTS)).toBe(IMPL_VARIANTS[3]);
    expect(variantOf(0, [])).toBeNull();
  });

  test('the impl has the variants (either side of the pair); the model against itself has none', () => {
    expect(variantsOf([model, impl])).toBe(IMPL_VARIANTS);
    expect(variantsOf([impl, model])).toBe(IMPL_VARIANTS);
    expect(variantsOf([model, model])).toEqual([]);
    expect(variantsOf([model, model], 'kernel')).toEqual([]);
    expect(IMPL_VARIANTS.map((v) => v.name)).toEqual([
      'impl: lazy decode, 16-pc regions (2 kept)', 'impl: lazy decode, 16-pc regions (3 kept), interp tier',
      'impl: lazy decode, 32-pc regions (2 kept), every block compiled on first entry', 'impl: eager decode, every block compiled on first entry',
    ]);
  });
});

describe('the impl kernel over the model\'s core (kernel and blob rounds)', () => {
  test('kernel and blob rounds of the impl have a fifth variant; core rounds do not', () => {
    expect(variantsOf([model, impl], 'kernel')).toBe(KERNEL_ROUND_VARIANTS);
    expect(variantsOf([impl, model], 'blob')).toBe(KERNEL_ROUND_VARIANTS);
    expect(variantsOf([model, impl], 'core')).toBe(IMPL_VARIANTS);
    expect(KERNEL_ROUND_VARIANTS).toEqual([...IMPL_VARIANTS, KERNEL_OVER_MODEL_CORE]);
    // 262144 = 4 · 65536: variant 4 of 5 in kernel rounds, variant 0 of 4 in core rounds
    expect(variantOf(262144, KERNEL_ROUND_VARIANTS)?.name).toBe("impl: kernel over the model's core");
    expect(inVariantOf('core', 262144, [model, impl], (v) => v?.name)).toBe(IMPL_VARIANTS[0]?.name);
  });

  test('swaps the impl kernel (still named impl) for one over the model core; the model and the core half stay; the case agrees', () => {
    // root: protocol exit with r7 = 5 (set before the ecalli), then REPLY
    const c = kernelCase({ programs: [{ steps: [{ t: 'op', call: 1, regs: [[7, 5n]] }], end: 'reply' }], data: [], extraPages: 0, gas: 100_000n, host: 3, args: [] });
    const seen = inVariantOf('kernel', 262144, [model, impl], (v, engines) => {
      const [a, b] = engines;
      const r = runKernelCase(b.kernel, c);
      return {
        name: v?.name, model: a === model, implName: b.name, kernelSwapped: b.kernel !== implKernel, core: b.core === impl.core,
        exit: r.stops[0]?.exit, r7: r.snapshots[0]?.vms.find((m) => m.id === 0)?.regs[7], diff: diffCase(c, a, b),
      };
    });
    expect(seen).toEqual({ name: "impl: kernel over the model's core", model: true, implName: 'impl', kernelSwapped: true, core: true, exit: { kind: 'protocol', id: 1 }, r7: 5n, diff: null });
  });
});

describe('a variant round of the impl', () => {
  test('decodes programs lazily in its regions, on its tier; afterwards eagerly on the default tier again', () => {
    const saved = process.env.JAVM_IMPL_TIER;
    delete process.env.JAVM_IMPL_TIER;
    try {
      const seen = inVariantOf('core', 65538, [model, impl], (v, engines) => {
        expect(engines).toEqual([model, impl]);
        const d = implCoreFactory.compile('gp', fresh(1001), 0);
        return { name: v?.name, region: d.lazy?.region, capacity: d.lazy?.capacity, tier: new ImplMachine('gp').tier };
      });
      expect(seen).toEqual({ name: IMPL_VARIANTS[1]?.name, region: 16, capacity: 3, tier: 'interp' });
      expect(implCoreFactory.compile('gp', fresh(1002), 0).lazy).toBeNull();
      expect(process.env.JAVM_IMPL_TIER).toBeUndefined();
      expect(new ImplMachine('gp').tier).toBe('jit');
      // 16-pc regions on the default tier (kernel rounds have 5 variants: 327680 = 5 · 65536, variant 0); 32-pc regions (131074: variant 2)
      expect(inVariantOf('kernel', 327680, [model, impl], () => [implCoreFactory.compile('gp', fresh(1003), 0).lazy?.region, new ImplMachine('gp').tier])).toEqual([16, 'jit']);
      expect(inVariantOf('blob', 131074, [model, impl], () => implCoreFactory.compile('gp', fresh(1004), 0).lazy?.region)).toBe(32);
    } finally {
      if (saved === undefined) delete process.env.JAVM_IMPL_TIER;
      else process.env.JAVM_IMPL_TIER = saved;
    }
  });

  test('every block compiled on first entry: a stand-in impl (named impl) compiles a block the first time it runs; the model stays', () => {
    // load_imm r7, k; trap: one block at pc 0, run once
    const image = fresh(1010);
    const input = { profile: 'gp' as const, image, pc: 0, gas: 100n, regs: new Array<bigint>(13).fill(0n), pages: [], memory: [] };
    const [a, b, blocks] = inVariantOf('core', 196610, [model, impl], (_, engines) => {
      const r = engines[1].core.runCore(input, { maxSteps: 10 });
      expect(r.state.regs[7]).toBe(1010n & 0xffffn);
      expect(r.exit).toEqual({ kind: 'trap' });
      return [engines[0], engines[1], implCoreFactory.compile('gp', image, 0).blocks[0]];
    });
    expect(a).toBe(model);
    expect(b).not.toBe(impl);
    expect([b.name, b.core.name, b.kernel.name]).toEqual(['impl', 'impl', 'impl']);
    expect(typeof blocks).toBe('function');
    // on the defaults the same run leaves the block to the interpreter (compiled after 8 entries)
    const other = fresh(1011);
    impl.core.runCore({ ...input, image: other }, { maxSteps: 10 });
    expect(implCoreFactory.compile('gp', other, 0).blocks[0]).toBeUndefined();
  });

  test('is undone also when the round throws; scale rounds and odd seeds run on the defaults', () => {
    expect(() => inVariantOf('core', 262144, [model, impl], () => {
      throw new Error('boom');
    })).toThrow('boom');
    expect(implCoreFactory.compile('gp', fresh(1005), 0).lazy).toBeNull();
    expect(inVariantOf('scale', 262144, [model, impl], (v) => [v, implCoreFactory.compile('gp', fresh(1006), 0).lazy])).toEqual([null, null]);
    expect(inVariantOf('core', 196609, [model, impl], (v) => [v, implCoreFactory.compile('gp', fresh(1007), 0).lazy])).toEqual([null, null]);
  });
});

/** The impl with one more unit of gas left than it has, but only for a program it decoded lazily (a bug only a variant round shows). */
function lazyGasPlusOne(): Engine {
  const core: CoreEngine = {
    name: 'lazy-gas+1',
    parseCode: impl.core.parseCode,
    runCore: (input, o) => {
      const r = impl.core.runCore(input, o);
      const lazy = implCoreFactory.compile(input.profile, input.image, 0).lazy !== null;
      return lazy ? { ...r, state: { ...r.state, gas: r.state.gas + 1n } } : r;
    },
  };
  return { name: 'lazy-gas+1', core, kernel: impl.kernel };
}

describe('a campaign against a bug only lazy decoding shows', () => {
  test('finds it in a variant round, names the variant, and replays it from focus, seed and path', () => {
    const engines = [model, lazyGasPlusOne()] as const;
    // core rounds only: round r of stream 0 has seed roundSeed(7, 0, r)
    const failures = runLoop({ engines: [model, impl], foci: ['core'], seed: 7, stream: 0, timeMs: 60_000, runs: 1 }); // warm-up: the pair passes
    expect(failures).toEqual([]);
    // the first round decoding lazily (the stand-in of the eager hot0 variant replaces only the impl itself, not this wrapper)
    const firstVariant = Array.from({ length: 40 }, (_, r) => r).find((r) => variantOf(roundSeed(7, 0, r), IMPL_VARIANTS)?.name.includes('lazy') === true) ?? -1;
    expect(firstVariant).toBeGreaterThanOrEqual(0);
    const found = runLoop({ engines, foci: ['core'], seed: 7, stream: 0, timeMs: 120_000, runs: 5 * (firstVariant + 1), roundRuns: 5 });
    expect(found).toHaveLength(1);
    const f = found[0]!;
    expect(f.seed).toBe(roundSeed(7, 0, firstVariant));
    expect(f.reproduced).toBe(true);
    expect(f.divergence.summary).toBe('core result differs in 1 path(s)'); // the gas only
    expect(f.divergence.details.join('\n')).toContain('gas');
    expect(f.localisation).toContain(`(round variant: ${variantOf(f.seed, IMPL_VARIANTS)?.name})`);
    const again = replay('core', f.seed, f.path, engines);
    expect(again?.divergence.summary).toBe(f.divergence.summary);
  });
});

/**
 * Round variants: configurations of an engine under test that some rounds of a campaign run in, so
 * that code paths its defaults keep out of reach of small cases are fuzzed too. The impl decodes
 * code longer than 256 KB lazily, region by region (impl/core/decode.ts), and no fuzz case is that
 * long: in a variant round it decodes every program lazily in tiny regions (16 pcs: region edges
 * inside every block, evictions in every loop; or 32 pcs), on its default tiers or on the
 * interpreter alone (JAVM_IMPL_TIER). Its second tier compiles a block after 8 entries, which few
 * cases reach: other variant rounds run a stand-in impl (same code, still named impl) whose machines
 * compile every block on first entry, so every instruction stream runs compiled. Lazy and eager
 * decoding, both tiers and any compile threshold must give the same results, so the model stays the
 * reference unchanged. Kernel and blob rounds have one more variant: the impl kernel over the model's
 * core (model-core-double.ts), whose machines have no loadRegs/saveRegs, so the kernel moves registers
 * one by one and the kernel/core seam (what the kernel hands a core and takes back) is under test.
 *
 * The variant of a round is a function of the round's focus and seed alone (variantOf), so that
 * `javm fuzz --focus F --seed S --path P` replays a case in the variant it failed in. Engines other
 * than the in-process impl have no variants. The impl's decoded-program cache (code-cache.ts) keys
 * programs by content only: a program met again in another variant keeps the decoding of its first
 * meeting (same results either way; random programs rarely repeat, so most cases of a variant round
 * are decoded in it).
 */
import type { Engine } from '../engines.js';
import type { Focus } from './cases.js';
import type { Profile } from '../../vectors/lib/types.js';
import { configureLazyDecode, type LazySizes } from '../../impl/core/decode.js';
import { implCoreFactory } from '../../impl/core/index.js';
import { implCore, implCoreWithTier } from '../../impl/index.js';
import { implKernel, kernelEngine } from '../../impl/kernel/index.js';
import { modelCoreDouble } from './model-core-double.js';

/** A configuration some rounds run in: apply() sets it up for a pair of engines and returns the engines to run (the same, or stand-ins) and the function that undoes it. */
export interface Variant {
  readonly name: string;
  apply(engines: readonly [Engine, Engine]): { engines: readonly [Engine, Engine]; undo: () => void };
}

/** One round in this many (by seed) runs in a variant of the engines, when they have any. */
export const VARIANT_EVERY = 2;

/** Sets JAVM_IMPL_TIER (undefined: unset) for machines created from now on; returns the previous value. */
function setTier(tier: string | undefined): string | undefined {
  const prev = process.env.JAVM_IMPL_TIER;
  if (tier === undefined) delete process.env.JAVM_IMPL_TIER;
  else process.env.JAVM_IMPL_TIER = tier;
  return prev;
}

/** The engine is the in-process impl (core and kernel). */
const isImpl = (e: Engine): boolean => e.core === implCore && e.kernel === implKernel;
/** The engine runs the in-process impl's decoder (a wrapper around either half counts: lazy decoding reaches it). */
const usesImpl = (e: Engine): boolean => e.core === implCore || e.kernel === implKernel;

/** The impl whose machines compile every block on its first entry (second tier, hot = 0), core and kernel; still named impl. */
function eagerJit(e: Engine): Engine {
  const factory = { ...implCoreFactory, createMachine: (profile: Profile) => implCoreFactory.createMachine(profile, { tier: 'jit', hot: 0 }) };
  return { name: e.name, core: { ...implCoreWithTier('jit', 0), name: e.core.name }, kernel: kernelEngine(factory, e.kernel.name) };
}
let eagerJitEngine: Engine | null = null;

/**
 * The impl decoding every program lazily in regions of `region` pcs (at most `capacity` kept; region 0:
 * the default sizes, eager for fuzz-sized code), on the interpreter alone (tier interp) or with every
 * block compiled on first entry (hot0) or the defaults.
 */
function implVariant(region: number, capacity: number, tier: 'interp' | 'hot0' | undefined): Variant {
  const sizes: LazySizes | null = region === 0 ? null : { eagerMax: 0, region, capacity };
  const decoding = sizes === null ? 'eager decode' : `lazy decode, ${region}-pc regions (${capacity} kept)`;
  return {
    name: `impl: ${decoding}${tier === 'interp' ? ', interp tier' : tier === 'hot0' ? ', every block compiled on first entry' : ''}`,
    apply: (engines) => {
      const prevSizes = sizes === null ? null : configureLazyDecode(sizes);
      const prevTier = tier === 'interp' ? { value: setTier(tier) } : null;
      const swap = (e: Engine): Engine => (tier === 'hot0' && isImpl(e) ? (eagerJitEngine ??= eagerJit(e)) : e);
      return {
        engines: [swap(engines[0]), swap(engines[1])],
        undo: () => {
          if (prevSizes !== null) configureLazyDecode(prevSizes);
          if (prevTier !== null) setTier(prevTier.value);
        },
      };
    },
  };
}

/** The impl's variants: lazy decoding in tiny regions (both tiers), and every block compiled on first entry (eager and lazy decoding). */
export const IMPL_VARIANTS: readonly Variant[] = [
  implVariant(16, 2, undefined),
  implVariant(16, 3, 'interp'),
  implVariant(32, 2, 'hot0'),
  implVariant(0, 0, 'hot0'),
];

/** The stand-in of each engine in KERNEL_OVER_MODEL_CORE, made once per engine. */
const overModelCore = new WeakMap<Engine, Engine>();

/** An engine with the impl kernel over the model's core in place of its kernel; its name and core half stay. */
function kernelOverModelCore(e: Engine): Engine {
  let s = overModelCore.get(e);
  if (s === undefined) overModelCore.set(e, (s = { name: e.name, core: e.core, kernel: kernelEngine(modelCoreDouble, e.kernel.name) }));
  return s;
}

/** The impl kernel over the model's core (a machine without loadRegs/saveRegs), in place of an engine whose kernel is the impl's; still named impl. */
export const KERNEL_OVER_MODEL_CORE: Variant = {
  name: "impl: kernel over the model's core",
  apply: (engines) => {
    const swap = (e: Engine): Engine => (e.kernel === implKernel ? kernelOverModelCore(e) : e);
    return { engines: [swap(engines[0]), swap(engines[1])], undo: () => undefined };
  },
};

/** The variants of kernel and blob rounds when an engine runs the impl kernel: the impl's, and its kernel over the model's core. */
export const KERNEL_ROUND_VARIANTS: readonly Variant[] = [...IMPL_VARIANTS, KERNEL_OVER_MODEL_CORE];

/**
 * The variants of a pair of engines in rounds of a focus: the impl's when either runs the in-process
 * impl (the stand-in of hot0 replaces the impl itself only), plus the kernel over the model's core in
 * kernel and blob rounds when either runs the impl kernel; else none.
 */
export function variantsOf(engines: readonly Engine[], focus: Focus = 'core'): readonly Variant[] {
  if ((focus === 'kernel' || focus === 'blob') && engines.some((e) => e.kernel === implKernel)) return KERNEL_ROUND_VARIANTS;
  return engines.some(usesImpl) ? IMPL_VARIANTS : [];
}

/** The variant a round of this seed runs in (null: the engines' defaults): one seed in VARIANT_EVERY, the variant picked by the seed's high bits. */
export function variantOf(seed: number, variants: readonly Variant[]): Variant | null {
  if (variants.length === 0 || seed % VARIANT_EVERY !== 0) return null;
  return variants[Math.floor(seed / 65536) % variants.length] ?? null;
}

/**
 * Runs `body` with the variant of a round (focus, seed) set up, and undone afterwards (also on a
 * throw). Scale rounds run in none: their cases take seconds already, on the engines' defaults.
 */
export function inVariantOf<T>(
  focus: Focus, seed: number, engines: readonly [Engine, Engine], body: (variant: Variant | null, engines: readonly [Engine, Engine]) => T,
): T {
  const v = focus === 'scale' ? null : variantOf(seed, variantsOf(engines, focus));
  if (v === null) return body(null, engines);
  const set = v.apply(engines);
  try {
    return body(v, set.engines);
  } finally {
    set.undo();
  }
}

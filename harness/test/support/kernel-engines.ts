/**
 * The kernel engines the kernel tests run over: the model, the impl kernel on a model-core double
 * (harness/fuzz/model-core-double.ts, also a round variant of javm fuzz)
 * (so the kernel is tested on its own), and every registered engine's kernel.
 */
import { kernelEngine } from '../../../impl/kernel/index.js';
import { modelKernel } from '../../../model/kernel/index.js';
import type { KernelEngine } from '../../../vectors/lib/kernel.js';
import { ENGINES } from '../../engines.js';
import { modelCoreDouble } from '../../fuzz/model-core-double.js';

export interface NamedKernel {
  readonly name: string;
  readonly engine: KernelEngine;
  /** Runs on the model's core: the 19M-gas loop is left to model/test and the fast engines. */
  readonly slow: boolean;
}

export const IMPL_ON_MODEL_CORE = kernelEngine(modelCoreDouble, 'impl-kernel/model-core');

export const KERNEL_ENGINES: readonly NamedKernel[] = [
  { name: 'model', engine: modelKernel, slow: true },
  { name: IMPL_ON_MODEL_CORE.name, engine: IMPL_ON_MODEL_CORE, slow: true },
  ...Object.values(ENGINES).filter((e) => e.kernel !== modelKernel).map((e) => ({ name: `${e.name}`, engine: e.kernel, slow: false })),
];

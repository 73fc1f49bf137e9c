/**
 * The impl capability kernel: a mutable, allocation-light reading of the kernel spec (kernel.md,
 * spec-notes/0029-0053), written independently of model/kernel and driving the core through
 * impl/core/api.ts.
 */
export { kernelEngine, memCyclesFor } from './engine.js';
export { ImplKernel } from './engine.js';

import { implCoreFactory } from '../core/index.js';
import { kernelEngine } from './engine.js';

/** The impl kernel over the impl core: the `impl` engine's kernel (harness/engines.ts). */
export const implKernel = kernelEngine(implCoreFactory, 'impl');

/**
 * `javm-kit/impl`: the optimized interpreter, written independently of the model, behind the same
 * engine contract (core and capability kernel, both profiles). `implCoreWithTier` picks the tier
 * ('interp': the switch interpreter; 'jit': compiled basic blocks); `implCore` uses JAVM_IMPL_TIER, else jit.
 */
export { implCore, implCoreWithTier, parseCode, runCore, startCore } from '../../impl/index.js';
export { implKernel } from '../../impl/kernel/index.js';
export type { Tier } from '../../impl/core/index.js';

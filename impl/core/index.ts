/**
 * impl/core's offer to the impl kernel and to its own CoreEngine (api.ts): compile a CODE cap once,
 * machines of either tier, address spaces of page views, and blob parsing.
 */
import type { CodeImage, Profile } from '../../vectors/lib/types.js';
import type { CoreFactory } from './api.js';
import { parseCodeBlob, parseGpBlob } from './blob.js';
import { decodeShared } from './code-cache.js';
import type { Decoded } from './decode.js';
import { ImplMachine, type MachineOptions } from './machine.js';
import { ImplAddressSpace } from './memory.js';

export { ImplMachine, defaultTier, type MachineOptions, type StepHook, type Tier } from './machine.js';
export { ImplAddressSpace } from './memory.js';
export { parseCodeBlob, parseGpBlob } from './blob.js';

/** CoreFactory with an optional second argument to createMachine (tier selection; backward compatible). */
export interface ImplCoreFactory extends CoreFactory {
  compile(profile: Profile, image: CodeImage, memCycles: number): Decoded;
  createMachine(profile: Profile, options?: MachineOptions): ImplMachine;
  createAddressSpace(): ImplAddressSpace;
}

/** The impl core: what impl/kernel builds on (impl/core/api.ts). */
export const implCoreFactory: ImplCoreFactory = {
  compile: (profile, image, memCycles) => decodeShared(profile, image, memCycles),
  createMachine: (profile, options) => new ImplMachine(profile, options),
  createAddressSpace: () => new ImplAddressSpace(),
  parseCodeBlob,
};

/**
 * The core engines the cross-engine tests run over: every registered engine's core, plus the impl's
 * two tiers pinned explicitly (the jit tier compiling every block on first entry), so both tiers are
 * covered whatever JAVM_IMPL_TIER says.
 */
import { implCoreWithTier } from '../../../impl/index.js';
import type { CoreEngine } from '../../../vectors/lib/engine.js';
import { ENGINES } from '../../engines.js';

export interface NamedCore {
  readonly name: string;
  readonly core: CoreEngine;
}

export const CORE_ENGINES: readonly NamedCore[] = [
  ...Object.values(ENGINES).map((e) => ({ name: e.name, core: e.core })),
  { name: 'impl-interp', core: implCoreWithTier('interp') },
  { name: 'impl-jit', core: implCoreWithTier('jit', 0) },
];

import type { Flavour } from '../../domain/types.ts';
import { tauBenchFlavour } from '../tau-bench/index.ts';

/**
 * Sigma's own domains: tau-bench's tools, hash and reward, with strict argument checking (a value
 * outside a parameter's `enum` is refused). See docs/decisions/2026-11-25-enums-in-reference-domains.md.
 */
export const sigmaFlavour: Flavour = Object.freeze({ ...tauBenchFlavour, name: 'sigma', enforceEnums: true });

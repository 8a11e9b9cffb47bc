/**
 * How each take followed its lanes (engine/metrics/adherence.ts), keyed by take id: worked out
 * once per take in the extraction worker (run-adherence.ts) and kept for this session — a take's
 * audio and lanes never change, so neither does its adherence. Not a project edit: no undo step.
 */
import { create } from 'zustand';
import type { Adherence } from '../../engine/metrics/adherence.ts';
import type { ExtractStage } from '../../workers/extract.protocol.ts';

export type AdherenceStatus =
  | { readonly kind: 'working'; readonly stage: ExtractStage | 'waiting' }
  | { readonly kind: 'ready'; readonly report: Adherence }
  | { readonly kind: 'failed'; readonly message: string };

export interface AdherenceState {
  readonly byTake: Readonly<Record<string, AdherenceStatus>>;
}

export const useAdherence = create<AdherenceState>()(() => ({ byTake: {} }));

export function setAdherence(take: string, status: AdherenceStatus): void {
  useAdherence.setState((s) => ({ byTake: { ...s.byTake, [take]: status } }));
}

/** Forget a take's result (deleted, or its work cancelled before it ended). */
export function dropAdherence(take: string): void {
  useAdherence.setState((s) => {
    if (!(take in s.byTake)) return s;
    const { [take]: _, ...rest } = s.byTake;
    return { byTake: rest };
  });
}

/** Named actions on the generation slice (generation-state.ts). None is an edit: no undo step. */
import type { GenerationRun, GenerationSettings, PackStatus, TakeState } from './generation-state.ts';
import { useStudio } from './studio.ts';

const set = (patch: Partial<ReturnType<typeof useStudio.getState>['generation']>) =>
  useStudio.setState((s) => ({ generation: { ...s.generation, ...patch } }));

export function setPackStatus(pack: PackStatus): void {
  set({ pack });
}

export function setGenerationSettings(patch: Partial<GenerationSettings>): void {
  set({ settings: { ...useStudio.getState().generation.settings, ...patch } });
}

export function setGenerationRun(run: GenerationRun): void {
  set({ run });
}

export function setTake(take: TakeState | null): void {
  set({ take });
}

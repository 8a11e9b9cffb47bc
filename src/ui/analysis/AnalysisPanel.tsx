/**
 * Analyse the opened video and offer the proposed lanes one by one. Self-contained: it knows
 * nothing of the store; the studio passes callbacks that draw the cuts on the timeline and write
 * an accepted lane through the store's action.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { laneSpec } from '../../engine/project/lanes.ts';
import type { CurveLane, LaneId, RhythmLane } from '../../engine/project/types.ts';
import type { Cut } from '../../engine/video/cuts.ts';
import { runAnalysis, type AnalysisOutcome, type AnalysisProgress } from './run-analysis.ts';
import { Sparkline } from './Sparkline.tsx';

export interface AnalysisPanelProps {
  readonly video: File | Blob | string;
  readonly onCuts?: (cuts: readonly Cut[]) => void;
  readonly onAccept?: (laneId: LaneId, lane: RhythmLane | CurveLane) => void;
  /** Everything the analysis produced (descriptors for the model included). */
  readonly onResult?: (outcome: AnalysisOutcome) => void;
  /** Start as soon as mounted (default true). */
  readonly autoStart?: boolean;
}

type State =
  | { readonly kind: 'idle' }
  | { readonly kind: 'running'; readonly progress: AnalysisProgress }
  | { readonly kind: 'done'; readonly outcome: AnalysisOutcome }
  | { readonly kind: 'cancelled' }
  | { readonly kind: 'failed'; readonly message: string };

const CURVE_LANES = ['intensity', 'valence', 'arousal'] as const;

export function AnalysisPanel({ video, onCuts, onAccept, onResult, autoStart = true }: AnalysisPanelProps) {
  const [state, setState] = useState<State>({ kind: 'idle' });
  const [accepted, setAccepted] = useState<ReadonlySet<LaneId>>(new Set());
  const abort = useRef<AbortController | null>(null);
  const callbacks = useRef({ onCuts, onResult });
  callbacks.current = { onCuts, onResult };

  const start = useCallback(() => {
    abort.current?.abort();
    const ctrl = new AbortController();
    abort.current = ctrl;
    setAccepted(new Set());
    setState({ kind: 'running', progress: { fraction: 0, seconds: 0 } });
    runAnalysis(video, { signal: ctrl.signal, onProgress: (progress) => !ctrl.signal.aborted && setState({ kind: 'running', progress }) })
      .then((outcome) => {
        if (ctrl.signal.aborted) return;
        setState({ kind: 'done', outcome });
        callbacks.current.onCuts?.(outcome.cuts);
        callbacks.current.onResult?.(outcome);
      })
      .catch((e: unknown) => {
        if (ctrl.signal.aborted) setState({ kind: 'cancelled' });
        else setState({ kind: 'failed', message: e instanceof Error ? e.message : String(e) });
      });
  }, [video]);

  useEffect(() => {
    if (autoStart) start();
    return () => abort.current?.abort();
  }, [autoStart, start]);

  const accept = (id: LaneId, lane: RhythmLane | CurveLane): void => {
    onAccept?.(id, lane);
    setAccepted((s) => new Set(s).add(id));
  };

  return (
    <section className="analysis-panel" aria-label="Video analysis" data-testid="analysis-panel">
      <header>
        <h2>From the picture</h2>
        {state.kind === 'running' ? (
          <button type="button" onClick={() => abort.current?.abort()}>Cancel</button>
        ) : (
          <button type="button" onClick={start}>{state.kind === 'done' ? 'Analyse again' : 'Analyse video'}</button>
        )}
      </header>
      {state.kind === 'running' && (
        <div className="analysis-progress">
          <progress data-testid="analysis-progress" max={1} value={state.progress.fraction ?? undefined} aria-label="Analysis progress" />
          <span>{state.progress.seconds.toFixed(0)} s analysed</span>
        </div>
      )}
      {state.kind === 'cancelled' && <p role="status">Analysis cancelled.</p>}
      {state.kind === 'failed' && <p role="alert">Could not analyse the video: {state.message}</p>}
      {state.kind === 'done' && <Proposals outcome={state.outcome} accepted={accepted} onAccept={accept} />}
    </section>
  );
}

const caught = (n: number): string => (n === 0 ? 'every cut on the grid' : `${n} beat${n === 1 ? '' : 's'} moved or added onto cuts`);

function Proposals({ outcome, accepted, onAccept }: {
  outcome: AnalysisOutcome; accepted: ReadonlySet<LaneId>; onAccept: (id: LaneId, lane: RhythmLane | CurveLane) => void;
}) {
  const p = outcome.proposals;
  const acceptButton = (id: LaneId, lane: RhythmLane | CurveLane) => (
    <button type="button" data-testid={`accept-${id}`} disabled={accepted.has(id)} onClick={() => onAccept(id, lane)}>
      {accepted.has(id) ? 'Accepted' : 'Accept'}
    </button>
  );
  return (
    <div className="analysis-proposals">
      <p data-testid="analysis-summary">
        {outcome.cuts.length} cuts in {outcome.duration.toFixed(1)} s · analysed {outcome.speed.toFixed(1)}× real time ({outcome.method})
      </p>
      <ul>
        <li data-testid="proposal-rhythm">
          <strong>Rhythm</strong>
          <span>{p.tempo.bpm} BPM, {p.rhythm.beatsPerBar}/4, from {p.tempo.source}; {caught(p.rhythm.moved.length + p.rhythm.added.length)}</span>
          {acceptButton('rhythm', p.rhythm)}
        </li>
        {CURVE_LANES.map((id) => {
          const spec = laneSpec(id);
          return (
            <li key={id} data-testid={`proposal-${id}`}>
              <strong>{spec.label}</strong>
              <Sparkline points={p[id].points} duration={outcome.duration} min={spec.min} max={spec.max} />
              {acceptButton(id, p[id])}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

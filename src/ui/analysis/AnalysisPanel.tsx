/**
 * Analyse the opened video and offer the proposed lanes one by one. Self-contained: it knows
 * nothing of the store; the studio passes callbacks that draw the cuts on the timeline and write
 * an accepted lane through the store's action.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { LaneData } from '../../engine/project/lane-spec.ts';
import { ALL_LANES } from '../../engine/project/lanes.ts';
import type { LaneId } from '../../engine/project/types.ts';
import type { Cut } from '../../engine/video/cuts.ts';
import type { GrabMethod } from './grab.ts';
import { runAnalysis, type AnalysisOutcome, type AnalysisProgress } from './run-analysis.ts';
import { LanePreview } from '../lanes/LanePreview.tsx';

export interface AnalysisPanelProps {
  readonly video: File | Blob | string;
  readonly onCuts?: (cuts: readonly Cut[]) => void;
  readonly onAccept?: (laneId: LaneId, lane: LaneData) => void;
  /** Everything the analysis produced (descriptors for the model included). */
  readonly onResult?: (outcome: AnalysisOutcome) => void;
  /** Start as soon as mounted (default true). */
  readonly autoStart?: boolean;
  /** Where this clip's earlier answer is kept: shown instead of analysing again (persist/analysisCache.ts). */
  readonly cache?: AnalysisCache;
}

export interface AnalysisCache {
  load(): Promise<{ outcome: AnalysisOutcome; accepted: readonly LaneId[] } | null>;
  save(outcome: AnalysisOutcome, accepted: readonly LaneId[]): void;
}

type State =
  | { readonly kind: 'idle' }
  /** Looking for this clip's kept answer before analysing. */
  | { readonly kind: 'checking' }
  | { readonly kind: 'running'; readonly progress: AnalysisProgress }
  | { readonly kind: 'done'; readonly outcome: AnalysisOutcome; readonly cached: boolean }
  | { readonly kind: 'cancelled' }
  | { readonly kind: 'failed'; readonly message: string };

/** `?grab=element` (or `webcodecs`) in the page's address forces one frame path: to compare the two on one clip. */
function forcedMethod(): GrabMethod | undefined {
  const m = typeof location !== 'undefined' ? new URLSearchParams(location.search).get('grab') : null;
  return m === 'element' || m === 'webcodecs' ? m : undefined;
}

export function AnalysisPanel({ video, onCuts, onAccept, onResult, autoStart = true, cache }: AnalysisPanelProps) {
  const [state, setState] = useState<State>({ kind: 'idle' });
  const [accepted, setAccepted] = useState<ReadonlySet<LaneId>>(new Set());
  const abort = useRef<AbortController | null>(null);
  const callbacks = useRef({ onCuts, onResult, cache });
  callbacks.current = { onCuts, onResult, cache };

  const start = useCallback((fresh: boolean) => {
    abort.current?.abort();
    const ctrl = new AbortController();
    abort.current = ctrl;
    setAccepted(new Set());
    setState({ kind: 'checking' });
    const done = (outcome: AnalysisOutcome, cached: boolean) => {
      setState({ kind: 'done', outcome, cached });
      callbacks.current.onCuts?.(outcome.cuts);
      callbacks.current.onResult?.(outcome);
    };
    const earlier = fresh || !callbacks.current.cache ? Promise.resolve(null) : callbacks.current.cache.load();
    earlier.then((hit) => {
      if (ctrl.signal.aborted) throw new DOMException('analysis cancelled', 'AbortError');
      if (hit) {
        setAccepted(new Set(hit.accepted));
        done(hit.outcome, true);
        return;
      }
      setState({ kind: 'running', progress: { fraction: 0, seconds: 0 } });
      return runAnalysis(video, { signal: ctrl.signal, force: forcedMethod(), onProgress: (progress) => !ctrl.signal.aborted && setState({ kind: 'running', progress }) })
        .then((outcome) => {
          if (ctrl.signal.aborted) return;
          callbacks.current.cache?.save(outcome, []);
          done(outcome, false);
        });
    })
      .catch((e: unknown) => {
        if (ctrl.signal.aborted) setState({ kind: 'cancelled' });
        else setState({ kind: 'failed', message: e instanceof Error ? e.message : String(e) });
      });
  }, [video]);

  useEffect(() => {
    if (autoStart) start(false);
    return () => abort.current?.abort();
  }, [autoStart, start]);

  const accept = (id: LaneId, lane: LaneData): void => {
    onAccept?.(id, lane);
    const next = new Set(accepted).add(id);
    setAccepted(next);
    if (state.kind === 'done') cache?.save(state.outcome, [...next]);
  };

  return (
    <section className="analysis-panel" aria-label="Video analysis" data-testid="analysis-panel">
      <header>
        <h2>From the picture</h2>
        {state.kind === 'running' || state.kind === 'checking' ? (
          <button type="button" onClick={() => abort.current?.abort()}>Cancel</button>
        ) : (
          <button type="button" data-testid="analyse" onClick={() => start(true)}>{state.kind === 'done' ? 'Analyse again' : 'Analyse video'}</button>
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
      {state.kind === 'done' && <Proposals outcome={state.outcome} cached={state.cached} accepted={accepted} onAccept={accept} />}
    </section>
  );
}

function Proposals({ outcome, cached, accepted, onAccept }: {
  outcome: AnalysisOutcome; cached: boolean; accepted: ReadonlySet<LaneId>; onAccept: (id: LaneId, lane: LaneData) => void;
}) {
  // Each lane says what the picture proposes for it (its spec's fromPicture), or nothing; once per answer.
  const proposals = useMemo(() => ALL_LANES.flatMap((spec) => {
    const proposal = spec.fromPicture?.(outcome.proposals, outcome.duration);
    return proposal ? [{ spec, proposal }] : [];
  }), [outcome]);
  const acceptButton = (id: LaneId, lane: LaneData) => (
    <button type="button" data-testid={`accept-${id}`} disabled={accepted.has(id)} onClick={() => onAccept(id, lane)}>
      {accepted.has(id) ? 'Accepted' : 'Accept'}
    </button>
  );
  return (
    <div className="analysis-proposals">
      <p data-testid="analysis-summary">
        {outcome.cuts.length} cuts in {outcome.duration.toFixed(1)} s · analysed {outcome.speed.toFixed(1)}× real time ({outcome.method})
        {cached && <span data-testid="analysis-cached"> · kept from the last analysis of this clip</span>}
      </p>
      <ul>
        {proposals.map(({ spec, proposal }) => (
          <li key={spec.id} data-testid={`proposal-${spec.id}`}>
            <strong>{spec.label}</strong>
            {proposal.summary ? <span>{proposal.summary}</span> : (
              <LanePreview className="sparkline" width={220} height={24} label={spec.label}
                preview={spec.preview(proposal.lane, { width: 220, height: 24, duration: outcome.duration })} />
            )}
            {acceptButton(spec.id, proposal.lane)}
          </li>
        ))}
      </ul>
    </div>
  );
}

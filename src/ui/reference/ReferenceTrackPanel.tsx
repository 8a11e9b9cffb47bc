/**
 * "Use a reference track": drop or pick an audio file, its extracted curves are offered lane by
 * lane (Take / Leave). Store-independent: the studio passes onAccept and decides what taking a
 * lane means (replace the lane, with undo). Extraction runs in extract.worker.ts, owned by its
 * client (extract.client.ts); tests and stories can inject `extract` instead.
 */
import { useCallback, useEffect, useRef, useState, type DragEvent } from 'react';
import { DEFAULT_RATE, type ControlRate } from '../../engine/controls/types.ts';
import { ALL_LANES } from '../../engine/project/lanes.ts';
import type { LaneId, Lanes } from '../../engine/project/types.ts';
import { extractReference, type ExtractOptions } from '../../workers/extract.client.ts';
import type { ExtractStage, ReferenceProposal } from '../../workers/extract.protocol.ts';
import { decodeFileToMono } from './decodeFile.ts';
import { LanePreview } from '../lanes/LanePreview.tsx';
import { previewOf } from './preview.ts';
import './reference.css';

export type ExtractFn = (file: File, options: ExtractOptions) => Promise<ReferenceProposal>;

export interface ReferenceTrackPanelProps {
  onAccept(laneId: LaneId, lane: Lanes[LaneId]): void;
  onClose(): void;
  /** Replaces decoding + the worker (tests); by default the extraction worker's client runs it. */
  readonly extract?: ExtractFn;
  /** Starts in this state (tests, stories). */
  readonly initial?: ReferenceProposal;
  /** The model pack's rates (manifest); DEFAULT_RATE when absent. */
  readonly rate?: ControlRate;
}

type Phase =
  | { readonly kind: 'idle' }
  | { readonly kind: 'working'; readonly name: string; readonly stage: ExtractStage | 'decoding'; readonly fraction: number }
  | { readonly kind: 'error'; readonly message: string }
  | { readonly kind: 'ready'; readonly name: string; readonly proposal: ReferenceProposal };

const STAGE_LABEL: Record<ExtractStage | 'decoding', string> = {
  decoding: 'Decoding', resampling: 'Resampling', analysing: 'Finding beats, loudness, melody and mood', proposing: 'Drawing curves', scoring: 'Scoring',
};
const PREVIEW = { width: 240, height: 36 };

export function ReferenceTrackPanel({ onAccept, onClose, extract, initial, rate = DEFAULT_RATE }: ReferenceTrackPanelProps) {
  const [phase, setPhase] = useState<Phase>(initial ? { kind: 'ready', name: 'reference', proposal: initial } : { kind: 'idle' });
  const [decided, setDecided] = useState<Partial<Record<LaneId, 'taken' | 'left'>>>({});
  const abort = useRef<AbortController | null>(null);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => () => abort.current?.abort(), []);

  const defaultExtract = useCallback<ExtractFn>(async (file, options) => {
    setPhase({ kind: 'working', name: file.name, stage: 'decoding', fraction: 0 });
    const audio = await decodeFileToMono(file, rate.sampleRate);
    options.signal?.throwIfAborted();
    return extractReference(audio.samples, audio.sampleRate, { ...options, rate });
  }, [rate]);

  const open = useCallback(async (file: File | undefined) => {
    if (!file) return;
    abort.current?.abort();
    const ctrl = new AbortController();
    abort.current = ctrl;
    setDecided({});
    setPhase({ kind: 'working', name: file.name, stage: 'decoding', fraction: 0 });
    try {
      const proposal = await (extract ?? defaultExtract)(file, {
        signal: ctrl.signal,
        onProgress: (stage, fraction) => setPhase({ kind: 'working', name: file.name, stage, fraction }),
      });
      if (!ctrl.signal.aborted) setPhase({ kind: 'ready', name: file.name, proposal });
    } catch (err) {
      if (ctrl.signal.aborted) return;
      const why = err instanceof Error ? err.message : String(err);
      setPhase({ kind: 'error', message: `Could not use ${file.name}: ${why}` });
    }
  }, [extract, defaultExtract]);

  const cancel = () => {
    abort.current?.abort();
    setPhase({ kind: 'idle' });
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    void open(e.dataTransfer.files[0]);
  };
  const decide = (id: LaneId, how: 'taken' | 'left', lanes: Lanes) => {
    if (how === 'taken') onAccept(id, lanes[id]);
    setDecided((d) => ({ ...d, [id]: how }));
  };

  return (
    <section className="reference-panel" aria-label="Reference track" data-testid="reference-panel">
      <header>
        <h2>Use a reference track</h2>
        <button type="button" className="close" aria-label="Close" onClick={onClose}>×</button>
      </header>
      {phase.kind !== 'working' && (
        <div className="drop" data-testid="reference-drop" onDragOver={(e) => e.preventDefault()} onDrop={onDrop}>
          <p>Drop an audio file here (WAV, MP3, FLAC, OGG, Opus) or</p>
          <button type="button" onClick={() => input.current?.click()}>Choose a file…</button>
          <input ref={input} type="file" accept="audio/*" hidden data-testid="reference-file"
            onChange={(e) => { void open(e.target.files?.[0]); e.target.value = ''; }} />
          <p className="hint">Its tempo, loudness, melody, chords and mood are offered lane by lane. Nothing leaves this device.</p>
        </div>
      )}
      {phase.kind === 'working' && (
        <div className="working" role="status">
          <span>{STAGE_LABEL[phase.stage]} {phase.name}…</span>
          <progress max={1} value={phase.stage === 'resampling' ? phase.fraction : undefined} />
          <button type="button" onClick={cancel}>Cancel</button>
        </div>
      )}
      {phase.kind === 'error' && <p className="error" role="alert">{phase.message}</p>}
      {phase.kind === 'ready' && (
        <>
          <p className="found">
            {phase.name}: {phase.proposal.duration.toFixed(1)} s
            {phase.proposal.beatCount > 0 ? `, about ${Math.round(phase.proposal.bpm)} BPM in ${phase.proposal.beatsPerBar}` : ', no steady beat'}
          </p>
          <ul className="proposals">
            {ALL_LANES.map((spec) => {
              const p = previewOf(spec.id, phase.proposal.lanes, { ...PREVIEW, duration: phase.proposal.duration });
              const state = decided[spec.id];
              return (
                <li key={spec.id} className={`proposal lane-${spec.id} ${state ?? ''}`} data-testid={`proposal-${spec.id}`}>
                  <span className="lane-name">{spec.label}</span>
                  <LanePreview preview={p} width={PREVIEW.width} height={PREVIEW.height} label={spec.label} />
                  <span className="summary">{p.summary}</span>
                  {state ? <span className="decision">{state === 'taken' ? 'Taken' : 'Left'}</span> : (
                    <span className="buttons">
                      <button type="button" disabled={p.kind === 'empty'} onClick={() => decide(spec.id, 'taken', phase.proposal.lanes)}>Take</button>
                      <button type="button" onClick={() => decide(spec.id, 'left', phase.proposal.lanes)}>Leave</button>
                    </span>
                  )}
                </li>
              );
            })}
          </ul>
        </>
      )}
    </section>
  );
}

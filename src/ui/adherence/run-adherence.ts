/**
 * After every take, and for any take chosen in the list: its audio is heard back in the
 * extraction worker and held against the lanes it was asked for (takeAdherence), one take at a
 * time, so neither playback nor the page waits on it. While a take is being written the work
 * waits (both workers would share the same cores); a take chosen while another is worked out
 * cancels that one. Results are kept per take for the session (adherence-state.ts).
 */
import { DEFAULT_RATE, type ControlRate } from '../../engine/controls/types.ts';
import { takeAdherence } from '../../workers/extract.client.ts';
import { useStudio } from '../store/studio.ts';
import { takeAudio } from '../takes/persist-takes.ts';
import { useTakes, type TakeRecord } from '../takes/takes-state.ts';
import { dropAdherence, setAdherence, useAdherence } from './adherence-state.ts';

let working: { readonly id: string; readonly ctl: AbortController } | null = null;

const generating = () => useStudio.getState().generation.run.kind === 'running';

/** The pack's rates when it is loaded, else the defaults every pack so far shares. */
function rate(): ControlRate {
  const p = useStudio.getState().generation.pack;
  return p.kind === 'ready' ? { sampleRate: p.info.sampleRate, frameRate: p.info.frameRate } : DEFAULT_RATE;
}

const isAbort = (e: unknown) => e instanceof DOMException && e.name === 'AbortError';

async function work(t: TakeRecord): Promise<void> {
  const ctl = new AbortController();
  working = { id: t.id, ctl };
  setAdherence(t.id, { kind: 'working', stage: 'resampling' });
  try {
    const samples = await takeAudio(t.id);
    if (!samples) throw new Error('its audio was not kept');
    ctl.signal.throwIfAborted();
    const report = await takeAdherence(samples, t.sampleRate, t.lanes, t.start, {
      signal: ctl.signal, rate: rate(),
      onProgress: (stage) => { if (!ctl.signal.aborted) setAdherence(t.id, { kind: 'working', stage }); },
    });
    setAdherence(t.id, { kind: 'ready', report });
  } catch (e) {
    if (isAbort(e) || ctl.signal.aborted) dropAdherence(t.id);
    else setAdherence(t.id, { kind: 'failed', message: e instanceof Error ? e.message : String(e) });
  } finally {
    if (working?.ctl === ctl) working = null;
    next();
  }
}

/** Starts work on the current take when it has no result yet and nothing else is running. */
function next(): void {
  const { current, takes } = useTakes.getState();
  if (working && working.id !== current) {
    working.ctl.abort();
    return; // work()'s finally calls next() again once it has let go
  }
  const t = takes.find((x) => x.id === current);
  if (!t || working) return;
  const status = useAdherence.getState().byTake[t.id];
  if (status && !(status.kind === 'working' && status.stage === 'waiting')) return;
  if (generating()) { if (!status) setAdherence(t.id, { kind: 'working', stage: 'waiting' }); return; }
  void work(t);
}

/** Starts following the takes; returns the unsubscribe. Called once by the studio. */
export function startAdherence(): () => void {
  const offTakes = useTakes.subscribe((s, prev) => { if (s.current !== prev.current || s.takes !== prev.takes) next(); });
  const offStudio = useStudio.subscribe((s, prev) => { if (s.generation.run.kind !== prev.generation.run.kind) next(); });
  next();
  return () => { offTakes(); offStudio(); working?.ctl.abort(); };
}

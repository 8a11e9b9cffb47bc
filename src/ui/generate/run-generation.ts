/**
 * Generation from the studio: finds the pack, loads it in the generation worker (progress in
 * bytes, time left), and writes a take from the lanes as they are when Generate is pressed — the
 * worker gets that snapshot, so edits made while it writes change nothing of this take. Audio
 * chunks go to the take (playback/take.ts) and play on the one clock as they arrive; playback
 * starts at the take's start as soon as it cannot outrun the writing (stream-start.ts). Cancel keeps what was written; a failure keeps
 * it too and says why. The worker belongs to its client (generate.client.ts).
 */
import * as Tone from 'tone';
import { canStartPlaying } from '../../engine/playback/stream-start.ts';
import { newId } from '../../engine/project/create.ts';
import type { PackInfo } from '../../workers/generate.protocol.ts';
import { generationWorker } from '../../workers/generate.client.ts';
import { seekTo, startPlayback } from '../playback/clock.ts';
import { addTakeChunk, resetTake } from '../playback/take.ts';
import { planMoodDynamics } from '../actions/moodDynamics.ts';
import { planMoodChords } from '../actions/proposeChords.ts';
import { setGenerationRun, setPackStatus, setTake } from '../store/generation.ts';
import { notify, useStudio } from '../store/studio.ts';
import { holdTakeCodes } from '../takes/persist-takes.ts';
import { packChoice, probePack } from './pack-choice.ts';

const get = useStudio.getState;
let running: AbortController | null = null;
let loading: { readonly promise: Promise<PackInfo | null>; readonly cachedOnly: boolean } | null = null;

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Looks for the pack once (its manifest only) so Generate can say whether it can run. */
export async function findPack(): Promise<void> {
  if (get().generation.pack.kind !== 'unknown') return;
  const c = packChoice();
  const found = await probePack(c);
  if (get().generation.pack.kind !== 'unknown') return;
  setPackStatus(found.offered ? { kind: 'found', pack: c.pack, trained: found.trained } : { kind: 'none', why: found.why });
  if (found.offered) whenIdle(() => void loadPack({ cachedOnly: true }));
}

/** Runs `f` once the page has nothing better to do (at most 3 s from now). */
function whenIdle(f: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(f, { timeout: 3000 });
  else setTimeout(f, 1000);
}

/**
 * Loads the pack in the worker (once; a failed load can be tried again), so that Generate does not
 * wait for it: in the background once the studio is idle when this device keeps every file of the
 * pack (`cachedOnly`: nothing is downloaded then; when a file is missing the pack stays "found"),
 * else when the Generate panel opens — the person means to generate, the download starts while they
 * set the seed — or on Generate. Only an offered pack (pack-choice.ts) is ever loaded; the worker
 * checks the offer again, and warms the graphs up with a few frames nobody hears.
 */
export function loadPack({ cachedOnly = false } = {}): Promise<PackInfo | null> {
  const status = get().generation.pack;
  if (status.kind === 'ready') return Promise.resolve(status.info);
  if (status.kind === 'none' || (cachedOnly && status.kind !== 'found')) return Promise.resolve(null);
  // a background attempt in flight: wait for it, then load for real if it could not
  if (loading) return loading.cachedOnly && !cachedOnly ? loading.promise.then((info) => info ?? loadPack()) : loading.promise;
  const c = packChoice();
  // in the background the line says "loading" once files come from the cache, not while it looks
  if (!cachedOnly) setPackStatus({ kind: 'loading', pack: c.pack, loaded: 0, total: 0, secondsLeft: null });
  const promise = generationWorker.call('load', { baseUrl: c.baseUrl, pack: c.pack, allowUntrained: c.allowUntrained, backend: c.backend, cachedOnly }, {
    onProgress: (p) => setPackStatus({ kind: 'loading', pack: c.pack, loaded: p.loaded, total: p.total, secondsLeft: p.secondsLeft }),
  }).then((info) => {
    setPackStatus({ kind: 'ready', info });
    return info;
  }, (e: unknown) => {
    // not on this device yet: as it was, to be loaded when the person asks
    setPackStatus(e instanceof Error && e.name === 'NotCached' ? status : { kind: 'failed', pack: c.pack, message: message(e) });
    return null;
  }).finally(() => { loading = null; });
  loading = { promise, cachedOnly };
  return promise;
}

// The Generate panel is open on a pack not loaded yet: load it (downloading if need be) while the person looks at it.
useStudio.subscribe((s, prev) => {
  const wants = (x: typeof s) => x.panel === 'generate' && x.generation.pack.kind === 'found';
  if (wants(s) && !wants(prev)) void loadPack();
});

export const isGenerating = (): boolean => running !== null;

/** One run at a time (a take or a section): the controller of the new run, or null while one runs. */
export function claimRun(): AbortController | null {
  if (running) return null;
  running = new AbortController();
  return running;
}

export function releaseRun(ctl: AbortController): void {
  if (running === ctl) running = null;
}

/** Writes a take over the whole project with the panel's settings. */
export async function startGeneration(): Promise<void> {
  const ctl = claimRun();
  if (!ctl) return;
  // resumes the AudioContext while the click or key press that called us still counts as a gesture
  void Tone.start();
  // the mood's chords go on the lane first (one undo step), so the take, its snapshot and its
  // adherence view all hold the same chords
  const moodPlanned = get().generation.settings.moodChords !== false && planMoodChords() > 0;
  const chords = moodPlanned ? get().notice?.text ?? null : null; // its notice, which the next stage's joins
  // …then loudness and tempo from the mood on the empty intensity and rhythm lanes (their own undo
  // step; one notice says both)
  if (get().generation.settings.moodDynamics !== false) planMoodDynamics(chords);
  const s = get();
  // the snapshot: lanes, settings and video condition as they are now
  const lanes = s.project.lanes, duration = s.project.duration, settings = s.generation.settings;
  const video = s.descriptors && s.descriptors.hash === s.project.video?.hash ? s.descriptors.video : null;
  setGenerationRun({ kind: 'running', written: 0, total: 0, secondsLeft: null });
  try {
    const info = await loadPack();
    if (!info) {
      const p = get().generation.pack;
      throw new Error(p.kind === 'failed' ? p.message : p.kind === 'none' ? p.why : 'the music pack is not available');
    }
    if (ctl.signal.aborted) { setGenerationRun({ kind: 'cancelled', seconds: 0, elapsedMs: 0, stepMs: null, decodeShare: null, yieldShare: null }); return; }
    const start = 0;
    const take = { id: newId('take'), start, seconds: 0, seed: settings.seed, pack: info.name };
    resetTake(start, info.sampleRate, take.id);
    setTake(take);
    let waiting = true;
    performance.mark('undertone:generate-call'); // the bench's breakdown (scripts/bench-generate-browser.ts)
    let firstChunk = true;
    const r = await generationWorker.call('generate', {
      lanes, duration, video, ensemble: settings.ensemble, start, seconds: duration - start, seed: settings.seed,
      guidanceScale: settings.guidanceScale ?? undefined, temperature: settings.temperature ?? undefined,
      harmonyGuidance: settings.harmonyGuidance ?? undefined, critic: settings.critic ?? undefined, levelFollow: settings.levelFollow !== false,
      levelSearch: settings.levelSearch ?? undefined, moodSearch: moodPlanned,
    }, {
      signal: ctl.signal, settleOnAbort: true,
      onProgress: (p) => {
        if (p.samples.length) addTakeChunk(p.at, p.samples);
        if (p.samples.length && firstChunk) { firstChunk = false; performance.mark('undertone:first-audio-chunk'); }
        const pack = get().generation.pack;
        if (p.backend && pack.kind === 'ready') setPackStatus({ kind: 'ready', info: { ...pack.info, ...p.backend } });
        setTake({ ...take, seconds: (p.at + p.samples.length) / info.sampleRate });
        if (running === ctl) setGenerationRun({ kind: 'running', written: p.written, total: p.total, secondsLeft: p.secondsLeft });
        // hear it while it is being written — from the take's start, once playing cannot outrun the writing
        if (waiting && canStartPlaying((p.at + p.samples.length) / info.sampleRate, p.total / info.frameRate, p.pace ?? null)) {
          waiting = false;
          performance.mark('undertone:play');
          if (!get().playback.playing) { seekTo(start); void startPlayback().then(() => performance.mark('undertone:transport-started')); }
        }
      },
    });
    holdTakeCodes(take.id, r.codes); // kept with the take: the prompt of a section regenerated from it
    const seconds = r.samples / info.sampleRate;
    setGenerationRun({ kind: r.reason === 'done' ? 'done' : 'cancelled', seconds, elapsedMs: r.elapsedMs,
      stepMs: r.steps ? r.stepMs / r.steps : null, decodeShare: r.elapsedMs > 0 ? r.decodeMs / r.elapsedMs : null,
      yieldShare: r.elapsedMs > 0 ? r.yieldMs / r.elapsedMs : null, timeline: r.timeline, cache: r.cache, search: r.search });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') {
      setGenerationRun({ kind: 'cancelled', seconds: get().generation.take?.seconds ?? 0, elapsedMs: 0, stepMs: null, decodeShare: null, yieldShare: null });
    } else {
      const why = message(e); // the worker words out-of-memory and pack-file failures itself
      setGenerationRun({ kind: 'failed', message: why });
      notify('error', `Generation stopped: ${why}. Your lanes are unchanged${get().generation.take?.seconds ? '; the music written so far is kept' : ''}.`);
    }
  } finally {
    releaseRun(ctl);
  }
}

/** Stops the take (or section) being written; what was written stays (the worker answers within a step). */
export function cancelGeneration(): void {
  running?.abort();
}

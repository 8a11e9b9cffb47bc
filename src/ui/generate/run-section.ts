/**
 * Regenerate a section: the loop region (I / O, or Shift+drag on the ruler) of the take in use is
 * written anew from the lanes as they are now, continuing the take's own codes before it (the
 * worker's prompt), while the take's audio after it is kept; the joins are equal-power crossfades
 * inside the span (engine/generate/section.ts). The result is a new take, and the take it came from
 * stays beside it for A/B. Cancelled or failed, nothing changes.
 */
import * as Tone from 'tone';
import { newId } from '../../engine/project/create.ts';
import { SECTION_FADE_SECONDS, codeFrames, sectionFrames, spliceAudio, spliceCodes } from '../../engine/generate/section.ts';
import { generationWorker } from '../../workers/generate.client.ts';
import { seekTo, startPlayback } from '../playback/clock.ts';
import { addTakeChunk, resetTake } from '../playback/take.ts';
import { setGenerationRun, setTake } from '../store/generation.ts';
import { notify, useStudio } from '../store/studio.ts';
import { holdTakeCodes, takeAudio, takeCodes } from '../takes/persist-takes.ts';
import { useTakes } from '../takes/takes-state.ts';
import { claimRun, loadPack, releaseRun } from './run-generation.ts';

const get = useStudio.getState;
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Why a section cannot be regenerated now ('' when it can): said instead of doing nothing. */
export function sectionUnavailable(): string {
  const s = get();
  if (s.generation.run.kind === 'running') return 'A take is being written';
  const { takes, current } = useTakes.getState();
  const take = takes.find((t) => t.id === current);
  if (!take) return 'No take in use — generate one first';
  const loop = s.project.settings.loop;
  if (!loop) return 'Mark the section first: the loop region (I and O at the playhead, or Shift+drag on the ruler)';
  if (loop.end <= take.start || loop.start >= take.start + take.seconds) return `The loop region is outside “${take.name}”`;
  if (loop.end - loop.start < 4 * SECTION_FADE_SECONDS) return `The loop region is too short for a section (at least ${4 * SECTION_FADE_SECONDS} s)`;
  return '';
}

export async function regenerateSection(): Promise<void> {
  const why = sectionUnavailable();
  if (why) { notify('info', `Regenerate section: ${why}.`); return; }
  const s = get();
  const take = useTakes.getState().takes.find((t) => t.id === useTakes.getState().current)!;
  const span = s.project.settings.loop!;
  const ctl = claimRun();
  if (!ctl) return;
  // resumes the AudioContext while the key press that called us still counts as a gesture
  void Tone.start();
  const lanes = s.project.lanes, duration = s.project.duration, settings = s.generation.settings;
  const video = s.descriptors && s.descriptors.hash === s.project.video?.hash ? s.descriptors.video : null;
  setGenerationRun({ kind: 'running', written: 0, total: 0, secondsLeft: null });
  try {
    const [audio, codes, info] = await Promise.all([takeAudio(take.id), takeCodes(take.id), loadPack()]);
    if (!info) throw new Error('the music pack is not available');
    if (!audio) throw new Error(`the audio of “${take.name}” was not kept`);
    if (!codes) throw new Error(`“${take.name}” was kept without its tokens (made before takes kept them): generate a new take to regenerate sections of`);
    const fr = info.frameRate, sr = info.sampleRate, hop = sr / fr;
    const N = Math.round(audio.length / hop), K = codes.length / N;
    const f = sectionFrames(span, take.start, N, fr);
    if (!f || !Number.isInteger(K)) throw new Error('the loop region holds no whole frame of the take');
    const section = new Float32Array((f.end - f.first) * hop);
    const t0 = performance.now();
    const r = await generationWorker.call('generate', {
      lanes, duration, video, ensemble: settings.ensemble, start: take.start + f.first / fr, seconds: (f.end - f.first) / fr, seed: settings.seed,
      guidanceScale: settings.guidanceScale ?? undefined, temperature: settings.temperature ?? undefined,
      harmonyGuidance: settings.harmonyGuidance ?? undefined, critic: settings.critic ?? undefined, levelFollow: settings.levelFollow !== false,
      levelSearch: settings.levelSearch ?? undefined,
      prompt: f.first > 0 ? { codes: codeFrames(codes, K, 0, f.first), frames: f.first } : undefined,
    }, {
      signal: ctl.signal, settleOnAbort: true,
      onProgress: (p) => {
        if (p.samples.length) section.set(p.samples.subarray(0, section.length - p.at), p.at);
        setGenerationRun({ kind: 'running', written: p.written, total: p.total, secondsLeft: p.secondsLeft });
      },
    });
    if (r.reason !== 'done') {
      setGenerationRun({ kind: 'idle' });
      notify('info', `Section cancelled: “${take.name}” is unchanged.`);
      return;
    }
    const out = spliceAudio(audio, section, f.first * hop, SECTION_FADE_SECONDS * sr);
    const id = newId('take');
    holdTakeCodes(id, spliceCodes(codes, r.codes, K, f.first));
    resetTake(take.start, sr, id); // the take it came from stays beside it: B compares the two
    addTakeChunk(0, out);
    const from = take.start + f.first / fr;
    setTake({ id, start: take.start, seconds: out.length / sr, seed: settings.seed, pack: info.name,
      section: { of: take.id, start: from, end: take.start + f.end / fr } });
    setGenerationRun({ kind: 'done', seconds: section.length / sr, elapsedMs: performance.now() - t0,
      stepMs: r.steps ? r.stepMs / r.steps : null, decodeShare: r.elapsedMs > 0 ? r.decodeMs / r.elapsedMs : null,
      yieldShare: r.elapsedMs > 0 ? r.yieldMs / r.elapsedMs : null });
    // hear the first join: from a second before the section
    if (!get().playback.playing) { seekTo(Math.max(0, from - 1)); void startPlayback(); }
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') {
      setGenerationRun({ kind: 'idle' });
      notify('info', `Section cancelled: “${take.name}” is unchanged.`);
    } else {
      setGenerationRun({ kind: 'failed', message: message(e) });
      notify('error', `Regenerating the section stopped: ${message(e)}. “${take.name}” is unchanged.`);
    }
  } finally {
    releaseRun(ctl);
  }
}

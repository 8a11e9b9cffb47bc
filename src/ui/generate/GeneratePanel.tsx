/**
 * The Generate panel: the pack (loading progress in bytes and time left, the backend and why),
 * the sampling settings (seed, guidance, temperature, ensemble), Generate / Cancel, progress with
 * time left, and the take's level while it plays. It renders the store's generation slice and
 * calls the generate action; the work is in run-generation.ts and the worker.
 */
import { useEffect, useState } from 'react';
import { generateAction } from '../actions/generate.ts';
import { takeLevel } from '../playback/take.ts';
import { setGenerationSettings } from '../store/generation.ts';
import type { GenerationRun, PackStatus } from '../store/generation-state.ts';
import { setPanel, useStudio } from '../store/studio.ts';
import { AdherenceSummary } from '../adherence/AdherenceSummary.tsx';
import { TakesList } from '../takes/TakesList.tsx';
import { ANALYSIS_FPS } from '../../engine/video/spec.ts';
import { GM_FAMILIES } from './families.ts';
import './generate.css';

const mb = (n: number) => (n / 1e6).toFixed(1);
const left = (s: number | null) => (s === null ? '' : ` · ${s < 1 ? 'under a second' : `${Math.ceil(s)} s`} left`);

function PackLine({ pack }: { pack: PackStatus }) {
  switch (pack.kind) {
    case 'unknown': return <p>Looking for the music pack…</p>;
    case 'none': return <p role="alert" data-testid="pack-missing">{pack.why}. Generation needs a trained pack in <code>public/models</code>.</p>;
    case 'found': return <p data-testid="pack-found">Pack {pack.pack}{pack.trained ? '' : ' — test pack, untrained: its music is noise'}. It loads while this panel is open, or on Generate.</p>;
    case 'loading': return (
      <div className="pack-loading">
        <span>Loading {pack.pack}: {mb(pack.loaded)} / {mb(pack.total)} MB{left(pack.secondsLeft)}</span>
        <progress data-testid="pack-progress" max={pack.total || 1} value={pack.loaded} aria-label="Pack download" />
      </div>
    );
    case 'ready': return (
      <p data-testid="generate-backend" data-backend={pack.info.backend} data-timings={pack.info.timings && JSON.stringify(pack.info.timings)}>
        {pack.info.name}{pack.info.trained ? '' : ' (test pack, untrained: noise)'} on <strong>{pack.info.backend === 'webgpu' ? 'WebGPU' : 'WASM'}</strong> — {pack.info.why}
        {pack.info.fromCache ? ' · loaded from this device' : ''}
      </p>
    );
    case 'failed': return <p role="alert" data-testid="pack-error">Could not load the music pack: {pack.message}</p>;
  }
}

function RunLine({ run, take }: { run: GenerationRun; take: number }) {
  switch (run.kind) {
    case 'idle': return null;
    case 'running': return (
      <div className="generate-progress">
        <progress data-testid="generate-progress" max={run.total || 1} value={run.written} aria-label="Generation progress" />
        <span data-testid="generate-status">{(run.written / 50).toFixed(1)} s of {(run.total / 50).toFixed(1)} s written{left(run.secondsLeft)} · {take.toFixed(1)} s to hear</span>
      </div>
    );
    case 'done': return (
      <p data-testid="generate-status" data-state="done" data-timings={run.timeline && JSON.stringify(run.timeline)}
        data-cache={run.cache && JSON.stringify(run.cache)}>
        Wrote {run.seconds.toFixed(1)} s in {(run.elapsedMs / 1000).toFixed(1)} s ({(run.seconds / (run.elapsedMs / 1000)).toFixed(2)}× real time
        {run.stepMs !== null && `; a step ${run.stepMs.toFixed(1)} ms`}{run.decodeShare !== null && `, decoding ${Math.round(run.decodeShare * 100)} %`}
        {run.yieldShare !== null && `, waiting ${Math.round(run.yieldShare * 100)} %`}
        {run.search && run.search.chunks > 0 && `; searched ${run.search.chunks} half seconds`}).
      </p>
    );
    case 'cancelled': return <p data-testid="generate-status" data-state="cancelled" data-cache={run.cache && JSON.stringify(run.cache)}>Cancelled: the {run.seconds.toFixed(1)} s written so far are kept.</p>;
    case 'failed': return <p role="alert" data-testid="generate-status" data-state="failed">Generation stopped: {run.message}</p>;
  }
}

/** The take's level while it plays: a bar and its dB value (data-db), read off the take's meter. */
function TakeMeter() {
  const playing = useStudio((s) => s.playback.playing);
  const [db, setDb] = useState(-Infinity);
  useEffect(() => {
    if (!playing) return;
    let frame = requestAnimationFrame(function tick() { setDb(takeLevel()); frame = requestAnimationFrame(tick); });
    return () => cancelAnimationFrame(frame);
  }, [playing]);
  const width = Number.isFinite(db) ? Math.max(0, Math.min(100, ((db + 60) / 60) * 100)) : 0;
  return (
    <div className="take-meter" data-testid="take-level" data-db={Number.isFinite(db) ? db.toFixed(1) : '-inf'} title="Level of the take">
      <span style={{ width: `${width}%` }} />
    </div>
  );
}

/** Whether the take will follow the picture: the analysis's descriptors of the opened clip, or why not. */
function VideoLine() {
  const video = useStudio((s) => s.project.video);
  const d = useStudio((s) => s.descriptors);
  const follows = !!video && d?.hash === video.hash;
  const text = follows ? `Follows the video: its analysis, ${(d!.video.frames / ANALYSIS_FPS).toFixed(1)} s of picture`
    : video ? 'The video is not analysed yet (From the picture): the music will not follow it'
      : 'No video: the music follows your lanes only';
  return <p data-testid="generate-video" data-follows={follows}>{text}</p>;
}

export function GeneratePanel() {
  const { pack, settings, run, take } = useStudio((s) => s.generation);
  const writing = run.kind === 'running';
  const defaults = pack.kind === 'ready' ? pack.info.sampling : null;
  const critic = pack.kind === 'ready' && pack.info.critic === true;
  const families = pack.kind === 'ready' ? pack.info.ensembleFamilies : GM_FAMILIES.length;
  const chosen = settings.ensemble === 'auto' ? null : new Set(settings.ensemble);
  const num = (v: string) => (v.trim() === '' ? null : Number(v));
  const toggleFamily = (f: number) => {
    const next = new Set(chosen ?? []);
    if (next.has(f)) next.delete(f); else next.add(f);
    setGenerationSettings({ ensemble: [...next].sort((a, b) => a - b) });
  };
  return (
    <section className="generate-panel" aria-label="Generate music" data-testid="generate-panel">
      <header>
        <h2>Generate music</h2>
        <button type="button" className="close" aria-label="Close" onClick={() => setPanel(null)}>×</button>
      </header>
      <PackLine pack={pack} />
      <VideoLine />
      <fieldset className="generate-settings" disabled={writing}>
        <label>Seed <input type="number" step={1} value={settings.seed} data-testid="generate-seed"
          onChange={(e) => setGenerationSettings({ seed: Math.trunc(Number(e.target.value) || 0) })} /></label>
        <button type="button" className="small" onClick={() => setGenerationSettings({ seed: Math.floor(Math.random() * 1e6) })}>New seed</button>
        <label title="Classifier-free guidance: how strongly the video and your lanes steer the music">Guidance
          <input type="number" step={0.5} min={0} value={settings.guidanceScale ?? ''} placeholder={defaults ? String(defaults.guidance_scale) : 'pack'}
            data-testid="generate-guidance" onChange={(e) => setGenerationSettings({ guidanceScale: num(e.target.value) })} /></label>
        <label title="How much more the chords of the harmony lane steer the music, on top of Guidance (0: off)">Chords
          <input type="number" step={0.5} min={0} value={settings.harmonyGuidance ?? ''} placeholder={defaults ? String(defaults.harmony_guidance ?? 0) : 'pack'}
            data-testid="generate-harmony-guidance" onChange={(e) => setGenerationSettings({ harmonyGuidance: num(e.target.value) })} /></label>
        {critic && <label title="How hard each step of the music is pulled towards your lanes' melody, chords and level, as the codec will play them (0: off)">Follow
          <input type="number" step={0.5} min={0} value={settings.critic ?? ''} placeholder={defaults ? String(defaults.critic_scale ?? 0) : 'pack'}
            data-testid="generate-critic" onChange={(e) => setGenerationSettings({ critic: num(e.target.value) })} /></label>}
        <label title="Write each half second several ways, decode them all and keep the one that sounds nearest your intensity and melody lanes (writing takes about that many times as long)">Search
          <select value={String(settings.levelSearch ?? defaults?.level_search?.candidates ?? 1)} data-testid="generate-level-search"
            onChange={(e) => setGenerationSettings({ levelSearch: Number(e.target.value) })}>
            <option value="1">Off</option>
            <option value="2">2 ways</option>
            <option value="4">4 ways</option>
          </select></label>
        <label title="Higher: more surprising; lower: safer">Temperature
          <input type="number" step={0.1} min={0.1} value={settings.temperature ?? ''} placeholder={defaults ? String(defaults.temperature) : 'pack'}
            data-testid="generate-temperature" onChange={(e) => setGenerationSettings({ temperature: num(e.target.value) })} /></label>
        <label>Instruments
          <select value={chosen ? 'choose' : 'auto'} data-testid="generate-ensemble"
            onChange={(e) => setGenerationSettings({ ensemble: e.target.value === 'auto' ? 'auto' : [] })}>
            <option value="auto">Auto: the model chooses</option>
            <option value="choose">Choose families…</option>
          </select>
        </label>
        <label title="Where the valence lane is drawn and the harmony lane is open, plan chords from the mood before the take (one undo step): the model follows a mood far better as chords">
          <input type="checkbox" checked={settings.moodChords !== false} data-testid="generate-mood-chords"
            onChange={(e) => setGenerationSettings({ moodChords: e.target.checked })} />Chords from the mood</label>
        <label title="Where arousal or valence is drawn and the intensity or rhythm lane is empty, draw them from the mood before the take (one undo step): louder and faster when excited, softer and slower when calm">
          <input type="checkbox" checked={settings.moodDynamics !== false} data-testid="generate-mood-dynamics"
            onChange={(e) => setGenerationSettings({ moodDynamics: e.target.checked })} />Loudness and tempo from the mood</label>
        <label title="Ride the take's level towards the intensity lane after the model, like fader automation (within +12/−18 dB; the audio comes 0.3 s later)">
          <input type="checkbox" checked={settings.levelFollow !== false} data-testid="generate-level-follow"
            onChange={(e) => setGenerationSettings({ levelFollow: e.target.checked })} />Level follows intensity</label>
        {chosen && (
          <div className="families" data-testid="generate-families">
            {GM_FAMILIES.slice(0, families).map((name, f) => (
              <label key={name}><input type="checkbox" checked={chosen.has(f)} onChange={() => toggleFamily(f)} />{name}</label>
            ))}
          </div>
        )}
      </fieldset>
      <div className="generate-actions">
        <button type="button" data-testid={writing ? 'generate-cancel' : 'generate-start'} disabled={!writing && !(generateAction.enabled?.() ?? true)}
          onClick={generateAction.perform} title={`${generateAction.label} (G)`}>
          {writing ? 'Cancel' : take ? 'Generate again' : 'Generate'}
        </button>
        <TakeMeter />
      </div>
      <RunLine run={run} take={take?.seconds ?? 0} />
      <AdherenceSummary />
      <TakesList />
    </section>
  );
}

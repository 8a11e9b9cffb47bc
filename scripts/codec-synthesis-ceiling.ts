/**
 * The ceiling a codec's synthesis sets, before any network: the pitch fixtures' own STFT frames
 * (the decoder's framing: n_fft points, periodic Hann, frame s centred on s·hop + hop/2) resynthesised
 * by the engine's SpectralSynth, scored like a pack's round trip (test/codec/round-trip.ts).
 *   --phase true   the true phases (as advances from frame to frame): must reconstruct exactly
 *   --phase peaks  magnitudes only, the phase derived from them (synth.ts, 'peaks')
 *
 *   npx tsx scripts/codec-synthesis-ceiling.ts [--n-fft 1280] [--hop 320] [--phase peaks]
 */
import { SpectralSynth, analyseFrames, type SynthPhase } from '../src/engine/codec/synth.ts';
import { missedBars, pitchReport, type Codec } from '../test/codec/round-trip.ts';

const arg = (name: string, dflt: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const nFft = Number(arg('n-fft', '1280')), hop = Number(arg('hop', '320')), mode = arg('phase', 'peaks');

const oracle: Codec = {
  sampleRate: 32000,
  async roundTrip(x) {
    const { mag, phase, frames } = analyseFrames(x, nFft, hop);
    const bins = nFft / 2 + 1;
    const synth = new SpectralSynth(nFft, hop, 'start', mode === 'true' ? 'advance' : (mode as SynthPhase));
    let dphase: Float64Array | null = null;
    if (mode === 'true') {
      dphase = new Float64Array(phase.length);
      for (let i = 0; i < phase.length; i++) dphase[i] = phase[i] - (i >= bins ? phase[i - bins] : 0);
    }
    const body = synth.push(mag, dphase, 0, frames), tail = synth.flush();
    const y = new Float32Array(body.length + tail.length);
    y.set(body); y.set(tail, body.length);
    return y.slice(0, x.length);
  },
};

const report = await pitchReport(oracle, `synthesis ${mode} n_fft ${nFft} hop ${hop}`);
const r4 = (_: string, v: unknown) => (typeof v === 'number' ? Math.round(v * 1e4) / 1e4 : v);
process.stdout.write(JSON.stringify({ pack: report.pack, ...report.summary, missed: missedBars(report.summary) }, r4, 1) + '\n');

/**
 * Chords played plainly, for the mood diagnostics (mood-ceiling.ts, mood-cues.ts): what a chord lane
 * can say of a mood without the music model. Each chord tone in close position above the root in
 * the octave from C3, the root an octave below, each with three overtones (amplitude 1/h), 50 ms
 * ramps at the chord's edges, no drums.
 */
import { chordTones, parseChord } from '../../src/engine/harmony/symbols.ts';

const hz = (midi: number) => 440 * 2 ** ((midi - 69) / 12);

export function renderPlain(chords: readonly { start: number; end: number; label: string }[], seconds: number, sampleRate: number): Float32Array {
  const wav = new Float32Array(Math.round(seconds * sampleRate));
  for (const block of chords) {
    const chord = parseChord(block.label);
    if (!chord) continue;
    const notes = [36 + chord.root, ...chordTones(chord).map((pc) => 48 + chord.root + ((pc - chord.root + 12) % 12))];
    for (const midi of notes) {
      const f = hz(midi);
      for (let i = Math.floor(block.start * sampleRate); i < Math.min(wav.length, block.end * sampleRate); i++) {
        const t = i / sampleRate, env = Math.min(1, (t - block.start) * 20, (block.end - t) * 20);
        for (let h = 1; h <= 4; h++) wav[i] += (0.03 / h) * env * Math.sin(2 * Math.PI * f * h * t);
      }
    }
  }
  return wav;
}

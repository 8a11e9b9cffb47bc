/** The ensemble control's instrument families: General MIDI programs ÷ 8 (docs/music-model.md). */
export const GM_FAMILIES: readonly string[] = [
  'Piano', 'Chromatic percussion', 'Organ', 'Guitar', 'Bass', 'Strings', 'Ensemble', 'Brass',
  'Reed', 'Pipe', 'Synth lead', 'Synth pad', 'Synth effects', 'Ethnic', 'Percussive', 'Sound effects',
];

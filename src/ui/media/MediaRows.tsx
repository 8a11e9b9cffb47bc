/** Filmstrip and waveform rows of the timeline (drawn under the ruler, above the lanes). */
export function MediaRows() {
  return null;
}

/**
 * Tokens → audio through the codec pack's decoder: codes (K × frames, codebook-major) → frames · hop
 * samples, the whole take in one run (CLI, eval). The page streams through CodecStream
 * (src/engine/codec/decoder.ts), which joins chunks exactly.
 */
export { decodeCodes as decodeTokens, CodecStream } from '../codec/decoder.ts';

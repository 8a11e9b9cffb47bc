/**
 * What a file is, from its first bytes (magic numbers), before any decoder sees it. The name and
 * the browser's MIME type lie (a text file renamed .mp4), so the studio decides from content:
 * plain text and audio-only containers get a clear message at once, everything else goes to the
 * browser's <video> and then to ffmpeg.
 */

export type Container =
  | 'mp4' | 'matroska' | 'ogg' | 'avi' | 'flv' | 'mpeg-ts' | 'mpeg-ps' | 'asf'
  | 'wav' | 'mp3' | 'flac' | 'aac' | 'm4a'
  | 'png' | 'jpeg' | 'gif' | 'webp' | 'bmp' | 'tiff' | 'avif' | 'pdf'
  | 'text' | 'unknown';

/**
 * audio: has no picture by construction; video: may hold a picture; image: a still picture or a
 * document, never a clip; other: not a media file we know.
 */
export type ContainerKind = 'video' | 'audio' | 'image' | 'text' | 'unknown';

export interface Sniffed {
  readonly container: Container;
  readonly kind: ContainerKind;
}

/** How many leading bytes sniffContainer wants (more is fine). */
export const SNIFF_BYTES = 512;

const AUDIO: ReadonlySet<Container> = new Set(['wav', 'mp3', 'flac', 'aac', 'm4a']);
const IMAGE: ReadonlySet<Container> = new Set(['png', 'jpeg', 'gif', 'webp', 'bmp', 'tiff', 'avif', 'pdf']);

function ascii(b: Uint8Array, at: number, len: number): string {
  let s = '';
  for (let i = at; i < at + len && i < b.length; i++) s += String.fromCharCode(b[i]);
  return s;
}

function startsWith(b: Uint8Array, bytes: readonly number[], at = 0): boolean {
  return bytes.every((x, i) => b[at + i] === x);
}

/** MP4 brands that mean "audio only" (iTunes audio, audiobooks). */
const AUDIO_BRANDS = new Set(['M4A ', 'M4B ', 'M4P ', 'F4A ']);
const MP4_FIRST_BOXES = new Set(['ftyp', 'moov', 'mdat', 'free', 'skip', 'wide', 'pnot']);

function containerOf(b: Uint8Array): Container {
  const box = ascii(b, 4, 4);
  // HEIF/AVIF stills are ISO boxes too: their brand says so.
  if (box === 'ftyp' && /^(avif|avis|heic|heix|mif1|msf1)$/.test(ascii(b, 8, 4))) return 'avif';
  if (MP4_FIRST_BOXES.has(box)) return box === 'ftyp' && AUDIO_BRANDS.has(ascii(b, 8, 4)) ? 'm4a' : 'mp4';
  if (startsWith(b, [0x1a, 0x45, 0xdf, 0xa3])) return 'matroska'; // EBML: .mkv, .webm
  if (ascii(b, 0, 4) === 'OggS') return 'ogg';
  if (ascii(b, 0, 4) === 'RIFF') {
    const form = ascii(b, 8, 4);
    if (form === 'AVI ') return 'avi';
    if (form === 'WAVE') return 'wav';
    if (form === 'WEBP') return 'webp';
  }
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(b, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (ascii(b, 0, 4) === 'GIF8') return 'gif';
  if (ascii(b, 0, 2) === 'BM' && b.length > 14 && b[6] === 0 && b[7] === 0) return 'bmp';
  if (startsWith(b, [0x49, 0x49, 0x2a, 0x00]) || startsWith(b, [0x4d, 0x4d, 0x00, 0x2a])) return 'tiff';
  if (ascii(b, 0, 5) === '%PDF-') return 'pdf';
  if (ascii(b, 0, 3) === 'FLV') return 'flv';
  if (ascii(b, 0, 4) === 'fLaC') return 'flac';
  if (ascii(b, 0, 3) === 'ID3') return 'mp3';
  if (startsWith(b, [0x30, 0x26, 0xb2, 0x75, 0x8e, 0x66, 0xcf, 0x11])) return 'asf';
  if (startsWith(b, [0x00, 0x00, 0x01, 0xba])) return 'mpeg-ps';
  if (b[0] === 0x47 && (b.length < 189 || b[188] === 0x47)) return 'mpeg-ts';
  if (b[0] === 0xff && (b[1] & 0xf6) === 0xf0) return 'aac'; // ADTS sync word, layer 0
  if (b[0] === 0xff && (b[1] & 0xe0) === 0xe0) return 'mp3'; // MPEG audio frame sync
  if (looksLikeText(b)) return 'text';
  return 'unknown';
}

/**
 * Text: valid UTF-8 with no control bytes other than tab/newline/CR/form feed. Media headers
 * always hold NULs or high bytes that break this within the first few bytes.
 */
export function looksLikeText(b: Uint8Array): boolean {
  if (b.length === 0) return false;
  let i = b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0; // UTF-8 BOM
  while (i < b.length) {
    const c = b[i];
    if (c < 0x80) {
      if (c < 0x20 && c !== 9 && c !== 10 && c !== 12 && c !== 13) return false;
      if (c === 0x7f) return false;
      i++;
      continue;
    }
    const n = c >= 0xf0 && c < 0xf5 ? 3 : c >= 0xe0 ? 2 : c >= 0xc2 && c < 0xe0 ? 1 : -1;
    if (n < 0 || c >= 0xf5) return false;
    for (let k = 1; k <= n; k++) {
      if (i + k >= b.length) return true; // a sequence cut by the sniff window
      if ((b[i + k] & 0xc0) !== 0x80) return false;
    }
    i += n + 1;
  }
  return true;
}

export function sniffContainer(head: Uint8Array): Sniffed {
  const container = containerOf(head);
  const kind: ContainerKind = container === 'text' ? 'text' : container === 'unknown' ? 'unknown'
    : AUDIO.has(container) ? 'audio' : IMAGE.has(container) ? 'image' : 'video';
  return { container, kind };
}

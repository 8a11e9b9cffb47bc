/**
 * Loading a pack through two small functions the host supplies — how to read a file of the pack
 * (fs in Node; fetch + Cache Storage in the browser) and how to open a graph (onnxruntime-node or
 * -web) — so loading, validation and verification are the same code everywhere. Every file is
 * checked against the manifest's size and sha256 before a session sees it.
 */
import { parseCritic, type LaneCriticTables } from '../generate/critic.ts';
import type { MusicSessions } from '../generate/decoder.ts';
import { presentNames, withPresentOutputs } from '../generate/present-graph.ts';
import type { ModelSession, OpenSession } from '../generate/session.ts';
import { codecDecoderFile, musicGraphFile, verifyFile } from './files.ts';
import type { Backend, CodecManifest, MusicGraph, MusicManifest, PackFile } from './manifest.ts';
import { readManifest } from './registry.ts';
import { PackFormatError, checkCodecFits } from './validate.ts';

/**
 * Reads `file` of pack `pack` (a folder name under the models root). `expect` is the manifest's
 * entry when there is one (not for manifest.json): a reader may key a cache by its sha256 and
 * report progress against its size.
 */
export type ReadPackFile = (pack: string, file: string, expect?: PackFile) => Promise<Uint8Array>;

async function manifestOf(read: ReadPackFile, pack: string): Promise<unknown> {
  const text = new TextDecoder().decode(await read(pack, 'manifest.json'));
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new PackFormatError(`${pack}/manifest.json is not JSON: ${(e as Error).message}`);
  }
}

async function openVerified(read: ReadPackFile, open: OpenSession, pack: string, f: PackFile,
  graph: { edit?: (bytes: Uint8Array) => Uint8Array; onDevice?: readonly string[] } = {}): Promise<ModelSession> {
  const bytes = await read(pack, f.file, f);
  await verifyFile(pack, f, bytes);
  return open(graph.edit ? graph.edit(bytes) : bytes, `${pack}/${f.file}`, graph.onDevice);
}

export interface LoadOptions {
  /**
   * Keep the KV cache in device memory (WebGPU): the step graph gets its presents as outputs
   * (present-graph.ts), and the step's and the prefill's presents are opened to stay on the device.
   */
  readonly cacheOnDevice?: boolean;
}

export interface LoadedMusicPack {
  readonly manifest: MusicManifest;
  readonly sessions: MusicSessions;
  readonly codec: CodecManifest;
  readonly decoder: ModelSession;
  /** The codec's lane critic, when its pack has one (generate/critic.ts). */
  readonly critic?: LaneCriticTables;
}

/** A music pack and the codec pack its manifest names, validated, verified and opened for `backend`. */
export async function loadMusicPack(read: ReadPackFile, open: OpenSession, pack: string, backend: Backend,
  options: LoadOptions = {}): Promise<LoadedMusicPack> {
  const prefix = (e: unknown) => {
    if (e instanceof PackFormatError && !e.message.startsWith(pack)) e.message = `${pack}/${e.message}`;
    return e;
  };
  let manifest: MusicManifest;
  try {
    manifest = readManifest(await manifestOf(read, pack), 'music');
  } catch (e) { throw prefix(e); }
  const codecPack = manifest.codec.pack;
  let codec: CodecManifest;
  try {
    codec = readManifest(await manifestOf(read, codecPack), 'codec');
  } catch (e) {
    if (e instanceof PackFormatError && !e.message.startsWith(codecPack)) e.message = `${codecPack}/${e.message}`;
    throw e;
  }
  checkCodecFits(manifest, codec);
  const layers = manifest.model.layers, onDevice = options.cacheOnDevice ? presentNames(layers) : undefined;
  const graph = (g: MusicGraph) => openVerified(read, open, pack, musicGraphFile(manifest, g, backend), !onDevice ? {}
    : g === 'step' ? { edit: (b) => withPresentOutputs(b, layers), onDevice } : g === 'prefill' ? { onDevice } : {});
  const sessions: MusicSessions = { videoEncoder: await graph('video_encoder'), conditionEncoder: await graph('condition_encoder'), step: await graph('step'),
    ...(manifest.graphs.prefill ? { prefill: await graph('prefill') } : {}) };
  const decoder = await openVerified(read, open, codecPack, codecDecoderFile(codec, backend));
  return { manifest, sessions, codec, decoder, ...(codec.critic ? { critic: await loadCritic(read, codecPack, codec) } : {}) };
}

/** The codec pack's critic.bin, verified and parsed. */
export async function loadCritic(read: ReadPackFile, pack: string, codec: CodecManifest): Promise<LaneCriticTables> {
  const spec = codec.critic!, f = codec.files[spec.file];
  const bytes = await read(pack, f.file, f);
  await verifyFile(pack, f, bytes);
  try {
    return parseCritic(bytes, spec, codec.codebooks, codec.codebook_size);
  } catch (e) {
    if (e instanceof PackFormatError) e.message = `${pack}/${f.file}: ${e.message}`;
    throw e;
  }
}

/**
 * Takes come and go here: a generation that ends with music becomes a take (the lanes, settings
 * and pack as they were when it started), the list is written on every change, a reload or a
 * re-opened project restores its clip's takes and plays the current one, and choosing a take
 * puts its audio on the clock (playback/take.ts) so Play, Export WAV and Export MP4 use it.
 */
import { TAKE_RATE } from '../../engine/audio/export.ts';
import { packChoice } from '../generate/pack-choice.ts';
import { bringIn, placeBeside, switchToTake, takeBeside, takeSamples } from '../playback/take.ts';
import { setTake } from '../store/generation.ts';
import { notify, useStudio, type StudioState } from '../store/studio.ts';
import { deleteTakeAudio, readAllTakes, readTakeList, takeAudio, takeCodes, writeTakeAudio, writeTakeCodes, writeTakeList } from './persist-takes.ts';
import { abPartner, addTakeRecord, nextTakeName, removeTake, setBesideTake, setCurrentTake, setTakes, useTakes, type TakeRecord } from './takes-state.ts';

type Snapshot = Pick<TakeRecord, 'lanes' | 'settings' | 'videoHash'>;

let started: Snapshot | null = null;
/** Other clips' records, written back with this clip's so they are not lost. */
let others: readonly TakeRecord[] = [];
let listLoaded = false;
const manifestHashes = new Map<string, Promise<string | null>>();

/** SHA-256 of the pack's manifest.json: it lists every model file's own SHA-256, so it names the pack's exact bytes. */
function packSha256(pack: string): Promise<string | null> {
  let p = manifestHashes.get(pack);
  if (!p) {
    p = fetch(`${packChoice().baseUrl}/${pack}/manifest.json`)
      .then((r) => (r.ok ? r.arrayBuffer() : Promise.reject(new Error(String(r.status)))))
      .then((b) => crypto.subtle.digest('SHA-256', b))
      .then((d) => [...new Uint8Array(d)].map((x) => x.toString(16).padStart(2, '0')).join(''))
      .catch(() => null);
    manifestHashes.set(pack, p);
  }
  return p;
}

async function keepFinished(s: StudioState, snap: Snapshot): Promise<void> {
  const run = s.generation.run, take = s.generation.take;
  if ((run.kind !== 'done' && run.kind !== 'cancelled') || !take || take.seconds <= 0) return;
  // a run that made no new take (a section cancelled) leaves the one heard, already kept
  if (useTakes.getState().takes.some((t) => t.id === take.id)) return;
  const samples = takeSamples();
  const pack = s.generation.pack.kind === 'ready' ? s.generation.pack.info.pack : take.pack;
  const record: TakeRecord = {
    id: take.id, name: nextTakeName(useTakes.getState().takes), starred: false, createdAt: Date.now(),
    videoHash: snap.videoHash, settings: snap.settings, lanes: snap.lanes,
    pack: { id: pack, sha256: await packSha256(pack) },
    start: take.start, seconds: samples.length / TAKE_RATE, sampleRate: TAKE_RATE, ending: run.kind,
    ...(take.section ? { section: take.section } : {}),
  };
  await writeTakeAudio(record, samples);
  await writeTakeCodes(record);
  addTakeRecord(record);
  setBesideTake(takeBeside());
}

/**
 * Put a take on the clock: it plays, and Export WAV / MP4 / MIDI use it. The take heard until now
 * stays beside it, so choosing that one again (A/B) switches without a gap at the same position;
 * any other take is crossfaded in at the same position too (bringIn), once its audio is read.
 * False when its audio was not kept.
 */
export async function chooseTake(id: string): Promise<boolean> {
  const t = useTakes.getState().takes.find((x) => x.id === id);
  if (!t) return false;
  if (!switchToTake(id)) {
    const samples = await takeAudio(id);
    if (!samples) {
      notify('error', `The audio of “${t.name}” was not kept (storage was full or unavailable).`);
      return false;
    }
    bringIn(t.id, t.start, t.sampleRate, samples);
  }
  setTake({ id: t.id, start: t.start, seconds: t.seconds, seed: t.settings.seed, pack: t.pack.id });
  setCurrentTake(id);
  setBesideTake(takeBeside());
  return true;
}

/** Delete with an Undo in the notice (the record and its audio come back, at the same place). */
export function deleteTake(id: string): void {
  const t = useTakes.getState().takes.find((x) => x.id === id);
  const wasCurrent = useTakes.getState().current === id;
  const undo = removeTake(id);
  if (!t || !undo) return;
  // its audio is read into this session first (a restored take's may only be in IndexedDB), so Undo can write it back
  const deleted = Promise.all([takeAudio(id), takeCodes(id)]).then(async (a) => { await deleteTakeAudio(id); return a; });
  notify('info', `Deleted “${t.name}”.`, {
    label: 'Undo',
    perform: () => {
      undo();
      void deleted.then(([a, c]) => {
        if (a) void writeTakeAudio(t, a);
        if (c) void writeTakeCodes(t, c);
      });
      if (wasCurrent) setCurrentTake(id);
    },
  });
}

async function restoreTakes(): Promise<void> {
  const hash = useStudio.getState().project.video?.hash ?? null;
  const [all, mine] = await Promise.all([readAllTakes(), readTakeList(hash)]);
  others = all.filter((t) => t.videoHash !== hash);
  listLoaded = true;
  setTakes(mine.takes, null);
  const current = mine.current ?? mine.takes[mine.takes.length - 1]?.id ?? null;
  // a take written in this session before the restore finished stays the one heard
  if (current && !useStudio.getState().generation.take && await chooseTake(current)) await loadPartner();
}

/** Load the take B goes to beside the one heard, so the first A/B after a reload has no gap either. */
async function loadPartner(): Promise<void> {
  const id = abPartner(useTakes.getState());
  const t = useTakes.getState().takes.find((x) => x.id === id);
  const samples = t ? await takeAudio(t.id) : null;
  if (!t || !samples || takeBeside() === t.id) return;
  placeBeside(t.id, t.start, t.sampleRate, samples);
  setBesideTake(takeBeside());
}

/** Starts keeping takes; returns the unsubscribe. Called once by the studio. */
export function startTakes(): () => void {
  const offStudio = useStudio.subscribe((s, prev) => {
    if (s.restored && !prev.restored) void restoreTakes();
    else if (s.restored && s.project.video?.hash !== prev.project.video?.hash) void restoreTakes();
    const run = s.generation.run, was = prev.generation.run;
    if (run.kind === 'running' && was.kind !== 'running') {
      started = { lanes: s.project.lanes, settings: s.generation.settings, videoHash: s.project.video?.hash ?? null };
    } else if (run.kind !== 'running' && was.kind === 'running' && started) {
      const snap = started;
      started = null;
      void keepFinished(s, snap);
    }
  });
  const offTakes = useTakes.subscribe((t, prev) => {
    if (!listLoaded || (t.takes === prev.takes && t.current === prev.current)) return;
    void writeTakeList({ takes: [...others, ...t.takes], current: t.current });
  });
  if (useStudio.getState().restored) void restoreTakes();
  return () => { offStudio(); offTakes(); };
}

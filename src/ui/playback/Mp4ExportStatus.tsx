import { useMp4Export } from './exportMp4.ts';

/** What the MP4 export is doing: progress while it runs, the file it wrote, or why it failed. */
export function Mp4ExportStatus() {
  const state = useMp4Export();
  if (state.kind === 'idle') return null;
  if (state.kind === 'running') {
    return (
      <span className="mp4-export" data-testid="mp4-export" data-state="running" role="status">
        <progress max={1} value={state.progress ?? undefined} aria-label="MP4 export" /> {state.message}
      </span>
    );
  }
  return (
    <span className="mp4-export" data-testid="mp4-export" data-state={state.kind} data-writer={state.kind === 'done' ? state.writer : undefined}
      role={state.kind === 'failed' ? 'alert' : 'status'}>
      {state.kind === 'done' ? `Wrote “${state.name}” (picture copied, sound ${state.sound})` : state.message}
      <button type="button" aria-label="Dismiss" onClick={() => useMp4Export.setState({ kind: 'idle' }, true)}>×</button>
    </span>
  );
}

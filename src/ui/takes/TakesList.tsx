import './takes.css';
import { useEffect, useRef } from 'react';
import { regenerateSectionAction } from '../actions/regenerateSection.ts';
import { sectionUnavailable } from '../generate/run-section.ts';
import { useStudio } from '../store/studio.ts';
import { chooseTake, deleteTake } from './run-takes.ts';
import { abPartner, renameTake, startRename, toggleStar, useTakes, type TakeRecord } from './takes-state.ts';

const when = (ms: number) => new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

interface RowProps { take: TakeRecord; current: boolean; beside: boolean; renaming: boolean; busy: boolean; of: string }

function TakeRow({ take, current, beside, renaming, busy, of }: RowProps) {
  const name = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (!renaming) return;
    name.current?.focus();
    name.current?.select();
    startRename(null);
  }, [renaming]);
  return (
    <li className={current ? 'take current' : 'take'} data-testid="take" data-take-id={take.id} aria-current={current || undefined}
      data-ab={current ? 'A' : beside ? 'B' : undefined}>
      <button type="button" className="star" aria-pressed={take.starred} data-testid="take-star"
        title={take.starred ? 'Unstar' : 'Star: mark it as a keeper'} onClick={() => toggleStar(take.id)}>{take.starred ? '★' : '☆'}</button>
      {/* keyed on the name so an outside change (undo) shows; renamed on Enter or leaving the field */}
      <input key={take.name} ref={name} className="take-name" defaultValue={take.name} aria-label="Take name" data-testid="take-name"
        onBlur={(e) => renameTake(take.id, e.target.value)}
        onKeyDown={(e) => { if (e.key === 'Enter' || e.key === 'Escape') e.currentTarget.blur(); e.stopPropagation(); }} />
      {beside && <span className="take-ab" title="A/B (B) switches to this take without a gap" data-testid="take-beside">B</span>}
      <span className="take-info" title={`pack ${take.pack.id}${take.pack.sha256 ? ` (${take.pack.sha256.slice(0, 12)}…)` : ''}`}>
        seed {take.settings.seed} · {take.seconds.toFixed(1)} s{take.ending === 'cancelled' ? ' (stopped)' : ''}
        {take.section && <span data-testid="take-section"> · {take.section.start.toFixed(1)}–{take.section.end.toFixed(1)} s of {of}</span>} · {when(take.createdAt)}
      </span>
      <button type="button" className="small" disabled={busy || current} data-testid="take-choose"
        onClick={() => void chooseTake(take.id)}>{current ? 'Playing' : 'Use'}</button>
      <button type="button" className="small" disabled={busy} aria-label={`Delete ${take.name}`} data-testid="take-delete"
        onClick={() => deleteTake(take.id)}>Delete</button>
    </li>
  );
}

/** Regenerate section (Shift+G): enabled when there is a take in use and a loop region, else it says why. */
function SectionButton() {
  // re-rendered when the take in use, the loop region or the run change: the reason is read from them
  useTakes((t) => t.current);
  useStudio((s) => s.project.settings.loop);
  useStudio((s) => s.generation.run.kind);
  const why = sectionUnavailable();
  return (
    <button type="button" className="small" data-testid="regenerate-section" disabled={!!why}
      title={why || `${regenerateSectionAction.label} (Shift+G)`} onClick={regenerateSectionAction.perform}>Regenerate section</button>
  );
}

/** The clip's takes, oldest first: star, rename, use (plays and exports), delete (with Undo); B marks the take A/B switches to. */
export function TakesList() {
  const state = useTakes();
  const { takes, current, renaming } = state;
  const partner = abPartner(state);
  const busy = useStudio((s) => s.generation.run.kind === 'running');
  if (takes.length === 0) return null;
  return (
    <section className="takes" aria-label="Takes" data-testid="takes">
      <h3>Takes</h3>
      <SectionButton />
      <ol>{takes.map((t) => <TakeRow key={t.id} take={t} current={t.id === current} beside={t.id === partner}
        renaming={t.id === renaming} busy={busy} of={takes.find((x) => x.id === t.section?.of)?.name ?? 'a deleted take'} />)}</ol>
    </section>
  );
}

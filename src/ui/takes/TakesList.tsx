import './takes.css';
import { useStudio } from '../store/studio.ts';
import { chooseTake, deleteTake } from './run-takes.ts';
import { renameTake, toggleStar, useTakes, type TakeRecord } from './takes-state.ts';

const when = (ms: number) => new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

function TakeRow({ take, current, busy }: { take: TakeRecord; current: boolean; busy: boolean }) {
  return (
    <li className={current ? 'take current' : 'take'} data-testid="take" data-take-id={take.id} aria-current={current || undefined}>
      <button type="button" className="star" aria-pressed={take.starred} data-testid="take-star"
        title={take.starred ? 'Unstar' : 'Star: mark it as a keeper'} onClick={() => toggleStar(take.id)}>{take.starred ? '★' : '☆'}</button>
      {/* keyed on the name so an outside change (undo) shows; renamed on Enter or leaving the field */}
      <input key={take.name} className="take-name" defaultValue={take.name} aria-label="Take name" data-testid="take-name"
        onBlur={(e) => renameTake(take.id, e.target.value)}
        onKeyDown={(e) => { if (e.key === 'Enter') e.currentTarget.blur(); e.stopPropagation(); }} />
      <span className="take-info" title={`pack ${take.pack.id}${take.pack.sha256 ? ` (${take.pack.sha256.slice(0, 12)}…)` : ''}`}>
        seed {take.settings.seed} · {take.seconds.toFixed(1)} s{take.ending === 'cancelled' ? ' (stopped)' : ''} · {when(take.createdAt)}
      </span>
      <button type="button" className="small" disabled={busy || current} data-testid="take-choose"
        onClick={() => void chooseTake(take.id)}>{current ? 'Playing' : 'Use'}</button>
      <button type="button" className="small" disabled={busy} aria-label={`Delete ${take.name}`} data-testid="take-delete"
        onClick={() => deleteTake(take.id)}>Delete</button>
    </li>
  );
}

/** The clip's takes, oldest first: star, rename, use (plays and exports), delete (with Undo). */
export function TakesList() {
  const { takes, current } = useTakes();
  const busy = useStudio((s) => s.generation.run.kind === 'running');
  if (takes.length === 0) return null;
  return (
    <section className="takes" aria-label="Takes" data-testid="takes">
      <h3>Takes</h3>
      <ol>{takes.map((t) => <TakeRow key={t.id} take={t} current={t.id === current} busy={busy} />)}</ol>
    </section>
  );
}

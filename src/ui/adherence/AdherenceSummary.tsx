/**
 * One line under the take in the Generate panel, after every take: each drawn lane's headline
 * score, and a button to the adherence view (Shift+A) that shows where the take parted.
 */
import { laneSpec } from '../../engine/project/lanes.ts';
import { adherenceAction } from '../actions/adherence.ts';
import { useTakes } from '../takes/takes-state.ts';
import { formatScore } from './AdherencePanel.tsx';
import { useAdherence } from './adherence-state.ts';

export function AdherenceSummary() {
  const current = useTakes((s) => s.current);
  const status = useAdherence((s) => (current ? s.byTake[current] : undefined));
  if (!current || !status || status.kind === 'failed') return null;
  const scored = status.kind === 'ready' ? status.report.lanes.filter((l) => !l.free) : [];
  return (
    <p className="adherence-summary" data-testid="adherence-summary" data-state={status.kind}>
      {status.kind === 'working'
        ? 'Listening to the take to see how it followed your lanes…'
        : scored.length === 0
          ? 'Every lane was left to the model: nothing to score.'
          : <>Followed your lanes: {scored.map((l, i) => (
            <span key={l.lane}>{i > 0 && ' · '}{laneSpec(l.lane).label} {formatScore(l.scores[0], laneSpec(l.lane).axis?.unit ?? '')}</span>
          ))}</>}
      {' '}<button type="button" className="link" onClick={adherenceAction.perform} title={`${adherenceAction.label} (Shift+A)`}>Where it parted</button>
    </p>
  );
}

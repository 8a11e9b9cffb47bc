/**
 * The adherence view (Shift+A): how the current take — the newest, or the one chosen in the
 * takes list — followed each lane. Per lane: its score by the evaluation's metrics, the asked and
 * heard curves overlaid, the spans where they part (each one a button that seeks there, to hear
 * it), and the lane's free spans. A lane left free over the whole take says so and is not scored.
 */
import type { LaneAdherence, LaneScore } from '../../engine/metrics/adherence.ts';
import { laneSpec } from '../../engine/project/lanes.ts';
import { seekTo } from '../playback/clock.ts';
import { setPanel } from '../store/studio.ts';
import { useTakes } from '../takes/takes-state.ts';
import { AdherenceChart } from './AdherenceChart.tsx';
import { useAdherence, type AdherenceStatus } from './adherence-state.ts';
import './adherence.css';

const STAGE: Record<string, string> = {
  waiting: 'Waits until the take being written is done',
  resampling: 'Reading the take', analysing: 'Listening: beats, loudness, melody, chords and mood', proposing: 'Listening', scoring: 'Scoring',
};

/** Scores as a person reads them: correlations to two places, shares in per cent, RMSE in the lane's unit. */
export function formatScore(s: LaneScore, unit: string): string {
  if (!Number.isFinite(s.value)) return '—';
  if (s.name === 'PCC' || s.name === 'CCC') return s.value.toFixed(2);
  if (s.name === 'RMSE') return `${s.value.toFixed(unit ? 1 : 2)}${unit ? ` ${unit}` : ''}`;
  return `${Math.round(s.value * 100)} %`;
}

const span = (s: { start: number; end: number }) => `${s.start.toFixed(1)}–${s.end.toFixed(1)} s`;

/** For harmony, what was asked and heard in the middle of a parted span ("Am asked, F heard"). */
function chordsAt(lane: LaneAdherence, s: { start: number; end: number }): string {
  if (!lane.chords) return '';
  const mid = (s.start + s.end) / 2;
  const at = (xs: readonly { start: number; end: number; label: string }[]) => xs.find((c) => c.start <= mid && mid < c.end)?.label ?? 'N';
  return ` (${at(lane.chords.asked)} asked, ${at(lane.chords.heard)} heard)`;
}

function LaneRow({ lane, start, end }: { lane: LaneAdherence; start: number; end: number }) {
  const spec = laneSpec(lane.lane);
  const unit = spec.axis?.unit ?? '';
  return (
    <section className="adherence-lane" data-testid="adherence-lane" data-lane={lane.lane} data-state={lane.free ? 'free' : 'scored'}>
      <header>
        <h3>{spec.label}</h3>
        {lane.free
          ? <span className="adherence-free-note">Free: left to the model, not scored</span>
          : lane.scores.map((s, i) => (
            <span key={s.name} className={i === 0 ? 'adherence-score headline' : 'adherence-score'} data-testid="adherence-score"
              data-name={s.name} data-value={s.value}>{s.name} <b>{formatScore(s, unit)}</b></span>
          ))}
      </header>
      {!lane.free && (
        <>
          <AdherenceChart lane={lane} start={start} end={end} />
          <p className="adherence-parted" title={`Marked: ${lane.rule}`}>
            {lane.parted.length === 0
              ? 'Follows what you asked throughout.'
              : <>Parts from what you asked at {lane.parted.map((s) => (
                <button key={s.start} type="button" className="link" data-testid="adherence-part" onClick={() => seekTo(s.start)} title="Play from here">{span(s)}{chordsAt(lane, s)}</button>
              ))}</>}
            {lane.freeSpans.length > 0 && <span className="muted"> · free {lane.freeSpans.map(span).join(', ')}</span>}
          </p>
        </>
      )}
    </section>
  );
}

function Body({ status }: { status: AdherenceStatus | undefined }) {
  if (!status) return <p className="muted">Waiting for the take's audio…</p>;
  if (status.kind === 'working') return <p className="muted" data-testid="adherence-working">{STAGE[status.stage] ?? 'Listening'}…</p>;
  if (status.kind === 'failed') return <p role="alert">Could not hear this take back: {status.message}.</p>;
  const { report } = status;
  return (
    <>
      {report.lanes.map((l) => <LaneRow key={l.lane} lane={l} start={report.start} end={report.start + report.seconds} />)}
      <p className="muted adherence-legend">
        <span className="key asked" /> asked <span className="key heard" /> heard in the take{' '}
        <span className="key parted" /> where they part <span className="key free" /> free. Scores are those of <code>npm run eval</code>.
      </p>
    </>
  );
}

export function AdherencePanel() {
  const take = useTakes((s) => s.takes.find((t) => t.id === s.current) ?? null);
  const status = useAdherence((s) => (take ? s.byTake[take.id] : undefined));
  return (
    <div className="adherence-panel" data-testid="adherence-panel" data-state={take ? status?.kind ?? 'working' : 'none'}>
      <header>
        <h2>{take ? `How “${take.name}” followed your lanes` : 'How a take follows your lanes'}</h2>
        <button type="button" onClick={() => setPanel(null)}>Close</button>
      </header>
      {take ? <Body status={status} /> : <p className="muted">No take yet: generate one (G), and this shows, lane by lane, what it was asked and what it played.</p>}
    </div>
  );
}

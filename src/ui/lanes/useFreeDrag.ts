/**
 * The Free tool, the same on every lane: drag across a span to leave it to the model;
 * Alt-drag (or a drag that starts inside a free span with Alt) clears it again.
 */
import { useState } from 'react';
import { addSpan, subtractSpan } from '../../engine/curves/spans.ts';
import type { FreeSpan, LaneId } from '../../engine/project/types.ts';
import { editLane } from '../store/studio.ts';
import { clampTime } from './geometry.ts';

export interface FreeDrag {
  readonly draft: FreeSpan | null;
  begin(t: number, clear: boolean): void;
  move(t: number): void;
  end(): void;
}

export function useFreeDrag(lane: LaneId, duration: number): FreeDrag {
  const [drag, setDrag] = useState<{ from: number; to: number; clear: boolean } | null>(null);
  const clampT = (t: number) => clampTime(t, duration);
  return {
    draft: drag ? { start: Math.min(drag.from, drag.to), end: Math.max(drag.from, drag.to) } : null,
    begin: (t, clear) => setDrag({ from: clampT(t), to: clampT(t), clear }),
    move: (t) => setDrag((d) => (d ? { ...d, to: clampT(t) } : d)),
    end: () => {
      if (!drag) return;
      const span = { start: Math.min(drag.from, drag.to), end: Math.max(drag.from, drag.to) };
      setDrag(null);
      if (span.end - span.start < 0.02) return;
      editLane(lane, (l) => ({ ...l, free: drag.clear ? subtractSpan(l.free, span) : addSpan(l.free, span) }), true);
    },
  };
}

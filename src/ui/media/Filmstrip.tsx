import { filmstripTiles } from '../../engine/media/filmstrip.ts';
import { useStudio } from '../store/studio.ts';
import { THUMB_HEIGHT } from './thumbnails.ts';

/** Thumbnails along the timeline at the current zoom and scroll (tiles pick the nearest thumbnail). */
export function Filmstrip({ width }: { width: number }) {
  const view = useStudio((s) => s.view);
  const video = useStudio((s) => s.project.video);
  const thumbs = useStudio((s) => s.media.thumbnails);
  const url = useStudio((s) => s.media.url);
  if (!video || !url) return <div className="filmstrip empty" style={{ height: THUMB_HEIGHT, width }} />;
  const tileWidth = Math.max(8, Math.round((THUMB_HEIGHT * video.width) / Math.max(1, video.height)));
  const tiles = filmstripTiles(view, width, tileWidth, thumbs.map((t) => t.t), video.duration);
  return (
    <div className="filmstrip" data-testid="filmstrip" data-thumbs={thumbs.length} style={{ height: THUMB_HEIGHT, width }}>
      {tiles.map((tile) => (
        <img key={tile.x} src={thumbs[tile.index].url} alt="" draggable={false}
          style={{ left: tile.x, width: tileWidth, height: THUMB_HEIGHT }} />
      ))}
    </div>
  );
}

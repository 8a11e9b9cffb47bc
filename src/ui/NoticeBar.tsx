import { dismissNotice, useStudio } from './store/studio.ts';

/**
 * The one line where the studio says what went wrong (or right); it never blocks the page and
 * floats over the stage, so a notice coming or going never moves the timeline under the pointer.
 */
export function NoticeBar() {
  const notice = useStudio((s) => s.notice);
  if (!notice) return null;
  return (
    <div className={`notice ${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'} data-testid="notice">
      <span>{notice.text}</span>
      {notice.action && (
        <button type="button" className="small" data-testid="notice-action"
          onClick={() => { dismissNotice(); notice.action!.perform(); }}>{notice.action.label}</button>
      )}
      <button type="button" className="small" aria-label="Dismiss" onClick={dismissNotice}>×</button>
    </div>
  );
}

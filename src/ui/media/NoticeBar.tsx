import { dismissNotice, useStudio } from '../store/studio.ts';

/** The last message for the person (a rejected file, a cancelled conversion); stays until dismissed. */
export function NoticeBar() {
  const notice = useStudio((s) => s.notice);
  if (!notice) return null;
  return (
    <div className={`notice ${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'} data-testid="notice">
      <span>{notice.text}</span>
      <button type="button" onClick={dismissNotice} aria-label="Dismiss">×</button>
    </div>
  );
}

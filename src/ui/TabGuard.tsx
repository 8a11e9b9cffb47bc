import { takeOverProject } from './persist/autosave.ts';
import { useStudio } from './store/studio.ts';

/**
 * Shown over the studio while another tab owns the project: this tab saves nothing, so editing
 * here would be lost — it says so and offers to take the project over (the other tab then stops).
 */
export function TabGuard() {
  const ownership = useStudio((s) => s.ownership);
  if (ownership !== 'elsewhere') return null;
  return (
    <div className="overlay" role="dialog" aria-modal="true" aria-label="Open in another tab" data-testid="tab-guard">
      <div className="overlay-card">
        <h2>Undertone is open in another tab</h2>
        <p>That tab owns the project and saves it; changes made here would overwrite its work, so this tab
          shows the last saved state and does not save.</p>
        <p>Take the project over to edit here: the other tab stops saving and says so.</p>
        <button type="button" data-testid="take-over" onClick={takeOverProject} autoFocus>Edit here instead</button>
      </div>
    </div>
  );
}

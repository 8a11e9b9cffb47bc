/** A user action: one per file, shared by buttons, shortcuts, menus and the help overlay. */
export interface StudioAction {
  readonly id: string;
  readonly label: string;
  /** Shortcuts as "Mod+Shift+Z" (Mod = Ctrl, or ⌘ on a Mac); the first one is shown in help. */
  readonly keys: readonly string[];
  readonly perform: () => void;
  readonly enabled?: () => boolean;
}

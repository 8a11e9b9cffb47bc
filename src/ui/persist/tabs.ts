/**
 * Several tabs of the studio share one autosaved project, so exactly one of them may write it.
 * The owner holds a Web Lock; another tab shows that the project is open elsewhere and offers to
 * take it over (a lock steal). A tab that waits gets the project by itself when the owner closes.
 * Ownership changes are announced on a BroadcastChannel so the tab that lost it says so at once.
 */

export const PROJECT_LOCK = 'undertone-project';
const CHANNEL = 'undertone-tabs';

export interface TabClaim {
  /** Take the project from the tab that owns it (that tab stops saving and says so). */
  takeOver(): void;
  stop(): void;
}

export interface TabEvents {
  /** This tab owns the project now: restore the newest copy and save from here on. */
  readonly gained: () => void;
  /** Another tab owns it: stop saving, say so. */
  readonly lost: () => void;
}

export function claimProject(events: TabEvents): TabClaim {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  if (!locks) {
    // No Web Locks (old browser, insecure origin): one tab is all we can promise.
    events.gained();
    return { takeOver() {}, stop() {} };
  }
  const channel = typeof BroadcastChannel !== 'undefined' ? new BroadcastChannel(CHANNEL) : null;
  let release: (() => void) | null = null;
  let waiting: AbortController | null = null;
  let stopped = false;

  const lose = () => {
    if (stopped) return;
    release = null;
    events.lost();
  };
  /** Ask for the lock; `onMissing` runs when ifAvailable finds it held elsewhere. */
  const ask = (options: LockOptions, onMissing?: () => void) => {
    let granted = false;
    locks.request(PROJECT_LOCK, options, (lock) => {
      if (!lock || stopped) {
        if (!lock) onMissing?.();
        return null;
      }
      granted = true;
      waiting = null;
      events.gained();
      return new Promise<void>((resolve) => { release = resolve; });
    }).catch(() => {
      // Rejected after it was granted: another tab stole it (take-over). Before: our wait was cancelled.
      if (!granted || stopped) return;
      lose();
      wait();
    });
  };
  // Queue behind the owner: granted when it closes (or its renderer dies).
  const wait = () => {
    const ctl = new AbortController();
    waiting = ctl;
    ask({ signal: ctl.signal });
  };

  ask({ ifAvailable: true }, () => {
    events.lost();
    wait();
  });

  if (channel) {
    channel.onmessage = (e: MessageEvent) => {
      // The lock steal also tells us (AbortError); the message only makes it immediate.
      if (e.data?.type === 'taken' && release) lose();
    };
  }

  return {
    takeOver() {
      waiting?.abort();
      waiting = null;
      channel?.postMessage({ type: 'taken' });
      ask({ steal: true });
    },
    stop() {
      stopped = true;
      waiting?.abort();
      release?.();
      channel?.close();
    },
  };
}

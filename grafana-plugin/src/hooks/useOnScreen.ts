import { useLayoutEffect, useRef, useState, type RefObject } from 'react';

/** Rooms this close to the visible area (in its own heights) are drawn in full, so scrolling finds them ready. */
const MARGIN_SCREENS = 1;

/**
 * Follows which room cards are on or near the screen, so that only their tiles are drawn in full:
 * 2,000 full tiles cost hundreds of milliseconds to create while a screen shows a few dozen, and
 * the rest stay light (one element each, with their role, label and data). One
 * IntersectionObserver per grid, rooted at the nearest scrolling ancestor (the panel, or the
 * page), with a margin of one screen. Without IntersectionObserver (jsdom, old browsers) every
 * room is drawn in full.
 */
export class ScreenTracker {
  readonly #listeners = new Map<Element, (onScreen: boolean) => void>();
  #observer: IntersectionObserver | undefined;
  #root: Element | null | undefined;
  /** The visible area, measured once per task (rooms mount and measure together). */
  #area: { top: number; bottom: number; left: number; right: number } | undefined;

  /** False where nothing can tell what is on screen: then every room is drawn in full. */
  static get supported(): boolean {
    return typeof IntersectionObserver !== 'undefined';
  }

  /**
   * Whether the element is on screen now: read once when a room mounts, in a layout effect, so the
   * first paint already shows the visible rooms in full; the observer answers a frame later and
   * adds the rooms near the screen. All rooms of a render measure one layout.
   */
  isOnScreen(element: Element): boolean {
    const box = element.getBoundingClientRect();
    const area = this.#visibleArea(element);
    return box.bottom >= area.top && box.top <= area.bottom && box.right >= area.left && box.left <= area.right;
  }

  observe(element: Element, listener: (onScreen: boolean) => void): () => void {
    if (!ScreenTracker.supported) {
      return () => {};
    }
    this.#listeners.set(element, listener);
    this.#observer ??= new IntersectionObserver((entries) => this.#notify(entries), {
      root: this.#scrollRoot(element),
      rootMargin: `${MARGIN_SCREENS * 100}% 0px`,
    });
    this.#observer.observe(element);
    return () => {
      this.#listeners.delete(element);
      this.#observer?.unobserve(element);
    };
  }

  #notify(entries: IntersectionObserverEntry[]): void {
    for (const entry of entries) {
      this.#listeners.get(entry.target)?.(entry.isIntersecting);
    }
  }

  #visibleArea(element: Element) {
    if (!this.#area) {
      const root = this.#scrollRoot(element);
      const view = { top: 0, left: 0, bottom: window.innerHeight, right: window.innerWidth };
      const box = root ? root.getBoundingClientRect() : view;
      this.#area = {
        top: Math.max(view.top, box.top),
        bottom: Math.min(view.bottom, box.bottom),
        left: Math.max(view.left, box.left),
        right: Math.min(view.right, box.right),
      };
      queueMicrotask(() => (this.#area = undefined));
    }
    return this.#area;
  }

  /** The nearest ancestor that scrolls (the panel), or null for the page. */
  #scrollRoot(element: Element): Element | null {
    if (this.#root === undefined) {
      let parent = element.parentElement;
      while (parent && parent !== document.body && parent !== document.documentElement && !/(auto|scroll)/.test(getComputedStyle(parent).overflowY)) {
        parent = parent.parentElement;
      }
      this.#root = parent === document.body || parent === document.documentElement ? null : parent;
    }
    return this.#root;
  }
}

/** One tracker for a grid of rooms; each room stops being observed when it unmounts. */
export function useScreenTracker(): ScreenTracker | undefined {
  const [tracker] = useState(() => (ScreenTracker.supported ? new ScreenTracker() : undefined));
  return tracker;
}

/**
 * Whether a room is on or near the screen (always true without a tracker). Starts false, is
 * measured before the first paint, then follows the tracker's observer. Its tiles are drawn anew
 * when this changes, so a tile that had the keyboard focus gets it back.
 */
export function useOnScreen(ref: RefObject<HTMLElement>, tracker: ScreenTracker | undefined): boolean {
  const [onScreen, setOnScreen] = useState(tracker === undefined);
  const focused = useRef<string | undefined>(undefined);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!tracker || !element) {
      setOnScreen(true);
      return;
    }
    if (tracker.isOnScreen(element)) {
      setOnScreen(true);
    }
    return tracker.observe(element, (next) => {
      const active = document.activeElement;
      focused.current = active instanceof HTMLElement && element.contains(active) ? active.dataset.deviceKey : undefined;
      setOnScreen(next);
    });
  }, [ref, tracker]);
  useLayoutEffect(() => {
    const key = focused.current;
    focused.current = undefined;
    if (key !== undefined) {
      const tiles = ref.current?.querySelectorAll<HTMLElement>('[data-device-key]') ?? [];
      [...tiles].find((tile) => tile.dataset.deviceKey === key)?.focus({ preventScroll: true });
    }
  }, [ref, onScreen]);
  return onScreen;
}

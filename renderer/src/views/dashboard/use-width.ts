import { useCallback, useState } from 'react';

/**
 * The width of an element, kept current as the window or layout changes: the charts draw to it in pixels, so text
 * and lines stay the same size at 800 and at 1600 pixels. `fallback` is the width before the first measurement.
 */
export function useWidth<T extends HTMLElement>(fallback: number): [(el: T | null) => (() => void) | undefined, number] {
  const [width, setWidth] = useState(fallback);
  const ref = useCallback((el: T | null) => {
    if (!el) return undefined;
    const measure = (w: number) => {
      const px = Math.floor(w);
      if (px > 0) setWidth(px);
    };
    measure(el.clientWidth);
    if (typeof ResizeObserver === 'undefined') return undefined;
    const observer = new ResizeObserver((entries) => {
      const entry = entries[0];
      if (entry) measure(entry.contentRect.width);
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}

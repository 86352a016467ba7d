/**
 * An in-app modal dialog: the native <dialog> opened with showModal (the rest of the page is inert and under a
 * backdrop), labelled by its heading, Tab kept inside it, Escape cancelling, and focus put back on whatever opened it.
 * It is open while it is mounted: the parent renders it to open it and stops rendering it to close it.
 */
import { useId, useLayoutEffect, useRef, type KeyboardEvent, type ReactNode, type RefObject } from 'react';

const TABBABLE = 'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])';

function tabbables(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(TABBABLE)].filter((el) => !el.closest('[hidden], [inert]') && el.getClientRects().length > 0);
}

interface DialogProps {
  title: ReactNode;
  /** Called for Escape and the Cancel button; ignored while `busy`. */
  onCancel(): void;
  children: ReactNode;
  /** What gets focus on opening; otherwise the first control. */
  initialFocus?: RefObject<HTMLElement | null>;
  /** Where focus goes on closing when the opener has gone (a removed pack's button). */
  fallbackFocus?: () => HTMLElement | null;
  /** Asked on closing: an element here wins over the opener (which the dialog's own action is about to remove). */
  returnFocus?: () => HTMLElement | null;
  /** Something is being done: Escape does nothing until it is over. */
  busy?: boolean;
  className?: string;
  describedBy?: string;
}

export function Dialog({ title, onCancel, children, initialFocus, fallbackFocus, returnFocus, busy = false, className, describedBy }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const opener = useRef<Element | null>(null);
  // The latest props, for the listeners set up once below.
  const latest = useRef({ onCancel, busy, fallbackFocus, returnFocus });
  useLayoutEffect(() => {
    latest.current = { onCancel, busy, fallbackFocus, returnFocus };
  });

  useLayoutEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    // Refs outlive StrictMode's second run of this effect: the opener is what had focus before the first.
    if (!opener.current) opener.current = document.activeElement;
    if (!dialog.open) dialog.showModal();
    (initialFocus?.current ?? tabbables(dialog)[0] ?? dialog).focus();
    // Some browsers close a modal dialog on a second Escape whatever the page says: treat that as a cancel too.
    const onClose = () => {
      if (!dialog.open) latest.current.onCancel();
    };
    dialog.addEventListener('close', onClose);
    return () => {
      dialog.removeEventListener('close', onClose);
      if (dialog.open) dialog.close();
      // After the commit that closed it (the opener may be going away in the same one), unless it was opened again
      // at once (StrictMode's second run).
      queueMicrotask(() => {
        if (dialog.open) return;
        const { returnFocus: chosen, fallbackFocus: fallback } = latest.current;
        const from = opener.current;
        // Opened from a menu command, nothing had focus: the fallback, not the page body.
        const usable = from instanceof HTMLElement && from !== document.body && from.isConnected;
        const back = chosen?.() ?? (usable ? from : fallback?.());
        back?.focus();
      });
    };
    // Opened once per mount; the initial focus is read then.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const onKeyDown = (e: KeyboardEvent<HTMLDialogElement>) => {
    if (e.key !== 'Tab' || !ref.current) return;
    const items = tabbables(ref.current);
    if (items.length === 0) return e.preventDefault();
    const first = items[0]!;
    const last = items[items.length - 1]!;
    const active = document.activeElement;
    if (e.shiftKey && (active === first || active === ref.current)) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && active === last) {
      e.preventDefault();
      first.focus();
    }
  };

  return (
    <dialog
      ref={ref}
      className={`packs-dialog${className ? ` ${className}` : ''}`}
      role="dialog"
      aria-modal="true"
      aria-labelledby={titleId}
      aria-describedby={describedBy}
      aria-busy={busy || undefined}
      onKeyDown={onKeyDown}
      onCancel={(e) => {
        e.preventDefault();
        if (!latest.current.busy) latest.current.onCancel();
      }}
    >
      <h2 id={titleId} className="packs-dialog-title">
        {title}
      </h2>
      {children}
    </dialog>
  );
}

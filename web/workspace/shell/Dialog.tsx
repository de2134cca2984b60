import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef } from 'preact/hooks';

/**
 * A modal dialog on the native `<dialog>` (`showModal()`): the page behind it
 * is inert, so focus stays inside; Escape closes it (`onClose`); its title
 * names it; on close focus returns to what had it before (e.g. the button
 * that opened it).
 */
export function Dialog(props: { title: string; onClose: () => void; children: ComponentChildren; role?: 'dialog' | 'alertdialog'; class?: string }) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  useEffect(() => {
    const el = ref.current!;
    const before = document.activeElement as HTMLElement | null;
    if (!el.open) el.showModal();
    return () => {
      if (el.open) el.close();
      if (before && before.isConnected) before.focus();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      role={props.role}
      class={`dialog ${props.class ?? ''}`}
      aria-labelledby={id}
      onCancel={(e) => {
        e.preventDefault();
        props.onClose();
      }}
    >
      <h2 id={id}>{props.title}</h2>
      {props.children}
    </dialog>
  );
}

/** Seconds left until `until`, re-rendered every second. */
export function Countdown(props: { until: string; render: (left: string) => string }) {
  const ref = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    const tick = () => {
      const ms = new Date(props.until).getTime() - Date.now();
      const s = Math.max(0, Math.ceil(ms / 1000));
      if (ref.current) ref.current.textContent = props.render(`${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`);
    };
    tick();
    const timer = setInterval(tick, 1000);
    return () => clearInterval(timer);
  }, [props.until]);
  return <span ref={ref} class="countdown" />;
}

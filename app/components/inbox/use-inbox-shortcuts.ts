import { ignoreShortcut } from "../keyboard";
import { useEffect, useRef } from "react";

export interface InboxShortcutHandlers {
  /** Move the focused row by +1 (j) or -1 (k). */
  move(delta: 1 | -1): void;
  /** Enter: open the focused case. */
  open(): void;
  /** r: open the focused case at its reply box. */
  reply(): void;
  /** e: close the selected cases (or the focused one). */
  close(): void;
  /** a: assign the selected cases (or the focused one) to me. */
  assignToMe(): void;
  /** /: focus the search field. */
  search(): void;
}

/** The inbox's keyboard shortcuts (j/k move, Enter open, r reply, e close, a assign to me, / search). */
export function useInboxShortcuts(handlers: InboxShortcutHandlers, enabled = true) {
  const ref = useRef(handlers);
  ref.current = handlers;
  useEffect(() => {
    if (!enabled) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (ignoreShortcut(event)) return;
      const h = ref.current;
      const actions: Record<string, () => void> = {
        j: () => h.move(1),
        k: () => h.move(-1),
        Enter: () => h.open(),
        r: () => h.reply(),
        e: () => h.close(),
        a: () => h.assignToMe(),
        "/": () => h.search(),
      };
      const action = actions[event.key];
      if (!action) return;
      // Enter on a focused link or button does its own thing.
      if (event.key === "Enter" && (event.target as HTMLElement | null)?.closest?.("a,button")) return;
      event.preventDefault();
      action();
    };
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, [enabled]);
}

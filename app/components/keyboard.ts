// Single-key shortcuts (inbox and case page) must never fire while someone types, holds a modifier, keeps a key
// pressed, or works in a dialog (a modal or popover has the keyboard).

/** Inputs, text areas, selects and editable content. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!target || typeof (target as HTMLElement).tagName !== "string") return false;
  const element = target as HTMLElement;
  const tag = element.tagName.toLowerCase();
  return tag === "input" || tag === "textarea" || tag === "select" || element.isContentEditable;
}

/** True when a shortcut key press should be left alone. */
export function ignoreShortcut(event: KeyboardEvent): boolean {
  if (event.defaultPrevented || event.metaKey || event.ctrlKey || event.altKey || event.repeat) return true;
  if (isTypingTarget(event.target)) return true;
  return typeof document !== "undefined" && document.querySelector("[role=dialog]") !== null;
}

/**
 * "/" focuses a page's search, as everywhere in the CRM (UI.md), unless the user is typing
 * somewhere or a dialog is open (`blocked`). Call it from a `(document:keydown)` host listener.
 */
export function focusOnSlash(
  event: KeyboardEvent,
  search: HTMLElement | undefined,
  blocked = false,
): void {
  const target = event.target as HTMLElement | null;
  const typing =
    target instanceof HTMLInputElement ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement ||
    !!target?.isContentEditable;
  if (event.key === '/' && !typing && !blocked && search) {
    event.preventDefault();
    search.focus();
  }
}

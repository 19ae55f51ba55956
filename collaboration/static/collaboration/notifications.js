// The count of the reader's unread notifications, wherever the page shows it: every element
// with `data-unread-notifications` (the header's badge) shows the number, and is hidden at 0;
// the link around a badge is named with the same number.

import { interpolate, ngettext } from "./dom.js";

export function showUnreadNotifications(unread) {
  for (const badge of document.querySelectorAll("[data-unread-notifications]")) {
    badge.textContent = String(unread);
    badge.hidden = unread === 0;
    const link = badge.closest("a[aria-label]");
    if (link) {
      const label = ngettext("Notifications, %s unread", "Notifications, %s unread", unread);
      link.setAttribute("aria-label", interpolate(label, [unread]));
    }
  }
}

// The count of the reader's unread notifications, wherever the page shows it: every element
// with `data-unread-notifications` (the header's badge) shows the number, and is hidden at 0.

export function showUnreadNotifications(unread) {
  for (const badge of document.querySelectorAll("[data-unread-notifications]")) {
    badge.textContent = String(unread);
    badge.hidden = unread === 0;
  }
}

// A visitor who is not signed in sees times in their browser's zone: when the server knew
// no zone for them (the footer's control says "default"), remember the browser's in the
// time-zone cookie and, once, draw the page again in it. The server checks the name
// (accounts.middleware) and ignores one it does not know; people signed in use their
// profile's zone and this does nothing. Without this script visitors see UTC or the zone
// they chose on the time-zone page.

const COOKIE = "coil_tz";
const control = document.querySelector("[data-time-zone-control]");

function browserZone() {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  } catch {
    return "";
  }
}

const hasCookie = () => document.cookie.split("; ").some((part) => part.startsWith(`${COOKIE}=`));

if (control?.dataset.source === "default") {
  const zone = browserZone();
  // A cookie the server ignored (a name it does not know) is not set again: no reload loop.
  if (/^[A-Za-z0-9_+\-/]+$/.test(zone) && !hasCookie()) {
    const secure = window.location.protocol === "https:" ? "; Secure" : "";
    document.cookie = `${COOKIE}=${zone}; path=/; max-age=31536000; SameSite=Lax${secure}`;
    if (hasCookie() && zone !== control.dataset.zone && "reload" in control.dataset) {
      window.location.reload();
    }
  }
}

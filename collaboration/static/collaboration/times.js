// Times in the reader's language and time zone, with Intl.

// The page's language, with the browser's regional variant when it matches (en-GB formats
// times with 24 hours, plain "en" would not).
export function readerLanguage() {
  const pageLanguage = document.documentElement.lang || "en";
  const browserLanguage = navigator.language || "";
  return browserLanguage.toLowerCase().startsWith(pageLanguage.toLowerCase())
    ? browserLanguage
    : pageLanguage;
}

function dayKey(date, timeZone) {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(date);
}

export class Times {
  constructor(language, timeZone) {
    this.language = language;
    this.timeZone = timeZone;
  }

  // The time alone for today, with the date for other days.
  short(iso) {
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) return "";
    const sameDay = dayKey(date, this.timeZone) === dayKey(new Date(), this.timeZone);
    const options = sameDay
      ? { timeStyle: "short", timeZone: this.timeZone }
      : { dateStyle: "medium", timeStyle: "short", timeZone: this.timeZone };
    return new Intl.DateTimeFormat(this.language, options).format(date);
  }

  full(iso) {
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) return "";
    return new Intl.DateTimeFormat(this.language, {
      dateStyle: "full",
      timeStyle: "short",
      timeZone: this.timeZone,
    }).format(date);
  }

  // Now in another zone (a person's local time); "" for a zone this browser does not know.
  nowIn(zone) {
    try {
      return new Intl.DateTimeFormat(this.language, { timeStyle: "short", timeZone: zone }).format(
        new Date(),
      );
    } catch {
      return "";
    }
  }
}

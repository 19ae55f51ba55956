// Times in the reader's language and time zone, in the server's styles
// (accounts/static/accounts/times.js).

import { DateTimeStyle, pageLanguage } from "../accounts/times.js";

export { pageLanguage };

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
    this.style = new DateTimeStyle(language, timeZone);
  }

  // The time alone for today, with the date for other days (the server's DATETIME_FORMAT).
  short(iso) {
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) return "";
    const sameDay = dayKey(date, this.timeZone) === dayKey(new Date(), this.timeZone);
    return sameDay ? this.style.time(date) : this.style.dateTime(date);
  }

  // The weekday, date and time, with the zone they are in.
  full(iso) {
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) return "";
    return `${this.style.weekdayDateTime(date)} (${this.timeZone})`;
  }

  // Now in another zone (a person's local time); "" for a zone this browser does not know.
  nowIn(zone) {
    try {
      return new DateTimeStyle(this.language, zone).time(new Date());
    } catch {
      return "";
    }
  }
}

// Dates and times in the browser, in the styles of the server's formats
// (coil_platform/formats/<lang>/formats.py), with Intl in the page's language
// (document.documentElement.lang): "5 October 2026, 18:44", "5. oktober 2026 kl. 18:44",
// "5 oktober 2026 kl. 18:44"; 24-hour times everywhere. Each part is drawn alone and the
// parts joined here, so that the browser's own patterns cannot differ from the server's.

const STYLES = {
  en: { locale: "en-GB", at: ", " },
  nb: { locale: "nb", at: " kl. " },
  sv: { locale: "sv", at: " kl. " },
};

export function pageLanguage() {
  return document.documentElement.lang || "en";
}

export class DateTimeStyle {
  // `timeZone` undefined means the browser's own; an unknown zone throws a RangeError.
  constructor(language = pageLanguage(), timeZone = undefined) {
    const style = STYLES[language.toLowerCase().split("-")[0]] ?? STYLES.en;
    this.locale = style.locale;
    this.at = style.at;
    this.timeZone = timeZone;
  }

  #format(date, options) {
    return new Intl.DateTimeFormat(this.locale, { timeZone: this.timeZone, ...options }).format(
      date,
    );
  }

  // TIME_FORMAT: 18:44
  time(date) {
    return this.#format(date, { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  }

  // DATE_FORMAT: 5 October 2026
  date(date) {
    return this.#format(date, { day: "numeric", month: "long", year: "numeric" });
  }

  weekday(date) {
    return this.#format(date, { weekday: "long" });
  }

  // DATETIME_FORMAT: 5 October 2026, 18:44
  dateTime(date) {
    return `${this.date(date)}${this.at}${this.time(date)}`;
  }

  // WEEKDAY_TIME_FORMAT: Monday 18:44
  weekdayTime(date) {
    return `${this.weekday(date)} ${this.time(date)}`;
  }

  // WEEKDAY_DATETIME_FORMAT: Monday 5 October 2026, 18:44
  weekdayDateTime(date) {
    return `${this.weekday(date)} ${this.dateTime(date)}`;
  }
}

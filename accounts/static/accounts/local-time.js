// The local time next to a time-zone field follows what is typed or chosen in it, in the
// server's WEEKDAY_TIME_FORMAT ("Monday 18:44"; accounts/static/accounts/times.js).
// The server renders it for the value the page came with; without this script that stays.

import { DateTimeStyle } from "./times.js";

for (const output of document.querySelectorAll("[data-local-time-for]")) {
  const input = document.getElementById(output.dataset.localTimeFor);
  const known = output.querySelector("[data-known]");
  const unknown = output.querySelector("[data-unknown]");
  const time = known.querySelector("time");
  const zones = new Set(Array.from(input.list?.options ?? [], (option) => option.value));

  input.addEventListener("input", () => {
    const now = new Date();
    let text = null;
    if (zones.has(input.value)) {
      try {
        text = new DateTimeStyle(undefined, input.value).weekdayTime(now);
      } catch {
        // A zone the browser's own list does not have yet: say nothing rather than guess.
      }
    }
    known.hidden = text === null;
    unknown.hidden = text !== null;
    if (text !== null && time.textContent !== text) {
      time.textContent = text;
      time.dateTime = now.toISOString();
    }
  });
}

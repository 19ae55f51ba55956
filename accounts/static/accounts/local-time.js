// The local time next to a time-zone field follows what is typed or chosen in it.
// The server renders it for the value the page came with; without this script that stays.

const format = (zone, now) =>
  new Intl.DateTimeFormat(document.documentElement.lang, {
    timeZone: zone,
    weekday: "long",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(now);

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
        text = format(input.value, now);
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

// web/ui/title.js — a lab title's two parts: "Lab 00 — attention …" → ["Lab 00", "attention …"] (the kicker
// and the title text), for the section heading, its skeleton and the navigation numbers.
// Leaves out: the titles themselves (wasm/schema.js, through web/i18n).

/** "Lab 00 — attention …" → ["Lab 00", "attention …"]; a title without " — " → ["", title]. */
export function splitTitle(title) {
  const i = title.indexOf(' — ');
  return i < 0 ? ['', title] : [title.slice(0, i), title.slice(i + 3)];
}

// web/ui/embed.js — single-lab embed mode (`?embed&lab=<name>`): tells the parent page the content's height
// with postMessage({ type: 'pe-lab:resize', height }) whenever it changes (ResizeObserver), so the iframe
// can be sized to fit. web/main.js starts it once the lab has rendered, so the first message carries the real
// height; a height of 0 (the element not laid out) is never sent. Host-side snippet: README.md, "Embedding a
// lab in another page", "1. iframe".
// Leaves out: which lab is embedded and when it has rendered (web/main.js).

/** Starts posting the height of `el` to window.parent; returns a function that stops it. */
export function postSizeToParent(el) {
  if (window.parent === window) return () => {};
  let last = -1;
  const send = () => {
    const height = Math.ceil(el.getBoundingClientRect().height);
    if (height === last || height === 0) return;
    last = height;
    window.parent.postMessage({ type: 'pe-lab:resize', height }, '*');
  };
  const observer = new ResizeObserver(send);
  observer.observe(el);
  send();
  return () => observer.disconnect();
}

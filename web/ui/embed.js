// web/ui/embed.js — single-lab embed mode (`?embed&lab=<name>`): tells the parent page the content's height
// with postMessage({ type: 'pe-lab:resize', height }) whenever it changes (ResizeObserver), so the iframe
// can be sized to fit. Host-side snippet: web/EMBED.md.

/** Starts posting the height of `el` to window.parent; returns a function that stops it. */
export function postSizeToParent(el) {
  if (window.parent === window) return () => {};
  let last = -1;
  const send = () => {
    const height = Math.ceil(el.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    window.parent.postMessage({ type: 'pe-lab:resize', height }, '*');
  };
  const observer = new ResizeObserver(send);
  observer.observe(el);
  send();
  return () => observer.disconnect();
}

// web/element.js — placeholder entry for the <pe-lab> custom element (filled in by the page-shell issue).
export {};

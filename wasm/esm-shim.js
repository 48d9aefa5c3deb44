// wasm/esm-shim.js — prepended (--extern-pre-js) to the Emscripten ES module.
// Emscripten 3.1.6's EXPORT_ES6 output uses `require` and `__dirname` under Node, which do not exist in
// an ES module; define them from import.meta.url. process.getBuiltinModule (Node >= 20.16) avoids any
// import statement, so bundlers see nothing Node-specific; browsers and workers never enter the branch.
if (typeof process === 'object' && process.versions && process.versions.node &&
    typeof process.getBuiltinModule === 'function') {
  const nodeUrl = process.getBuiltinModule('url');
  const nodePath = process.getBuiltinModule('path');
  globalThis.require ??= process.getBuiltinModule('module').createRequire(import.meta.url);
  globalThis.__filename ??= nodeUrl.fileURLToPath(import.meta.url);
  globalThis.__dirname ??= nodePath.dirname(globalThis.__filename);
}

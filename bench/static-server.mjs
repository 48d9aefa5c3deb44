// bench/static-server.mjs — the static host bench/page.mjs measures against, in a process of its own: serves
// a folder (dist/) on 127.0.0.1 with a cache lifetime, gzipped when asked: every file is compressed before the
// server listens, as a static host serves pre-compressed files (not per request, and not inside the first
// measured load, on this CPU). Tells its parent the port (IPC).
//   node bench/static-server.mjs <folder>   (forked by bench/page.mjs; standalone it prints the port)
import http from 'node:http';
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const dist = path.resolve(process.argv[2] ?? 'dist') + path.sep;
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm', '.svg': 'image/svg+xml' };
const gzipped = new Map();   // file → its gzip bytes

function serve() {
  const server = http.createServer(async (req, res) => {
    let file = path.join(dist, decodeURIComponent(new URL(req.url, 'http://x').pathname));
    if (!file.startsWith(dist)) { res.writeHead(403); res.end(); return; }
    try {
      if ((await stat(file)).isDirectory()) file = path.join(file, 'index.html');
      let body = await readFile(file);
      const ext = path.extname(file);
      const headers = { 'content-type': TYPES[ext] ?? 'application/octet-stream', 'cache-control': 'max-age=3600' };
      if (/gzip/.test(req.headers['accept-encoding'] ?? '') && ext !== '.png') {
        if (!gzipped.has(file)) gzipped.set(file, gzipSync(body, { level: 9 }));   // a file added since the start
        body = gzipped.get(file);
        headers['content-encoding'] = 'gzip';
      }
      res.writeHead(200, headers);
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end();
    }
  });
  return server;
}

for (const entry of await readdir(dist, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || entry.name.endsWith('.png')) continue;
  const file = path.join(entry.parentPath ?? entry.path, entry.name);
  gzipped.set(file, gzipSync(await readFile(file), { level: 9 }));
}
const server = serve().listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  if (process.send) process.send(port); else console.log(`http://127.0.0.1:${port}/`);
});
process.on('disconnect', () => process.exit(0));

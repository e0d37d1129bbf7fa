// Builds the web app (vite build) when its sources are newer than web/dist. Used by the browser
// tests and by the full API suite, whose security-header test checks the built index.html.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const web = join(root, 'web');

function newestMtime(path) {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  let newest = s.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** Returns the build's exit status (0 when nothing had to be built). */
export function ensureWebBuilt() {
  const index = join(web, 'dist', 'index.html');
  const sources = ['src', 'index.html', 'vite.config.ts', 'public'].map((p) => join(web, p)).filter(existsSync);
  const stale = !existsSync(index) || Math.max(...sources.map(newestMtime)) > statSync(index).mtimeMs;
  if (!stale) return 0;
  console.log('Baue die Web-Oberfläche (vite build) …');
  const build = spawnSync(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'], { cwd: web, stdio: 'inherit' });
  return build.status ?? 1;
}

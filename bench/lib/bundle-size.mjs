// Gzipped size of the initial web bundle: a fresh vite build into a temporary directory, then
// every script, module preload and stylesheet that index.html references (what the browser loads
// before the first screen), each gzipped at level 9 as a web server would serve it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const root = new URL('../..', import.meta.url).pathname;

export function measureInitialBundle() {
  const out = mkdtempSync(join(tmpdir(), 'amtsdesk-bundle-'));
  try {
    execFileSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--outDir', out, '--emptyOutDir'], {
      cwd: join(root, 'web'),
      stdio: 'pipe',
    });
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    const refs = [...html.matchAll(/<(?:script|link)\b[^>]*?(?:src|href)="\/?([^"]+\.(?:js|css))"/g)].map((m) => m[1]);
    const files = [...new Set(refs)].map((file) => {
      const bytes = readFileSync(join(out, file));
      return { file, bytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length };
    });
    const total = files.reduce((s, f) => s + f.gzipBytes, 0);
    return { files, gzipBytes: total, targetBytes: 250 * 1024, met: total < 250 * 1024 };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(measureInitialBundle(), null, 2));
}

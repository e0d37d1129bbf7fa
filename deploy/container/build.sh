#!/usr/bin/env bash
# Builds the Amtsdesk runtime tree the Containerfile builds, into a directory, without a container
# builder: the same steps in the same order (docs/operations.md, "Install"). Used where no base
# image can be pulled (CI here) and tested by server/test/container-build.test.ts.
#
#   deploy/container/build.sh <out>     →  <out>/app (the image's /app), <out>/bin/amtsdesk
#
# Needs: node ≥ 20, npm with access to the npm registry (or its cache), the repository's dev
# install for building the web app (npm install at the root).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="${1:?Aufruf: deploy/container/build.sh <Zielverzeichnis>}"
if [ -e "$out" ] && [ -n "$(ls -A "$out")" ]; then
  echo "Fehler: $out ist nicht leer." >&2
  exit 2
fi
app="$out/app"
mkdir -p "$app/server" "$app/web" "$out/bin"

# Stage 1 (Containerfile: build): the web app, prebuilt with the dev dependencies.
node --input-type=module -e "const m = await import('$root/scripts/web-build.mjs'); process.exit(m.ensureWebBuilt());"

# Stage 2 (Containerfile: runtime): sources, migrations, the built web app; no tests, no dev tooling.
cp "$root/package.json" "$root/package-lock.json" "$app/"
cp "$root/server/package.json" "$app/server/"
cp -r "$root/server/bin" "$root/server/src" "$root/server/migrations" "$root/server/schemas" "$app/server/"
find "$app/server/src" -name '*.test.ts' -delete
cp "$root/web/package.json" "$app/web/"
cp -r "$root/web/dist" "$app/web/dist"
cp "$root/LICENSE" "$app/"

# Production dependencies of the server only (the web app's are bundled into web/dist). Install
# scripts stay off: nothing at runtime needs one (native modules come prebuilt as packages).
(cd "$app" && npm ci --omit=dev --workspace=server --include-workspace-root=false \
  --ignore-scripts --no-audit --no-fund --loglevel=error)

# The entrypoint: `amtsdesk <command>` (the image's ENTRYPOINT).
cat > "$out/bin/amtsdesk" <<SH
#!/bin/sh
export AMTSDESK_WEB_DIR="\${AMTSDESK_WEB_DIR:-$app/web/dist}"
exec node "$app/server/bin/amtsdesk.mjs" "\$@"
SH
chmod 0755 "$out/bin/amtsdesk"
echo "Gebaut: $out (Aufruf: $out/bin/amtsdesk start)"

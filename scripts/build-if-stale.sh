#!/bin/sh
# Runs `npm run build` when dist/ is missing or older than a source (a file or folder of src/,
# the tsconfigs, package.json), as before `npm start`, the CLI and the tests. A shell and find
# check it in milliseconds: a second Node.js process before every start cost 0.1-0.2 s.
cd "$(dirname "$0")/.." || exit 1
if [ -f dist/.built ] && [ -z "$(find src tsconfig.json tsconfig.build.json package.json -newer dist/.built -print 2>/dev/null | head -n 1)" ]; then
  exit 0
fi
exec node scripts/build.mjs

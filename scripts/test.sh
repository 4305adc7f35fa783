#!/usr/bin/env bash
# Runs every test (unit, integration, end-to-end over HTTP, browser) against the real PostgreSQL and Redis.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci --no-audit --no-fund
bash scripts/ensure-services.sh
if [ ! -x /usr/bin/chromium ]; then
  echo "installing Debian's chromium for the browser tests"
  if [ "$(id -u)" = 0 ]; then apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; else sudo apt-get install -y chromium; fi
fi
[ -f web-dist/index.html ] || npm run build:web --if-present
export TEST_DATABASE_URL="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}"
export TEST_REDIS_URL="${TEST_REDIS_URL:-redis://127.0.0.1:6379}"
npx jest --ci --forceExit "$@"

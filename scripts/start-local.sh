#!/usr/bin/env bash
# Installs and starts the whole system locally: PostgreSQL + Redis (from Debian's packages when missing),
# dependencies, migrations, demo data, the API (with the web pages) and the workers. Ctrl-C stops it.
set -euo pipefail
cd "$(dirname "$0")/.."

export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/triage}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
export PORT="${PORT:-3000}"
export HOST="${HOST:-127.0.0.1}"
export DEMO_API_KEY="${DEMO_API_KEY:-itk_local_demo_key}"
export DEMO_ADMIN_PASSWORD="${DEMO_ADMIN_PASSWORD:-admin-password}"
export DEMO_REVIEWER_PASSWORD="${DEMO_REVIEWER_PASSWORD:-reviewer-password}"
export DEMO_MANAGER_PASSWORD="${DEMO_MANAGER_PASSWORD:-manager-password}"

node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' \
  || { echo "Node.js 20.19 or later is needed (found $(node --version)); Node 22 LTS is recommended" >&2; exit 1; }
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
bash scripts/ensure-services.sh
node scripts/ensure-database.mjs   # the database named in DATABASE_URL, whatever its name
npm run build:web --if-present
npm run --silent migrate
SEED_QUIET=1 npm run --silent seed
# First start: fill a realistic month (invoices, exceptions, reviewers at work) so the dashboard shows something true.
if [ "$(psql "$DATABASE_URL" -tAc "SELECT count(*) FROM invoices" 2>/dev/null || echo 0)" -lt 1000 ]; then
  SEED_QUIET=1 npm run --silent demo-data -- --invoices "${DEMO_INVOICES:-30000}" --days 30
fi

mkdir -p .local
node -r @swc-node/register apps/worker/src/main.ts > .local/worker.log 2>&1 &
WORKER=$!
node -r @swc-node/register apps/api/src/main.ts > .local/api.log 2>&1 &
API=$!
trap 'kill $API $WORKER 2>/dev/null; wait 2>/dev/null' EXIT INT TERM

for _ in $(seq 1 60); do
  curl -sf "http://$HOST:$PORT/health/ready" >/dev/null 2>&1 && break
  kill -0 $API 2>/dev/null || { echo "API exited; see .local/api.log" >&2; tail -20 .local/api.log >&2; exit 1; }
  sleep 1
done
curl -sf "http://$HOST:$PORT/health/ready" >/dev/null || { echo "API not ready; see .local/api.log" >&2; exit 1; }
cat <<MSG

Invoice triage is running.
  API          http://$HOST:$PORT/v1        (X-Api-Key: $DEMO_API_KEY)
  Web          http://$HOST:$PORT/login      admin     admin@example.com / $DEMO_ADMIN_PASSWORD
                                             manager   manager@example.com / $DEMO_MANAGER_PASSWORD
                                             reviewers reviewer.<cc>@example.com (fi, ee, ...), reviewer1..24@example.com / $DEMO_REVIEWER_PASSWORD
  OpenAPI      http://$HOST:$PORT/docs
  Health       http://$HOST:$PORT/health/ready
  Logs         .local/api.log, .local/worker.log
Press Ctrl-C to stop.
MSG
wait $API $WORKER

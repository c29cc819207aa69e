#!/usr/bin/env bash
# Network-fault soak: runs the SDK fault suite ROUNDS times (default 10) against a real server and
# prints rounds, fault scenarios injected, and failures (must be 0).
#   bash bench/soak/fault-soak.sh
set -uo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${ROUNDS:-10}
mkdir -p .reports
passed=0; failed=0
for round in $(seq 1 "$ROUNDS"); do
  pnpm exec vitest run test/network-faults --reporter=json --outputFile.json=.reports/fault-soak.json > /dev/null 2>&1
  read -r p f < <(node -e "const r=require('./.reports/fault-soak.json'); console.log(r.numPassedTests, r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0))")
  passed=$((passed + p)); failed=$((failed + f))
  echo "round $round: $p scenarios passed, $f failed"
done
echo "rounds: $ROUNDS, fault scenarios injected and survived: $passed, failures: $failed"
[ "$failed" -eq 0 ]

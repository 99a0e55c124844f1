#!/usr/bin/env bash
# The fleet rehearsal: its own PostgreSQL cluster (installed from Debian's packages when missing, as the tests do),
# worker processes following one folder feed under canary rollouts, jobs enqueued while five versions are published
# (1.2.0 is bad); it checks what a fleet must never do and draws the versions per server (artifacts/rehearsal/).
#   bash bench/fleet-rehearsal.sh            6 servers, 3,000 jobs over 3 minutes
#   bash bench/fleet-rehearsal.sh --quick    3 servers, 600 jobs over 1 minute (what CI runs)
set -euo pipefail
cd "$(dirname "$0")/.."
exec dotnet run --project bench/Modulets.Rehearsal -c Release -- "$@"

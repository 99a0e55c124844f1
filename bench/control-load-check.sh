#!/usr/bin/env bash
# Load check of the control API (not a BenchmarkDotNet run: it measures a live host). Starts the JobServer sample
# with 5,000 jobs, ships a new version after 25 s (10,000 jobs on two versions), times the API over the control socket
# meanwhile, then reads the host's CPU and allocation rates for 30 s without and 30 s with a `modulets watch` attached.
# Needs dotnet-counters: dotnet tool install dotnet-counters --tool-path /tmp/tools
set -u
cd "$(dirname "$0")/.."
export MODULETS_SOCKET_DIR=${MODULETS_SOCKET_DIR:-$(mktemp -d)}
out=$(mktemp -d)
dotnet build samples/JobServer -c Release -v q >/dev/null && dotnet build src/Modulets.Cli -c Release -v q >/dev/null || exit 1
dotnet samples/JobServer/bin/Release/net10.0/JobServer.dll --jobs 5000 --ship-after 25 --reply-within 600 >"$out/server.log" 2>&1 &
server=$!
sleep 6
socket="$MODULETS_SOCKET_DIR/modulets-$server.sock"
for _ in $(seq 1 100); do
  for route in managers/default managers/default/versions managers/default/jobs; do
    echo "$SECONDS $route $(curl -s -o /dev/null -w '%{time_total}' --unix-socket "$socket" "http://localhost/modulets/api/$route")"
  done
  sleep 0.1
done >"$out/latency.txt"
counters() { /tmp/tools/dotnet-counters collect -p "$server" --counters System.Runtime --refresh-interval 1 --format csv -o "$out/$1.csv" --duration 00:00:30 >/dev/null 2>&1; }
sleep 15 # let the swap and its 5,000 new jobs settle before the steady-state windows
counters without-watch
dotnet src/Modulets.Cli/bin/Release/net10.0/Modulets.Cli.dll watch --server "$server" >/dev/null 2>&1 &
watch=$!
sleep 2
counters with-watch
kill "$watch" "$server"
wait 2>/dev/null
python3 - "$out" <<'PY'
import csv, statistics, sys
out = sys.argv[1]
rows = [line.split() for line in open(f"{out}/latency.txt") if len(line.split()) == 3]
for route in sorted({r[1] for r in rows}):
    ms = sorted(float(r[2]) * 1000 for r in rows if r[1] == route)
    print(f"GET {route}: median {statistics.median(ms):.1f} ms, p95 {ms[int(len(ms) * .95) - 1]:.1f} ms, max {ms[-1]:.1f} ms ({len(ms)} requests)")
for name in ("without-watch", "with-watch"):
    data = list(csv.reader(open(f"{out}/{name}.csv")))[1:]
    seconds = len([r for r in data if r[2].startswith("dotnet.gc.heap.total_allocated")])
    cpu = sum(float(r[4]) for r in data if r[2].startswith("dotnet.process.cpu.time")) / seconds
    alloc = sum(float(r[4]) for r in data if r[2].startswith("dotnet.gc.heap.total_allocated")) / seconds
    print(f"host {name}: CPU {cpu * 100:.1f}% of one core, {alloc / 1024:.1f} KB allocated per second")
PY

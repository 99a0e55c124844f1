#!/usr/bin/env bash
# Coverage-guided fuzzing of the readers of outside bytes, with SharpFuzz and AFL++:
#
#   bash fuzz/fuzz.sh TARGET [MINUTES]     TARGET: assembly, native, deps, package, load (MINUTES: 30 unless told)
#
# It installs what it needs (Debian's afl++, the sharpfuzz tool from the local tool manifest), publishes the targets
# self-contained so that the runtime's own readers can be instrumented too (System.Reflection.Metadata and
# System.Text.Json, beside Modulets, Modulets.NuGet and NuGet.Packaging), seeds each target with real builds (a module
# built by Roslyn, the JsonModule fixture's .deps.json, a shared library built by gcc, a module package), runs afl-fuzz,
# and prints its executions, coverage and findings. Each target has its own build and work in artifacts/fuzz/TARGET
# (findings under findings/), so targets can run side by side once each has been published (start them one after
# another: two publishes of one project at once collide in its obj folder).
set -euo pipefail
cd "$(dirname "$0")/.."

target=${1:?usage: bash fuzz/fuzz.sh assembly|native|deps|package|load [MINUTES]}
minutes=${2:-30}
root=$PWD/artifacts/fuzz
work=$root/$target
bin=$work/bin
mkdir -p "$work"

command -v afl-fuzz >/dev/null || { apt-get update -qq && apt-get install -y -qq afl++ >/dev/null; }
dotnet tool restore >/dev/null

if [ ! -x "$bin/Modulets.Fuzzing" ]; then
  echo "==> publishing the targets (self-contained), and instrumenting the readers"
  dotnet publish fuzz/Modulets.Fuzzing -c Release -r linux-x64 --self-contained -o "$bin" > "$work/publish.log" 2>&1 || {
    tail -n 30 "$work/publish.log"; exit 1; }
  packages=$(dotnet nuget locals global-packages --list | sed 's/^global-packages: //')
  runtime=$(dotnet msbuild fuzz/Modulets.Fuzzing -getProperty:BundledNETCoreAppPackageVersion)
  cp "$packages/system.reflection.metadata/$runtime/lib/net10.0/System.Reflection.Metadata.dll" \
     "$packages/system.text.json/$runtime/lib/net10.0/System.Text.Json.dll" "$bin/"
  # Seeds first: instrumented code runs only under afl-fuzz, which gives it the coverage map to write to.
  "$bin/Modulets.Fuzzing" seed "$work/built" >/dev/null
  for assembly in Modulets.dll Modulets.NuGet.dll NuGet.Packaging.dll System.Reflection.Metadata.dll System.Text.Json.dll; do
    dotnet sharpfuzz "$bin/$assembly"
  done
fi

rm -rf "$work/folder" "$work/seeds"
mkdir -p "$work/folder" "$work/seeds" "$work/sandbox"
case $target in
  assembly | load)
    cp "$work/built/assembly/MagicModule.dll" "$work/folder/"
    cp "$work/built/assembly/MagicModule.dll" "$work/seeds/"
    args=("$target" "$work/folder" MagicModule.dll)
    [ "$target" = assembly ] && args[0]=read
    ;;
  native)
    cp "$work/built/assembly/MagicModule.dll" "$work/folder/"
    printf 'int tiny(int x) { return x + 1; }\n' > "$work/tiny.c"
    gcc -shared -fPIC -Os -s -o "$work/seeds/libtiny.so" "$work/tiny.c"
    args=(read "$work/folder" libtiny.so)
    ;;
  deps)
    dotnet build tests/Fixtures/JsonModule13 -c Release -o "$work/folder" >/dev/null
    cp "$work/folder/JsonModule.deps.json" "$work/seeds/"
    args=(read "$work/folder" JsonModule.deps.json)
    ;;
  package)
    cp "$work/built/package/"*.nupkg "$work/seeds/"
    args=(package "$work/sandbox")
    ;;
  *) echo "unknown target '$target'"; exit 2 ;;
esac

echo "==> afl-fuzz on '$target' for $minutes min: $bin/Modulets.Fuzzing ${args[*]}"
export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1
afl-fuzz -i "$work/seeds" -o "$work/findings" -t 10000 -m none -V $((minutes * 60)) -- "$bin/Modulets.Fuzzing" "${args[@]}" > "$work/afl.log" 2>&1 || {
  tail -n 30 "$work/afl.log"; exit 1; }

stats=$work/findings/default/fuzzer_stats
value() { sed -n "s/^$1 *: //p" "$stats"; }
echo "target $target: $(value run_time) s, $(value execs_done) executions ($(value execs_per_sec)/s), corpus $(value corpus_count), edges $(value edges_found) of $(value total_edges) map ($(value bitmap_cvg)), crashes $(value saved_crashes), hangs $(value saved_hangs)"
find "$work/findings/default/crashes" "$work/findings/default/hangs" -type f -name 'id:*' 2>/dev/null | sed 's/^/finding: /'
[ "$(value saved_crashes)" = 0 ] && [ "$(value saved_hangs)" = 0 ]

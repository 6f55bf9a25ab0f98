#!/usr/bin/env bash
# Compares two commits' IdP under the same load harness, alternating A, B, A, B, ... so that the
# machine's drift (other programs, thermal, the host) falls on both alike:
#   idp/load/compare-commits.sh <commitA> <commitB> [rounds]
# Each commit is checked out in a temporary worktree outside the repository (git worktree add
# /tmp/...), the harness of THIS tree (idp/src/test/java/.../load/) copied over it, and built once;
# then each round runs idp/load/run-load.sh against A and then B (LOAD_TREE, LOAD_SKIP_BUILD=1,
# LOAD_REPEATS=1: one JVM per run), and at the end the script prints, per flow, every run's rate,
# each commit's median and min-max, and the ratio of the medians B / A (also for p99).
# rounds defaults to 3. The other knobs are run-load.sh's, with these defaults here:
#   CMP_STORAGE=postgres-redis  CMP_SECONDS=10  LOAD_WORKERS=64  LOAD_WARMUP=10
#   LOAD_FLOWS=complete-login,refresh
# CMP_LOCK=/work/wt/MEASURING (a file created around each run so that other work on a shared
# machine waits; empty to disable). Every run's full output goes to /tmp/compare-<A>-<B>/.
# The worktrees are removed at the end (CMP_KEEP=1 keeps them).
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ $# -lt 2 ]; then
  echo "usage: $0 <commitA> <commitB> [rounds]" >&2
  exit 2
fi
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
export PATH="$JAVA_HOME/bin:$PATH"
a="$(git rev-parse --short "$1")"
b="$(git rev-parse --short "$2")"
rounds="${3:-3}"
storage="${CMP_STORAGE:-postgres-redis}"
seconds="${CMP_SECONDS:-10}"
lock="${CMP_LOCK-/work/wt/MEASURING}"
export LOAD_WORKERS="${LOAD_WORKERS:-64}"
# Longer than run-load.sh's 3 s: a JFR profile showed the JIT compiler still taking a third of the
# JVM's CPU in the first seconds of a flow (docs/performance.md).
export LOAD_WARMUP="${LOAD_WARMUP:-10}"
export LOAD_FLOWS="${LOAD_FLOWS:-complete-login,refresh}"
out="/tmp/compare-$a-$b"
mkdir -p "$out"
harness=idp/src/test/java/jp/ishikawa/id/idp/load

cleanup() {
  [ -n "$lock" ] && rm -f "$lock"
  if [ "${CMP_KEEP:-}" != 1 ]; then
    for c in "$a" "$b"; do
      [ -d "/tmp/cmp-tree-$c" ] && git worktree remove --force "/tmp/cmp-tree-$c" >/dev/null 2>&1
    done
  fi
  return 0
}
trap cleanup EXIT

for c in "$a" "$b"; do
  tree="/tmp/cmp-tree-$c"
  if [ ! -d "$tree" ]; then
    git worktree add --detach "$tree" "$c" >/dev/null
  fi
  rm -rf "${tree:?}/$harness"
  cp -r "$harness" "$tree/$harness"
  echo "building $c in $tree"
  (cd "$tree" && ./mvnw -q -o -pl idp -am test-compile dependency:build-classpath -DskipTests \
    -Dspotless.check.skip=true -Dmdep.outputFile="$tree/idp/target/load-classpath.txt" \
    -Dmdep.includeScope=test)
done

echo "date: $(date -u); nproc: $(nproc); $(lscpu | grep 'Model name' | tr -s ' ')"
java -version 2>&1 | head -1
for round in $(seq 1 "$rounds"); do
  for c in "$a" "$b"; do
    [ -n "$lock" ] && touch "$lock"
    echo "round $round, $c: load average $(cut -d' ' -f1-3 /proc/loadavg)"
    LOAD_TREE="/tmp/cmp-tree-$c" LOAD_SKIP_BUILD=1 LOAD_REPEATS=1 \
      idp/load/run-load.sh "$storage" "$seconds" >"$out/$round-$c.txt" 2>&1 || {
      echo "  the run failed (exit status $?): $out/$round-$c.txt"
    }
    [ -n "$lock" ] && rm -f "$lock"
    grep '^RESULT' "$out/$round-$c.txt" | sed "s/^/  /" || true
  done
done

# RESULT storage flow workers run per-second p50 p95 p99 errors
for c in "$a" "$b"; do
  for f in "$out"/*-"$c".txt; do
    grep '^RESULT' "$f" | sed "s/^RESULT/$c/" || true
  done
done | python3 -c '
import sys, statistics
a, b = sys.argv[1], sys.argv[2]
rows = {}
for line in sys.stdin:
    commit, storage, flow, workers, run, rate, p50, p95, p99, errors = line.rstrip("\n").split("\t")
    key = (storage, flow, int(workers))
    rows.setdefault(key, {a: [], b: []})[commit].append((float(rate), float(p99), int(errors)))
print()
print("| storage | flow | workers | commit | runs: per second | median /s | min-max /s | p99 ms median | errors | ratio B/A (rate, p99) |")
print("|---|---|---:|---|---|---:|---:|---:|---:|---:|")
for (storage, flow, workers), by in rows.items():
    med = {}
    for c in (a, b):
        runs = by[c]
        if not runs:
            continue
        rates = [r for r, _, _ in runs]
        med[c] = (statistics.median(rates), statistics.median([p for _, p, _ in runs]))
        ratio = ""
        if c == b and a in med:
            ratio = "%.3f, %.3f" % (med[b][0] / med[a][0], med[b][1] / med[a][1])
        print("| %s | %s | %d | %s | %s | %.1f | %.1f-%.1f | %.1f | %d | %s |" % (
            storage, flow, workers, c, ", ".join("%.1f" % r for r in rates), med[c][0],
            min(rates), max(rates), med[c][1], sum(e for _, _, e in runs), ratio))
' "$a" "$b"

#!/usr/bin/env bash
# Runs cert-verifier's JMH benchmarks (src/test/java/.../bench) from the test classpath.
# Every argument goes to JMH, e.g.:
#   cert-verifier/bench/run-jmh.sh CrlBenchmark -f 1 -wi 2 -i 3
# BENCH_MAIN=<class> runs another main class of the test classpath with the same arguments, e.g.:
#   BENCH_MAIN=jp.ishikawa.id.verifier.bench.CrlHeapFootprint cert-verifier/bench/run-jmh.sh 1000000
set -euo pipefail
cd "$(dirname "$0")/../.."

export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
classpath_file="$PWD/cert-verifier/target/bench-classpath.txt"
./mvnw -q -pl cert-verifier test-compile dependency:build-classpath \
  -Dmdep.outputFile="$classpath_file" -Dmdep.includeScope=test
classpath="cert-verifier/target/test-classes:cert-verifier/target/classes:$(cat "$classpath_file")"
exec "$JAVA_HOME/bin/java" -cp "$classpath" "${BENCH_MAIN:-org.openjdk.jmh.Main}" "$@"

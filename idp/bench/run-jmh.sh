#!/usr/bin/env bash
# Runs idp's JMH benchmarks (classes named *Benchmark under idp/src/test/java) from the test
# classpath, as cert-verifier/bench/run-jmh.sh does for cert-verifier's.
# Every argument goes to JMH, e.g.:
#   idp/bench/run-jmh.sh StoredAuthorizationBenchmark -f 1 -wi 3 -i 5
set -euo pipefail
cd "$(dirname "$0")/../.."

export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
classpath_file="$PWD/idp/target/bench-classpath.txt"
./mvnw -q -pl idp test-compile dependency:build-classpath \
  -Dmdep.outputFile="$classpath_file" -Dmdep.includeScope=test
classpath="idp/target/test-classes:idp/target/classes:$(cat "$classpath_file")"
exec "$JAVA_HOME/bin/java" -cp "$classpath" "${BENCH_MAIN:-org.openjdk.jmh.Main}" "$@"

#!/usr/bin/env bash
# Runs the IdP's load harness for the login flows (idp/src/test/java/.../load/LoadHarness.java):
# starts a real IdP in the harness JVM and drives it over HTTP on loopback, then prints a table.
#   idp/load/run-load.sh [embedded|postgres-redis|all] [seconds]
# seconds is the measured window of each run (default 10). Other knobs as environment variables:
#   LOAD_WORKERS=4,16,64  LOAD_WARMUP=3  LOAD_HTTP_CLIENTS=2
#   LOAD_FLOWS=registration,login,complete-login,oidc,refresh,client-credentials (the default)
#     complete-login: authorize -> login page -> card transaction -> signed response -> complete ->
#     consent remembered (each resident consented once at set-up) -> code -> token -> userinfo, one
#     operation from a new browser session; client-credentials: the opendata-provider machine client.
#   LOAD_REPEATS=3 (default) measures the chosen flows that many times in turn against the same IdP
#     and prints each run's figure, the median, min-max and the spread in % ((max - min) / median).
#   Each measurement is also printed as a tab-separated "RESULT storage flow workers run per-second
#     p50 p95 p99 errors" line (idp/load/compare-commits.sh reads them).
#   LOAD_CARD_RSA=auto (default): the simulated cards' RSA (a real card's chip work) in the native
#     provider where it loads (crypto/JoseProvider), so the harness takes less of the machine;
#     LOAD_CARD_RSA=jdk for the JDK's, as before 2026-12-04.
#   LOAD_TREE=/path/to/checkout runs that checkout's IdP (default: this one); LOAD_SKIP_BUILD=1 runs
#     what is compiled there already.
#   LOAD_FLOWS=waiting-room (not in the default list; may be combined with the others) starts an IdP
#   with the waiting room at LOAD_ADMISSION_CAPACITY logins/s (default 20) and lets 3× that many new
#   residents arrive each second for the window; each follows its place until admitted while one
#   service calls userinfo and refresh. Prints 5xx, positions that went up, out-of-order
#   admissions, residents never admitted, p50/p99 waits and the service's latency; exit status 1
#   unless all of them are 0 (and every resident admitted).
#   LOAD_JAVA_OPTS="-XX:StartFlightRecording=filename=/tmp/load.jfr,settings=profile" (all of it), or
#   LOAD_JFR=/tmp/jfr: one flight recording per measured run (warm-up and window, no set-up), named
#     <storage>-<flow>-<workers>-run<n>.jfr ("profile" settings)
#   LOAD_JAVA_OPTS="-Dspring.datasource.hikari.maximum-pool-size=80" (any IdP setting the harness
#   does not set itself)
#   LOAD_REDIS_DATABASE=15 (default): the Redis database a postgres-redis run uses, emptied before
#     each IdP starts (never 0, the tests' database), as the PostgreSQL database is fresh per run
# postgres-redis needs PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379 (as the tests do);
# without them that part is skipped with a message. The IdP's log goes to idp/target/load/idp.log (of LOAD_TREE).
set -euo pipefail
cd "$(dirname "$0")/../.."

export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
storage="${1:-all}"
seconds="${2:-10}"
tree="$(cd "${LOAD_TREE:-$PWD}" && pwd)"
classpath_file="$tree/idp/target/load-classpath.txt"
if [ "${LOAD_SKIP_BUILD:-}" != 1 ]; then
  (cd "$tree" && ./mvnw -q -o -pl idp -am test-compile dependency:build-classpath -DskipTests \
    -Dspotless.check.skip=true -Dmdep.outputFile="$classpath_file" -Dmdep.includeScope=test)
fi
mkdir -p "$tree/idp/target/load"
classpath="$tree/idp/target/test-classes:$tree/idp/target/classes:$(cat "$classpath_file")"
# shellcheck disable=SC2086 # LOAD_JAVA_OPTS is a list of options
exec "$JAVA_HOME/bin/java" -Xms1g -Xmx4g --enable-native-access=ALL-UNNAMED ${LOAD_JAVA_OPTS:-} \
  -Dload.workers="${LOAD_WORKERS:-4,16,64}" \
  -Dload.warmup="${LOAD_WARMUP:-3}" \
  -Dload.httpClients="${LOAD_HTTP_CLIENTS:-2}" \
  -Dload.flows="${LOAD_FLOWS:-registration,login,complete-login,oidc,refresh,client-credentials}" \
  -Dload.repeats="${LOAD_REPEATS:-3}" \
  -Dload.cardRsa="${LOAD_CARD_RSA:-auto}" \
  -Dload.jfr="${LOAD_JFR:-}" \
  -Dload.redisDatabase="${LOAD_REDIS_DATABASE:-15}" \
  -Dload.admissionCapacity="${LOAD_ADMISSION_CAPACITY:-20}" \
  -Dlogging.file.name="$tree/idp/target/load/idp.log" \
  -Dlogging.threshold.console=OFF -Dspring.main.banner-mode=off \
  -cp "$classpath" jp.ishikawa.id.idp.load.LoadHarness "$storage" "$seconds"

#!/usr/bin/env bash
# Runs the IdP's load harness for the login flows (idp/src/test/java/.../load/LoadHarness.java):
# starts a real IdP in the harness JVM and drives it over HTTP on loopback, then prints a table.
#   idp/load/run-load.sh [embedded|postgres-redis|all] [seconds]
# seconds is the measured window of each run (default 10). Other knobs as environment variables:
#   LOAD_WORKERS=4,16,64  LOAD_WARMUP=3  LOAD_HTTP_CLIENTS=2  LOAD_FLOWS=registration,login,oidc,refresh
#   LOAD_FLOWS=waiting-room (not in the default list; may be combined with the others) starts an IdP
#   with the waiting room at LOAD_ADMISSION_CAPACITY logins/s (default 20) and lets 3× that many new
#   residents arrive each second for the window; each follows its place until admitted while one
#   service calls userinfo and refresh. Prints 5xx, positions that went up, out-of-order
#   admissions, residents never admitted, p50/p99 waits and the service's latency; exit status 1
#   unless all of them are 0 (and every resident admitted).
#   LOAD_JAVA_OPTS="-XX:StartFlightRecording=filename=/tmp/load.jfr,settings=profile"
#   LOAD_JAVA_OPTS="-Dspring.datasource.hikari.maximum-pool-size=80" (any IdP setting the harness
#   does not set itself)
# postgres-redis needs PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379 (as the tests do);
# without them that part is skipped with a message. The IdP's log goes to idp/target/load/idp.log.
set -euo pipefail
cd "$(dirname "$0")/../.."

export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
storage="${1:-all}"
seconds="${2:-10}"
classpath_file="$PWD/idp/target/load-classpath.txt"
./mvnw -q -pl idp -am test-compile dependency:build-classpath -DskipTests \
  -Dmdep.outputFile="$classpath_file" -Dmdep.includeScope=test
mkdir -p idp/target/load
classpath="idp/target/test-classes:idp/target/classes:$(cat "$classpath_file")"
# shellcheck disable=SC2086 # LOAD_JAVA_OPTS is a list of options
exec "$JAVA_HOME/bin/java" -Xms1g -Xmx4g ${LOAD_JAVA_OPTS:-} \
  -Dload.workers="${LOAD_WORKERS:-4,16,64}" \
  -Dload.warmup="${LOAD_WARMUP:-3}" \
  -Dload.httpClients="${LOAD_HTTP_CLIENTS:-2}" \
  -Dload.flows="${LOAD_FLOWS:-registration,login,oidc,refresh}" \
  -Dload.admissionCapacity="${LOAD_ADMISSION_CAPACITY:-20}" \
  -Dlogging.file.name=idp/target/load/idp.log \
  -Dlogging.threshold.console=OFF -Dspring.main.banner-mode=off \
  -cp "$classpath" jp.ishikawa.id.idp.load.LoadHarness "$storage" "$seconds"

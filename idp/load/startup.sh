#!/usr/bin/env bash
# Start-up time and resident memory of the IdP as deployed: the production profile on the local
# PostgreSQL (a database of its own, created and dropped here) and Redis, the real J-LIS roots of
# ../shared/jpki/real (or ISHIKAWA_ID_ROOTS), OCSP revocation (nothing fetched at start), one
# confidential machine client. Times `java` until /actuator/health/readiness on the management
# port answers UP, drives client-credentials grants, discovery and JWKS with wrk, then reads VmRSS.
#
#   idp/load/startup.sh [runs, default 3]               # plain start
#   JAVA_OPTS="-XX:AOTCache=idp/target/idp.aot" idp/load/startup.sh
#   idp/load/startup.sh --train                         # writes the AOT cache idp/target/idp.aot
#
# Runs idp/target/idp.jar, extracted to idp/target/idp-extracted/ (the layout CDS and the AOT
# cache need: plain jars on the class path); build it first with
# `./mvnw -pl idp -am package -DskipTests`. Knobs: LOAD_SECONDS (10 per wrk run), WRK_CONNECTIONS
# (16), JAVA_OPTS (added to the JVM flags; the documented ones below come first).
set -euo pipefail
cd "$(dirname "$0")/../.."

export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
train=false
runs=3
if [ "${1:-}" = "--train" ]; then train=true; runs=1; elif [ -n "${1:-}" ]; then runs=$1; fi
seconds="${LOAD_SECONDS:-10}"
connections="${WRK_CONNECTIONS:-16}"
roots="${ISHIKAWA_ID_ROOTS:-$(cd .. && pwd)/shared/jpki/real}"
[ -f "$roots/jlis-auth_ca_2023.pem" ] || roots=/work/shared/jpki/real
work="$PWD/idp/target/startup"
extracted="$PWD/idp/target/idp-extracted"
mkdir -p "$work"
if [ ! -f "$extracted/idp.jar" ] || [ idp/target/idp.jar -nt "$extracted/idp.jar" ]; then
  rm -rf "$extracted"
  "$JAVA_HOME/bin/java" -Djarmode=tools -jar idp/target/idp.jar extract --destination "$extracted" > /dev/null
fi
database=ishikawa_id_startup
port=19100
management=19101
secret=startup-machine-secret-0123456789-abcdef

# The documented JVM flags (README "Running for real", k8s, Jib) and the ones under test.
flags=(-XX:MaxRAMPercentage=25 -XX:+ExitOnOutOfMemoryError)
# shellcheck disable=SC2206 # JAVA_OPTS is a list of options
flags+=(${JAVA_OPTS:-})
if $train; then flags+=(-XX:AOTCacheOutput=idp/target/idp.aot); fi

pid=""
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2> /dev/null; then kill "$pid"; wait "$pid" 2> /dev/null || true; fi
  psql -q -d postgres -c "DROP DATABASE IF EXISTS $database WITH (FORCE)" > /dev/null 2>&1 || true
}
trap cleanup EXIT

echo "== $(date -u +%FT%TZ), $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
echo "== flags: ${flags[*]}"
for run in $(seq 1 "$runs"); do
  psql -q -d postgres -c "DROP DATABASE IF EXISTS $database WITH (FORCE)" > /dev/null
  psql -q -d postgres -c "CREATE DATABASE $database" > /dev/null
  load_before=$(cut -d' ' -f1-3 /proc/loadavg)
  started=$(date +%s%N)
  SPRING_PROFILES_ACTIVE=production "$JAVA_HOME/bin/java" "${flags[@]}" -jar "$extracted/idp.jar" \
    --server.port=$port --management.server.port=$management \
    --ishikawa-id.issuer=http://127.0.0.1:$port \
    --spring.datasource.url="jdbc:postgresql://$PGHOST:$PGPORT/$database" \
    --spring.datasource.username="$PGUSER" --spring.datasource.password= \
    --ishikawa-id.jpki.login-trust-anchors[0]="$roots/jlis-auth_ca_2023.pem" \
    --ishikawa-id.jpki.identity-trust-anchors[0]="$roots/jlis-sign_ca_2023.pem" \
    --ishikawa-id.jpki.revocation=ocsp \
    --ishikawa-id.secrets.encryption-key="$(openssl rand -base64 32)" \
    --ishikawa-id.secrets.pairwise-key="$(openssl rand -base64 32)" \
    --ishikawa-id.clients[0].client-id=startup-machine \
    --ishikawa-id.clients[0].client-secret=$secret \
    --ishikawa-id.clients[0].grant-types[0]=client_credentials \
    --ishikawa-id.clients[0].scopes[0]=catalogue.publish \
    --logging.structured.format.console= --logging.level.root=WARN > "$work/idp-$run.log" 2>&1 &
  pid=$!
  until curl -fs "http://127.0.0.1:$management/actuator/health/readiness" 2> /dev/null | grep -q '"UP"'; do
    kill -0 "$pid" 2> /dev/null || { tail -40 "$work/idp-$run.log"; exit 1; }
    sleep 0.1
  done
  ready=$(( ($(date +%s%N) - started) / 1000000 ))
  rss_ready=$(awk '/^VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$pid/status")
  cat > "$work/post.lua" << LUA
wrk.method = "POST"
wrk.headers["Authorization"] = "Basic $(printf 'startup-machine:%s' "$secret" | base64 -w0)"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.body = "grant_type=client_credentials&scope=catalogue.publish"
LUA
  base=http://127.0.0.1:$port
  status=$(curl -s -o "$work/token.json" -w '%{http_code}' -u "startup-machine:$secret" \
    -d grant_type=client_credentials -d scope=catalogue.publish "$base/oauth2/token")
  [ "$status" = 200 ] || { echo "client credentials grant answered $status: $(cat "$work/token.json")"; exit 1; }
  rate() { # wrk output -> "rate/s (p99 X, non-2xx N)"
    awk '/^Requests\/sec/ {r = $2} $1 == "99%" {p = $2} /Non-2xx/ {e = $NF}
      END {printf "%s/s (p99 %s, non-2xx %d)", r, p, e}'
  }
  cc=$(wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "$work/post.lua" "$base/oauth2/token" | rate)
  disc=$(wrk -t2 -c"$connections" -d"${seconds}s" --latency "$base/.well-known/openid-configuration" | rate)
  jwks=$(wrk -t2 -c"$connections" -d"${seconds}s" --latency "$base/oauth2/jwks" | rate)
  rss=$(awk '/^VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$pid/status")
  hwm=$(awk '/^VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$pid/status")
  echo "run $run: ready in $ready ms (load before $load_before), RSS at ready $rss_ready MiB;" \
    "client credentials $cc, discovery $disc, JWKS $jwks; RSS after $rss MiB (peak $hwm MiB)"
  kill "$pid"
  wait "$pid" 2> /dev/null || true
  pid=""
done
if $train; then ls -la idp/target/idp.aot; fi

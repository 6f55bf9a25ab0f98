#!/usr/bin/env bash
# Ishikawa ID and Keycloak side by side on this machine, for the grants both systems have (issue 12):
# refresh grants with rotation, client-credentials grants, discovery and JWKS, each driven by the
# same load tool (wrk, `apt-get install -y wrk`) with the same settings, one system at a time.
#
#   idp/load/keycloak-side-by-side.sh [seconds per run, default 10]
#
# Keycloak (org.keycloak:keycloak-quarkus-dist $KEYCLOAK_VERSION from Maven Central, cached under
# ~/.cache/ishikawa-id/, never in the repository) runs on the local PostgreSQL in a database of its
# own (keycloak_bench, created and dropped here), with a realm "bench" whose confidential client has
# refresh-token rotation (revokeRefreshToken, no reuse) and a service account. Ishikawa ID runs as
# the load harness runs it (SideBySideIdp: TestIdentityProvider on PostgreSQL and Redis, production
# stores), with residents signed in by simulated cards through the portal client. Only 127.0.0.1.
# Knobs: WARMUP (5 s of unmeasured wrk before each measured run), WRK_THREADS (2), WRK_CONNECTIONS (16), TOKENS (128 refresh tokens per system: eight per connection, so that
# the tokens a run ends with in flight, whose rotated successors never arrive, do not starve a connection),
# IDP_JAVA_OPTS (-Xms64m -Xmx512m), KEYCLOAK_VERSION (26.5.6), PGHOST/PGPORT/PGUSER (127.0.0.1/5432/postgres).
# MEASURING_LOCK=<file>: on a shared machine, wait until that file is gone and hold it (create it)
# during the wrk runs only (about 8 × the seconds per run), not while the systems start.
set -euo pipefail
cd "$(dirname "$0")/../.."

seconds="${1:-10}"
warmup="${WARMUP:-5}"
threads="${WRK_THREADS:-2}"
connections="${WRK_CONNECTIONS:-16}"
tokens="${TOKENS:-128}"
version="${KEYCLOAK_VERSION:-26.5.6}"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
export PATH="$JAVA_HOME/bin:$PATH"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
kc_port=18080
kc_management=19000
cache="$HOME/.cache/ishikawa-id"
work="$PWD/idp/target/side-by-side"
rm -rf "$work"
mkdir -p "$work" "$cache"

for tool in wrk curl jq psql unzip; do
  command -v "$tool" > /dev/null || { echo "needs $tool (apt-get install -y $tool)"; exit 2; }
done

kc_pid=""
idp_pid=""
locked=false
cleanup() {
  if $locked; then rm -f "$MEASURING_LOCK"; fi
  if [ -n "$idp_pid" ]; then
    echo stop >&7 2> /dev/null || true
    exec 7>&- || true
    wait "$idp_pid" 2> /dev/null || true
  fi
  if [ -n "$kc_pid" ]; then
    kill "$kc_pid" 2> /dev/null || true
    wait "$kc_pid" 2> /dev/null || true
  fi
  psql -q -d postgres -c "DROP DATABASE IF EXISTS keycloak_bench WITH (FORCE)" > /dev/null 2>&1 || true
}
trap cleanup EXIT

rss_mib() { awk '/^VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }

# --- Keycloak ---------------------------------------------------------------------------------
zip="$cache/keycloak-quarkus-dist-$version.zip"
if [ ! -f "$zip" ]; then
  echo "fetching keycloak-quarkus-dist $version from Maven Central"
  curl -fsSL -o "$zip.part" \
    "https://repo1.maven.org/maven2/org/keycloak/keycloak-quarkus-dist/$version/keycloak-quarkus-dist-$version.zip"
  mv "$zip.part" "$zip"
fi
kc_home="$cache/keycloak-$version"
if [ ! -x "$kc_home/bin/kc.sh" ]; then
  (cd "$cache" && unzip -q -o "$zip")
fi
if [ ! -f "$kc_home/.built-postgres" ]; then
  echo "keycloak: build for PostgreSQL (once)"
  "$kc_home/bin/kc.sh" build --db=postgres --health-enabled=true --cache=local > "$work/keycloak-build.log" 2>&1
  touch "$kc_home/.built-postgres"
fi
psql -q -d postgres -c "DROP DATABASE IF EXISTS keycloak_bench WITH (FORCE)" > /dev/null
psql -q -d postgres -c "CREATE DATABASE keycloak_bench" > /dev/null
kc_started=$(date +%s.%N)
KC_BOOTSTRAP_ADMIN_USERNAME=bench-admin KC_BOOTSTRAP_ADMIN_PASSWORD=bench-admin-password \
  "$kc_home/bin/kc.sh" start --optimized \
  --db-url="jdbc:postgresql://$PGHOST:$PGPORT/keycloak_bench" --db-username="$PGUSER" --db-password=unused \
  --http-enabled=true --http-host=127.0.0.1 --http-port=$kc_port --hostname-strict=false \
  --http-management-port=$kc_management --log-level=WARN > "$work/keycloak.log" 2>&1 &
kc_pid=$!
until curl -fs "http://127.0.0.1:$kc_management/health/ready" > /dev/null 2>&1; do
  kill -0 "$kc_pid" 2> /dev/null || { tail -30 "$work/keycloak.log"; exit 1; }
  sleep 0.5
done
kc_ready=$(awk -v a="$kc_started" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}')
kc_java=$(pgrep -P "$kc_pid" java || echo "$kc_pid")
echo "keycloak $version: ready in ${kc_ready} s (pid $kc_java)"

kc="http://127.0.0.1:$kc_port"
admin=$(curl -fs -d client_id=admin-cli -d username=bench-admin -d password=bench-admin-password \
  -d grant_type=password "$kc/realms/master/protocol/openid-connect/token" | jq -r .access_token)
api() { curl -fs -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' "$@"; }
api -X POST "$kc/admin/realms" -d '{"realm":"bench","enabled":true,"revokeRefreshToken":true,
  "refreshTokenMaxReuse":0,"ssoSessionIdleTimeout":7200,"ssoSessionMaxLifespan":36000,
  "bruteForceProtected":false}'
kc_secret=bench-client-secret-0123456789-abcdefgh
api -X POST "$kc/admin/realms/bench/clients" -d "{\"clientId\":\"bench\",\"secret\":\"$kc_secret\",
  \"publicClient\":false,\"clientAuthenticatorType\":\"client-secret\",\"serviceAccountsEnabled\":true,
  \"directAccessGrantsEnabled\":true,\"standardFlowEnabled\":false}"
: > "$work/keycloak-tokens.txt"
for i in $(seq 1 "$tokens"); do
  api -X POST "$kc/admin/realms/bench/users" -d "{\"username\":\"resident$i\",\"enabled\":true,
    \"firstName\":\"Resident\",\"lastName\":\"R$i\",\"email\":\"resident$i@bench.example\",
    \"emailVerified\":true,\"credentials\":[{\"type\":\"password\",\"value\":\"pw-$i-bench\",\"temporary\":false}]}"
  curl -fs -u "bench:$kc_secret" -d grant_type=password -d "username=resident$i" -d "password=pw-$i-bench" \
    -d scope=openid "$kc/realms/bench/protocol/openid-connect/token" | jq -r .refresh_token >> "$work/keycloak-tokens.txt"
done
echo "keycloak: realm bench, client bench, $tokens residents signed in"

# --- Ishikawa ID ------------------------------------------------------------------------------
./mvnw -q -pl idp -am test-compile dependency:build-classpath -DskipTests -Dspotless.check.skip=true \
  -Dmdep.outputFile="$work/classpath.txt" -Dmdep.includeScope=test
# Keycloak's kc.sh default outside a container: -Xms64m -Xmx512m; the same for ours.
exec 7> >(exec "$JAVA_HOME/bin/java" ${IDP_JAVA_OPTS:--Xms64m -Xmx512m} \
  -Dlogging.file.name="$work/idp.log" -Dlogging.threshold.console=OFF -Dspring.main.banner-mode=off \
  -cp "idp/target/test-classes:idp/target/classes:$(cat "$work/classpath.txt")" \
  jp.ishikawa.id.idp.load.SideBySideIdp "$work/idp.properties" "$tokens" > "$work/idp.out" 2>&1)
idp_pid=$!
until grep -q '^READY' "$work/idp.out" 2> /dev/null; do
  kill -0 "$idp_pid" 2> /dev/null || { tail -30 "$work/idp.out"; exit 1; }
  sleep 1
done
idp_java=$(awk '/^READY/ {print $NF}' "$work/idp.out")
grep '^ishikawa-id: started' "$work/idp.out"
prop() { sed -n "s/^$1=//p" "$work/idp.properties" | head -1; }
sed -n 's/^refresh_token=//p' "$work/idp.properties" > "$work/idp-tokens.txt"
idp_issuer=$(prop issuer)

# --- wrk scripts ------------------------------------------------------------------------------
cat > "$work/refresh.lua" << 'LUA'
-- Refresh grants with rotation: each connection takes a token from this thread's pool and puts the
-- rotated one back; a connection sends its next request only after the answer to the last. At the
-- end the pools (the live tokens) are written back to the file, for the next run.
local threads = {}
function setup(thread)
  thread:set("index", #threads)
  table.insert(threads, thread)
end
function init(args)
  pool, path, auth = {}, args[1], args[2]
  local file, count, n = args[3], tonumber(args[4]), 0
  for line in io.lines(file) do
    if n % count == index then table.insert(pool, line) end
    n = n + 1
  end
  lost = 0
end
function request()
  local token = table.remove(pool) or "exhausted"
  return wrk.format("POST", path, {["Authorization"] = auth,
    ["Content-Type"] = "application/x-www-form-urlencoded", ["Accept"] = "application/json"},
    "grant_type=refresh_token&refresh_token=" .. token)
end
function response(status, headers, body)
  local token = body:match('"refresh_token"%s*:%s*"([^"]+)"')
  if status == 200 and token then table.insert(pool, token) else lost = lost + 1 end
end
function done(summary, latency, requests)
  local out = io.open(os.getenv("TOKENS_FILE"), "w")
  local live, lost_total = 0, 0
  for _, thread in ipairs(threads) do
    for _, token in ipairs(thread:get("pool")) do
      out:write(token, "\n")
      live = live + 1
    end
    lost_total = lost_total + thread:get("lost")
  end
  out:close()
  io.write(string.format("refresh tokens: %d live, %d lost\n", live, lost_total))
end
LUA
cat > "$work/post.lua" << 'LUA'
function init(args)
  wrk.method = "POST"
  wrk.path = args[1]
  wrk.headers["Authorization"] = args[2]
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  wrk.headers["Accept"] = "application/json"
  wrk.body = args[3]
end
LUA

basic() { printf 'Basic %s' "$(printf '%s:%s' "$1" "$2" | base64 -w0)"; }
path_of() { echo "/${1#*://*/}"; }

results="$work/results.tsv"
: > "$results"
run() { # system scenario url [lua args...]
  local system=$1 scenario=$2 url=$3
  shift 3
  local log="$work/wrk-$system-$scenario.txt"
  # An unmeasured warm-up first (JIT, pools, caches), then the measured run.
  if [ $# -gt 0 ]; then
    TOKENS_FILE="${4:-}" wrk -t"$threads" -c"$connections" -d"${warmup}s" -s "$1" "$url" -- "${@:2}" > "$log.warmup"
  else
    wrk -t"$threads" -c"$connections" -d"${warmup}s" "$url" > "$log.warmup"
  fi
  if [ $# -gt 0 ]; then
    TOKENS_FILE="${4:-}" wrk -t"$threads" -c"$connections" -d"${seconds}s" --latency -s "$1" "$url" -- "${@:2}" > "$log"
  else
    wrk -t"$threads" -c"$connections" -d"${seconds}s" --latency "$url" > "$log"
  fi
  local rate p50 p99 errors requests
  rate=$(awk '/^Requests\/sec/ {print $2}' "$log")
  requests=$(awk '/requests in/ {print $1}' "$log")
  p50=$(awk '$1 == "50%" {print $2}' "$log")
  p99=$(awk '$1 == "99%" {print $2}' "$log")
  errors=$(awk '/Non-2xx/ {print $NF}' "$log")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$scenario" "$system" "$rate" "$p50" "$p99" "${errors:-0}" "$requests" >> "$results"
  echo "  $system $scenario: $rate/s, p50 $p50, p99 $p99, non-2xx ${errors:-0} of $requests" \
    "$(sed -n 's/^refresh tokens: /(tokens: /p' "$log" | sed 's/$/)/')"
}

kc_realm="$kc/realms/bench"
kc_token="$kc_realm/protocol/openid-connect/token"
idp_token=$(prop token_endpoint)
if [ -n "${MEASURING_LOCK:-}" ]; then
  while [ -e "$MEASURING_LOCK" ]; do sleep 5; done
  touch "$MEASURING_LOCK"
  locked=true
fi
echo "== $(date -u +%FT%TZ), $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== wrk -t$threads -c$connections -d${seconds}s after ${warmup} s of warm-up, one system at a time, the other idle"
for scenario in refresh client-credentials discovery jwks; do
  case $scenario in
    refresh)
      run ishikawa-id refresh "$idp_token" "$work/refresh.lua" "$(path_of "$idp_token")" \
        "$(basic "$(prop refresh_client)" "$(prop refresh_secret)")" "$work/idp-tokens.txt" "$threads"
      run keycloak refresh "$kc_token" "$work/refresh.lua" "$(path_of "$kc_token")" \
        "$(basic bench "$kc_secret")" "$work/keycloak-tokens.txt" "$threads"
      ;;
    client-credentials)
      run ishikawa-id client-credentials "$idp_token" "$work/post.lua" "$(path_of "$idp_token")" \
        "$(basic "$(prop machine_client)" "$(prop machine_secret)")" \
        "grant_type=client_credentials&scope=$(prop machine_scope)"
      run keycloak client-credentials "$kc_token" "$work/post.lua" "$(path_of "$kc_token")" \
        "$(basic bench "$kc_secret")" "grant_type=client_credentials"
      ;;
    discovery)
      run ishikawa-id discovery "$idp_issuer/.well-known/openid-configuration"
      run keycloak discovery "$kc_realm/.well-known/openid-configuration"
      ;;
    jwks)
      run ishikawa-id jwks "$(prop jwks_uri)"
      run keycloak jwks "$kc_realm/protocol/openid-connect/certs"
      ;;
  esac
done
if $locked; then rm -f "$MEASURING_LOCK"; locked=false; fi
idp_rss=$(rss_mib "$idp_java")
kc_rss=$(rss_mib "$kc_java")
echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg)"

python3 - "$results" "$idp_rss" "$kc_rss" "$seconds" << 'PY'
import sys
seconds = float(sys.argv[4])
rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1])]
by = {(r[0], r[1]): r for r in rows}
notes = {
    "refresh": "rotation on both; Ishikawa ID also checks pairwise/DPoP binding rules and stores only a hash of each token, Keycloak's refresh token is a signed JWT checked against its session (no DPoP, no pairwise here)",
    "client-credentials": "Ishikawa ID: JWT access token with a scope; Keycloak: JWT access token for the service account (default scopes)",
    "discovery": "static JSON on both",
    "jwks": "Ishikawa ID publishes its ES256/RS256 keys, Keycloak its realm's RS256 (and other) keys",
}
print()
print("Successful answers (2xx) per second; p99 over all answers.")
print(f"| grant | Ishikawa ID /s | p99 | Keycloak /s | p99 | ratio | non-2xx (ours / Keycloak) | not like for like |")
print(f"|---|---:|---:|---:|---:|---:|---:|---|")
for scenario in ["refresh", "client-credentials", "discovery", "jwks"]:
    ours, theirs = by.get((scenario, "ishikawa-id")), by.get((scenario, "keycloak"))
    if not ours or not theirs:
        continue
    good = lambda r: (int(r[6]) - int(r[5])) / seconds
    ratio = good(ours) / good(theirs) if good(theirs) else float("nan")
    print(f"| {scenario} | {good(ours):,.0f} | {ours[4]} | {good(theirs):,.0f} | {theirs[4]} | {ratio:.2f}× | {ours[5]} / {theirs[5]} | {notes[scenario]} |")
print()
print(f"Resident memory after the runs (VmRSS): Ishikawa ID {sys.argv[2]} MiB (the JVM also holds the harness's simulated cards and test PKI), Keycloak {sys.argv[3]} MiB.")
PY

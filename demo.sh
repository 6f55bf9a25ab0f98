#!/bin/sh
# The demo of Ishikawa ID with nothing installed but a JDK 21 or newer: the IdP and consent-ui
# (「マイ いしかわID」 and the staff console) together, with embedded defaults and test cards only.
#   ./demo.sh            builds the jars if they are missing, starts both, prints the URL to open
#   Ctrl-C               stops both
# Data (test CA, cards, database) goes to ./data/ and is reused on the next start.
set -eu
cd "$(dirname "$0")"

if [ -z "${JAVA_HOME:-}" ] || [ ! -x "$JAVA_HOME/bin/java" ]; then
  echo "demo.sh: set JAVA_HOME to a JDK 21 or newer (for example" >&2
  echo "  sudo apt-get install openjdk-21-jdk && export JAVA_HOME=/usr/lib/jvm/java-21-openjdk-amd64)" >&2
  exit 1
fi
JAVA="$JAVA_HOME/bin/java"
IDP_PORT=9000
UI_PORT=9100

if [ ! -f idp/target/idp.jar ] || [ ! -f consent-ui/target/consent-ui.jar ]; then
  echo "demo.sh: building the jars (a few minutes the first time)..."
  ./mvnw -q package -DskipTests
fi

mkdir -p data
IDP_PID=""
UI_PID=""
stop() {
  trap - INT TERM EXIT
  [ -n "$UI_PID" ] && kill "$UI_PID" 2>/dev/null || true
  [ -n "$IDP_PID" ] && kill "$IDP_PID" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM
trap 'stop' EXIT

# Waits until the log $4 says the application $3 has started (no curl needed), or gives up when
# the process $1 has ended or after 300 s.
wait_for() {
  pid=$1 started=$2 name=$3 log=$4
  i=0
  while [ "$i" -lt 300 ]; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "demo.sh: $name stopped; the end of $log:" >&2
      tail -n 40 "$log" >&2
      exit 1
    fi
    grep -q "Started $started" "$log" 2>/dev/null && return 0
    i=$((i + 1))
    sleep 1
  done
  echo "demo.sh: $name did not start within 300 s; see $log" >&2
  exit 1
}

echo "demo.sh: starting the IdP on http://localhost:$IDP_PORT (log: data/idp-demo.log)"
"$JAVA" -jar idp/target/idp.jar --ishikawa-id.demo=true --server.port=$IDP_PORT \
  >data/idp-demo.log 2>&1 &
IDP_PID=$!
wait_for "$IDP_PID" IdpApplication "the IdP" data/idp-demo.log

echo "demo.sh: starting consent-ui on http://localhost:$UI_PORT (log: data/consent-ui-demo.log)"
"$JAVA" -jar consent-ui/target/consent-ui.jar --consent-ui.demo=true --server.port=$UI_PORT \
  >data/consent-ui-demo.log 2>&1 &
UI_PID=$!
wait_for "$UI_PID" ConsentUiApplication "consent-ui" data/consent-ui-demo.log

cat <<MESSAGE

================================  DEMO  ================================
 Open http://localhost:$UI_PORT in a browser.
 Log in with the demo card: press "デモ用カードをここで読み取る" (read a demo
 card here) on the login page, then on the registration page.
 The card with a signature certificate is also the demo admin (staff
 console). The IdP alone: http://localhost:$IDP_PORT/account
 Press Ctrl-C to stop both.
========================================================================
MESSAGE
wait "$IDP_PID" "$UI_PID"

#!/usr/bin/env bash
# Issue 12's login-verification figure, from one run: `openssl speed rsa2048` verify/s (before and
# after JMH), then LoginVerificationBenchmark's repeat login and first-seen certificate, on one and
# two threads, and each as a share of the openssl limit.
#
# The limit: a full login needs two RSA-2048 verifications (the issuer's signature on the
# certificate, the card's signature over the challenge), so one core can do at most
# (openssl verify/s) / 2 logins per second; two cores twice that. Target (issue 12): a repeat login
# at >= 40 % of it.
#
#   cert-verifier/bench/login-verification.sh            # openssl 10 s, JMH -wi 3 -i 5 (about 5 min)
#   OPENSSL_SECONDS=3 JMH_ARGS="-wi 2 -i 3 -w 3 -r 3" cert-verifier/bench/login-verification.sh
#
# Take the measurement lock of the shared machine yourself (touch /work/wt/MEASURING) if you use one.
set -euo pipefail
cd "$(dirname "$0")/../.."

openssl_seconds="${OPENSSL_SECONDS:-10}"
read -r -a jmh_args <<< "${JMH_ARGS:--wi 3 -i 5}"
out="$PWD/cert-verifier/target/login-verification"
mkdir -p "$out"

openssl_verify() {
  # Last line: "rsa 2048 bits <sign s> <verify s> <sign/s> <verify/s>"
  openssl speed -seconds "$openssl_seconds" rsa2048 2>/dev/null | awk '/^rsa 2048 bits/ {print $NF}'
}

echo "== $(date -u +%FT%TZ), $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== openssl speed -seconds $openssl_seconds rsa2048 (before)"
before=$(openssl_verify)
echo "   $before verify/s"

echo "== JMH LoginVerificationBenchmark ${jmh_args[*]}"
cert-verifier/bench/run-jmh.sh 'LoginVerificationBenchmark\.(repeatLogin|firstSeen|rsaVerify)' \
  -f 1 "${jmh_args[@]}" -rf json -rff "$out/jmh.json" > "$out/jmh.log" 2>&1 || {
  tail -40 "$out/jmh.log"
  exit 1
}
grep -E '^Benchmark|^LoginVerificationBenchmark' "$out/jmh.log" || true

echo "== openssl speed -seconds $openssl_seconds rsa2048 (after)"
after=$(openssl_verify)
echo "   $after verify/s"

python3 - "$out/jmh.json" "$before" "$after" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))
before, after = float(sys.argv[2]), float(sys.argv[3])
openssl = (before + after) / 2
limit_core = openssl / 2
print()
print(f"openssl rsa2048 verify/s per core: {before:,.0f} before, {after:,.0f} after, mean {openssl:,.0f}")
print(f"limit (two verifications per login): {limit_core:,.0f} logins/s per core, {2 * limit_core:,.0f} on two cores")
print()
print(f"{'benchmark':<24}{'threads':>8}{'ops/s':>12}{'± 99.9%':>10}{'min':>10}{'max':>10}{'of limit':>10}")
for r in sorted(results, key=lambda r: r["benchmark"]):
    name = r["benchmark"].rsplit(".", 1)[1]
    threads = r["threads"]
    m = r["primaryMetric"]
    raw = [x for fork in m["rawData"] for x in fork]
    limit = limit_core * threads
    share = "" if name == "rsaVerify" else f"{100 * m['score'] / limit:.0f} %"
    error = m["scoreError"]
    error = f"{error:,.0f}" if isinstance(error, (int, float)) and error == error else "n/a"
    print(f"{name:<24}{threads:>8}{m['score']:>12,.0f}{error:>10}{min(raw):>10,.0f}{max(raw):>10,.0f}{share:>10}")
print()
print("rsaVerify: one bare JDK SHA256withRSA verification (compare with openssl's per-core verify/s).")
print("Target (issue 12): repeatLogin >= 40 % of the limit.")
PY

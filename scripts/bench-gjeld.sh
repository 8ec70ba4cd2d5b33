#!/usr/bin/env bash
# Load test of Norsk Gjeldsinformasjon GET /v1/debt/{id} against a running
# namsfogd (real tokens, consent use and audit write per request), and, when
# PRISM_URL is set, the same request against Stoplight Prism mocking the
# official openapi.json, in one run (A B A B):
#   scripts/bench-gjeld.sh http://localhost:8080 [connections] [seconds] [rounds]
# Needs `hey` (apt-get install hey).
set -euo pipefail
URL="${1:-http://localhost:8080}"; CONN="${2:-16}"; SECS="${3:-8}"; ROUNDS="${4:-2}"
G="$URL/gjeld"
C1=f8c4da9f-4c93-4904-8de4-b5942776f9c2; SECRET=demo-secret-c1   # demo client C1
NIN=14842249091                                                     # has debt in every world
tok() { curl -s -u "$C1:$SECRET" -d grant_type=client_credentials --data-urlencode "audience=$1" --data-urlencode "scope=$2" "$G/oauth2/token" |
  python3 -c 'import json,sys;print(json.load(sys.stdin)["access_token"])'; }
TAGR=$(tok https://api-preprod.norskgjeld.no/v1/consent/agreement consent.create)
ID=$(curl -s -X PUT -H "Authorization: bearer $TAGR" -H "Content-Type: application/json" \
  -d "{\"nin\":\"$NIN\",\"scope_of_consent\":\"debt.unsecured.presentation\",\"consent_duration_days\":365,\"client_consent_id\":\"bench-$RANDOM$RANDOM\"}" \
  "$G/v1/consent/agreement" | python3 -c 'import json,sys;print(json.load(sys.stdin)["consent"]["id"])')
TDEBT=$(tok https://api-preprod.norskgjeld.no/v1/debt "debt.unsecured.presentation debt.unsecured.processing")
run() { hey -z "${SECS}s" -c "$CONN" -H "Authorization: ${3:-bearer} $2" "$1" | grep -E "Requests/sec|50% in|99% in|responses"; }
for r in $(seq "$ROUNDS"); do
  echo "== namsfogd (round $r)"; run "$G/v1/debt/$ID" "$TDEBT"
  if [ -n "${PRISM_URL:-}" ]; then echo "== prism (round $r)"; run "$PRISM_URL/v1/debt/$ID" "$TDEBT" Bearer; fi  # Prism refuses the lowercase scheme NoGi uses
done

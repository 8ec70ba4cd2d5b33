#!/usr/bin/env bash
# Load test of DSOP account details (step 2b) against a running namsfogd,
# with real tokens, validation and audit writes. Used for BENCHMARKS.md:
#   scripts/bench-dsop.sh http://localhost:8080 data   [connections] [seconds]
# Needs `hey` (apt-get install hey) and a namsfogd binary on PATH (or NAMSFOGD).
# The debtor and bank are the reference parties every seeded world holds.
set -euo pipefail
URL="${1:-http://localhost:8080}"; DATA="${2:-data}"; CONN="${3:-16}"; SECS="${4:-10}"
NF="${NAMSFOGD:-namsfogd}"
BANK=311000004; DEBTOR=15838510075
BASE="$URL/dsop/bank/$BANK/v2"
TOKEN=$("$NF" token --server "$URL" --data-dir "$DATA" --org 974761076 --scope bits:kontoinformasjon --resource "$BASE")
MANDATE=$(python3 -c 'import urllib.parse;print(urllib.parse.quote("Innkrevingsloven § 11 første ledd jf. innkrevingsforskriften § 11-3"))')
TODAY=$(curl -s -H "Authorization: Bearer $(cat "$DATA/operator-token")" "$URL/admin/clock" | python3 -c 'import json,sys;print(json.load(sys.stdin)["today"])')
CASE=$(python3 -c 'import uuid;print(uuid.uuid4())')
H=(-H "Authorization: Bearer $TOKEN" -H "Accept: application/json" -H "AccountInfoRequestID: $CASE"
   -H "Legal-Mandate: $MANDATE" -H "RequesterID: bench")
REF=$(curl -s "${H[@]}" -H "CorrelationID: $(python3 -c 'import uuid;print(uuid.uuid4())')" -H "PartyID: $DEBTOR" \
  "$BASE/accounts?OnlyPrimaryOwner=true&fromDate=$TODAY&toDate=$TODAY" |
  python3 -c 'import json,sys;print(json.load(sys.stdin)["accounts"][0]["accountReference"])')
# hey sends one fixed CorrelationID; namsfogd does not reject repeats.
hey -z "${SECS}s" -c "$CONN" "${H[@]}" -H "CorrelationID: $(python3 -c 'import uuid;print(uuid.uuid4())')" \
  "$BASE/accounts/$REF?fromDate=$TODAY&toDate=$TODAY" | grep -E "Requests/sec|Status code|\[200\]|50%|99%|responses"

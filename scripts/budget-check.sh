#!/usr/bin/env bash
# Fails a CI step when a planned post-training token budget cannot reach a target loss, according to
# the family's fitted law on a running p2law service.
#
# Exit status: 0 the plan reaches the target; 1 it does not; 2 usage, transport or service error.
set -euo pipefail

# usage STATUS: the help on stdout when asked for (--help, status 0), on stderr after a mistake.
usage() {
  local status=${1:-2}
  if [ "$status" -eq 0 ]; then exec 3>&1; else exec 3>&2; fi
  cat >&3 <<'USAGE'
usage: budget-check.sh --family SLUG --params-before N (--pruning-rate R | --params-after N)
                       [--loss-before L] --tokens D --target LOSS
                       [--confidence C] [--form p2] [--epsilon E] [--url http://localhost:8080]

--confidence C (0 to 1, default 0.5): pass only when the probability that a run of the plan
reaches the target is at least C (0.5: the law's prediction meets the target; 0.9: nine runs
in ten would). A law the service judges inadequate fails the check.

Every option can also come from the environment: P2LAW_URL, P2LAW_FAMILY, P2LAW_FORM,
P2LAW_PARAMS_BEFORE, P2LAW_PRUNING_RATE, P2LAW_PARAMS_AFTER, P2LAW_LOSS_BEFORE,
P2LAW_PLANNED_TOKENS, P2LAW_TARGET_LOSS, P2LAW_EPSILON, P2LAW_CONFIDENCE.
P2LAW_API_KEY, when set, is sent as 'Authorization: Bearer <key>' (needed when the service does not
allow anonymous reads); it is passed to curl on stdin, never on the command line.
Numbers are plain raw counts (2000000000 or 2e9); losses in nats per token.
Exit status: 0 pass, 1 fail, 2 usage or transport error.

In CI, fetch this script from the service itself (only curl needed):
  curl -fsS "$P2LAW_URL/scripts/budget-check.sh" | bash -s -- --family SLUG ...
USAGE
  exit "$status"
}

url=${P2LAW_URL:-http://localhost:8080}
family=${P2LAW_FAMILY:-}
form=${P2LAW_FORM:-p2}
params_before=${P2LAW_PARAMS_BEFORE:-}
pruning_rate=${P2LAW_PRUNING_RATE:-}
params_after=${P2LAW_PARAMS_AFTER:-}
loss_before=${P2LAW_LOSS_BEFORE:-}
tokens=${P2LAW_PLANNED_TOKENS:-}
target=${P2LAW_TARGET_LOSS:-}
epsilon=${P2LAW_EPSILON:-}
confidence=${P2LAW_CONFIDENCE:-}

while [ $# -gt 0 ]; do
  case "$1" in -h|--help) usage 0 ;; esac
  [ $# -ge 2 ] || { echo "budget-check: $1 needs a value" >&2; usage; }
  case "$1" in
    --url) url=$2 ;;
    --family) family=$2 ;;
    --form) form=$2 ;;
    --params-before) params_before=$2 ;;
    --pruning-rate) pruning_rate=$2 ;;
    --params-after) params_after=$2 ;;
    --loss-before) loss_before=$2 ;;
    --tokens) tokens=$2 ;;
    --target) target=$2 ;;
    --epsilon) epsilon=$2 ;;
    --confidence) confidence=$2 ;;
    *) echo "budget-check: unknown option $1" >&2; usage ;;
  esac
  shift 2
done

number='^[0-9]+([.][0-9]+)?([eE][+-]?[0-9]+)?$'
require() { # name value
  [ -n "$2" ] || { echo "budget-check: $1 is required" >&2; usage; }
  [[ $2 =~ $number ]] || { echo "budget-check: $1 must be a number, not '$2'" >&2; exit 2; }
}
[ -n "$family" ] || { echo "budget-check: --family is required" >&2; usage; }
[[ $family =~ ^[A-Za-z0-9._~-]+$ ]] || { echo "budget-check: '$family' is not a family slug" >&2; exit 2; }
[[ $form =~ ^[A-Za-z0-9._-]+$ ]] || { echo "budget-check: '$form' is not a law form" >&2; exit 2; }
require --params-before "$params_before"
require --tokens "$tokens"
require --target "$target"
[ -n "$pruning_rate$params_after" ] || { echo "budget-check: give --pruning-rate or --params-after" >&2; usage; }

body="{\"paramsBefore\":$params_before,\"plannedTokens\":$tokens,\"targetLoss\":$target"
for field in pruningRate:pruning_rate:--pruning-rate paramsAfter:params_after:--params-after \
             lossBefore:loss_before:--loss-before epsilon:epsilon:--epsilon confidence:confidence:--confidence; do
  IFS=: read -r json variable option <<<"$field"
  value=${!variable}
  if [ -n "$value" ]; then
    require "$option" "$value"
    body="$body,\"$json\":$value"
  fi
done
body="$body}"

response=$(mktemp)
trap 'rm -f "$response"' EXIT
# curl's configuration on stdin: the key stays out of the process list.
curl_config=""
if [ -n "${P2LAW_API_KEY:-}" ]; then
  [[ $P2LAW_API_KEY =~ ^[A-Za-z0-9._~+/=-]+$ ]] || { echo "budget-check: P2LAW_API_KEY is not a valid key" >&2; exit 2; }
  curl_config="header = \"Authorization: Bearer $P2LAW_API_KEY\""
fi
status=$(printf '%s\n' "$curl_config" | curl -sS -K - -o "$response" -w '%{http_code}' -X POST \
  -H 'Content-Type: application/json' -H 'Accept: application/json' --data "$body" \
  "${url%/}/api/v1/families/$family/budget-checks?form=$form&enforce=true") || {
  echo "budget-check: could not reach $url" >&2; exit 2; }

field() { # the JSON value of a top-level scalar field in the response
  grep -o "\"$1\":[^,}]*" "$response" | head -n 1 | cut -d: -f2- | tr -d '"'
}
# Numbers for people: losses to 5 significant digits, token counts whole; the JSON keeps them all.
loss() { awk -v v="$(field "$1")" 'BEGIN {if (v == "null" || v == "") print v; else printf "%.5g\n", v}'; }
count() { awk -v v="$1" 'BEGIN {if (v == "null" || v == "") print v; else printf "%.0f\n", v}'; }

case "$status" in
  200|422)
    echo "budget-check: $(field verdict) for family $family ($form law): predicted loss $(loss loss)" \
      "[$(loss lower), $(loss upper)] after $(count "$tokens") tokens, target $target, margin $(loss margin)"
    echo "budget-check: probability of reaching the target $(awk -v v="$(field probability)" 'BEGIN {printf "%.3f\n", v}')," \
      "required confidence $(field confidence); the law is $(field adequacy)"
    needed=$(field tokensForTarget)
    if [ "$needed" = null ]; then
      echo "budget-check: no number of tokens reaches the target: the law levels off at $(loss asymptote)"
    else
      echo "budget-check: the target needs $(count "$needed") tokens; past diminishing returns:" \
        "$(field pastDiminishingReturns)"
    fi
    [ "$status" = 200 ] && exit 0 || exit 1 ;;
  *)
    echo "budget-check: the service answered $status: $(field detail)" >&2
    exit 2 ;;
esac

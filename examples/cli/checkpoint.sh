#!/usr/bin/env bash
# A checkpoint's session with the healthcode CLI, offline: verify the codes issuer.sh
# made, from pictures and from text, act on the exit codes, and refuse what must be
# refused. Exits non-zero if any answer is not the expected one.
#
#   bash examples/cli/issuer.sh && bash examples/cli/checkpoint.sh
#
# HEALTHCODE           the command to run (default: node dist/cli/main.js of this checkout)
# HEALTHCODE_DEMO_DIR  the folder issuer.sh wrote (default: $TMPDIR/healthcode-demo)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

if [ ! -f "$dir/public/trust.json" ]; then
  echo "no trust list in $dir/public: run examples/cli/issuer.sh first" >&2
  exit 2
fi
cd "$dir/public"

# expect EXIT [< FILE] ARGS…: runs the command (stdin from FILE), shows it with its exit
# code, and ends the session if the exit code is not EXIT (0 valid, 1 not valid, 2 could
# not check).
expect() {
  local want=$1 input=/dev/null got=0
  shift
  if [ "$1" = '<' ]; then
    input=$2
    shift 2
    show "$@" '<' "$input"
  else
    show "$@"
  fi
  healthcode "$@" < "$input" || got=$?
  echo "(exit $got)"
  if [ "$got" -ne "$want" ]; then
    echo "expected exit $want" >&2
    exit 1
  fi
}

echo "== Checkpoint, offline; trust.json holds $(grep -c '"kid"' trust.json) issuer key(s)"

# 1. Pictures, as a camera or a scanner saves them. A valid code exits 0 whatever its colour.
expect 0 verify --image green.png --trust trust.json
expect 0 verify --image yellow.png --trust trust.json

# 2. Text from a hand scanner or a file, on standard input.
expect 0 '<' red.txt verify - --trust trust.json

# 3. A turnstile script reads one JSON document and opens on a valid green code only.
#    gate FILE: shows the decision; returns 0 when the gate opens.
gate() {
  local json
  show verify - --trust trust.json --json '<' "$1"
  json=$(healthcode verify - --trust trust.json --json < "$1") || true
  echo "$json"
  case $json in
    *'"valid":true'*'"status":"green"'*) echo "-> OPEN" ;;
    *) echo "-> STAY CLOSED" && return 1 ;;
  esac
}
if ! gate green.txt; then
  echo "the gate stayed closed for a valid green code" >&2
  exit 1
fi
if gate red.txt; then
  echo "the gate opened for a red code" >&2
  exit 1
fi

# 4. What must be refused: the green code two days from now, and a copy with one
#    character changed.
expect 1 '<' green.txt verify - --trust trust.json --now +2d
text=$(cat green.txt)
swap=0
[ "${text: -10:1}" = 0 ] && swap=1
printf '%s\n' "${text:0:${#text}-10}$swap${text: -9}" > altered.txt
expect 1 '<' altered.txt verify - --trust trust.json

# 5. What cannot be checked is not "not valid": no trust list means exit 2.
expect 2 '<' green.txt verify - --trust missing-trust.json

echo
echo "== Every check gave the expected answer"

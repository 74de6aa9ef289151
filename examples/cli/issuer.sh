#!/usr/bin/env bash
# An issuer's session with the healthcode CLI: make a signing key (once), publish the
# trust list checkpoints will hold, and issue codes as text and as QR pictures.
#
#   npm run build && bash examples/cli/issuer.sh
#
# HEALTHCODE           the command to run (default: node dist/cli/main.js of this checkout)
# HEALTHCODE_DEMO_DIR  where the key, trust list and codes go (default: $TMPDIR/healthcode-demo)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

run() {
  show "$@"
  healthcode "$@"
}

mkdir -p "$dir/keys" "$dir/public"
cd "$dir"
echo "== Issuer CN-330100, working in $dir"

# 1. The signing key: made once, kept private (mode 0600), never printed. Its public half
#    goes into public/trust.json, the file every checkpoint syncs.
if [ -e keys/cn-330100.key.json ]; then
  echo "(keys/cn-330100.key.json already exists: using it)"
else
  run keygen --issuer CN-330100 --out keys/cn-330100.key.json --trust public/trust.json
fi
ls -l keys/cn-330100.key.json

# 2. Codes valid for a day (red for a week). The name is masked by the issuer, here: the
#    CLI writes it as given. stdout is the code text alone, so it goes straight to a file.
run issue --key keys/cn-330100.key.json --status green --expires +24h \
  --name '张*' --id-hint 1234 --png public/green.png | tee public/green.txt
run issue --key keys/cn-330100.key.json --status yellow --expires +24h \
  --name '李*' --id-hint 0042 --png public/yellow.png | tee public/yellow.txt
run issue --key keys/cn-330100.key.json --status red --expires +7d \
  --name '王*' --id-hint 9876 --svg public/red.svg | tee public/red.txt

# 3. On a screen: the same code drawn in the terminal.
show render - --terminal '<' public/green.txt
healthcode render - --terminal < public/green.txt

echo
echo "== Published for checkpoints: public/trust.json (public keys only) and the codes"
ls public

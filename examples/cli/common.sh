# Shared by issuer.sh and checkpoint.sh (sourced, not run).
#
# HEALTHCODE           the command to run (default: node dist/cli/main.js of this checkout)
# HEALTHCODE_DEMO_DIR  the folder both sessions share (default: $TMPDIR/healthcode-demo)

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
if [ -n "${HEALTHCODE:-}" ]; then
  healthcode() { $HEALTHCODE "$@"; }
else
  healthcode() { node "$root/dist/cli/main.js" "$@"; }
fi
dir=${HEALTHCODE_DEMO_DIR:-${TMPDIR:-/tmp}/healthcode-demo}

# Shows a command as an operator would type it, quoting what the shell would not take
# bare (a lone < stands for a redirection). On stderr, so that stdout stays the command's own output.
show() {
  local line='$ healthcode' arg
  for arg in "$@"; do
    case $arg in
      '<') line+=' <' ;;
      *[!A-Za-z0-9_./:=+-]*) line+=" '$arg'" ;;
      *) line+=" $arg" ;;
    esac
  done
  printf '\n%s\n' "$line" >&2
}

#!/usr/bin/env bash
# Runs a Node test script with the project's pinned npm tools (tools/).
#   run_node.sh TOOLS SCRIPT ARGS...
# Exit 77 (skip) when node, playwright-core or chromium is missing, unless
# RC_REPORT_TOOLS_REQUIRED=1.
set -euo pipefail
tools=$1
script=$2
shift 2
missing=""
command -v node >/dev/null 2>&1 || missing="node"
[ -d "$tools/node_modules/playwright-core" ] || missing="$missing playwright-core"
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
if [ -n "$missing" ]; then
  echo "missing:$missing"
  [ "${RC_REPORT_TOOLS_REQUIRED:-0}" = 1 ] && exit 1
  exit 77
fi
export NODE_PATH="$tools/node_modules"
exec node "$script" "$@"

#!/usr/bin/env bash
# Rewrite the single initial migration from the current models (only while nothing is released).
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
rm -f qifutong/migrations/versions/*.py
QIFUTONG_INSTANCE="$tmp" QIFUTONG_ENV=development DATABASE_URL="sqlite:///$tmp/regen.sqlite" \
  qifutong db revision --autogenerate --rev-id 0001 -m "initial schema" >/dev/null 2>"$tmp/log" \
  || { cat "$tmp/log"; exit 1; }
rm -rf "$tmp"
ls qifutong/migrations/versions/

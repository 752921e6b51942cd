#!/usr/bin/env bash
# Build macrame.vsix from a clean install of the locked dependencies.
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci
npx vsce package --out macrame.vsix

#!/usr/bin/env bash
# `npm test`: every check the project has, in order of speed. CI (.ci/run) calls this.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n\033[1m== %s\033[0m (at %ss)\n' "$*" "$SECONDS"; }

step "typecheck";            npm run -s typecheck
# graphql-codegen against Shopify's committed introspection: fails when an Admin API operation
# does not fit the schema or uses a deprecated field, or when app/shopify/generated is stale.
step "admin operations (codegen + schema validation)"; npm run -s codegen:check
step "lint";                 npm run -s lint
step "theme check";          npm run -s theme-check
# Shopify's own CLI validates shopify.app.toml and builds extensions/; it runs on a Node 22 that the
# script installs with the CLI into tools/shopify-cli (npm ci, first run only).
step "shopify app build (Shopify CLI, Node 22)"; npx tsx scripts/shopify-app-build.ts
step "unit + integration (SQLite)"; npm run -s test:unit
step "unit + integration (PostgreSQL)"; npm run -s test:pg
step "build";                npm run -s build
step "browser e2e (demo)";   npm run -s test:e2e
printf '\n== npm test passed in %ss\n' "$SECONDS"

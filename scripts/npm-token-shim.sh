#!/bin/sh
# pnpm 10 forwards `pnpm token` to `npm token` instead of our script; this npm-path shim gives it back to the script.
if [ "$1" = "token" ]; then
  shift
  exec pnpm --silent run token "$@"
fi
exec npm "$@"

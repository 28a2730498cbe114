#!/usr/bin/env bash
set -euo pipefail
port="${PORT:-8786}"
# The scheduler unpickles task graphs and the workers run them: both import
# the package `app` from this folder.
export PYTHONPATH="$PWD"
dask scheduler --host 127.0.0.1 --port "$port" --no-dashboard &
scheduler=$!
dask worker "tcp://127.0.0.1:$port" --host 127.0.0.1 --nthreads 2 --no-dashboard &
worker=$!
trap 'kill "$worker" "$scheduler"; wait' EXIT
python dask_client.py "tcp://127.0.0.1:$port"

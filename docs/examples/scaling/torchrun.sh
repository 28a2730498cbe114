#!/usr/bin/env bash
set -euo pipefail
GLOO_SOCKET_IFNAME=lo torchrun --nproc-per-node 2 \
  --master-addr 127.0.0.1 --master-port "${PORT:-29500}" torchrun_ranks.py

#!/usr/bin/env bash
# The sent history at scale (issue 14 §3): makes N sent messages (default
# 100 000) in a data folder, then measures, on that folder:
#   1. the index alone: built from the files, caught up, pages, searches
#      (examples/history_bench.rs);
#   2. a keystroke in the Sent list's search field to the results drawn
#      (examples/sent_search_bench.rs);
#   3. the window under Xvfb: index build on the first start, start to first
#      frame, RSS after start and after opening Sent and scrolling
#      (docs/bench/window.sh), then the same window with an empty history.
#
#   bench/sent_history.sh [N] [RUNS]
#
# Needs: xvfb, xdotool, imagemagick, python3. Builds the release binary
# and examples (CARGO_TARGET_DIR is followed).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-100000}
RUNS=${2:-3}
TARGET=${CARGO_TARGET_DIR:-target}
cargo build --release --quiet --bin hudhud --example history_bench --example sent_search_bench
WORK=$(mktemp -d -t hudhud-sent.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
"$TARGET/release/examples/history_bench" --generate "$WORK/data" "$N"

echo "== the index alone (its own copy of $N messages)"
"$TARGET/release/examples/history_bench" "$N"

echo "== a search keystroke to the results on screen"
"$TARGET/release/examples/sent_search_bench" "$WORK/data"

echo "== the window with $N sent messages"
rm -f "$WORK"/data/history.sqlite3*
BENCH_DATA=$WORK/data docs/bench/window.sh "$TARGET/release/hudhud" "$RUNS" "$N"

echo "== the window with an empty history"
docs/bench/window.sh "$TARGET/release/hudhud" "$RUNS" 0

#!/usr/bin/env bash
# Desktop smoke test: start the window binary under Xvfb on a temporary data
# folder (with the demo network), wait until the frontend reports "ready",
# take a screenshot of the screen, check it is not blank, quit with SIGTERM.
# Usage: scripts/desktop-smoke.sh BINARY [SCREENSHOT.png]
set -euo pipefail
bin=$(realpath "$1")
shot=${2:-screenshots/desktop.png}
mkdir -p "$(dirname "$shot")"
shot=$(realpath "$shot")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bin" --data "$work/data" demo --actors 120 >/dev/null

cat >"$work/run.sh" <<INNER
#!/usr/bin/env bash
set -uo pipefail
"$bin" --data "$work/data" >"$work/out.log" 2>"$work/err.log" &
pid=\$!
ok=0
for _ in \$(seq 1 600); do
  if grep -qx ready "$work/err.log"; then ok=1; break; fi
  if ! kill -0 \$pid 2>/dev/null; then break; fi
  sleep 0.1
done
if [ \$ok = 1 ]; then
  sleep 1
  import -window root "$shot"
fi
kill -TERM \$pid 2>/dev/null
for _ in \$(seq 1 100); do kill -0 \$pid 2>/dev/null || break; sleep 0.1; done
if kill -0 \$pid 2>/dev/null; then echo "desktop: did not quit within 10 s of SIGTERM" >&2; kill -KILL \$pid; exit 1; fi
wait \$pid; code=\$?
if [ \$ok != 1 ]; then echo "desktop: never reported ready" >&2; cat "$work/err.log" >&2; exit 1; fi
echo "desktop: exit status after SIGTERM \$code"
exit 0
INNER
chmod +x "$work/run.sh"
start=$(date +%s.%N)
xvfb-run -a -s "-screen 0 1280x820x24" "$work/run.sh"
colours=$(convert "$shot" -format '%k' info:)
echo "desktop: screenshot $shot has $colours distinct colours ($(echo "$(date +%s.%N) - $start" | bc) s)"
if [ "$colours" -lt 50 ]; then
  echo "desktop: the window looks blank" >&2
  exit 1
fi
echo "desktop smoke test: 1 passed, 0 failed"

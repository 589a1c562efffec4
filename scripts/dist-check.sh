#!/usr/bin/env bash
# Checks what `make dist` put in DIST (default dist/): file types, checksums,
# version resource and signatures of the Windows files, the .deb installed
# with dpkg and run (as root), and the Windows build run under Wine — its
# CLI, then the installer and uninstaller in silent mode — when Wine runs
# here. Ends with "N passed, 0 failed, N skipped"; exits non-zero on a failure.
set -uo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-dist}
passed=0 failed=0 skipped=0
ok() { echo "ok   $*"; passed=$((passed + 1)); }
bad() { echo "FAIL $*"; failed=$((failed + 1)); }
skip() { echo "SKIP $*"; skipped=$((skipped + 1)); }
check() { # check "what" command...: ok when the command succeeds
	local what=$1; shift
	if out=$("$@" 2>&1); then ok "$what"; else bad "$what"; printf '%s\n' "$out" | tail -20 | sed 's/^/     /'; fi
}
has() { grep -q -- "$2" <<<"$1"; }
one() { # the single file matching a glob in OUT
	local m=("$OUT"/$1)
	if [ ${#m[@]} -ne 1 ] || [ ! -f "${m[0]}" ]; then echo ""; else echo "${m[0]}"; fi
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

exe=$(one 'sbcc-*-windows-amd64.exe')
setup=$(one 'sbcc-*-windows-amd64-setup.exe')
deb=$(one 'sbcc_*_amd64.deb')
linux=$(one 'sbcc-*-linux-amd64')
cli=$(one 'sbcc-*-linux-amd64-cli')
for v in exe setup deb linux cli; do
	if [ -n "${!v}" ]; then ok "artefact $v: $(basename "${!v}") ($(du -h "${!v}" | cut -f1))"; else bad "artefact $v missing in $OUT"; fi
done
[ -n "$exe" ] && [ -n "$setup" ] && [ -n "$deb" ] && [ -n "$linux" ] && [ -n "$cli" ] || { echo "$passed passed, $failed failed, $skipped skipped"; exit 1; }
version=$(basename "$cli"); version=${version#sbcc-}; version=${version%-linux-amd64-cli}

echo "-- file types"
t=$(file -b "$exe"); if has "$t" "PE32+ executable (GUI) x86-64"; then ok "windows exe: $t"; else bad "windows exe: $t"; fi
t=$(file -b "$setup"); if has "$t" "PE32+ executable (GUI) x86-64"; then ok "installer: $t"; else bad "installer: $t"; fi
t=$(file -b "$deb"); if has "$t" "Debian binary package"; then ok "deb: $t"; else bad "deb: $t"; fi
t=$(file -b "$linux"); if has "$t" "ELF 64-bit LSB" && has "$t" "dynamically linked"; then ok "linux desktop: ${t:0:60}"; else bad "linux desktop: $t"; fi
t=$(file -b "$cli"); if has "$t" "ELF 64-bit LSB" && has "$t" "statically linked"; then ok "linux cli: ${t:0:60}"; else bad "linux cli: $t"; fi
check "SHA256SUMS match" bash -c "cd '$OUT' && sha256sum --quiet -c SHA256SUMS"

echo "-- Windows resources and signatures"
res=$(strings -e l "$exe")
if has "$res" "South Baltic Creative Clusters" && has "$res" "FileVersion"; then ok "windows exe has a version resource"; else bad "windows exe has no version resource"; fi
if osslsigncode extract-signature -in "$exe" -out "$tmp/sig" >/dev/null 2>&1; then
	for f in "$exe" "$setup"; do
		if [ -f "$OUT/test-signing-cert.pem" ]; then
			# Self-signed test certificate: the signature must verify against it
			# as trusted root; without -CAfile the chain to a public root fails,
			# which is what a test certificate should do.
			check "signature of $(basename "$f") verifies with the test root" osslsigncode verify -CAfile "$OUT/test-signing-cert.pem" -in "$f"
			if v=$(osslsigncode verify -in "$f" 2>&1); then
				bad "$(basename "$f"): a self-signed signature passed without its root"
			elif has "$v" "self-signed certificate" && [ "$(grep -c 'message digest *:' <<<"$v")" = 2 ] &&
				[ "$(grep 'Current message digest' <<<"$v" | awk '{print $NF}')" = "$(grep 'Calculated message digest' <<<"$v" | awk '{print $NF}')" ]; then
				ok "$(basename "$f"): digest intact, chain refused as self-signed without the test root (expected)"
			else
				bad "$(basename "$f"): verify without the root failed for another reason"; printf '%s\n' "$v" | grep -i 'error\|digest' | sed 's/^/     /'
			fi
		else
			check "signature of $(basename "$f") verifies" osslsigncode verify -in "$f"
		fi
	done
else
	skip "signatures: the Windows files are not signed (no SBCC_SIGN_* certificate given)"
fi

echo "-- Linux builds"
check "cli: version" bash -c "'$cli' version | grep -qF 'sbcc $version '"
check "cli: demo + search" bash -c "'$cli' demo --data '$tmp/cli' --actors 50 >/dev/null && '$cli' search --data '$tmp/cli' lodz | grep -q actor"
check "desktop build: version" bash -c "'$linux' version | grep -qF 'sbcc $version '"

echo "-- Debian package"
contents=$(dpkg-deb --contents "$deb")
for p in ./usr/bin/sbcc ./usr/share/applications/sbcc.desktop ./usr/share/icons/hicolor/256x256/apps/sbcc.png; do
	if has "$contents" " $p\$"; then ok "deb holds $p"; else bad "deb lacks $p"; fi
done
dep=$(dpkg-deb -f "$deb" Depends)
if has "$dep" libgtk-3-0 && has "$dep" libwebkit2gtk-4.1-0; then ok "deb depends: $dep"; else bad "deb depends: $dep"; fi
if [ "$(id -u)" != 0 ]; then
	skip "dpkg -i: not root"
elif dpkg -s sbcc >/dev/null 2>&1; then
	skip "dpkg -i: a package sbcc is already installed on this machine; not touching it"
else
	check "dpkg -i" dpkg -i "$deb"
	check "installed sbcc version" bash -c "/usr/bin/sbcc version | grep -qF 'sbcc $version '"
	check "installed sbcc demo --data" bash -c "sbcc demo --data '$tmp/deb' --actors 50 && sbcc list actor --data '$tmp/deb' | grep -q ."
	check "dpkg -r" dpkg -r sbcc
	if [ -e /usr/bin/sbcc ]; then bad "/usr/bin/sbcc left after dpkg -r"; else ok "package removed"; fi
fi

echo "-- Windows build under Wine"
wine=$(command -v wine64 || true)
[ -n "$wine" ] || { [ -x /usr/lib/wine/wine64 ] && wine=/usr/lib/wine/wine64; }
[ -n "$wine" ] || wine=$(command -v wine || true)
wineserver=$(command -v wineserver || true)
[ -n "$wineserver" ] || { [ -x /usr/lib/wine/wineserver ] && wineserver=/usr/lib/wine/wineserver; }
go build -o "$tmp/wineprng" ./tools/wineprng # before HOME moves (Go's caches live under it)
# A throw-away prefix and home: Wine links the prefix's Desktop to $HOME/Desktop
# (or $HOME), and winemenubuilder (disabled) would copy shortcuts into the
# host's menus.
mkdir -p "$tmp/home"
export WINEPREFIX=$tmp/wine HOME=$tmp/home XDG_CONFIG_HOME=$tmp/home/.config XDG_DATA_HOME=$tmp/home/.local/share \
	WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml=;winemenubuilder.exe=d" DISPLAY=
w() { timeout "${WINE_TIMEOUT:-120}" "$wine" "$@"; }
if [ -z "$wine" ]; then
	skip "wine: not installed (make dist-deps installs wine64); Windows build not run"
elif ! timeout 240 "$wine" wineboot --init >"$tmp/wineboot.log" 2>&1; then
	skip "wine: '$wine wineboot' failed or took over 240 s here; Windows build not run ($(tail -1 "$tmp/wineboot.log"))"
else
	sys32=$WINEPREFIX/drive_c/windows/system32
	# Wine 8 lacks bcryptprimitives.dll, which Go 1.24+ programs load at start.
	if [ ! -e "$sys32/bcryptprimitives.dll" ]; then
		"$tmp/wineprng" -o "$sys32/bcryptprimitives.dll" && echo "     (wine: added the bcryptprimitives.dll shim of tools/wineprng)"
	fi
	check "wine: sbcc.exe version" bash -c "$(declare -f w); wine='$wine'; w '$exe' version | tr -d '\r' | grep -qF 'sbcc $version '"
	check "wine: sbcc.exe demo" bash -c "$(declare -f w); wine='$wine'; w '$exe' demo --data 'Z:$tmp/win' --actors 50"
	check "wine: sbcc.exe search" bash -c "$(declare -f w); wine='$wine'; w '$exe' search --data 'Z:$tmp/win' lodz | grep -q actor"
	# The installer, silently (/S answers the WebView2 question with "install anyway").
	user=$(ls "$WINEPREFIX/drive_c/users" | grep -vx Public | head -1)
	prog=$WINEPREFIX/drive_c/users/$user/AppData/Local/Programs/sbcc
	appdata=$WINEPREFIX/drive_c/users/$user/AppData/Roaming/sbcc
	check "wine: installer /S" w "$setup" /S
	[ -n "$wineserver" ] && timeout 60 "$wineserver" -w
	if [ -f "$prog/sbcc.exe" ] && [ -f "$prog/uninstall.exe" ]; then ok "installed per user in %LOCALAPPDATA%\\Programs\\sbcc"; else bad "installer: no $prog/sbcc.exe"; ls -R "$WINEPREFIX/drive_c/users/$user/AppData" 2>&1 | head -20; fi
	if ls "$WINEPREFIX/drive_c/users/$user/Desktop/"*.lnk >/dev/null 2>&1 && ls "$WINEPREFIX/drive_c/users/$user/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/South Baltic Creative Clusters/"*.lnk >/dev/null 2>&1; then
		ok "desktop and Start-menu shortcuts"
	else bad "shortcuts missing"; fi
	if [ -f "$OUT/test-signing-cert.pem" ] && [ -f "$prog/uninstall.exe" ]; then
		check "the installed uninstall.exe is signed too" osslsigncode verify -CAfile "$OUT/test-signing-cert.pem" -in "$prog/uninstall.exe"
	fi
	check "wine: installed sbcc.exe demo into the default data folder" w "$prog/sbcc.exe" demo --actors 20
	if [ -f "$appdata/sbcc.db" ]; then ok "default data folder is %AppData%\\sbcc"; else bad "no $appdata/sbcc.db"; fi
	check "wine: uninstaller /S" w "$prog/uninstall.exe" /S
	[ -n "$wineserver" ] && timeout 60 "$wineserver" -w
	if [ ! -e "$prog/sbcc.exe" ]; then ok "uninstalled"; else bad "sbcc.exe still there after uninstall"; fi
	if [ -f "$appdata/sbcc.db" ]; then ok "uninstall kept the data folder"; else bad "uninstall deleted the data folder"; fi
	[ -n "$wineserver" ] && "$wineserver" -k 2>/dev/null
fi

echo "dist-check: $passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]

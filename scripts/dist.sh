#!/usr/bin/env bash
# Builds the release artefacts into dist/ (called by `make dist`, after the
# frontend is built into frontend/dist):
#   sbcc-VERSION-windows-amd64.exe        Windows GUI build (+ CLI from a terminal), icon and version resource
#   sbcc-VERSION-windows-amd64-setup.exe  NSIS per-user installer of it
#   sbcc_DEBVERSION_amd64.deb             Debian/Ubuntu package of the desktop build
#   sbcc-VERSION-linux-amd64              Linux desktop build (needs gtk3 + webkit2gtk-4.1)
#   sbcc-VERSION-linux-amd64-cli          Linux CLI and web server only, static, no cgo
#   SHA256SUMS
# Signing (scripts/sign.sh): SBCC_SIGN_PFX (+ SBCC_SIGN_PASS) or SBCC_SIGN_CERT
# + SBCC_SIGN_KEY sign the Windows executable, its uninstaller and the
# installer; SBCC_SIGN_TEST=1 makes a self-signed test certificate when none
# is given (CI).
set -euo pipefail
cd "$(dirname "$0")/.."

GO=${GO:-go}
VERSION=${VERSION:?VERSION is not set}
COMMIT=${COMMIT:-unknown}
DATE=${DATE:-$(date -u +%Y-%m-%d)}
DESKTOP_TAGS=${DESKTOP_TAGS:-desktop,production,webkit2_41}
OUT=${DIST:-dist}
WORK=$OUT/.work
# Go tool from the module proxy that writes the Windows resources (.syso).
GOWINRES=${GOWINRES:-github.com/tc-hib/go-winres@v0.3.3}

# No -trimpath: the builds then reuse the compile cache of `make test`'s
# desktop and CLI builds (CI builds both right before).
LDFLAGS="-s -w -X sbcc/cli.Version=$VERSION -X sbcc/cli.Commit=$COMMIT -X sbcc/cli.Date=$DATE"
log() { printf '\n== %s\n' "$*"; }

# Numeric versions: Windows wants a.b.c.d, Debian a version starting with a
# digit. A release tag v1.2.3 gives 1.2.3.0 and 1.2.3; an untagged build
# (a commit hash from git describe) gives 0.0.0.0 and 0.0.0~gitDATE.HASH.
plain=${VERSION#v}
if [[ $plain =~ ^([0-9]+)\.([0-9]+)\.([0-9]+)(.*)$ ]]; then
	VERSION4="${BASH_REMATCH[1]}.${BASH_REMATCH[2]}.${BASH_REMATCH[3]}.0"
	DEBVERSION=$(printf '%s' "$plain" | sed 's/-/~/g')
else
	VERSION4=0.0.0.0
	DEBVERSION="0.0.0~git$(date -u +%Y%m%d).$(printf '%s' "$plain" | tr -c 'A-Za-z0-9.+~\n' '.')"
fi

rm -rf "$OUT"
mkdir -p "$WORK"
WIN_EXE=$OUT/sbcc-$VERSION-windows-amd64.exe
SETUP=$OUT/sbcc-$VERSION-windows-amd64-setup.exe
LINUX=$OUT/sbcc-$VERSION-linux-amd64
LINUX_CLI=$OUT/sbcc-$VERSION-linux-amd64-cli
DEB=$OUT/sbcc_${DEBVERSION}_amd64.deb

log "icons"
$GO run ./tools/icons -src build/appicon.png -png "$WORK/sbcc.png" -ico "$WORK/sbcc.ico"

if [ "${SBCC_SIGN_TEST:-}" = 1 ] && [ -z "${SBCC_SIGN_PFX:-}${SBCC_SIGN_CERT:-}" ]; then
	log "self-signed test certificate (SBCC_SIGN_TEST=1)"
	openssl req -x509 -newkey rsa:3072 -sha256 -nodes -days 7 \
		-subj "/CN=sbcc CI test signing/O=South Baltic Creative Clusters (test)" \
		-addext "keyUsage=critical,digitalSignature" -addext "extendedKeyUsage=codeSigning" \
		-keyout "$WORK/test-sign.key" -out "$WORK/test-sign.crt" 2>/dev/null
	export SBCC_SIGN_CERT=$WORK/test-sign.crt SBCC_SIGN_KEY=$WORK/test-sign.key
	cp "$WORK/test-sign.crt" "$OUT/test-signing-cert.pem" # for dist-check's verify
fi
SIGNING=
if [ -n "${SBCC_SIGN_PFX:-}${SBCC_SIGN_CERT:-}" ]; then
	SIGNING=1
	# Absolute paths: makensis runs the uninstaller's signing in build/windows.
	for v in SBCC_SIGN_PFX SBCC_SIGN_CERT SBCC_SIGN_KEY; do
		if [ -n "${!v:-}" ]; then export "$v=$(realpath "${!v}")"; fi
	done
fi

log "Windows executable (GUI, no cgo) with icon and version resource"
# The .syso is made for this build only and removed after: Go links every
# *_windows_amd64.syso of the main package into windows/amd64 builds.
SYSO=rsrc_windows_amd64.syso
trap 'rm -f "$SYSO"' EXIT
$GO run "$GOWINRES" simply --arch amd64 --out rsrc --manifest gui \
	--icon "$WORK/sbcc.png" \
	--product-name "South Baltic Creative Clusters" --file-description "South Baltic Creative Clusters directory" \
	--product-version "$VERSION4" --file-version "$VERSION4" \
	--copyright "South Baltic Creative Clusters" --original-filename sbcc.exe
GOOS=windows GOARCH=amd64 CGO_ENABLED=0 $GO build -tags desktop,production \
	-ldflags "$LDFLAGS -H windowsgui" -o "$WIN_EXE" .
rm -f "$SYSO"
if [ -n "$SIGNING" ]; then scripts/sign.sh "$WIN_EXE"; fi

log "Windows installer (NSIS)"
nsis_defs=(-DVERSION="$VERSION" -DVERSION4="$VERSION4" -DEXE="$PWD/$WIN_EXE" -DICON="$PWD/$WORK/sbcc.ico" -DOUTFILE="$PWD/$SETUP")
if [ -n "$SIGNING" ]; then nsis_defs+=(-DSIGN="$PWD/scripts/sign.sh"); fi
makensis -V2 -INPUTCHARSET UTF8 "${nsis_defs[@]}" build/windows/installer.nsi
if [ -n "$SIGNING" ]; then scripts/sign.sh "$SETUP"; fi

log "Linux desktop build"
$GO build -tags "$DESKTOP_TAGS" -ldflags "$LDFLAGS" -o "$LINUX" .

log "Linux CLI build (static)"
CGO_ENABLED=0 $GO build -ldflags "$LDFLAGS" -o "$LINUX_CLI" .

log "Debian package $DEBVERSION"
root=$WORK/deb
install -D -m 0755 "$LINUX" "$root/usr/bin/sbcc"
install -D -m 0644 "$WORK/sbcc.png" "$root/usr/share/icons/hicolor/256x256/apps/sbcc.png"
install -D -m 0644 build/linux/sbcc.desktop "$root/usr/share/applications/sbcc.desktop"
install -d "$root/usr/share/doc/sbcc"
printf 'sbcc %s (commit %s, built %s)\n' "$VERSION" "$COMMIT" "$DATE" > "$root/usr/share/doc/sbcc/VERSION"
install -d "$root/DEBIAN"
size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
sed -e "s/@VERSION@/$DEBVERSION/" -e "s/@SIZE@/$size/" build/linux/control > "$root/DEBIAN/control"
dpkg-deb --root-owner-group -Zxz --build "$root" "$DEB" >/dev/null
dpkg-deb --info "$DEB" | sed -n '/Package:/,$p'

rm -rf "$WORK"
log "SHA256SUMS"
(cd "$OUT" && sha256sum -- * > SHA256SUMS && cat SHA256SUMS)
ls -l "$OUT"

#!/usr/bin/env bash
# Signs a Windows executable in place (Authenticode, SHA-256) with osslsigncode.
#   SBCC_SIGN_PFX=cert.pfx [SBCC_SIGN_PASS=...]   a PKCS#12 file, or
#   SBCC_SIGN_CERT=cert.pem SBCC_SIGN_KEY=key.pem  a certificate (chain) and its key
#   SBCC_SIGN_TIMESTAMP=URL  optional RFC 3161 time-stamping server: keeps the
#                            signature valid after the certificate expires
# Usage: scripts/sign.sh FILE.exe
set -euo pipefail
f=${1:?usage: sign.sh FILE}
args=(sign -h sha256 -n "South Baltic Creative Clusters")
if [ -n "${SBCC_SIGN_PFX:-}" ]; then
	args+=(-pkcs12 "$SBCC_SIGN_PFX")
	if [ -n "${SBCC_SIGN_PASS:-}" ]; then args+=(-readpass <(printf '%s' "$SBCC_SIGN_PASS")); fi
elif [ -n "${SBCC_SIGN_CERT:-}" ] && [ -n "${SBCC_SIGN_KEY:-}" ]; then
	args+=(-certs "$SBCC_SIGN_CERT" -key "$SBCC_SIGN_KEY")
	if [ -n "${SBCC_SIGN_PASS:-}" ]; then args+=(-readpass <(printf '%s' "$SBCC_SIGN_PASS")); fi
else
	echo "sign.sh: set SBCC_SIGN_PFX, or SBCC_SIGN_CERT and SBCC_SIGN_KEY" >&2
	exit 2
fi
if [ -n "${SBCC_SIGN_TIMESTAMP:-}" ]; then args+=(-ts "$SBCC_SIGN_TIMESTAMP"); fi
osslsigncode "${args[@]}" -in "$f" -out "$f.signed" >/dev/null
mv -f "$f.signed" "$f"
echo "signed $(basename "$f")"

package ui

import (
	"context"

	"sbcc/app/tlscert"
)

// WebFingerprint returns the SHA-256 fingerprint of the certificate with
// which `sbcc web` serves HTTPS beyond this computer, as colon separated
// hex pairs, so that people can check that their browser shows the same;
// "" when the web UI was never served beyond this computer.
func (a *RecordsAPI) WebFingerprint(ctx context.Context) (string, error) {
	return tlscert.Fingerprint(a.dir.Dir())
}

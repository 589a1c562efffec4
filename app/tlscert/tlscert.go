// Package tlscert keeps the self-signed certificate with which `sbcc web`
// serves HTTPS off loopback: made on first use (ECDSA P-256, valid ten
// years) and kept in the data folder, so that its fingerprint, which
// people compare to trust it, stays the same from run to run.
package tlscert

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// CertFile and KeyFile are the certificate and its private key (mode
// 0600) in the data folder.
const (
	CertFile = "web-cert.pem"
	KeyFile  = "web-key.pem"
)

// Validity is how long a new certificate is valid.
const Validity = 10 * 365 * 24 * time.Hour

// LoadOrCreate returns the certificate kept in dir, first making one when
// there is none or when it does not name every one of hosts (names or IP
// addresses). A new certificate names hosts, the computer's name,
// localhost and the loopback addresses.
func LoadOrCreate(dir string, hosts []string) (tls.Certificate, error) {
	cert, err := tls.LoadX509KeyPair(filepath.Join(dir, CertFile), filepath.Join(dir, KeyFile))
	if err == nil && covers(cert.Leaf, hosts) {
		return cert, nil
	}
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return tls.Certificate{}, fmt.Errorf("the web certificate in %s cannot be read (remove %s and %s to make a new one): %w", dir, CertFile, KeyFile, err)
	}
	if cert.Leaf != nil {
		hosts = append(hosts, cert.Leaf.DNSNames...)
		for _, ip := range cert.Leaf.IPAddresses {
			hosts = append(hosts, ip.String())
		}
	}
	return create(dir, hosts)
}

// Fingerprint is the SHA-256 of the certificate kept in dir as colon
// separated hex pairs, "" when there is none yet.
func Fingerprint(dir string) (string, error) {
	raw, err := os.ReadFile(filepath.Join(dir, CertFile))
	if errors.Is(err, os.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	block, _ := pem.Decode(raw)
	if block == nil {
		return "", fmt.Errorf("%s in %s is not a PEM certificate", CertFile, dir)
	}
	return Of(block.Bytes), nil
}

// Of is the SHA-256 fingerprint of a DER certificate as colon separated
// hex pairs, as browsers show it.
func Of(der []byte) string {
	sum := sha256.Sum256(der)
	parts := make([]string, len(sum))
	for i, b := range sum {
		parts[i] = fmt.Sprintf("%02X", b)
	}
	return strings.Join(parts, ":")
}

func covers(leaf *x509.Certificate, hosts []string) bool {
	if leaf == nil {
		return false
	}
	for _, h := range hosts {
		if leaf.VerifyHostname(h) != nil {
			return false
		}
	}
	return true
}

func create(dir string, hosts []string) (tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return tls.Certificate{}, err
	}
	name, _ := os.Hostname()
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: "sbcc web " + name, Organization: []string{"South Baltic Creative Clusters"}},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(Validity),
		KeyUsage:              x509.KeyUsageDigitalSignature,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
	}
	for _, h := range append(hosts, name, "localhost", "127.0.0.1", "::1") {
		h = strings.Trim(h, "[]")
		if ip := net.ParseIP(h); ip != nil {
			if !slices.ContainsFunc(tmpl.IPAddresses, ip.Equal) {
				tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
			}
		} else if h != "" && !slices.Contains(tmpl.DNSNames, h) {
			tmpl.DNSNames = append(tmpl.DNSNames, h)
		}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, err
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return tls.Certificate{}, err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return tls.Certificate{}, err
	}
	if err := writeFile(filepath.Join(dir, KeyFile), "PRIVATE KEY", keyDER); err != nil {
		return tls.Certificate{}, err
	}
	if err := writeFile(filepath.Join(dir, CertFile), "CERTIFICATE", der); err != nil {
		return tls.Certificate{}, err
	}
	return tls.LoadX509KeyPair(filepath.Join(dir, CertFile), filepath.Join(dir, KeyFile))
}

// writeFile writes one PEM block to path (mode 0600) through a temporary
// file, so that a crash leaves the old file or the new one.
func writeFile(path, typ string, der []byte) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}), 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

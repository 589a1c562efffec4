package trust

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	sbsync "sbcc/sync"
)

// Invite is what `sbcc network invite` prints, as a code: the network's
// keys, addresses to reach it, and a one-time ticket key vouched for by an
// admin (the inviter) for a limited time. It is a secret until it is used:
// whoever holds it can join once, until it expires; after the first
// certificate made with it is admitted by the inviter, it is worth nothing.
type Invite struct {
	Network    string            `json:"net"`
	Keys       [][]byte          `json:"keys"`
	Addrs      []string          `json:"addrs,omitempty"`
	Inviter    sbsync.NodeID     `json:"inviter"`
	InviterKey ed25519.PublicKey `json:"inviterKey"`
	// Ticket is the seed of the ticket's private key; TicketSig is the
	// inviter's signature over its public key and validity.
	Ticket    []byte `json:"ticket"`
	TicketSig []byte `json:"ticketSig"`
	NotBefore int64  `json:"notBefore"`
	Expires   int64  `json:"expires"`
	// Notices are the notices the inviter knows, so that the new node can
	// check its peers from the start.
	Notices Notices `json:"notices"`
}

const invitePrefix = "sbcc2."

// maxInviteBytes bounds an invite code (its notices grow with members).
const maxInviteBytes = 4 << 20

// NewInvite makes an invite to network signed by id, valid from now until
// expires.
func NewInvite(id Identity, network string, keys [][]byte, addrs []string, now, expires time.Time, notices Notices) Invite {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		panic(fmt.Sprintf("trust: no randomness: %v", err))
	}
	// A minute of slack for the joiner's clock.
	nb := now.Add(-time.Minute).Unix()
	return Invite{Network: network, Keys: keys, Addrs: addrs, Inviter: id.Node, InviterKey: id.Public(),
		Ticket: priv.Seed(), TicketSig: ed25519.Sign(id.Key, ticketBytes(network, pub, nb, expires.Unix())),
		NotBefore: nb, Expires: expires.Unix(), Notices: notices}
}

// Code returns the invite as one line of text.
func (inv Invite) Code() string {
	b, _ := json.Marshal(inv)
	return invitePrefix + base64.RawURLEncoding.EncodeToString(b)
}

// ParseInvite reads an invite code and checks that it is well formed and
// signed by the inviter it names.
func ParseInvite(code string) (Invite, error) {
	var inv Invite
	code = strings.TrimSpace(code)
	if !strings.HasPrefix(code, invitePrefix) {
		if strings.HasPrefix(code, "sbcc1.") {
			return inv, fmt.Errorf("%w: this invite code was made by an older sbcc; ask for a new one", ErrBadNotice)
		}
		return inv, fmt.Errorf("%w: not an sbcc invite code", ErrBadNotice)
	}
	if len(code) > maxInviteBytes {
		return inv, fmt.Errorf("%w: invite code too long", ErrBadNotice)
	}
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimPrefix(code, invitePrefix))
	if err != nil {
		return inv, fmt.Errorf("%w: the invite code is damaged (copy all of it)", ErrBadNotice)
	}
	if err := json.Unmarshal(raw, &inv); err != nil {
		return inv, fmt.Errorf("%w: the invite code is damaged (copy all of it)", ErrBadNotice)
	}
	if len(inv.Ticket) != ed25519.SeedSize || len(inv.InviterKey) != ed25519.PublicKeySize || len(inv.Keys) == 0 {
		return inv, fmt.Errorf("%w: invite code is incomplete", ErrBadNotice)
	}
	for _, k := range inv.Keys {
		if len(k) != KeySize {
			return inv, fmt.Errorf("%w: invite code has a bad network key", ErrBadNotice)
		}
	}
	if inv.Inviter != sbsync.NodeIDFor(inv.InviterKey) {
		return inv, fmt.Errorf("%w: invite code names an inviter its key does not give", ErrBadNotice)
	}
	tpub := ed25519.NewKeyFromSeed(inv.Ticket).Public().(ed25519.PublicKey)
	if !ed25519.Verify(inv.InviterKey, ticketBytes(inv.Network, tpub, inv.NotBefore, inv.Expires), inv.TicketSig) {
		return inv, fmt.Errorf("%w: invite code is not signed by its inviter", ErrBadNotice)
	}
	return inv, nil
}

// ErrInviteExpired is returned by [Invite.Accept] for a code past its
// expiry. Every verifier refuses such a join too, not only the honest
// joiner: see [Registry].
var ErrInviteExpired = fmt.Errorf("%w: the invite code has expired; ask for a new one", ErrBadNotice)

// Accept makes the certificate of id as a member through this invite,
// issued at now. It refuses an expired invite.
func (inv Invite) Accept(id Identity, now time.Time) (Member, error) {
	if now.Unix() > inv.Expires {
		return Member{}, fmt.Errorf("%w (it expired on %s)", ErrInviteExpired, time.Unix(inv.Expires, 0).UTC().Format(time.DateOnly))
	}
	issued := max(now.Unix(), inv.NotBefore)
	tpriv := ed25519.NewKeyFromSeed(inv.Ticket)
	m := Member{Network: inv.Network, Node: id.Node, Office: id.Office, Key: id.Public(), Box: id.BoxPublic(),
		Inviter: inv.Inviter, Ticket: tpriv.Public().(ed25519.PublicKey), NotBefore: inv.NotBefore, Expires: inv.Expires,
		TicketSig: inv.TicketSig, Issued: issued}
	m.Sig = ed25519.Sign(tpriv, m.bytes())
	return m, nil
}

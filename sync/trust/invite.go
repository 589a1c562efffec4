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
// keys, addresses to reach it, and a one-time ticket key vouched for by the
// inviter. It is a secret: whoever holds it can join until it expires.
type Invite struct {
	Network    string            `json:"net"`
	Keys       [][]byte          `json:"keys"`
	Addrs      []string          `json:"addrs,omitempty"`
	Inviter    sbsync.NodeID     `json:"inviter"`
	InviterKey ed25519.PublicKey `json:"inviterKey"`
	// Ticket is the seed of the ticket's private key; TicketSig is the
	// inviter's signature over its public key.
	Ticket    []byte `json:"ticket"`
	TicketSig []byte `json:"ticketSig"`
	Expires   int64  `json:"expires"`
	// Members are the certificates the inviter knows, so that the new node
	// can check its peers from the start.
	Members []Member `json:"members,omitempty"`
}

const invitePrefix = "sbcc1."

// NewInvite makes an invite to network signed by id.
func NewInvite(id Identity, network string, keys [][]byte, addrs []string, expires time.Time, members ...Member) Invite {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		panic(fmt.Sprintf("trust: no randomness: %v", err))
	}
	return Invite{Network: network, Keys: keys, Addrs: addrs, Inviter: id.Node, InviterKey: id.Public(),
		Ticket: priv.Seed(), TicketSig: ed25519.Sign(id.Key, ticketBytes(network, pub)), Expires: expires.Unix(), Members: members}
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
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimPrefix(strings.TrimSpace(code), invitePrefix))
	if err != nil || !strings.HasPrefix(strings.TrimSpace(code), invitePrefix) {
		return inv, fmt.Errorf("%w: not an sbcc invite code", ErrBadNotice)
	}
	if err := json.Unmarshal(raw, &inv); err != nil {
		return inv, fmt.Errorf("%w: invite code: %v", ErrBadNotice, err)
	}
	if len(inv.Ticket) != ed25519.SeedSize || len(inv.InviterKey) != ed25519.PublicKeySize || len(inv.Keys) == 0 {
		return inv, fmt.Errorf("%w: invite code is incomplete", ErrBadNotice)
	}
	for _, k := range inv.Keys {
		if len(k) != KeySize {
			return inv, fmt.Errorf("%w: invite code has a bad network key", ErrBadNotice)
		}
	}
	tpub := ed25519.NewKeyFromSeed(inv.Ticket).Public().(ed25519.PublicKey)
	if !ed25519.Verify(inv.InviterKey, ticketBytes(inv.Network, tpub), inv.TicketSig) {
		return inv, fmt.Errorf("%w: invite code is not signed by its inviter", ErrBadNotice)
	}
	return inv, nil
}

// Accept makes the certificate of id as a member through this invite. It
// refuses an expired invite.
func (inv Invite) Accept(id Identity, now time.Time) (Member, error) {
	if now.Unix() > inv.Expires {
		return Member{}, fmt.Errorf("the invite code expired on %s; ask for a new one", time.Unix(inv.Expires, 0).Format(time.DateOnly))
	}
	tpriv := ed25519.NewKeyFromSeed(inv.Ticket)
	m := Member{Network: inv.Network, Node: id.Node, Office: id.Office, Key: id.Public(), Inviter: inv.Inviter,
		Ticket: tpriv.Public().(ed25519.PublicKey), TicketSig: inv.TicketSig}
	m.Sig = ed25519.Sign(tpriv, m.bytes())
	return m, nil
}

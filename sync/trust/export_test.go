package trust

import (
	"crypto/ed25519"
	"time"
)

// ForgeForTest makes the certificate a modified client would: signed with
// the code's ticket, issued at issued, with none of Accept's checks.
func ForgeForTest(inv Invite, id Identity, issued time.Time) Member {
	tpriv := ed25519.NewKeyFromSeed(inv.Ticket)
	m := Member{Network: inv.Network, Node: id.Node, Office: id.Office, Key: id.Public(), Box: id.BoxPublic(),
		Inviter: inv.Inviter, Ticket: tpriv.Public().(ed25519.PublicKey), NotBefore: inv.NotBefore, Expires: inv.Expires,
		TicketSig: inv.TicketSig, Issued: issued.Unix()}
	m.Sig = ed25519.Sign(tpriv, m.bytes())
	return m
}

// Derives returns how often r worked out its members from its notices.
func (r *Registry) Derives() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.derives
}

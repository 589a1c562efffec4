package forum

import (
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"strings"
)

// RoomName is the video room of pair a–b at session: the same for both
// sides and every office (the pair's order does not matter), and not
// guessable from the actors' names.
func RoomName(session, a, b string) string {
	k := key(a, b)
	sum := sha256.Sum256([]byte("sbcc-room\x00" + session + "\x00" + k[0] + "\x00" + k[1]))
	return "sbcc-" + hex.EncodeToString(sum[:6])
}

// RoomLink joins base (a video service's address such as
// https://meet.example.org/) and the pair's room name. It returns "" when
// base is empty.
func RoomLink(base, session, a, b string) string {
	if base == "" {
		return ""
	}
	return strings.TrimRight(base, "/") + "/" + url.PathEscape(RoomName(session, a, b))
}

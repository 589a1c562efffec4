// Package publish writes the network's public catalogue: a static website
// of the actors that chose public visibility and consented to publication,
// with a page per actor, pages per sector and per locality, a map and
// search as you type, in the five languages. It needs no server and makes
// no request outside its folder, so it opens from a USB stick as well as
// from any web host.
//
// # Basics
//
// Select decides who is published (public visibility and a live consent
// for the purpose "publication"; e-mail and phone only with a consent for
// "publication-contact") and copies only the fields a page shows. Build
// turns the selection into files, by name; WriteDir writes them into a
// folder. Nothing of the store beyond Select's copy reaches a page: no
// record ids (pages are named after the actors' names), no notes, no exact
// coordinates (the map shows localities).
//
// # Caveats
//
// Every value on a page comes from records other offices wrote: pages are
// made with html/template, which escapes them, and the search index is
// JSON inside a script file, escaped for that context. A strict
// Content-Security-Policy in every page allows only the site's own style
// sheet and scripts.
package publish

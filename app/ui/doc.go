// Package ui is the façade the UI calls: one type per group of screens
// (RecordsAPI, OfficesAPI, TransferAPI, NetworkAPI, ForumAPI; see API),
// served by sbcc/web by name (web.Surface) over HTTP, a WebSocket and the
// desktop window. Every method takes the caller's context first, checks its
// input and calls one exported service — the directory core (sbcc/app) or
// sbcc/app/transfer, sbcc/app/network, sbcc/app/offices, sbcc/app/syncfile —
// and returns (T, error) or error: the rules and the work live in the
// services, so that the CLI and the UI do the same.
//
// Nothing but sbcc/web, the desktop entry and the command line's wiring
// imports it; services must not.
package ui

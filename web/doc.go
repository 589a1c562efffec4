// Package web serves the UI in a browser: the embedded frontend, the HTTP
// mirror of the app façade (POST /api/{Method} with a JSON array of
// arguments), the same calls over one WebSocket (GET /api/socket, which the
// browser UI prefers because a call costs far less there), and an event
// stream (GET /api/events, server-sent events from an app/bus Bus). The
// methods served are those named in [Surface], looked up on the façade's
// services (ui.API.Services); each runs with the caller's context: the
// request's, or on the socket one that ends when the socket closes. The
// desktop window binds [Window], whose one method runs the same calls with
// the window's context. Errors become bodies (app.DescribeError) with the
// HTTP status of their kind; app knows no HTTP.//
// # Safety
//
// Every response carries a strict Content-Security-Policy. The server
// listens on loopback unless told otherwise; on loopback it refuses requests
// whose Host header is not a loopback name (DNS rebinding), and on any other
// address it requires the password stored hashed (bcrypt) in the data
// folder ([SetPassword]). API calls must be JSON POSTs, which a cross-site
// form cannot send, or come over the socket, whose upgrade is refused when
// the page's Origin is not this server.
//
// Nothing under sbcc/app, sbcc/index or sbcc/sync may import this package;
// it imports app.
package web

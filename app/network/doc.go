// Package network holds the directory's network features: the actor graph
// and its measures, the map (points and clusters), links, events and
// check-in, posts, matchmaking, the programme indicators (one CSV for the
// CLI and the UI: WriteIndicatorsCSV), and the glue to the speed-dating
// planner (sbcc/app/forum) and the published catalogue (sbcc/app/publish).
//
// It reads the directory's live-record snapshot (app.Directory.Snapshot)
// and keeps what it computes from one (graphs by filter, reports by
// period, placed actors by search, the matchmaking corpus) with that
// snapshot (app.Snapshot.Memo), so it is computed again only after the
// records change. Functions take the *app.Directory; records are written
// through its Put and PutMany, so every rule between records holds. The
// directory core (sbcc/app) must not import it.
package network

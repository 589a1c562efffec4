// Package wire encodes the messages sbcc nodes exchange: over memberlist
// gossip hints, push/pull state and signed network notices; in sessions the
// hello, auth, status, chunk and ack messages, framed by [WriteFrame] and
// [ReadFrame].
//
// # Basics
//
// Every message is one type byte followed by the zstd-compressed JSON of
// its body. [Encode] and [Decode] are the only entry points; Decode bounds
// the decompressed size ([MaxBody]) and refuses unknown types, so a
// malformed or hostile packet costs an error, never a crash or a huge
// allocation (fuzzed by FuzzDecode).
//
// The JSON is made and read with goccy/go-json: a first sync moves
// hundreds of megabytes of it, and goccy takes half the time of
// encoding/json. What it writes is the same JSON. Chunks, nearly all of
// those bytes, are read first by a decoder of their one canonical form (the
// changes as stores log them: encoding/json's form), twice goccy's speed
// with an eighth of its allocations (BenchmarkDecodeChunk); it gives up on
// any other form, which goccy then reads, and where it does not give up it
// returns what goccy would (TestChunkFastPath, FuzzChunkFastPath).
//
// # Caveats
//
// Decoding checks shape, not trust: signatures and vectors are checked by
// the gossip layer. The package imports sbcc/sync and sbcc/sync/trust, never
// sbcc/app.
package wire

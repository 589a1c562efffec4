// Package boltfile reads a bbolt file's raw pages without bbolt and
// without mapping the file: its headers ([NewestMeta]), a check of its page
// structure that also hands over every key and value of the intact pages
// ([Walk]), and a scan of every leaf page whatever points at it
// ([ScanLeaves]). The store uses it to find and salvage a damaged file,
// where bbolt's own check would crash the process.
//
// # Caveats
//
// It knows bbolt's version-2 page layout in the machine's byte order, as
// bbolt writes it; it never writes.
package boltfile

//go:build !linux

package store

// trimMapped does nothing where the store's pages are not handed back.
func trimMapped(addr uintptr, size int64) {}

package store

import "syscall"

// trimMapped drops the pages of the store's memory map from the process
// (MADV_DONTNEED). The map is read-only and shared with the file, so a
// later read faults the same bytes back in from the page cache.
func trimMapped(addr uintptr, size int64) {
	syscall.Syscall(syscall.SYS_MADVISE, addr, uintptr(size), syscall.MADV_DONTNEED)
}

//go:build windows

package main

import (
	"os"
	"syscall"
)

// attachConsole gives a subcommand of the Windows GUI build (linked with
// -H windowsgui, so Windows starts it without a console) the console of the
// terminal it was typed in, so that `sbcc version` or `sbcc list actor`
// print there. A stream already redirected to a file or pipe
// (`sbcc export > out.json`, `type a.json | sbcc put actor`) is kept as it
// is. With no subcommand (the window) or no parent console (started from
// Explorer) nothing changes.
//
// cmd.exe does not wait for a GUI program: its prompt comes back at once
// and the output follows it. Redirecting or piping the output
// (`sbcc list actor | more`), `start /wait sbcc ...` or PowerShell's
// `sbcc ... | Out-Host` wait for the end. See "Install" in the README.
func attachConsole(args []string) {
	if len(args) == 0 {
		return
	}
	type stream struct {
		std  int // syscall.STD_*_HANDLE
		file **os.File
		name string
		flag int
	}
	streams := []stream{
		{syscall.STD_INPUT_HANDLE, &os.Stdin, "CONIN$", os.O_RDWR},
		{syscall.STD_OUTPUT_HANDLE, &os.Stdout, "CONOUT$", os.O_RDWR},
		{syscall.STD_ERROR_HANDLE, &os.Stderr, "CONOUT$", os.O_RDWR},
	}
	var missing []stream
	for _, s := range streams {
		if !usable(s.std) {
			missing = append(missing, s)
		}
	}
	if len(missing) == 0 {
		return // started from a console program with its streams (or under Wine)
	}
	const attachParentProcess = ^uintptr(0) // ATTACH_PARENT_PROCESS (DWORD -1)
	kernel32 := syscall.NewLazyDLL("kernel32.dll")
	if r, _, _ := kernel32.NewProc("AttachConsole").Call(attachParentProcess); r == 0 {
		return // no parent console: nowhere to print
	}
	setStd := kernel32.NewProc("SetStdHandle")
	for _, s := range missing {
		f, err := os.OpenFile(s.name, s.flag, 0)
		if err != nil {
			continue
		}
		*s.file = f
		setStd.Call(uintptr(uint32(int32(s.std))), f.Fd())
	}
}

// usable reports whether a standard handle leads somewhere: a GUI process
// started from a console has none unless the stream was redirected.
func usable(std int) bool {
	h, err := syscall.GetStdHandle(std)
	if err != nil || h == 0 || h == syscall.InvalidHandle {
		return false
	}
	t, err := syscall.GetFileType(h)
	return err == nil && t != 0 // FILE_TYPE_UNKNOWN
}

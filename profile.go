//go:build sbccprof

package main

import (
	"os"
	"runtime/pprof"
	"runtime/trace"
)

// A build with `-tags sbccprof` writes a CPU profile of the whole run to
// the file SBCC_CPUPROFILE names, and an execution trace to SBCC_TRACE
// (used to find where a sync spends its time: `go tool pprof`, `go tool
// trace`).
func init() {
	var stops []func()
	if f := create("SBCC_CPUPROFILE"); f != nil && pprof.StartCPUProfile(f) == nil {
		stops = append(stops, func() { pprof.StopCPUProfile(); f.Close() })
	}
	if f := create("SBCC_TRACE"); f != nil && trace.Start(f) == nil {
		stops = append(stops, func() { trace.Stop(); f.Close() })
	}
	stopProfile = func() {
		for _, stop := range stops {
			stop()
		}
	}
}

// create creates the file the environment variable env names, if any.
func create(env string) *os.File {
	path := os.Getenv(env)
	if path == "" {
		return nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil
	}
	return f
}

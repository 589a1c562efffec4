package app

import (
	"os"
	"path/filepath"
	"runtime"
)

// DataDirEnv names the environment variable that overrides the data folder.
const DataDirEnv = "SBCC_DATA"

// DefaultDataDir returns the data folder used when none is given: $SBCC_DATA,
// else the OS's per-user data folder (%AppData% on Windows, Application
// Support on macOS, $XDG_DATA_HOME or ~/.local/share elsewhere) plus "sbcc".
func DefaultDataDir() string {
	return dataDir(runtime.GOOS, os.Getenv, os.UserHomeDir)
}

func dataDir(goos string, getenv func(string) string, home func() (string, error)) string {
	if d := getenv(DataDirEnv); d != "" {
		return d
	}
	h, err := home()
	if err != nil {
		h = "."
	}
	switch goos {
	case "windows":
		if d := getenv("APPDATA"); d != "" {
			return filepath.Join(d, "sbcc")
		}
		return filepath.Join(h, "AppData", "Roaming", "sbcc")
	case "darwin":
		return filepath.Join(h, "Library", "Application Support", "sbcc")
	default:
		if d := getenv("XDG_DATA_HOME"); d != "" {
			return filepath.Join(d, "sbcc")
		}
		return filepath.Join(h, ".local", "share", "sbcc")
	}
}

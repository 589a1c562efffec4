package app

import (
	"errors"
	"path/filepath"
	"testing"
)

// TestDataDirPerOS checks the default data folder of each OS with an
// injected environment, so that every case runs on every OS (paths are
// joined with the separator of the OS running the test).
func TestDataDirPerOS(t *testing.T) {
	home := func() (string, error) { return "/home/ruta", nil }
	noHome := func() (string, error) { return "", errors.New("no home") }
	appData := `C:\Users\ruta\AppData\Roaming`
	for _, tc := range []struct {
		name string
		goos string
		env  map[string]string
		home func() (string, error)
		want string
	}{
		{"linux default", "linux", nil, home, filepath.Join("/home/ruta", ".local", "share", "sbcc")},
		{"linux XDG", "linux", map[string]string{"XDG_DATA_HOME": "/data"}, home, filepath.Join("/data", "sbcc")},
		{"freebsd XDG", "freebsd", map[string]string{"XDG_DATA_HOME": "/data"}, home, filepath.Join("/data", "sbcc")},
		{"windows %AppData%", "windows", map[string]string{"APPDATA": appData, "XDG_DATA_HOME": "/data"}, home, filepath.Join(appData, "sbcc")},
		{"windows without %AppData%", "windows", nil, home, filepath.Join("/home/ruta", "AppData", "Roaming", "sbcc")},
		{"macOS Application Support", "darwin", nil, home, filepath.Join("/home/ruta", "Library", "Application Support", "sbcc")},
		{"macOS ignores XDG", "darwin", map[string]string{"XDG_DATA_HOME": "/data"}, home, filepath.Join("/home/ruta", "Library", "Application Support", "sbcc")},
		{"SBCC_DATA wins on linux", "linux", map[string]string{"SBCC_DATA": "/tmp/x", "XDG_DATA_HOME": "/data"}, home, "/tmp/x"},
		{"SBCC_DATA wins on windows", "windows", map[string]string{"SBCC_DATA": `D:\sbcc`, "APPDATA": appData}, home, `D:\sbcc`},
		{"SBCC_DATA wins on macOS", "darwin", map[string]string{"SBCC_DATA": "/Volumes/usb/sbcc"}, home, "/Volumes/usb/sbcc"},
		{"no home folder", "linux", nil, noHome, filepath.Join(".", ".local", "share", "sbcc")},
	} {
		got := dataDir(tc.goos, func(k string) string { return tc.env[k] }, tc.home)
		if got != tc.want {
			t.Errorf("%s: %s, want %s", tc.name, got, tc.want)
		}
	}
}

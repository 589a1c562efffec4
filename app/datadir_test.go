package app

import (
	"path/filepath"
	"testing"
)

func TestDataDirPerOS(t *testing.T) {
	home := func() (string, error) { return "/home/ruta", nil }
	for _, tc := range []struct {
		goos string
		env  map[string]string
		want string
	}{
		{"linux", nil, "/home/ruta/.local/share/sbcc"},
		{"linux", map[string]string{"XDG_DATA_HOME": "/data"}, "/data/sbcc"},
		{"windows", map[string]string{"APPDATA": `C:\Users\ruta\AppData\Roaming`}, filepath.Join(`C:\Users\ruta\AppData\Roaming`, "sbcc")},
		{"darwin", nil, "/home/ruta/Library/Application Support/sbcc"},
		{"linux", map[string]string{"SBCC_DATA": "/tmp/x"}, "/tmp/x"},
	} {
		got := dataDir(tc.goos, func(k string) string { return tc.env[k] }, home)
		if got != tc.want {
			t.Errorf("%s %v: %s, want %s", tc.goos, tc.env, got, tc.want)
		}
	}
}

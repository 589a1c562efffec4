package cli_test

import (
	"context"
	"os"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"sbcc/cli"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"sbcc": func() { os.Exit(cli.Main(context.Background(), cli.DefaultEnv(), os.Args[1:])) },
	})
}

// TestScripts runs the command-line scenarios in testdata/script.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(env *testscript.Env) error {
			env.Setenv("SBCC_DATA", env.WorkDir+"/data")
			return nil
		},
	})
}

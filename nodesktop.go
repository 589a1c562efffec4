//go:build !desktop

package main

import (
	"context"

	"sbcc/cli"
)

// desktop is nil in builds without the window (no "desktop" build tag).
var desktop = (func(ctx context.Context, env *cli.Env) error)(nil)

package node

import (
	"context"
	"log/slog"

	"sbcc/app"
)

// Beside is work that runs next to the node on its open directory until
// ctx ends, such as the web UI; it returns nil when it ends without fault.
type Beside func(ctx context.Context, d *app.Directory, o *Office) error

// Run opens the data folder dir and runs its office (the sync node once
// the folder belongs to a network, the status file, the control socket
// when cfg.Commands is set) until ctx ends, and beside it, when not nil,
// beside. beside stops before the node does. Run returns beside's error
// at once; when beside ends without one the node runs on until ctx ends.
func Run(ctx context.Context, dir string, cfg Config, log *slog.Logger, beside Beside) error {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	d, err := app.Open(dir, app.Options{Logger: log})
	if err != nil {
		return err
	}
	defer d.Close()
	office, err := Start(ctx, d, cfg, log)
	if err != nil {
		return err
	}
	defer office.Stop()

	besideCtx, stopBeside := context.WithCancel(ctx)
	defer stopBeside()
	besideDone := make(chan error, 1)
	if beside != nil {
		go func() { besideDone <- beside(besideCtx, d, office) }()
	} else {
		besideDone <- nil
	}

	select {
	case <-ctx.Done():
	case err := <-besideDone:
		if err != nil {
			return err
		}
		besideDone = nil
		<-ctx.Done()
	}
	log.Info("shutting down")
	stopBeside()
	if besideDone != nil {
		<-besideDone
	}
	return office.Stop()
}

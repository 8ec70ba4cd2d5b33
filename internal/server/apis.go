package server

import (
	"context"
	"net/http"

	"github.com/namsfogd/namsfogd/internal/nordigen"
)

// mountAPIs mounts every API's public routes on mux and its operator
// routes on adminMux, and starts the APIs' background workers.
func (s *Server) mountAPIs(ctx context.Context, mux, adminMux *http.ServeMux) error {
	base := s.cfg.BaseURL()

	nd, err := nordigen.New(nordigen.Config{
		Store: s.Store, Clock: s.Clock, Logger: s.log.With("api", "nordigen"), BaseURL: base,
		Webhook: nordigen.WebhookConfig{AllowHTTP: true},
	})
	if err != nil {
		return err
	}
	nd.Register(mux, PathNordigen)
	nd.RegisterAdmin(adminMux, PathAdmin+"/nordigen")
	s.runBackground("nordigen", nd.Run)
	return nil
}

// runBackground runs a worker until the server closes.
func (s *Server) runBackground(name string, run func(context.Context) error) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	s.stop = append(s.stop, func() { cancel(); <-done })
	go func() {
		defer close(done)
		if err := run(ctx); err != nil && ctx.Err() == nil {
			s.log.Error("background worker stopped", "worker", name, "err", err)
		}
	}()
}

package server

import (
	"context"
	"net/http"
)

// mountAPIs mounts every API's public routes on mux and its operator
// routes on adminMux.
func (s *Server) mountAPIs(ctx context.Context, mux, adminMux *http.ServeMux) error {
	return nil
}

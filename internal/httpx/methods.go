package httpx

import "net/http"

// AllowedMethods lists the methods mux would route r's path with, other
// than through the pattern fallback (the catch-all that called it): the
// Allow header of a 405. Empty means the path is unknown (404).
func AllowedMethods(mux *http.ServeMux, r *http.Request, fallback string) []string {
	var out []string
	probe := *r
	for _, m := range []string{"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"} {
		probe.Method = m
		if _, pattern := mux.Handler(&probe); pattern != "" && pattern != fallback {
			out = append(out, m)
		}
	}
	return out
}

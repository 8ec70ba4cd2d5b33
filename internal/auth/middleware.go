package auth

import "net/http"

// Middleware authenticates every request with Authenticate (requiring one
// of requiredScopes, if given) and stores the Caller in the request
// context (CallerFrom). A refused request is rendered by onError, or by
// DefaultRenderer when onError is nil; the next handler is not called.
func (v *Verifier) Middleware(onError func(http.ResponseWriter, *http.Request, *Error), requiredScopes ...string) func(http.Handler) http.Handler {
	if onError == nil {
		onError = DefaultRenderer
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			c, e := v.Authenticate(r, requiredScopes...)
			if e != nil {
				onError(w, r, e)
				return
			}
			next.ServeHTTP(w, r.WithContext(WithCaller(r.Context(), c)))
		})
	}
}

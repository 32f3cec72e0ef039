package main

// What wraps the transcoder: CORS with an allow-list, the per-call
// observation (metrics), and Cache-Control for public GETs.

import (
	"context"
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
	"time"

	connectcors "connectrpc.com/cors"
	"google.golang.org/grpc/codes"
)

func base64Raw(b []byte) string { return base64.RawStdEncoding.EncodeToString(b) }

// protocolOf names the protocol the client speaks.
func protocolOf(r *http.Request) string {
	ct := r.Header.Get("Content-Type")
	switch {
	case strings.HasPrefix(ct, "application/grpc-web"):
		return "grpc_web"
	case strings.HasPrefix(ct, "application/grpc"):
		return "grpc"
	case r.Header.Get("Connect-Protocol-Version") != "" || strings.HasPrefix(ct, "application/connect+"),
		r.Method == http.MethodGet && r.URL.Query().Get("connect") == "v1":
		return "connect"
	default:
		return "rest"
	}
}

var grpcCodes = []string{"OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED",
	"NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION",
	"ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED"}

type observation struct {
	method     string // "/pkg.Service/Method" once routed to a service
	grpcStatus string // the service's grpc-status
}

type observationKey struct{}

func observationOf(ctx context.Context) *observation {
	o, _ := ctx.Value(observationKey{}).(*observation)
	return o
}

// statusWriter remembers the status and adds Cache-Control to a successful
// public GET. It unwraps for http.ResponseController (flush, trailers).
type statusWriter struct {
	http.ResponseWriter
	status       int
	cacheControl string
}

func (s *statusWriter) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
		if s.cacheControl != "" {
			if code == http.StatusOK {
				s.Header().Set("Cache-Control", s.cacheControl)
			} else {
				s.Header().Set("Cache-Control", "no-store")
			}
		}
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusWriter) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.WriteHeader(http.StatusOK)
	}
	return s.ResponseWriter.Write(b)
}

func (s *statusWriter) Flush() {
	if s.status == 0 {
		s.WriteHeader(http.StatusOK)
	}
	if f, ok := s.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (s *statusWriter) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// observe counts every call by protocol, method and code, and times it.
func observe(next http.Handler, m *metrics, cacheSeconds int) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		protocol := protocolOf(r)
		obs := &observation{}
		sw := &statusWriter{ResponseWriter: w}
		// Anonymous GETs are public reads (only NO_SIDE_EFFECTS methods and
		// REST GET paths answer GET): a browser or a CDN may keep them.
		if r.Method == http.MethodGet && r.Header.Get("Authorization") == "" && cacheSeconds > 0 {
			sw.cacheControl = "public, max-age=" + strconv.Itoa(cacheSeconds)
		}
		m.inFlight.Add(1)
		next.ServeHTTP(sw, r.WithContext(context.WithValue(r.Context(), observationKey{}, obs)))
		m.inFlight.Add(-1)
		method, code := obs.method, ""
		if method == "" {
			return // not an API call (health, reflection, unknown path): not counted
		}
		if n, err := strconv.Atoi(obs.grpcStatus); err == nil && n >= 0 && n < len(grpcCodes) {
			code = grpcCodes[n]
		} else if obs.grpcStatus == "" && sw.status == http.StatusOK {
			code = "OK"
		} else {
			code = "HTTP_" + strconv.Itoa(sw.status)
		}
		m.observe(protocol, method, code, time.Since(start))
	})
}

// allowedHeaders: what Connect and gRPC-Web clients send, and the token.
var (
	allowedHeaders = strings.Join(append(connectcors.AllowedHeaders(), "Authorization", "Connect-Accept-Encoding", "Connect-Content-Encoding", "Grpc-Accept-Encoding"), ", ")
	exposedHeaders = strings.Join(append(connectcors.ExposedHeaders(), "Content-Encoding", "Connect-Content-Encoding", "Grpc-Encoding", "Retry-After"), ", ")
	allowedMethods = strings.Join(connectcors.AllowedMethods(), ", ")
)

// withCORS lets pages from the configured origins call, and refuses (403)
// any request that carries another Origin: a browser sends Origin on every
// cross-origin call and on same-origin POSTs; other clients send none.
func withCORS(next http.Handler, origins map[string]bool, m *metrics) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		origin := r.Header.Get("Origin")
		if origin == "" {
			next.ServeHTTP(w, r)
			return
		}
		h := w.Header()
		h.Add("Vary", "Origin")
		if !origins[origin] {
			m.corsRefused.Inc()
			writeRefusal(w, callerOf(r), http.StatusForbidden, refusal{code: codes.PermissionDenied, reason: "ORIGIN_NOT_ALLOWED",
				message: "origin " + origin + " not allowed"})
			return
		}
		h.Set("Access-Control-Allow-Origin", origin)
		if r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != "" {
			h.Add("Vary", "Access-Control-Request-Method")
			h.Add("Vary", "Access-Control-Request-Headers")
			h.Set("Access-Control-Allow-Methods", allowedMethods)
			h.Set("Access-Control-Allow-Headers", allowedHeaders)
			h.Set("Access-Control-Max-Age", "7200")
			w.WriteHeader(http.StatusNoContent)
			return
		}
		h.Set("Access-Control-Expose-Headers", exposedHeaders)
		next.ServeHTTP(w, r)
	})
}

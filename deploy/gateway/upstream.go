package main

// Calls to the C++ services, one handler per service package, with
// X-Forwarded-For set and the deadline bounded: unary calls through
// grpc-go's client (grpcunary.go), streams and compressed messages through
// Go's reverse proxy over h2c (HTTP/2 without TLS, as the services listen).
// The transcoder in front has already turned every protocol into gRPC, so
// this sees gRPC requests only.

import (
	"context"
	"log/slog"
	"net"
	"net/http"
	"net/http/httputil"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"google.golang.org/grpc/codes"
)

// connectionPool spreads calls over several HTTP/2 connections to one
// service, round robin: one connection is served by one of the server's
// pollers (a C++ gRPC server tops out near 4,000 calls/s on one), and
// behind a Kubernetes ClusterIP each connection may reach another pod.
type connectionPool struct {
	transports []http.RoundTripper
	next       atomic.Uint32
}

func newConnectionPool(n int, sourceAddress string) *connectionPool {
	p := &connectionPool{}
	for i := 0; i < max(n, 1); i++ {
		p.transports = append(p.transports, newTransport(sourceAddress))
	}
	return p
}

func (p *connectionPool) RoundTrip(r *http.Request) (*http.Response, error) {
	return p.transports[int(p.next.Add(1))%len(p.transports)].RoundTrip(r)
}

func newTransport(sourceAddress string) *http.Transport {
	dialer := &net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}
	if sourceAddress != "" {
		dialer.LocalAddr = &net.TCPAddr{IP: net.ParseIP(sourceAddress)}
	}
	var protocols http.Protocols
	protocols.SetUnencryptedHTTP2(true)
	return &http.Transport{
		DialContext:         dialer.DialContext,
		Protocols:           &protocols,
		MaxIdleConnsPerHost: 64,
		DisableCompression:  true, // gRPC compresses messages itself (grpc-encoding)
		IdleConnTimeout:     90 * time.Second,
		HTTP2: &http.HTTP2Config{
			PingTimeout:     10 * time.Second,
			SendPingTimeout: 30 * time.Second,
		},
	}
}

// forwardedFor is the X-Forwarded-For the service sees: the peer's address,
// after the incoming header only when the peer is a trusted proxy (an ingress
// in front of the gateway); a browser cannot choose its own address.
func forwardedFor(in *http.Request, trustedProxies []netip.Prefix) string {
	peer := in.RemoteAddr
	if ap, err := netip.ParseAddrPort(in.RemoteAddr); err == nil {
		peer = ap.Addr().Unmap().String()
		prior := strings.Join(in.Header.Values("X-Forwarded-For"), ", ")
		if prior != "" && trusted(trustedProxies, ap.Addr()) {
			return prior + ", " + peer
		}
	}
	return peer
}

// grpcTimeout parses a gRPC timeout header ("250m", "30S"); ok false if absent or bad.
func grpcTimeout(v string) (time.Duration, bool) {
	if len(v) < 2 || len(v) > 9 {
		return 0, false
	}
	n, err := strconv.ParseInt(v[:len(v)-1], 10, 64)
	if err != nil || n < 0 {
		return 0, false
	}
	unit := map[byte]time.Duration{'H': time.Hour, 'M': time.Minute, 'S': time.Second,
		'm': time.Millisecond, 'u': time.Microsecond, 'n': time.Nanosecond}[v[len(v)-1]]
	if unit == 0 {
		return 0, false
	}
	return time.Duration(n) * unit, true
}

func encodeGrpcTimeout(d time.Duration) string {
	if ms := d.Milliseconds(); ms < 100000000 {
		return strconv.FormatInt(max(ms, 1), 10) + "m"
	}
	return strconv.FormatInt(int64(d/time.Second), 10) + "S"
}

// writeUnavailable answers UNAVAILABLE (UPSTREAM_UNAVAILABLE, RetryInfo 1 s,
// a LocalizedMessage in the caller's language) when a service cannot be
// reached, in gRPC's trailers-only form that the transcoder turns into each
// client's protocol.
func writeUnavailable(w http.ResponseWriter, r *http.Request, service string) {
	st := refusal{code: codes.Unavailable, reason: "UPSTREAM_UNAVAILABLE", message: "service unavailable, retry later",
		metadata: map[string]string{"service": service}, retryDelay: time.Second}.status(r.Header.Get("Accept-Language"))
	h := w.Header()
	h.Set("Content-Type", "application/grpc")
	setGRPCStatus(h, st)
	w.WriteHeader(http.StatusOK)
}

func newProxy(up upstream, cfg *config, m *metrics, streaming map[string]bool) (http.Handler, error) {
	transport := newConnectionPool(cfg.upstreamConnections, cfg.sourceAddress)
	target := &url.URL{Scheme: "http", Host: up.addr}
	rp := &httputil.ReverseProxy{
		Rewrite: func(pr *httputil.ProxyRequest) {
			pr.SetURL(target)
			pr.Out.Host = up.addr
			pr.Out.Header.Set("X-Forwarded-For", forwardedFor(pr.In, cfg.trustedProxies))
		},
		Transport:     transport,
		FlushInterval: -1, // streams: pass every message on at once
		ErrorHandler: func(w http.ResponseWriter, r *http.Request, err error) {
			if r.Context().Err() != nil {
				return // the client left or the deadline passed; the transcoder answers
			}
			slog.Warn("service unreachable", "package", up.pkg, "addr", up.addr, "error", err.Error())
			m.upstreamErrors.inc(up.pkg)
			writeUnavailable(w, r, up.pkg)
		},
	}
	unary, err := newGRPCUnary(up, cfg, m, rp) // grpcunary.go
	if err != nil {
		return nil, err
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Deadline: the client's (the transcoder put it in Grpc-Timeout),
		// else the default; never more than the maximum.
		d, ok := grpcTimeout(r.Header.Get("Grpc-Timeout"))
		if !ok {
			d = cfg.defaultTimeout
		}
		d = min(d, cfg.maxTimeout)
		r.Header.Set("Grpc-Timeout", encodeGrpcTimeout(d))
		if obs := observationOf(r.Context()); obs != nil {
			obs.method = r.URL.Path
		}
		if streaming[r.URL.Path] {
			ctx, cancel := context.WithTimeout(r.Context(), d+250*time.Millisecond)
			defer cancel()
			rp.ServeHTTP(w, r.WithContext(ctx))
		} else {
			// grpc-go sends the context's deadline as grpc-timeout.
			ctx, cancel := context.WithTimeout(r.Context(), d)
			defer cancel()
			unary.ServeHTTP(w, r.WithContext(ctx))
		}
		if obs := observationOf(r.Context()); obs != nil {
			obs.grpcStatus = w.Header().Get("Grpc-Status")
			if obs.grpcStatus == "" {
				obs.grpcStatus = w.Header().Get(http.TrailerPrefix + "Grpc-Status")
			}
		}
	}), nil
}

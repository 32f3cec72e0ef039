package main

// Unary calls to a service through grpc-go's client, message bytes as they
// are (no decoding). Go's HTTP/2 client wrote each call's headers and its
// message in two system calls and read answers in a goroutine per
// connection with a channel hand-off per frame; grpc-go's writer puts the
// frames of every call waiting into one write, which on loopback or a pod
// network is most of a call's cost. The service sees the same gRPC call:
// metadata from the request's headers, X-Forwarded-For, the deadline as
// grpc-timeout. A message compressed by the client (grpc-encoding) goes
// through the HTTP/2 reverse proxy instead, as streams do.
//
//	u := newGRPCUnary(up, cfg, m, reverseProxy)
//	u.ServeHTTP(w, r) // r: a gRPC request (application/grpc), whole body one message

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/binary"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/backoff"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/connectivity"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/keepalive"
	"google.golang.org/grpc/mem"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
)

const maxMessageBytes = 4 << 20 // as the services' gRPC limit

// rawCodec passes message bytes through; "proto" keeps the content type
// the services expect.
type rawCodec struct{}

func (rawCodec) Marshal(v any) (mem.BufferSlice, error) {
	return mem.BufferSlice{mem.SliceBuffer(*v.(*[]byte))}, nil
}

// Unmarshal copies the answer into a pooled buffer (answers are written on
// at once and the buffer given back: no new, zeroed slice per call).
func (rawCodec) Unmarshal(data mem.BufferSlice, v any) error {
	b := answerBuffers.Get().(*[]byte)
	if cap(*b) < data.Len() {
		*b = make([]byte, data.Len())
	}
	*b = (*b)[:data.Len()]
	data.CopyTo(*b)
	*v.(**[]byte) = b
	return nil
}

var answerBuffers = sync.Pool{New: func() any { return new([]byte) }}

func releaseAnswer(b *[]byte) {
	if b != nil && cap(*b) <= 1<<20 { // keep no giant buffer
		answerBuffers.Put(b)
	}
}

func (rawCodec) Name() string { return "proto" }

type grpcUnary struct {
	conns    []*grpc.ClientConn
	next     atomic.Uint32
	up       upstream
	cfg      *config
	m        *metrics
	fallback http.Handler // compressed messages
	callOpts []grpc.CallOption
}

func newGRPCUnary(up upstream, cfg *config, m *metrics, fallback http.Handler) (*grpcUnary, error) {
	dialer := &net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}
	if cfg.sourceAddress != "" {
		dialer.LocalAddr = &net.TCPAddr{IP: net.ParseIP(cfg.sourceAddress)}
	}
	u := &grpcUnary{up: up, cfg: cfg, m: m, fallback: fallback,
		callOpts: []grpc.CallOption{grpc.ForceCodecV2(rawCodec{}), grpc.MaxCallRecvMsgSize(maxMessageBytes)}}
	for i := 0; i < max(cfg.upstreamConnections, 1); i++ {
		// Each connection is its own ClientConn: one connection each, calls
		// spread round robin (a C++ server serves one connection from one
		// poller; behind a ClusterIP each connection may reach another pod).
		conn, err := grpc.NewClient("passthrough:///"+up.addr,
			grpc.WithTransportCredentials(insecure.NewCredentials()),
			grpc.WithContextDialer(func(ctx context.Context, addr string) (net.Conn, error) {
				return dialer.DialContext(ctx, "tcp", addr)
			}),
			grpc.WithKeepaliveParams(keepalive.ClientParameters{Time: 30 * time.Second, Timeout: 10 * time.Second}),
			grpc.WithUserAgent("lifelong-gateway"),
			grpc.WithDisableRetry(), // the client decides; a call is tried once
			// Reconnect soon after a service comes back: grpc-go's default
			// backoff grows to 2 minutes while a service is down, and calls
			// fail UNAVAILABLE for as long after it is up again.
			grpc.WithConnectParams(grpc.ConnectParams{MinConnectTimeout: 5 * time.Second,
				Backoff: backoff.Config{BaseDelay: 100 * time.Millisecond, Multiplier: 1.6, Jitter: 0.2, MaxDelay: time.Second}}),
		)
		if err != nil {
			return nil, err
		}
		u.conns = append(u.conns, conn)
	}
	return u, nil
}

// pick: the next connection round robin, passing over any that failed to
// connect and waits to retry (while others work, a call need not fail).
func (u *grpcUnary) pick() *grpc.ClientConn {
	start := int(u.next.Add(1))
	for i := 0; i < len(u.conns); i++ {
		if c := u.conns[(start+i)%len(u.conns)]; c.GetState() != connectivity.TransientFailure {
			return c
		}
	}
	return u.conns[start%len(u.conns)]
}

// Headers that are the transport's, not the call's metadata.
var notMetadata = map[string]bool{"content-type": true, "content-length": true, "te": true, "connection": true,
	"keep-alive": true, "proxy-connection": true, "transfer-encoding": true, "upgrade": true, "host": true,
	"user-agent": true, "grpc-timeout": true, "grpc-encoding": true, "grpc-accept-encoding": true,
	"accept-encoding": true, "x-forwarded-for": true}

func (u *grpcUnary) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxMessageBytes+6))
	if err != nil {
		if r.Context().Err() != nil {
			return
		}
		writeRefusal(w, callerOf(r), 0, refusal{code: codes.Internal, reason: "INTERNAL", message: "reading the request: " + err.Error()})
		return
	}
	if len(body) > maxMessageBytes+5 {
		writeRefusal(w, callerOf(r), 0, refusal{code: codes.ResourceExhausted, reason: "MESSAGE_TOO_LARGE", message: "message larger than 4 MiB"})
		return
	}
	if len(body) < 5 {
		// No message: the client's could not be read (the transcoder has
		// answered already) or none was sent. Nothing goes to the service:
		// an empty request could still do something (Logout).
		writeRefusal(w, callerOf(r), 0, refusal{code: codes.InvalidArgument, reason: "MALFORMED_REQUEST", message: "no request message"})
		return
	}
	if body[0] != 0 || int(binary.BigEndian.Uint32(body[1:5])) != len(body)-5 {
		// Compressed, or not one message: the reverse proxy passes it as it is.
		r.Body = io.NopCloser(bytes.NewReader(body))
		u.fallback.ServeHTTP(w, r)
		return
	}
	payload := body[5:]

	md := metadata.MD{}
	for k, vv := range r.Header {
		lk := strings.ToLower(k)
		if notMetadata[lk] || !validMetadataKey(lk) {
			continue
		}
		if strings.HasSuffix(lk, "-bin") { // base64 on HTTP; grpc-go encodes it again
			for _, v := range vv {
				if b, err := base64.RawStdEncoding.DecodeString(strings.TrimRight(v, "=")); err == nil {
					md[lk] = append(md[lk], string(b))
				}
			}
			continue
		}
		for _, v := range vv {
			if printableASCII(v) { // grpc-go refuses the whole call for one bad value
				md[lk] = append(md[lk], v)
			}
		}
	}
	md["x-forwarded-for"] = []string{forwardedFor(r, u.cfg.trustedProxies)}
	ctx := metadata.NewOutgoingContext(r.Context(), md)

	var header, trailer metadata.MD
	var answer *[]byte // from answerBuffers
	defer func() { releaseAnswer(answer) }()
	conn := u.pick()
	opts := append(u.callOpts[:len(u.callOpts):len(u.callOpts)], grpc.Header(&header), grpc.Trailer(&trailer))
	err = conn.Invoke(ctx, r.URL.Path, &payload, &answer, opts...)

	h := w.Header()
	h.Set("Content-Type", "application/grpc")
	if err != nil {
		if r.Context().Err() != nil && status.Code(err) == codes.Canceled {
			return // the client left; the transcoder answers
		}
		st := status.Convert(err)
		if st.Code() == codes.Unavailable && len(st.Proto().GetDetails()) == 0 && len(header) == 0 {
			// Not the service's answer (those carry RetryInfo): it could not be reached.
			slog.Warn("service unreachable", "package", u.up.pkg, "addr", u.up.addr, "error", st.Message())
			u.m.upstreamErrors.inc(u.up.pkg)
			writeUnavailable(w, r, u.up.pkg)
			return
		}
		copyMetadata(h, header, "")
		copyMetadata(h, trailer, "")
		writeStatus(w, st)
		return
	}
	copyMetadata(h, header, "")
	w.WriteHeader(http.StatusOK)
	var prefix [5]byte
	binary.BigEndian.PutUint32(prefix[1:], uint32(len(*answer)))
	w.Write(prefix[:]) // the writers below copy: the buffer may go back
	w.Write(*answer)
	copyMetadata(h, trailer, http.TrailerPrefix)
	h.Set(http.TrailerPrefix+"Grpc-Status", "0")
}

// validMetadataKey: gRPC's key alphabet (lower case, digits, - _ .), not
// reserved for gRPC itself.
func validMetadataKey(k string) bool {
	if k == "" || strings.HasPrefix(k, "grpc-") {
		return false
	}
	for i := 0; i < len(k); i++ {
		if c := k[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}

func printableASCII(v string) bool {
	for i := 0; i < len(v); i++ {
		if v[i] < 0x20 || v[i] > 0x7e {
			return false
		}
	}
	return true
}

// copyMetadata writes gRPC metadata as HTTP header fields (binary values
// in base64), with prefix for trailers.
func copyMetadata(h http.Header, md metadata.MD, prefix string) {
	for k, vv := range md {
		if k == "content-type" || strings.HasPrefix(k, "grpc-") || strings.HasPrefix(k, ":") {
			continue
		}
		name := prefix + http.CanonicalHeaderKey(k)
		if strings.HasSuffix(k, "-bin") {
			for _, v := range vv {
				h[name] = append(h[name], base64.RawStdEncoding.EncodeToString([]byte(v)))
			}
			continue
		}
		h[name] = append(h[name], vv...)
	}
}

// writeStatus answers a failed call in gRPC's trailers-only form: status,
// percent-encoded message, and the google.rpc.Status with its details.
func writeStatus(w http.ResponseWriter, st *status.Status) {
	h := w.Header()
	h.Set("Content-Type", "application/grpc")
	h.Set("Grpc-Status", strconv.Itoa(int(st.Code())))
	if msg := st.Message(); msg != "" {
		h.Set("Grpc-Message", percentEncode(msg))
	}
	if p := st.Proto(); len(p.GetDetails()) > 0 {
		raw, _ := proto.Marshal(p)
		h.Set("Grpc-Status-Details-Bin", base64Raw(raw))
	}
	w.WriteHeader(http.StatusOK)
}

// percentEncode as gRPC's grpc-message: bytes outside printable ASCII, and '%'.
func percentEncode(s string) string {
	const upperHex = "0123456789ABCDEF"
	var b []byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c <= 0x7e && c != '%' {
			if b != nil {
				b = append(b, c)
			}
			continue
		}
		if b == nil {
			b = append(make([]byte, 0, len(s)+16), s[:i]...)
		}
		b = append(b, '%', upperHex[c>>4], upperHex[c&0xf])
	}
	if b == nil {
		return s
	}
	return string(b)
}

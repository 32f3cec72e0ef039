package main

// The short way for the two protocols that need no message decoding: a
// unary gRPC call goes straight to the proxy, and a unary gRPC-Web call
// (binary) is the same call with other framing of the status — the request's
// frames are already gRPC's, and the answer's trailers become gRPC-Web's
// trailer frame. Everything else (Connect, REST, gRPC-Web text, streams)
// goes through the transcoder.

import (
	"bytes"
	"encoding/binary"
	"net/http"
	"sort"
	"strconv"
	"strings"
)

func withFastPaths(transcoder http.Handler, unary map[string]http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			if proxy, ok := unary[r.URL.Path]; ok {
				switch r.Header.Get("Content-Type") {
				case "application/grpc", "application/grpc+proto":
					proxy.ServeHTTP(w, r)
					return
				case "application/grpc-web", "application/grpc-web+proto":
					serveGRPCWeb(proxy, w, r)
					return
				}
			}
		}
		transcoder.ServeHTTP(w, r)
	})
}

// grpcWebWriter collects the proxy's gRPC answer (written once: headers,
// body, trailers) and writes it as gRPC-Web.
type grpcWebWriter struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (g *grpcWebWriter) Header() http.Header         { return g.header }
func (g *grpcWebWriter) WriteHeader(code int)        { g.status = code }
func (g *grpcWebWriter) Write(b []byte) (int, error) { return g.body.Write(b) }

func serveGRPCWeb(proxy http.Handler, w http.ResponseWriter, r *http.Request) {
	r.Header.Set("Content-Type", "application/grpc")
	r.Header.Del("X-Grpc-Web")
	g := &grpcWebWriter{header: http.Header{}, status: http.StatusOK}
	proxy.ServeHTTP(g, r)

	out := w.Header()
	var trailer bytes.Buffer
	keys := make([]string, 0, len(g.header))
	for k := range g.header {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if name, ok := strings.CutPrefix(k, http.TrailerPrefix); ok {
			for _, v := range g.header[k] {
				trailer.WriteString(strings.ToLower(name) + ": " + v + "\r\n")
			}
			continue
		}
		out[k] = g.header[k]
	}
	out.Set("Content-Type", "application/grpc-web+proto")
	out.Del("Content-Length")
	if g.body.Len() == 0 && trailer.Len() == 0 {
		// Trailers-only: the status is in the headers, as gRPC-Web allows.
		w.WriteHeader(g.status)
		return
	}
	// One write with its length: not chunked, and the fewest system calls.
	var frame [5]byte
	frame[0] = 0x80
	binary.BigEndian.PutUint32(frame[1:], uint32(trailer.Len()))
	g.body.Write(frame[:])
	g.body.Write(trailer.Bytes())
	out.Set("Content-Length", strconv.Itoa(g.body.Len()))
	w.WriteHeader(g.status)
	w.Write(g.body.Bytes())
}

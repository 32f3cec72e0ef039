package main

// completeRefusals gives the refusals that the transcoder (vanguard) and Go's
// HTTP server write without details — a request body that is not JSON, a
// query parameter that is not its type, Connect GET of a method that takes
// POST, a content type no protocol takes, an unknown path — the gateway's
// ErrorInfo and a LocalizedMessage (refusals.go), in the client's protocol:
//
//   - a gRPC or gRPC-Web answer in trailers-only form (grpc-status in the
//     headers) gets the details in grpc-status-details-bin;
//   - a Connect or REST error body (JSON) gets them among its details;
//   - a plain-text error (http.Error) becomes a refusal in the protocol.
//
// Answers that already carry a LocalizedMessage, and a service's refusal
// (its ErrorInfo names another domain), pass untouched; so does everything
// that is not an error. Only error bodies are held, so answers stream as
// before.

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/genproto/googleapis/rpc/status"
	"google.golang.org/grpc/codes"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/anypb"
)

func completeRefusals(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/healthz" || r.URL.Path == "/readyz" {
			next.ServeHTTP(w, r) // probes answer plain text
			return
		}
		rw := &refusalWriter{ResponseWriter: w, c: callerOf(r)}
		next.ServeHTTP(rw, r)
		rw.finish()
	})
}

type refusalWriter struct {
	http.ResponseWriter
	c        caller // as the request came, before the transcoder rewrote it
	status   int
	held     bool   // an error body, completed in finish
	heldType string // its Content-Type
	body     bytes.Buffer
}

func (w *refusalWriter) WriteHeader(code int) {
	if w.status != 0 {
		return
	}
	w.status = code
	h := w.Header()
	if gs := h.Get("Grpc-Status"); gs != "" && gs != "0" {
		completeGRPCHeaders(h, w.c.acceptLanguage)
		w.ResponseWriter.WriteHeader(code)
		return
	}
	if code >= 400 && !strings.HasPrefix(h.Get("Content-Type"), "application/grpc") {
		w.held, w.heldType = true, h.Get("Content-Type")
		return
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *refusalWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.WriteHeader(http.StatusOK)
	}
	if w.held {
		return w.body.Write(b)
	}
	return w.ResponseWriter.Write(b)
}

func (w *refusalWriter) Flush() {
	if w.status == 0 {
		w.WriteHeader(http.StatusOK)
	}
	if w.held {
		return
	}
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (w *refusalWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (w *refusalWriter) finish() {
	if !w.held {
		return
	}
	h := w.Header()
	// What the proxy may have set after the transcoder had answered.
	for _, k := range []string{"Grpc-Status", "Grpc-Message", "Grpc-Status-Details-Bin", "Content-Length"} {
		h.Del(k)
	}
	h.Set("Content-Type", w.heldType)
	body := w.body.Bytes()
	if strings.HasPrefix(w.heldType, "application/json") {
		switch w.c.protocol {
		case "connect":
			if out, ok := completeConnectJSON(body, w.c.acceptLanguage); ok {
				body = out
			}
		case "rest":
			if out, ok := completeRESTJSON(body, w.c.acceptLanguage); ok {
				body = out
			}
		}
		w.ResponseWriter.WriteHeader(w.status)
		w.ResponseWriter.Write(body)
		return
	}
	// Plain text from http.Error (the transcoder's HTTP-level refusals, an
	// unknown path): a refusal in the client's protocol.
	h.Del("X-Content-Type-Options")
	f, httpStatus := refusalForHTTP(w.status, w.c, strings.TrimSpace(string(body)), h.Get("Allow"))
	if w.c.protocol == "grpc" || w.c.protocol == "grpc_web" {
		httpStatus = 0 // the code goes in grpc-status, over HTTP 200
	}
	writeRefusal(w.ResponseWriter, w.c, httpStatus, f)
}

// rpcPath: "/package.Service/Method".
var rpcPath = regexp.MustCompile(`^/[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*\.[A-Z]\w*/[A-Z]\w*$`)

// refusalForHTTP names an HTTP-level refusal, and the HTTP status to answer
// it with.
func refusalForHTTP(httpStatus int, c caller, message string, allow string) (refusal, int) {
	switch httpStatus {
	case http.StatusNotFound:
		if c.protocol == "rest" && rpcPath.MatchString(c.path) {
			// An RPC's path without a content type any protocol takes.
			return refusal{code: codes.Unimplemented, reason: "UNSUPPORTED_MEDIA_TYPE", message: "content type " + strconv.Quote(c.contentType) +
				" is none of Connect's (application/json or application/proto with Connect-Protocol-Version: 1), gRPC-Web's or gRPC's"}, http.StatusUnsupportedMediaType
		}
		if c.protocol == "rest" {
			return refusal{code: codes.NotFound, reason: "UNKNOWN_PATH", message: "no REST path " + c.method + " " + c.path}, httpStatus
		}
		return refusal{code: codes.Unimplemented, reason: "UNKNOWN_METHOD", message: "no such service or method"}, httpStatus
	case http.StatusMethodNotAllowed:
		f := refusal{code: codes.Unimplemented, reason: "METHOD_NOT_ALLOWED", message: "HTTP method not allowed"}
		if allow != "" {
			f.message += "; use " + allow
			f.metadata = map[string]string{"allow": allow}
		}
		return f, httpStatus
	case http.StatusUnsupportedMediaType:
		return refusal{code: codes.Unimplemented, reason: "UNSUPPORTED_MEDIA_TYPE", message: message}, httpStatus
	case http.StatusRequestEntityTooLarge:
		return refusal{code: codes.ResourceExhausted, reason: "MESSAGE_TOO_LARGE", message: message}, httpStatus
	case http.StatusForbidden:
		return refusal{code: codes.PermissionDenied, message: message}, httpStatus
	case http.StatusBadRequest:
		return refusal{code: codes.InvalidArgument, reason: "MALFORMED_REQUEST", message: message}, httpStatus
	case http.StatusServiceUnavailable:
		return refusal{code: codes.Unavailable, message: message}, httpStatus
	}
	return refusal{code: codes.Internal, reason: "INTERNAL", message: message}, httpStatus
}

var invalidParameter = regexp.MustCompile(`^invalid parameter "([^"]+)"`)

// gatewayReason: the reason of a refusal the gateway's parts wrote without
// one, from its code and message.
func gatewayReason(code codes.Code, message string) (string, map[string]string) {
	switch code {
	case codes.InvalidArgument:
		if m := invalidParameter.FindStringSubmatch(message); m != nil {
			return "INVALID_FORMAT", map[string]string{"field": m[1]}
		}
		return "MALFORMED_REQUEST", nil
	case codes.ResourceExhausted:
		if strings.Contains(message, "larger than") || strings.Contains(message, "too large") {
			return "MESSAGE_TOO_LARGE", nil
		}
	}
	return codeName(code), nil
}

// completeDetails adds what a gateway refusal lacks to details: its
// ErrorInfo (when it has none) and a LocalizedMessage. ok false: nothing to
// add (it has a LocalizedMessage, or it is a service's refusal).
func completeDetails(code codes.Code, message string, details []*anypb.Any, acceptLanguage string) ([]*anypb.Any, bool) {
	var info *errdetails.ErrorInfo
	for _, d := range details {
		switch d.MessageName() {
		case "google.rpc.LocalizedMessage":
			return nil, false
		case "google.rpc.ErrorInfo":
			info = &errdetails.ErrorInfo{}
			if d.UnmarshalTo(info) != nil {
				return nil, false
			}
		}
	}
	if info != nil && info.Domain != gatewayDomain {
		return nil, false // the service's own: passed as it came
	}
	out := append([]*anypb.Any(nil), details...)
	if info == nil {
		reason, metadata := gatewayReason(code, message)
		info = &errdetails.ErrorInfo{Reason: reason, Domain: gatewayDomain, Metadata: metadata}
		out = append([]*anypb.Any{mustAny(info)}, out...)
	}
	return append(out, localizedMessage(info.Reason, code, acceptLanguage)), true
}

// completeGRPCHeaders: a trailers-only gRPC or gRPC-Web answer.
func completeGRPCHeaders(h http.Header, acceptLanguage string) {
	n, err := strconv.Atoi(h.Get("Grpc-Status"))
	if err != nil {
		return
	}
	st := &status.Status{}
	if bin := h.Get("Grpc-Status-Details-Bin"); bin != "" {
		raw, err := base64.RawStdEncoding.DecodeString(strings.TrimRight(bin, "="))
		if err != nil || proto.Unmarshal(raw, st) != nil {
			return
		}
	}
	message, _ := url.PathUnescape(h.Get("Grpc-Message"))
	details, ok := completeDetails(codes.Code(n), message, st.Details, acceptLanguage)
	if !ok {
		return
	}
	st.Code, st.Message, st.Details = int32(n), message, details
	setGRPCStatus(h, st)
}

// completeConnectJSON: Connect's {"code","message","details":[{type,value}]}.
func completeConnectJSON(body []byte, acceptLanguage string) ([]byte, bool) {
	var e struct {
		Code    string `json:"code"`
		Message string `json:"message"`
		Details []struct {
			Type  string `json:"type"`
			Value string `json:"value"`
		} `json:"details"`
	}
	if json.Unmarshal(body, &e) != nil || e.Code == "" {
		return nil, false
	}
	code := codeOfConnectName(e.Code)
	var details []*anypb.Any
	for _, d := range e.Details {
		v, err := base64.RawStdEncoding.DecodeString(strings.TrimRight(d.Value, "="))
		if err != nil {
			return nil, false
		}
		details = append(details, &anypb.Any{TypeUrl: "type.googleapis.com/" + d.Type, Value: v})
	}
	details, ok := completeDetails(code, e.Message, details, acceptLanguage)
	if !ok {
		return nil, false
	}
	return connectErrorJSON(&status.Status{Code: int32(code), Message: e.Message, Details: details}), true
}

// completeRESTJSON: a google.rpc.Status body.
func completeRESTJSON(body []byte, acceptLanguage string) ([]byte, bool) {
	st := &status.Status{}
	if (protojson.UnmarshalOptions{DiscardUnknown: true}).Unmarshal(body, st) != nil {
		return nil, false
	}
	details, ok := completeDetails(codes.Code(st.Code), st.Message, st.Details, acceptLanguage)
	if !ok {
		return nil, false
	}
	st.Details = details
	out, err := protojson.Marshal(st)
	return out, err == nil
}

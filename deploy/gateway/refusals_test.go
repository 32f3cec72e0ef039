package main

// The gateway's own refusals carry ErrorInfo and a LocalizedMessage in the
// caller's language in every protocol, with the services' wording; a
// service's refusal passes as it came.

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/genproto/googleapis/rpc/status"
	"google.golang.org/grpc/codes"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/anypb"
)

func TestLanguageOfAsTheServicesRead(t *testing.T) { // common/accept_language_test.cc
	for header, want := range map[string]language{
		"": korean, "fr-FR,de;q=0.8": korean, ";;,,": korean, "*": korean,
		"en-US,en;q=0.9": english, "ko-KR": korean, "ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7": korean,
		"fr, en;q=0.5, ko;q=0.4": english, "en;q=0.3, KO;Q=0.6": korean, "EN-gb": english,
		"en, ko": english, "ko;q=0.5, en;q=0.5": korean,
		"ko;q=0, en;q=0.1": english, "ko;q=abc, en;q=0.2": english, "ko;q=2, en;q=0.2": english,
		"en;q=1.0.0": english, "en;q=.": korean,
	} {
		if got := languageOf(header); got != want {
			t.Errorf("languageOf(%q) = %s, want %s", header, got.locale(), want.locale())
		}
	}
}

var (
	cxxString = `"(?:[^"\\]|\\.)*"`
	cxxText   = `((?:` + cxxString + `\s*)+)`
	// {"REASON", {"ko", "en"}} and static const RefusalText kName{"ko", "en"}.
	cxxReason  = regexp.MustCompile(`\{"([A-Z_]+)",\s*\{` + cxxText + `,\s*` + cxxText + `\}\}`)
	cxxGeneric = regexp.MustCompile(`RefusalText k\w+\{\s*` + cxxText + `,\s*` + cxxText + `\}`)
	cxxPiece   = regexp.MustCompile(cxxString)
)

func cxxConcat(literals string) string {
	var out strings.Builder
	for _, piece := range cxxPiece.FindAllString(literals, -1) {
		s, err := strconv.Unquote(piece)
		if err != nil {
			s = piece
		}
		out.WriteString(s)
	}
	return out.String()
}

// The texts are the services' (common/refusal_texts.cc) wherever the
// services have one; the gateway's own reasons have both languages.
func TestTextsAreTheServicesWords(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "..", "common", "refusal_texts.cc"))
	if err != nil {
		t.Skip("common/refusal_texts.cc not beside this module: ", err)
	}
	src := string(raw)
	services := map[string]text{}
	for _, m := range cxxReason.FindAllStringSubmatch(src, -1) {
		services[m[1]] = text{cxxConcat(m[2]), cxxConcat(m[3])}
	}
	if len(services) < 10 {
		t.Fatalf("read only %d reasons from common/refusal_texts.cc; has its shape changed?", len(services))
	}
	gatewayOnly := map[string]bool{}
	for _, r := range gatewayOnlyReasons {
		gatewayOnly[r] = true
		if _, shared := services[r]; shared {
			t.Errorf("%s is listed as the gateway's alone but common/refusal_texts.cc has it", r)
		}
	}
	for reason, got := range reasonTexts {
		if gatewayOnly[reason] {
			continue
		}
		if want, ok := services[reason]; !ok {
			t.Errorf("%s: not in common/refusal_texts.cc; list it in gatewayOnlyReasons or use the services' reason", reason)
		} else if got != want {
			t.Errorf("%s: gateway says %q, the services %q", reason, got, want)
		}
	}
	generic := map[text]bool{}
	for _, m := range cxxGeneric.FindAllStringSubmatch(src, -1) {
		generic[text{cxxConcat(m[1]), cxxConcat(m[2])}] = true
	}
	for code, got := range codeTexts {
		if !generic[got] {
			t.Errorf("%s: the text %q is not one of GenericRefusalText's", codeName(code), got)
		}
	}
	if !generic[failedText] {
		t.Errorf("failedText %q is not GenericRefusalText's", failedText)
	}
	for _, r := range gatewayOnlyReasons {
		for _, code := range []codes.Code{codes.PermissionDenied, codes.Unimplemented, codes.NotFound, codes.ResourceExhausted} {
			if tx := textFor(r, code); tx.ko == "" || tx.en == "" {
				t.Errorf("%s has no text", r)
			}
		}
	}
}

// answer is what one protocol's client reads of a refusal.
type answer struct {
	httpStatus int
	status     *status.Status
}

func (a answer) info() *errdetails.ErrorInfo {
	for _, d := range a.status.GetDetails() {
		if info := (&errdetails.ErrorInfo{}); d.UnmarshalTo(info) == nil && d.MessageName() == "google.rpc.ErrorInfo" {
			return info
		}
	}
	return nil
}

func (a answer) localized() []*errdetails.LocalizedMessage {
	var out []*errdetails.LocalizedMessage
	for _, d := range a.status.GetDetails() {
		if m := (&errdetails.LocalizedMessage{}); d.MessageName() == "google.rpc.LocalizedMessage" && d.UnmarshalTo(m) == nil {
			out = append(out, m)
		}
	}
	return out
}

// call sends one request and reads the google.rpc.Status of its answer in
// the protocol's own form.
func call(t *testing.T, client *http.Client, req *http.Request) answer {
	t.Helper()
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	a := answer{httpStatus: res.StatusCode, status: &status.Status{}}
	ct := res.Header.Get("Content-Type")
	switch {
	case strings.HasPrefix(ct, "application/grpc"):
		bin := res.Header.Get("Grpc-Status-Details-Bin") + res.Trailer.Get("Grpc-Status-Details-Bin")
		for bin == "" && len(body) >= 5 { // gRPC-Web trailer frame
			n := binary.BigEndian.Uint32(body[1:5])
			if body[0]&0x80 != 0 {
				for _, line := range strings.Split(string(body[5:5+n]), "\r\n") {
					if k, v, ok := strings.Cut(line, ":"); ok && strings.EqualFold(k, "grpc-status-details-bin") {
						bin = strings.TrimSpace(v)
					}
				}
			}
			body = body[5+n:]
		}
		raw, _ := base64.RawStdEncoding.DecodeString(strings.TrimRight(bin, "="))
		if err := proto.Unmarshal(raw, a.status); err != nil || bin == "" {
			t.Fatalf("%s %s: no grpc-status-details-bin (%v): %v", req.Method, req.URL, err, res.Header)
		}
	case req.Header.Get("Connect-Protocol-Version") != "" || req.URL.Query().Get("connect") == "v1":
		var e struct {
			Code    string
			Message string
			Details []struct{ Type, Value string }
		}
		if err := json.Unmarshal(body, &e); err != nil {
			t.Fatalf("%s %s: not a Connect error: %d %s", req.Method, req.URL, res.StatusCode, body)
		}
		a.status.Code, a.status.Message = int32(codeOfConnectName(e.Code)), e.Message
		for _, d := range e.Details {
			v, _ := base64.RawStdEncoding.DecodeString(strings.TrimRight(d.Value, "="))
			a.status.Details = append(a.status.Details, anyOfBytes(d.Type, v))
		}
	default:
		if err := protojson.Unmarshal(body, a.status); err != nil {
			t.Fatalf("%s %s: not a google.rpc.Status: %d %s (%v)", req.Method, req.URL, res.StatusCode, body, err)
		}
	}
	return a
}

func anyOfBytes(typeName string, value []byte) *anypb.Any {
	return &anypb.Any{TypeUrl: "type.googleapis.com/" + typeName, Value: value}
}

func TestGatewayRefusalsCarryLocalizedMessages(t *testing.T) {
	up := fakeService(t, testFiles(t))
	h := newHarness(t, up.Listener.Addr().String(), nil)
	l, _ := net.Listen("tcp", "127.0.0.1:0")
	nowhere := l.Addr().String()
	l.Close()
	down := newHarness(t, nowhere, nil)
	h2c := h2cClient()

	type check struct {
		name       string
		client     *http.Client
		req        func() *http.Request
		httpStatus int
		code       codes.Code
		reason     string
		domain     string
		ko, en     string
	}
	connect := func(url, body string) func() *http.Request {
		return func() *http.Request {
			r, _ := http.NewRequest("POST", url, strings.NewReader(body))
			r.Header.Set("Content-Type", "application/json")
			r.Header.Set("Connect-Protocol-Version", "1")
			return r
		}
	}
	grpcCall := func(url, contentType string, payload []byte) func() *http.Request {
		return func() *http.Request {
			r, _ := http.NewRequest("POST", url, bytes.NewReader(frame(0, payload)))
			r.Header.Set("Content-Type", contentType)
			r.Header.Set("Te", "trailers")
			return r
		}
	}
	get := func(url string) func() *http.Request {
		return func() *http.Request { r, _ := http.NewRequest("GET", url, nil); return r }
	}
	unavailable := reasonTexts["UPSTREAM_UNAVAILABLE"]
	malformed := reasonTexts["MALFORMED_REQUEST"]
	unsupported := codeTexts[codes.Unimplemented]
	origin := reasonTexts["ORIGIN_NOT_ALLOWED"]
	echo := h.encode(t, "hi")
	checks := []check{
		{"unreachable service, Connect", http.DefaultClient, connect(down.url+"/test.v1.TestService/Echo", `{}`), 503,
			codes.Unavailable, "UPSTREAM_UNAVAILABLE", gatewayDomain, unavailable.ko, unavailable.en},
		{"unreachable service, gRPC-Web", http.DefaultClient, grpcCall(down.url+"/test.v1.TestService/Echo", "application/grpc-web+proto", echo), 200,
			codes.Unavailable, "UPSTREAM_UNAVAILABLE", gatewayDomain, unavailable.ko, unavailable.en},
		{"unreachable service, gRPC", h2c, grpcCall(down.url+"/test.v1.TestService/Echo", "application/grpc", echo), 200,
			codes.Unavailable, "UPSTREAM_UNAVAILABLE", gatewayDomain, unavailable.ko, unavailable.en},
		{"unreachable service, REST", http.DefaultClient, get(down.url + "/v1/echoes/x"), 503,
			codes.Unavailable, "UPSTREAM_UNAVAILABLE", gatewayDomain, unavailable.ko, unavailable.en},
		{"bad JSON, Connect", http.DefaultClient, connect(h.url+"/test.v1.TestService/Echo", `{"text":`), 400,
			codes.InvalidArgument, "MALFORMED_REQUEST", gatewayDomain, malformed.ko, malformed.en},
		{"unknown method, Connect", http.DefaultClient, connect(h.url+"/test.v1.TestService/Nope", `{}`), 404,
			codes.Unimplemented, "UNKNOWN_METHOD", gatewayDomain, unsupported.ko, unsupported.en},
		{"unknown method, gRPC", h2c, grpcCall(h.url+"/test.v1.TestService/Nope", "application/grpc", echo), 200,
			codes.Unimplemented, "UNKNOWN_METHOD", gatewayDomain, unsupported.ko, unsupported.en},
		{"unknown path, REST", http.DefaultClient, get(h.url + "/v1/nothing/here"), 404,
			codes.NotFound, "UNKNOWN_PATH", gatewayDomain, codeTexts[codes.NotFound].ko, codeTexts[codes.NotFound].en},
		{"an RPC path with a content type no protocol takes", http.DefaultClient, func() *http.Request {
			r, _ := http.NewRequest("POST", h.url+"/test.v1.TestService/Echo", strings.NewReader(`<text/>`))
			r.Header.Set("Content-Type", "text/xml")
			return r
		}, 415, codes.Unimplemented, "UNSUPPORTED_MEDIA_TYPE", gatewayDomain, unsupported.ko, unsupported.en},
		{"Connect GET of a method that takes POST", http.DefaultClient, get(h.url + "/test.v1.TestService/Fail?connect=v1&encoding=json&message=%7B%7D"), 405,
			codes.Unimplemented, "METHOD_NOT_ALLOWED", gatewayDomain, unsupported.ko, unsupported.en},
		{"a page from another origin", http.DefaultClient, func() *http.Request {
			r := connect(h.url+"/test.v1.TestService/Echo", `{}`)()
			r.Header.Set("Origin", "http://evil.test")
			return r
		}, 403, codes.PermissionDenied, "ORIGIN_NOT_ALLOWED", gatewayDomain, origin.ko, origin.en},
		// A service's refusal with its own LocalizedMessage passes as it came.
		{"the service's refusal", http.DefaultClient, connect(h.url+"/test.v1.TestService/Fail", `{"text":"precondition"}`), 400,
			codes.FailedPrecondition, "APPLICATION_WINDOW_CLOSED", "test.lifelong", "신청 기간이 끝났습니다", "신청 기간이 끝났습니다"},
	}
	for _, c := range checks {
		for _, lang := range []string{"", "en-US,en;q=0.9,ko;q=0.8"} {
			req := c.req()
			if lang != "" {
				req.Header.Set("Accept-Language", lang)
			}
			a := call(t, c.client, req)
			info := a.info()
			msgs := a.localized()
			want, locale := c.ko, "ko"
			if lang != "" {
				want, locale = c.en, "en"
			}
			if c.domain != gatewayDomain {
				locale = "ko-KR"
			}
			switch {
			case a.httpStatus != c.httpStatus || codes.Code(a.status.Code) != c.code:
				t.Errorf("%s (%q): HTTP %d code %s, want %d %s", c.name, lang, a.httpStatus, codeName(codes.Code(a.status.Code)), c.httpStatus, codeName(c.code))
			case info == nil || info.Reason != c.reason || info.Domain != c.domain:
				t.Errorf("%s (%q): ErrorInfo %v, want %s %s", c.name, lang, info, c.reason, c.domain)
			case len(msgs) != 1 || msgs[0].Message != want || msgs[0].Locale != locale:
				t.Errorf("%s (%q): LocalizedMessage %v, want one %s %q", c.name, lang, msgs, locale, want)
			}
		}
	}
}

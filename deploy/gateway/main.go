// lifelong_gateway: one port where browsers and other clients call every
// Lifelong service in Connect (JSON and binary), gRPC-Web, REST/JSON or gRPC.
// connectrpc.com/vanguard transcodes each call to gRPC from the descriptor
// set `buf build` writes (no generated Go code), and a reverse proxy sends it
// to the service over h2c. README.md beside this file: settings, paths, and
// what each part guarantees.
//
//	LIFELONG_GATEWAY_DESCRIPTORS=lifelong.binpb \
//	LIFELONG_GATEWAY_UPSTREAMS=lifelong.identity.v1=127.0.0.1:15410,lifelong.catalogue.v1=127.0.0.1:15411 \
//	LIFELONG_GATEWAY_CORS_ORIGINS=http://localhost:5173 lifelong_gateway
package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"os/signal"
	"runtime/debug"
	"strconv"
	"syscall"
	"time"

	"connectrpc.com/connect"
	"connectrpc.com/grpchealth"
	"connectrpc.com/grpcreflect"
	"connectrpc.com/vanguard"
	_ "google.golang.org/genproto/googleapis/rpc/errdetails" // detail types for REST error bodies
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
)

func main() {
	slog.SetDefault(slog.New(slog.NewJSONHandler(os.Stdout, nil)))
	// The heap a gateway keeps is small (a few MiB of descriptors and
	// buffers) and its garbage is per call: collecting at 5x the live heap
	// instead of 2x takes the collector from a tenth of the CPU to a few
	// percent for some MiB more. GOGC (and GOMEMLIMIT) in the environment win.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if err := run(); err != nil {
		slog.Error("gateway stopped", "error", err.Error())
		os.Exit(1)
	}
}

func run() error {
	cfg, err := loadConfig(os.LookupEnv)
	if err != nil {
		return err
	}
	files, err := loadDescriptors(cfg.descriptors, cfg.getMethods)
	if err != nil {
		return err
	}
	m := newMetrics()
	transport := newTransport(cfg.sourceAddress) // health checks of the services
	health := grpchealth.NewStaticChecker()
	api, err := newAPI(cfg, files, m, health)
	if err != nil {
		return err
	}
	stopChecks := watchUpstreams(cfg.upstreams, transport, m)
	defer stopChecks()

	server := &http.Server{
		Addr:              net.JoinHostPort(cfg.host, strconv.Itoa(cfg.port)),
		Handler:           api,
		Protocols:         serverProtocols(),
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       5 * time.Minute,
	}
	metricsServer := &http.Server{
		Addr:              net.JoinHostPort(cfg.host, strconv.Itoa(cfg.metricsPort)),
		Handler:           opsMux(m, os.Getenv("LIFELONG_GATEWAY_PPROF") == "1"),
		ReadHeaderTimeout: 10 * time.Second,
	}
	return serveUntilSignal(server, metricsServer, cfg.drain, m, health)
}

// newAPI is the handler of the main port: CORS, then metrics, then the
// transcoder; paths it does not know go to the gateway's own health,
// reflection (every service in the descriptor set) and /healthz, /readyz.
func newAPI(cfg *config, files *protoregistry.Files, m *metrics, health *grpchealth.StaticChecker) (http.Handler, error) {
	byPackage := servicesOf(files, cfg.upstreams)
	var services []*vanguard.Service
	served := map[string]bool{}
	var names []string
	unary := map[string]http.Handler{} // fastpath.go
	var all []protoreflect.ServiceDescriptor
	for _, up := range cfg.upstreams {
		all = append(all, byPackage[up.pkg]...)
	}
	types := newGatewayTypes(files, all) // types.go
	for _, up := range cfg.upstreams {
		if len(byPackage[up.pkg]) == 0 {
			return nil, fmt.Errorf("LIFELONG_GATEWAY_UPSTREAMS: package %s has no service in the descriptor set", up.pkg)
		}
		streaming := map[string]bool{}
		for _, sd := range byPackage[up.pkg] {
			for i := 0; i < sd.Methods().Len(); i++ {
				if md := sd.Methods().Get(i); md.IsStreamingClient() || md.IsStreamingServer() {
					streaming["/"+string(sd.FullName())+"/"+string(md.Name())] = true
				}
			}
		}
		proxy, err := newProxy(up, cfg, m, streaming)
		if err != nil {
			return nil, err
		}
		for _, sd := range byPackage[up.pkg] {
			for i := 0; i < sd.Methods().Len(); i++ {
				if path := "/" + string(sd.FullName()) + "/" + string(sd.Methods().Get(i).Name()); !streaming[path] {
					unary[path] = proxy
				}
			}
			services = append(services, vanguard.NewServiceWithSchema(sd, proxy,
				vanguard.WithTargetProtocols(vanguard.ProtocolGRPC),
				vanguard.WithTargetCodecs(vanguard.CodecProto),
				vanguard.WithTypeResolver(types),
				// As the services' gRPC limit: a larger message is refused
				// (RESOURCE_EXHAUSTED) before it is buffered whole.
				vanguard.WithMaxMessageBufferBytes(4<<20)))
			served[string(sd.FullName())] = true
			names = append(names, string(sd.FullName()))
		}
	}
	rules, skipped, err := restRules(cfg.restRules, files, served)
	if err != nil {
		return nil, err
	}
	if len(skipped) > 0 {
		slog.Warn("REST paths of services this gateway does not serve are off", "methods", skipped)
	}

	own := http.NewServeMux()
	own.Handle(grpchealth.NewHandler(health))
	reflector := grpcreflect.NewReflector(grpcreflect.NamerFunc(func() []string { return names }),
		grpcreflect.WithDescriptorResolver(resolvers{files, protoregistry.GlobalFiles}))
	own.Handle(grpcreflect.NewHandlerV1(reflector))
	own.Handle(grpcreflect.NewHandlerV1Alpha(reflector))
	addProbes(own, m)

	transcoder, err := vanguard.NewTranscoder(services, vanguard.WithRules(rules...), vanguard.WithUnknownHandler(own),
		vanguard.WithCodec(newProtoCodec), vanguard.WithCodec(newJSONCodec)) // codecs.go
	if err != nil {
		return nil, err
	}
	slog.Info("gateway configured", "services", names, "rest_paths", len(rules),
		"cors_origins", len(cfg.corsOrigins), "get_methods", len(cfg.getMethods))
	return withCORS(observe(completeRefusals(withFastPaths(transcoder, unary)), m, cfg.cacheSeconds), cfg.corsOrigins, m), nil
}

func serverProtocols() *http.Protocols {
	var p http.Protocols
	p.SetHTTP1(true)
	p.SetUnencryptedHTTP2(true) // gRPC clients and grpcurl -plaintext
	return &p
}

// addProbes: /healthz is liveness (the process answers), /readyz readiness
// (not draining). A service being down does not make the gateway unready:
// its calls fail with UNAVAILABLE, the others go on
// (lifelong_gateway_upstream_up says which).
func addProbes(mux *http.ServeMux, m *metrics) {
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		if m.draining.Load() {
			http.Error(w, "draining", http.StatusServiceUnavailable)
			return
		}
		fmt.Fprintln(w, "ready")
	})
}

func opsMux(m *metrics, profiling bool) http.Handler {
	mux := http.NewServeMux()
	if profiling { // LIFELONG_GATEWAY_PPROF=1: Go's profiles under /debug/pprof/
		mux.HandleFunc("/debug/pprof/", pprof.Index)
		mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	}
	mux.HandleFunc("GET /metrics", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; version=0.0.4")
		m.write(w)
	})
	addProbes(mux, m)
	return mux
}

// watchUpstreams asks each service's grpc.health.v1 every 5 s.
func watchUpstreams(ups []upstream, transport http.RoundTripper, m *metrics) func() {
	ctx, cancel := context.WithCancel(context.Background())
	client := &http.Client{Transport: transport}
	check := func() {
		for _, up := range ups {
			c := grpchealth.NewClient(client, "http://"+up.addr, connect.WithGRPC())
			cctx, ccancel := context.WithTimeout(ctx, 2*time.Second)
			res, err := c.Check(cctx, &grpchealth.CheckRequest{})
			ccancel()
			m.setUpstream(up.pkg, err == nil && res.Status == grpchealth.StatusServing)
		}
	}
	go func() {
		check()
		tick := time.NewTicker(5 * time.Second)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
				check()
			}
		}
	}()
	return cancel
}

// serveUntilSignal serves until SIGTERM or SIGINT, then drains: readiness
// and gRPC health turn NOT_SERVING at once, no new connection is taken,
// calls in flight get up to `drain` to finish, then the rest are cut.
func serveUntilSignal(server, metricsServer *http.Server, drain time.Duration, m *metrics, health *grpchealth.StaticChecker) error {
	listener, err := net.Listen("tcp", server.Addr)
	if err != nil {
		return err
	}
	metricsListener, err := net.Listen("tcp", metricsServer.Addr)
	if err != nil {
		return err
	}
	errs := make(chan error, 2)
	go func() { errs <- server.Serve(listener) }()
	go func() { errs <- metricsServer.Serve(metricsListener) }()
	health.SetStatus("", grpchealth.StatusServing)
	slog.Info("gateway serving", "addr", listener.Addr().String(), "metrics", metricsListener.Addr().String())

	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGTERM, syscall.SIGINT)
	select {
	case sig := <-signals:
		slog.Info("draining", "signal", sig.String(), "seconds", drain.Seconds(), "in_flight", m.inFlight.Load())
	case err := <-errs:
		return err
	}
	m.draining.Store(true)
	health.SetStatus("", grpchealth.StatusNotServing)
	ctx, cancel := context.WithTimeout(context.Background(), drain)
	defer cancel()
	err = server.Shutdown(ctx)
	if errors.Is(err, context.DeadlineExceeded) {
		slog.Warn("drain time over; cutting the calls still open", "in_flight", m.inFlight.Load())
		server.Close()
	}
	metricsServer.Close()
	slog.Info("gateway stopped")
	return nil
}

// resolvers looks in each in turn: the APIs' descriptor set, then the
// google.rpc detail types linked into the gateway, so that reflection
// clients (grpcurl) can print ErrorInfo, BadRequest and RetryInfo.
type resolvers []interface {
	FindFileByPath(string) (protoreflect.FileDescriptor, error)
	FindDescriptorByName(protoreflect.FullName) (protoreflect.Descriptor, error)
}

func (rs resolvers) FindFileByPath(path string) (protoreflect.FileDescriptor, error) {
	var err error
	for _, r := range rs {
		var fd protoreflect.FileDescriptor
		if fd, err = r.FindFileByPath(path); err == nil {
			return fd, nil
		}
	}
	return nil, err
}

func (rs resolvers) FindDescriptorByName(name protoreflect.FullName) (protoreflect.Descriptor, error) {
	var err error
	for _, r := range rs {
		var d protoreflect.Descriptor
		if d, err = r.FindDescriptorByName(name); err == nil {
			return d, nil
		}
	}
	return nil, err
}

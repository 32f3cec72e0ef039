package main

// The gateway's settings, all from the environment (like every Lifelong
// process); Load refuses to start on a bad one and names it.
//
//	LIFELONG_GATEWAY_PORT           one port for Connect, gRPC-Web, REST/JSON and gRPC (h2c and HTTP/1.1); 8080
//	LIFELONG_GATEWAY_HOST           the address both ports listen on; empty: every interface
//	LIFELONG_METRICS_PORT           /metrics, /healthz, /readyz; 9090
//	LIFELONG_GATEWAY_DESCRIPTORS    the descriptor set `buf build -o` wrote (binary FileDescriptorSet); required
//	LIFELONG_GATEWAY_UPSTREAMS      package=host:port,...  e.g. lifelong.identity.v1=identity:50051; required
//	LIFELONG_GATEWAY_CORS_ORIGINS   origins whose pages may call (https://portal.hanam.example,...); empty: none
//	LIFELONG_GATEWAY_TRUSTED_PROXIES  peers (addresses or CIDR) whose X-Forwarded-For is kept and appended to;
//	                                from anyone else it is replaced by the peer's address; empty: none
//	LIFELONG_GATEWAY_SOURCE_ADDRESS the local address calls to the services leave from (so that identity's
//	                                LIFELONG_TRUSTED_PROXIES can name the gateway alone); empty: any
//	LIFELONG_GATEWAY_UPSTREAM_CONNECTIONS  HTTP/2 connections to each service, calls spread round robin; 4
//	LIFELONG_GATEWAY_REST_RULES     a JSON google.api.Http file replacing the built-in REST paths (rest_rules.json)
//	LIFELONG_GATEWAY_GET_METHODS    methods (full names) that may be called with Connect GET although their
//	                                proto does not say NO_SIDE_EFFECTS yet; default: catalogue's public reads
//	LIFELONG_GATEWAY_DEFAULT_TIMEOUT_MS  deadline given to a call that brings none (REST, or a client without one); 30000
//	LIFELONG_GATEWAY_MAX_TIMEOUT_MS      longest deadline passed on; longer ones are cut to it; 60000
//	LIFELONG_GATEWAY_CACHE_SECONDS  Cache-Control max-age on successful GETs of public reads; 30
//	LIFELONG_DRAIN_SECONDS          after SIGTERM: not ready at once, in-flight calls get this long; 10

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"time"
)

type upstream struct {
	pkg  string // proto package, e.g. lifelong.identity.v1
	addr string // host:port of its gRPC server (h2c)
}

type config struct {
	host                string
	port                int
	metricsPort         int
	descriptors         string
	upstreams           []upstream
	corsOrigins         map[string]bool
	trustedProxies      []netip.Prefix
	sourceAddress       string
	upstreamConnections int
	restRules           string
	getMethods          []string
	defaultTimeout      time.Duration
	maxTimeout          time.Duration
	cacheSeconds        int
	drain               time.Duration
}

var defaultGetMethods = []string{
	"lifelong.catalogue.v1.CatalogueService.SearchOfferings",
	"lifelong.catalogue.v1.CatalogueService.GetOffering",
	"lifelong.catalogue.v1.CatalogueService.ListOfferings",
	"lifelong.catalogue.v1.CatalogueService.GetCentre",
	"lifelong.catalogue.v1.CatalogueService.ListCentres",
	"lifelong.catalogue.v1.CatalogueService.GetVenue",
	"lifelong.catalogue.v1.CatalogueService.ListVenues",
	"lifelong.catalogue.v1.CatalogueService.ListCategories",
	"lifelong.catalogue.v1.CatalogueService.GetProgramme",
	"lifelong.catalogue.v1.CatalogueService.ListProgrammes",
	"lifelong.enrolment.v1.EnrolmentService.VerifyCertificate",
}

type envReader struct {
	lookup func(string) (string, bool)
	errs   []string
}

func (e *envReader) str(name, def string) string {
	if v, ok := e.lookup(name); ok && v != "" {
		return v
	}
	return def
}

func (e *envReader) integer(name string, def, lo, hi int) int {
	v, ok := e.lookup(name)
	if !ok || v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		e.errs = append(e.errs, fmt.Sprintf("%s: %q is not a whole number in [%d, %d]", name, v, lo, hi))
		return def
	}
	return n
}

func splitList(v string) []string {
	var out []string
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// parsePrefixes reads "10.0.0.0/8,127.0.0.2,::1" (an address alone is a /32 or /128).
func parsePrefixes(v string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, s := range splitList(v) {
		if strings.Contains(s, "/") {
			p, err := netip.ParsePrefix(s)
			if err != nil {
				return nil, fmt.Errorf("%q is not an address or CIDR range", s)
			}
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(s)
		if err != nil {
			return nil, fmt.Errorf("%q is not an address or CIDR range", s)
		}
		out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
	}
	return out, nil
}

func loadConfig(lookup func(string) (string, bool)) (*config, error) {
	e := &envReader{lookup: lookup}
	c := &config{
		host:                e.str("LIFELONG_GATEWAY_HOST", ""),
		port:                e.integer("LIFELONG_GATEWAY_PORT", 8080, 1, 65535),
		metricsPort:         e.integer("LIFELONG_METRICS_PORT", 9090, 1, 65535),
		descriptors:         e.str("LIFELONG_GATEWAY_DESCRIPTORS", ""),
		sourceAddress:       e.str("LIFELONG_GATEWAY_SOURCE_ADDRESS", ""),
		upstreamConnections: e.integer("LIFELONG_GATEWAY_UPSTREAM_CONNECTIONS", 4, 1, 64),
		restRules:           e.str("LIFELONG_GATEWAY_REST_RULES", ""),
		defaultTimeout:      time.Duration(e.integer("LIFELONG_GATEWAY_DEFAULT_TIMEOUT_MS", 30000, 1, 3600000)) * time.Millisecond,
		maxTimeout:          time.Duration(e.integer("LIFELONG_GATEWAY_MAX_TIMEOUT_MS", 60000, 1, 3600000)) * time.Millisecond,
		cacheSeconds:        e.integer("LIFELONG_GATEWAY_CACHE_SECONDS", 30, 0, 86400),
		drain:               time.Duration(e.integer("LIFELONG_DRAIN_SECONDS", 10, 0, 600)) * time.Second,
		corsOrigins:         map[string]bool{},
	}
	if c.descriptors == "" {
		e.errs = append(e.errs, "LIFELONG_GATEWAY_DESCRIPTORS: required (the output of `buf build -o lifelong.binpb`)")
	}
	for _, entry := range splitList(e.str("LIFELONG_GATEWAY_UPSTREAMS", "")) {
		pkg, addr, ok := strings.Cut(entry, "=")
		if !ok || pkg == "" || !strings.Contains(addr, ":") {
			e.errs = append(e.errs, fmt.Sprintf("LIFELONG_GATEWAY_UPSTREAMS: %q is not package=host:port", entry))
			continue
		}
		c.upstreams = append(c.upstreams, upstream{pkg: pkg, addr: addr})
	}
	if len(c.upstreams) == 0 {
		e.errs = append(e.errs, "LIFELONG_GATEWAY_UPSTREAMS: required (package=host:port,...)")
	}
	for _, o := range splitList(e.str("LIFELONG_GATEWAY_CORS_ORIGINS", "")) {
		if o == "*" || !(strings.HasPrefix(o, "http://") || strings.HasPrefix(o, "https://")) || strings.HasSuffix(o, "/") {
			e.errs = append(e.errs, fmt.Sprintf("LIFELONG_GATEWAY_CORS_ORIGINS: %q is not an origin like https://portal.example (no wildcard, no path)", o))
			continue
		}
		c.corsOrigins[o] = true
	}
	var err error
	if c.trustedProxies, err = parsePrefixes(e.str("LIFELONG_GATEWAY_TRUSTED_PROXIES", "")); err != nil {
		e.errs = append(e.errs, "LIFELONG_GATEWAY_TRUSTED_PROXIES: "+err.Error())
	}
	if c.sourceAddress != "" {
		if _, err := netip.ParseAddr(c.sourceAddress); err != nil {
			e.errs = append(e.errs, fmt.Sprintf("LIFELONG_GATEWAY_SOURCE_ADDRESS: %q is not an address", c.sourceAddress))
		}
	}
	if v, ok := lookup("LIFELONG_GATEWAY_GET_METHODS"); ok {
		c.getMethods = splitList(v)
	} else {
		c.getMethods = defaultGetMethods
	}
	if c.defaultTimeout > c.maxTimeout {
		e.errs = append(e.errs, "LIFELONG_GATEWAY_DEFAULT_TIMEOUT_MS: longer than LIFELONG_GATEWAY_MAX_TIMEOUT_MS")
	}
	if len(e.errs) > 0 {
		return nil, fmt.Errorf("bad settings:\n  %s", strings.Join(e.errs, "\n  "))
	}
	return c, nil
}

func trusted(prefixes []netip.Prefix, addr netip.Addr) bool {
	for _, p := range prefixes {
		if p.Contains(addr.Unmap()) {
			return true
		}
	}
	return false
}

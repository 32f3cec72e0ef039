package main

// Prometheus text metrics without a client library: counters and one
// latency histogram, kept under a mutex (a few hundred series at most).
//
//	lifelong_gateway_requests_total{protocol,method,code}   calls by the client's protocol and the gRPC code
//	lifelong_gateway_request_seconds{protocol}               latency through the gateway (histogram)
//	lifelong_gateway_in_flight                               calls being served
//	lifelong_gateway_cors_refused_total                      requests from an origin not allowed
//	lifelong_gateway_upstream_errors_total{package}          calls that could not reach a service
//	lifelong_gateway_upstream_up{package}                    1 while the service's health check answers SERVING
//	lifelong_gateway_draining                                1 after SIGTERM

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

var latencyBuckets = []float64{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

type counterVec struct {
	mu     sync.Mutex
	values map[string]uint64
}

func (c *counterVec) inc(labels string) {
	c.mu.Lock()
	if c.values == nil {
		c.values = map[string]uint64{}
	}
	c.values[labels]++
	c.mu.Unlock()
}

type histogram struct {
	counts []uint64 // per bucket, then +Inf
	sum    float64
	count  uint64
}

type metrics struct {
	requests       counterVec // labels: protocol,method,code
	upstreamErrors counterVec // labels: package
	corsRefused    counter
	inFlight       atomic.Int64
	draining       atomic.Bool

	mu        sync.Mutex
	latency   map[string]*histogram // by protocol
	upstreams map[string]bool       // package -> up
}

func newMetrics() *metrics {
	return &metrics{latency: map[string]*histogram{}, upstreams: map[string]bool{}}
}

func (m *metrics) observe(protocol, method, code string, d time.Duration) {
	m.requests.inc(fmt.Sprintf("protocol=%q,method=%q,code=%q", protocol, method, code))
	s := d.Seconds()
	m.mu.Lock()
	h := m.latency[protocol]
	if h == nil {
		h = &histogram{counts: make([]uint64, len(latencyBuckets)+1)}
		m.latency[protocol] = h
	}
	i := sort.SearchFloat64s(latencyBuckets, s)
	h.counts[i]++
	h.sum += s
	h.count++
	m.mu.Unlock()
}

func (m *metrics) setUpstream(pkg string, up bool) {
	m.mu.Lock()
	m.upstreams[pkg] = up
	m.mu.Unlock()
}

func writeCounters(w io.Writer, name, help string, c *counterVec) {
	fmt.Fprintf(w, "# HELP %s %s\n# TYPE %s counter\n", name, help, name)
	c.mu.Lock()
	keys := make([]string, 0, len(c.values))
	for k := range c.values {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(w, "%s{%s} %d\n", name, k, c.values[k])
	}
	c.mu.Unlock()
}

func boolGauge(b bool) int {
	if b {
		return 1
	}
	return 0
}

func (m *metrics) write(w io.Writer) {
	writeCounters(w, "lifelong_gateway_requests_total", "Calls by the client's protocol, method and gRPC code.", &m.requests)
	writeCounters(w, "lifelong_gateway_upstream_errors_total", "Calls that could not reach their service.", &m.upstreamErrors)
	fmt.Fprintf(w, "# HELP lifelong_gateway_cors_refused_total Requests refused for their Origin.\n# TYPE lifelong_gateway_cors_refused_total counter\nlifelong_gateway_cors_refused_total %d\n", m.corsRefused.Load())
	fmt.Fprintf(w, "# HELP lifelong_gateway_in_flight Calls being served.\n# TYPE lifelong_gateway_in_flight gauge\nlifelong_gateway_in_flight %d\n", m.inFlight.Load())
	fmt.Fprintf(w, "# HELP lifelong_gateway_draining 1 after SIGTERM.\n# TYPE lifelong_gateway_draining gauge\nlifelong_gateway_draining %d\n", boolGauge(m.draining.Load()))
	m.mu.Lock()
	defer m.mu.Unlock()
	fmt.Fprintf(w, "# HELP lifelong_gateway_upstream_up 1 while the service answers its health check SERVING.\n# TYPE lifelong_gateway_upstream_up gauge\n")
	pkgs := make([]string, 0, len(m.upstreams))
	for p := range m.upstreams {
		pkgs = append(pkgs, p)
	}
	sort.Strings(pkgs)
	for _, p := range pkgs {
		fmt.Fprintf(w, "lifelong_gateway_upstream_up{package=%q} %d\n", p, boolGauge(m.upstreams[p]))
	}
	fmt.Fprintf(w, "# HELP lifelong_gateway_request_seconds Latency through the gateway by the client's protocol.\n# TYPE lifelong_gateway_request_seconds histogram\n")
	protocols := make([]string, 0, len(m.latency))
	for p := range m.latency {
		protocols = append(protocols, p)
	}
	sort.Strings(protocols)
	for _, p := range protocols {
		h := m.latency[p]
		var cum uint64
		for i, b := range latencyBuckets {
			cum += h.counts[i]
			fmt.Fprintf(w, "lifelong_gateway_request_seconds_bucket{protocol=%q,le=\"%s\"} %d\n", p, strings.TrimRight(strings.TrimRight(fmt.Sprintf("%f", b), "0"), "."), cum)
		}
		fmt.Fprintf(w, "lifelong_gateway_request_seconds_bucket{protocol=%q,le=\"+Inf\"} %d\n", p, h.count)
		fmt.Fprintf(w, "lifelong_gateway_request_seconds_sum{protocol=%q} %g\n", p, h.sum)
		fmt.Fprintf(w, "lifelong_gateway_request_seconds_count{protocol=%q} %d\n", p, h.count)
	}
}

type counter struct{ n atomic.Uint64 }

func (c *counter) Inc()         { c.n.Add(1) }
func (c *counter) Load() uint64 { return c.n.Load() }

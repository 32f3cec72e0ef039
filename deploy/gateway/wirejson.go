package main

// JSON written straight from an answer's protobuf wire bytes, without
// decoding it into a message first: for Connect JSON and REST, decoding the
// service's answer was a third of the gateway's CPU per call. The output is
// what jsonwriter.go (and protojson with EmitUnpopulated=false) writes,
// except that fields come in the order the service wrote them (protobuf
// encoders write field number order; JSON object members have no order).
//
// It takes the common case only and answers errFallback for anything else,
// so that the caller decodes the message and writes it the slow, complete
// way: a map field, a group, a wire type that does not match the field, a
// singular field or oneof written twice, a repeated field in two runs,
// invalid UTF-8, a Timestamp or Duration out of range, malformed bytes.
// Well-known types other than Timestamp and Duration are decoded alone and
// written by protojson. Unknown fields are skipped, as protojson does.
//
//	tables := newWireTables()
//	json, err := tables.of(md).appendJSON(nil, wire, protojson.MarshalOptions{})

import (
	"encoding/base64"
	"math"
	"strconv"
	"sync"
	"unicode/utf8"
	"unsafe"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/dynamicpb"
)

const (
	wktNone = iota
	wktTimestamp
	wktDuration
	wktOther // written by protojson
)

type wireField struct {
	name     []byte // `"jsonName":`
	kind     protoreflect.Kind
	wireType protowire.Type // of one element
	list     bool
	implicit bool // proto3 scalar without presence: a zero value is not written
	index    int  // in its table, for the seen-once check
	oneof    int  // 1 + index of its oneof; 0: none
	enum     protoreflect.EnumValueDescriptors
	null     bool // google.protobuf.NullValue
	msg      *wireTable
	wkt      int
	md       protoreflect.MessageDescriptor // for wktOther
}

type wireTable struct {
	dense       []*wireField // by field number, when numbers are small
	sparse      map[protowire.Number]*wireField
	fields      int
	oneofs      int
	unsupported bool // a map or group field: always the slow way
}

func (t *wireTable) field(n protowire.Number) *wireField {
	if int(n) < len(t.dense) {
		return t.dense[n]
	}
	return t.sparse[n]
}

// wireTables builds a table per message type once and keeps it.
type wireTables struct {
	mu     sync.Mutex
	byName map[protoreflect.FullName]*wireTable
}

func newWireTables() *wireTables {
	return &wireTables{byName: map[protoreflect.FullName]*wireTable{}}
}

func (ts *wireTables) of(md protoreflect.MessageDescriptor) *wireTable {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return ts.build(md)
}

func (ts *wireTables) build(md protoreflect.MessageDescriptor) *wireTable {
	if t, ok := ts.byName[md.FullName()]; ok {
		return t
	}
	t := &wireTable{sparse: map[protowire.Number]*wireField{}}
	ts.byName[md.FullName()] = t // before the fields: types may refer to themselves
	fields := md.Fields()
	t.fields = fields.Len()
	t.oneofs = md.Oneofs().Len()
	maxDense := 0
	for i := 0; i < fields.Len(); i++ {
		if n := int(fields.Get(i).Number()); n < 256 && n > maxDense {
			maxDense = n
		}
	}
	t.dense = make([]*wireField, maxDense+1)
	for i := 0; i < fields.Len(); i++ {
		fd := fields.Get(i)
		if fd.IsMap() || fd.Kind() == protoreflect.GroupKind {
			t.unsupported = true
		}
		f := &wireField{
			name:     append(appendJSONString(nil, fd.JSONName()), ':'),
			kind:     fd.Kind(),
			wireType: wireTypeOf(fd.Kind()),
			list:     fd.IsList(),
			implicit: !fd.IsList() && !fd.HasPresence(),
			index:    i,
		}
		if od := fd.ContainingOneof(); od != nil && !od.IsSynthetic() {
			f.oneof = od.Index() + 1
		}
		if ed := fd.Enum(); ed != nil {
			f.enum = ed.Values()
			f.null = ed.FullName() == "google.protobuf.NullValue"
		}
		if sub := fd.Message(); sub != nil && !fd.IsMap() {
			switch sub.FullName() {
			case "google.protobuf.Timestamp":
				f.wkt = wktTimestamp
			case "google.protobuf.Duration":
				f.wkt = wktDuration
			default:
				if sub.ParentFile() != nil && sub.ParentFile().Package() == "google.protobuf" {
					f.wkt, f.md = wktOther, sub
				} else {
					f.msg = ts.build(sub)
				}
			}
		}
		if n := fd.Number(); int(n) < len(t.dense) {
			t.dense[n] = f
		} else {
			t.sparse[n] = f
		}
	}
	return t
}

func wireTypeOf(k protoreflect.Kind) protowire.Type {
	switch k {
	case protoreflect.Fixed32Kind, protoreflect.Sfixed32Kind, protoreflect.FloatKind:
		return protowire.Fixed32Type
	case protoreflect.Fixed64Kind, protoreflect.Sfixed64Kind, protoreflect.DoubleKind:
		return protowire.Fixed64Type
	case protoreflect.StringKind, protoreflect.BytesKind, protoreflect.MessageKind:
		return protowire.BytesType
	case protoreflect.GroupKind:
		return protowire.StartGroupType
	}
	return protowire.VarintType
}

// seenSet: which fields (or oneofs) of one message were already written.
type seenSet struct {
	small uint64
	big   []bool
}

// add reports false if i was there already.
func (s *seenSet) add(i, n int) bool {
	if n <= 64 {
		if s.small&(1<<i) != 0 {
			return false
		}
		s.small |= 1 << i
		return true
	}
	if s.big == nil {
		s.big = make([]bool, n)
	}
	if s.big[i] {
		return false
	}
	s.big[i] = true
	return true
}

const maxWireDepth = 100

// appendJSON writes the message in data as JSON after b.
func (t *wireTable) appendJSON(b, data []byte, fallback protojson.MarshalOptions) ([]byte, error) {
	return t.appendJSONDepth(b, data, fallback, 0)
}

func (t *wireTable) appendJSONDepth(b, data []byte, fallback protojson.MarshalOptions, depth int) ([]byte, error) {
	if t.unsupported || depth > maxWireDepth {
		return nil, errFallback
	}
	b = append(b, '{')
	first := true
	var open *wireField // a repeated field whose '[' is open
	var seen, oneofs seenSet
	for len(data) > 0 {
		num, typ, n := protowire.ConsumeTag(data)
		if n < 0 {
			return nil, errFallback
		}
		data = data[n:]
		f := t.field(num)
		if f == nil { // unknown: skipped
			if n = protowire.ConsumeFieldValue(num, typ, data); n < 0 {
				return nil, errFallback
			}
			data = data[n:]
			continue
		}
		if open != nil && f != open {
			b = append(b, ']')
			open = nil
		}
		if f.list && typ == protowire.BytesType && f.wireType != protowire.BytesType { // packed
			payload, n := protowire.ConsumeBytes(data)
			if n < 0 {
				return nil, errFallback
			}
			data = data[n:]
			for len(payload) > 0 {
				v, m := consumeScalar(f.wireType, payload)
				if m < 0 {
					return nil, errFallback
				}
				payload = payload[m:]
				if open == nil {
					if !seen.add(f.index, t.fields) {
						return nil, errFallback
					}
					b, first, open = openField(b, first, f), false, f
					b = append(b, '[')
				} else {
					b = append(b, ',')
				}
				b = appendScalar(b, f, v)
			}
			continue
		}
		if typ != f.wireType {
			return nil, errFallback // protobuf keeps it as an unknown field: the slow way knows
		}
		var v uint64
		var payload []byte
		if typ == protowire.BytesType {
			payload, n = protowire.ConsumeBytes(data)
		} else {
			v, n = consumeScalar(typ, data)
		}
		if n < 0 {
			return nil, errFallback
		}
		data = data[n:]
		switch {
		case f.list && open == f:
			b = append(b, ',')
		case f.list:
			if !seen.add(f.index, t.fields) {
				return nil, errFallback // a second run of the same repeated field
			}
			b, first, open = openField(b, first, f), false, f
			b = append(b, '[')
		default:
			if !seen.add(f.index, t.fields) || (f.oneof > 0 && !oneofs.add(f.oneof-1, t.oneofs)) {
				return nil, errFallback // last one wins: the slow way knows
			}
			if f.implicit && v == 0 && len(payload) == 0 {
				continue // a proto3 default: not written
			}
			b, first = openField(b, first, f), false
		}
		var err error
		if typ == protowire.BytesType {
			b, err = appendBytesValue(b, f, payload, fallback, depth)
			if err != nil {
				return nil, err
			}
		} else {
			b = appendScalar(b, f, v)
		}
	}
	if open != nil {
		b = append(b, ']')
	}
	return append(b, '}'), nil
}

func openField(b []byte, first bool, f *wireField) []byte {
	if !first {
		b = append(b, ',')
	}
	return append(b, f.name...)
}

func consumeScalar(typ protowire.Type, data []byte) (uint64, int) {
	switch typ {
	case protowire.VarintType:
		return protowire.ConsumeVarint(data)
	case protowire.Fixed32Type:
		v, n := protowire.ConsumeFixed32(data)
		return uint64(v), n
	case protowire.Fixed64Type:
		return protowire.ConsumeFixed64(data)
	}
	return 0, -1
}

func appendScalar(b []byte, f *wireField, v uint64) []byte {
	switch f.kind {
	case protoreflect.BoolKind:
		return strconv.AppendBool(b, v != 0)
	case protoreflect.Int32Kind:
		return strconv.AppendInt(b, int64(int32(v)), 10)
	case protoreflect.Sint32Kind:
		return strconv.AppendInt(b, int64(int32(protowire.DecodeZigZag(v&math.MaxUint32))), 10)
	case protoreflect.Sfixed32Kind:
		return strconv.AppendInt(b, int64(int32(uint32(v))), 10)
	case protoreflect.Uint32Kind, protoreflect.Fixed32Kind:
		return strconv.AppendUint(b, uint64(uint32(v)), 10)
	case protoreflect.Int64Kind, protoreflect.Sfixed64Kind:
		b = append(b, '"')
		return append(strconv.AppendInt(b, int64(v), 10), '"')
	case protoreflect.Sint64Kind:
		b = append(b, '"')
		return append(strconv.AppendInt(b, protowire.DecodeZigZag(v), 10), '"')
	case protoreflect.Uint64Kind, protoreflect.Fixed64Kind:
		b = append(b, '"')
		return append(strconv.AppendUint(b, v, 10), '"')
	case protoreflect.FloatKind:
		return appendJSONFloat(b, float64(math.Float32frombits(uint32(v))), 32)
	case protoreflect.DoubleKind:
		return appendJSONFloat(b, math.Float64frombits(v), 64)
	case protoreflect.EnumKind:
		if f.null {
			return append(b, "null"...)
		}
		if ev := f.enum.ByNumber(protoreflect.EnumNumber(int32(v))); ev != nil {
			return appendJSONString(b, string(ev.Name()))
		}
		return strconv.AppendInt(b, int64(int32(v)), 10)
	}
	return b
}

func appendBytesValue(b []byte, f *wireField, payload []byte, fallback protojson.MarshalOptions, depth int) ([]byte, error) {
	switch f.kind {
	case protoreflect.StringKind:
		if !utf8.Valid(payload) {
			return nil, errFallback // protojson refuses it: the slow way says so
		}
		return appendJSONString(b, unsafe.String(unsafe.SliceData(payload), len(payload))), nil
	case protoreflect.BytesKind:
		b = append(b, '"')
		b = base64.StdEncoding.AppendEncode(b, payload)
		return append(b, '"'), nil
	}
	switch f.wkt {
	case wktTimestamp, wktDuration:
		secs, nanos, ok := secondsAndNanos(payload)
		if !ok {
			return nil, errFallback
		}
		if f.wkt == wktTimestamp {
			return appendTimestampValue(b, secs, nanos)
		}
		return appendDurationValue(b, secs, nanos)
	case wktOther:
		m := dynamicpb.NewMessage(f.md)
		if err := (proto.UnmarshalOptions{AllowPartial: true}).Unmarshal(payload, m); err != nil {
			return nil, errFallback
		}
		return fallback.MarshalAppend(b, m)
	}
	return f.msg.appendJSONDepth(b, payload, fallback, depth+1)
}

// secondsAndNanos reads a Timestamp's or Duration's two fields.
func secondsAndNanos(data []byte) (secs, nanos int64, ok bool) {
	for len(data) > 0 {
		num, typ, n := protowire.ConsumeTag(data)
		if n < 0 {
			return 0, 0, false
		}
		data = data[n:]
		if (num == 1 || num == 2) && typ == protowire.VarintType {
			v, n := protowire.ConsumeVarint(data)
			if n < 0 {
				return 0, 0, false
			}
			data = data[n:]
			if num == 1 {
				secs = int64(v)
			} else {
				nanos = int64(int32(v))
			}
			continue
		}
		if n = protowire.ConsumeFieldValue(num, typ, data); n < 0 {
			return 0, 0, false
		}
		data = data[n:]
	}
	return secs, nanos, true
}

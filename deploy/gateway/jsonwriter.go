package main

// A protobuf-to-JSON writer for answers, faster than protojson on dynamic
// messages (no sorting of fields per message, no intermediate values). It
// follows the proto3 JSON mapping as protojson does with
// EmitUnpopulated=false: lowerCamelCase JSON names, fields in declaration
// order, 64-bit integers as strings, enums by name, bytes as base64,
// NaN/Infinity as strings, Timestamp and Duration as strings; every other
// well-known type (Any, Struct, FieldMask, wrappers, ...) is written by
// protojson itself. jsonwriter_test.go compares it with protojson.

import (
	"encoding/base64"
	"errors"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"connectrpc.com/vanguard"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

var errFallback = errors.New("jsonwriter: use protojson")

// fastJSONCodec is vanguard's JSON codec with a faster MarshalAppend.
type fastJSONCodec struct{ *vanguard.JSONCodec }

func (c fastJSONCodec) MarshalAppend(base []byte, msg proto.Message) ([]byte, error) {
	if raw, ok := msg.(*rawAnswer); ok { // an answer as the service's bytes (rawanswer.go)
		if raw.decoded == nil && raw.t.json != nil {
			if out, err := raw.t.json.appendJSON(base, raw.raw, c.JSONCodec.MarshalOptions); err == nil {
				return out, nil
			}
		}
		m, err := raw.message() // what the bytes writer does not take: decoded
		if err != nil {
			return nil, err
		}
		msg = m.Interface()
	}
	out, err := appendJSONMessage(base, msg.ProtoReflect(), c.JSONCodec.MarshalOptions)
	if err != nil { // something the writer does not take: protojson says it all
		return c.JSONCodec.MarshalAppend(base, msg)
	}
	return out, nil
}

func appendJSONMessage(b []byte, m protoreflect.Message, fallback protojson.MarshalOptions) ([]byte, error) {
	md := m.Descriptor()
	if name := md.FullName(); strings.HasPrefix(string(name), "google.protobuf.") {
		switch name {
		case "google.protobuf.Timestamp":
			return appendTimestamp(b, m)
		case "google.protobuf.Duration":
			return appendDuration(b, m)
		default:
			return fallback.MarshalAppend(b, m.Interface())
		}
	}
	b = append(b, '{')
	first := true
	fields := md.Fields()
	for i := 0; i < fields.Len(); i++ {
		fd := fields.Get(i)
		if !m.Has(fd) {
			continue
		}
		if !first {
			b = append(b, ',')
		}
		first = false
		b = appendJSONString(b, fd.JSONName())
		b = append(b, ':')
		var err error
		switch {
		case fd.IsList():
			b, err = appendJSONList(b, fd, m.Get(fd).List(), fallback)
		case fd.IsMap():
			b, err = appendJSONMap(b, fd, m.Get(fd).Map(), fallback)
		default:
			b, err = appendJSONValue(b, fd, m.Get(fd), fallback)
		}
		if err != nil {
			return nil, err
		}
	}
	return append(b, '}'), nil
}

func appendJSONList(b []byte, fd protoreflect.FieldDescriptor, l protoreflect.List, fallback protojson.MarshalOptions) ([]byte, error) {
	b = append(b, '[')
	for i := 0; i < l.Len(); i++ {
		if i > 0 {
			b = append(b, ',')
		}
		var err error
		if b, err = appendJSONValue(b, fd, l.Get(i), fallback); err != nil {
			return nil, err
		}
	}
	return append(b, ']'), nil
}

func appendJSONMap(b []byte, fd protoreflect.FieldDescriptor, m protoreflect.Map, fallback protojson.MarshalOptions) ([]byte, error) {
	type entry struct {
		key protoreflect.MapKey
		val protoreflect.Value
	}
	entries := make([]entry, 0, m.Len())
	m.Range(func(k protoreflect.MapKey, v protoreflect.Value) bool {
		entries = append(entries, entry{k, v})
		return true
	})
	sort.Slice(entries, func(i, j int) bool { // as protojson: by key
		a, c := entries[i].key.Value(), entries[j].key.Value()
		switch fd.MapKey().Kind() {
		case protoreflect.BoolKind:
			return !a.Bool() && c.Bool()
		case protoreflect.StringKind:
			return a.String() < c.String()
		case protoreflect.Uint32Kind, protoreflect.Fixed32Kind, protoreflect.Uint64Kind, protoreflect.Fixed64Kind:
			return a.Uint() < c.Uint()
		default:
			return a.Int() < c.Int()
		}
	})
	b = append(b, '{')
	for i, e := range entries {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, e.key.String())
		b = append(b, ':')
		var err error
		if b, err = appendJSONValue(b, fd.MapValue(), e.val, fallback); err != nil {
			return nil, err
		}
	}
	return append(b, '}'), nil
}

func appendJSONValue(b []byte, fd protoreflect.FieldDescriptor, v protoreflect.Value, fallback protojson.MarshalOptions) ([]byte, error) {
	switch fd.Kind() {
	case protoreflect.BoolKind:
		return strconv.AppendBool(b, v.Bool()), nil
	case protoreflect.Int32Kind, protoreflect.Sint32Kind, protoreflect.Sfixed32Kind:
		return strconv.AppendInt(b, v.Int(), 10), nil
	case protoreflect.Uint32Kind, protoreflect.Fixed32Kind:
		return strconv.AppendUint(b, v.Uint(), 10), nil
	case protoreflect.Int64Kind, protoreflect.Sint64Kind, protoreflect.Sfixed64Kind:
		b = append(b, '"')
		return append(strconv.AppendInt(b, v.Int(), 10), '"'), nil
	case protoreflect.Uint64Kind, protoreflect.Fixed64Kind:
		b = append(b, '"')
		return append(strconv.AppendUint(b, v.Uint(), 10), '"'), nil
	case protoreflect.FloatKind:
		return appendJSONFloat(b, v.Float(), 32), nil
	case protoreflect.DoubleKind:
		return appendJSONFloat(b, v.Float(), 64), nil
	case protoreflect.StringKind:
		if !utf8.ValidString(v.String()) {
			return nil, errFallback
		}
		return appendJSONString(b, v.String()), nil
	case protoreflect.BytesKind:
		b = append(b, '"')
		b = base64.StdEncoding.AppendEncode(b, v.Bytes())
		return append(b, '"'), nil
	case protoreflect.EnumKind:
		if fd.Enum().FullName() == "google.protobuf.NullValue" {
			return append(b, "null"...), nil
		}
		if ev := fd.Enum().Values().ByNumber(v.Enum()); ev != nil {
			return appendJSONString(b, string(ev.Name())), nil
		}
		return strconv.AppendInt(b, int64(v.Enum()), 10), nil
	case protoreflect.MessageKind, protoreflect.GroupKind:
		return appendJSONMessage(b, v.Message(), fallback)
	}
	return nil, errFallback
}

func appendJSONFloat(b []byte, f float64, bits int) []byte {
	switch {
	case math.IsNaN(f):
		return append(b, `"NaN"`...)
	case math.IsInf(f, 1):
		return append(b, `"Infinity"`...)
	case math.IsInf(f, -1):
		return append(b, `"-Infinity"`...)
	}
	return strconv.AppendFloat(b, f, 'g', -1, bits)
}

const hexDigits = "0123456789abcdef"

// jsonPlain: the bytes a JSON string holds as they are.
var jsonPlain = func() (t [256]bool) {
	for c := 0x20; c < 256; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if jsonPlain[c] {
			continue
		}
		b = append(b, s[start:i]...)
		switch c {
		case '"', '\\':
			b = append(b, '\\', c)
		case '\n':
			b = append(b, '\\', 'n')
		case '\r':
			b = append(b, '\\', 'r')
		case '\t':
			b = append(b, '\\', 't')
		case '\b':
			b = append(b, '\\', 'b')
		case '\f':
			b = append(b, '\\', 'f')
		default:
			b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
		}
		start = i + 1
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// appendFraction writes nanos as protojson does: 0, 3, 6 or 9 digits.
func appendFraction(b []byte, nanos int64) []byte {
	if nanos == 0 {
		return b
	}
	var d [9]byte
	for i, v := 8, nanos; i >= 0; i, v = i-1, v/10 {
		d[i] = byte('0' + v%10)
	}
	n := 9
	switch {
	case nanos%1_000_000 == 0:
		n = 3
	case nanos%1_000 == 0:
		n = 6
	}
	return append(append(b, '.'), d[:n]...)
}

func appendTimestamp(b []byte, m protoreflect.Message) ([]byte, error) {
	fields := m.Descriptor().Fields()
	return appendTimestampValue(b, m.Get(fields.ByNumber(1)).Int(), m.Get(fields.ByNumber(2)).Int())
}

func appendTimestampValue(b []byte, secs, nanos int64) ([]byte, error) {
	// protojson's range: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z.
	if secs < -62135596800 || secs > 253402300799 || nanos < 0 || nanos > 999_999_999 {
		return nil, errFallback
	}
	b = append(b, '"')
	b = appendDateTime(b, secs)
	b = appendFraction(b, nanos)
	return append(b, 'Z', '"'), nil
}

func appendDuration(b []byte, m protoreflect.Message) ([]byte, error) {
	fields := m.Descriptor().Fields()
	return appendDurationValue(b, m.Get(fields.ByNumber(1)).Int(), m.Get(fields.ByNumber(2)).Int())
}

func appendDurationValue(b []byte, secs, nanos int64) ([]byte, error) {
	if secs < -315576000000 || secs > 315576000000 || nanos <= -1e9 || nanos >= 1e9 ||
		(secs > 0 && nanos < 0) || (secs < 0 && nanos > 0) {
		return nil, errFallback
	}
	b = append(b, '"')
	if secs < 0 || nanos < 0 {
		b = append(b, '-')
		secs, nanos = -secs, -nanos
	}
	b = strconv.AppendInt(b, secs, 10)
	b = appendFraction(b, nanos)
	return append(b, 's', '"'), nil
}

// appendDateTime writes secs since the Unix epoch as "2006-01-02T15:04:05"
// (UTC, years 1 to 9999), as time.Time.AppendFormat does, without it: the
// civil date from the day number (Howard Hinnant's days_from_civil inverse).
func appendDateTime(b []byte, secs int64) []byte {
	days, rem := secs/86400, secs%86400
	if rem < 0 {
		days, rem = days-1, rem+86400
	}
	z := days + 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era--
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	day := doy - (153*mp+2)/5 + 1
	month := mp + 3
	if month > 12 {
		month -= 12
	}
	year := yoe + era*400
	if month <= 2 {
		year++
	}
	two := func(b []byte, v int64) []byte { return append(b, byte('0'+v/10), byte('0'+v%10)) }
	b = two(two(b, year/100), year%100)
	b = two(append(b, '-'), month)
	b = two(append(b, '-'), day)
	b = two(append(b, 'T'), rem/3600)
	b = two(append(b, ':'), rem/60%60)
	return two(append(b, ':'), rem%60)
}

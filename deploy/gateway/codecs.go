package main

// Codecs of the transcoder, tuned for a gateway that decodes only to
// re-encode: binary protobuf without the proto2 required-field walk (proto3
// has no required fields; the walk cost an eighth of a Connect JSON call),
// and JSON as Connect's own servers write it (fields at their default value
// left out; vanguard's default writes them all: larger and slower).

import (
	"connectrpc.com/vanguard"
	"google.golang.org/protobuf/proto"
)

type protoCodec struct{ unmarshal proto.UnmarshalOptions }

func newProtoCodec(res vanguard.TypeResolver) vanguard.Codec {
	return &protoCodec{unmarshal: proto.UnmarshalOptions{Resolver: res, AllowPartial: true}}
}

func (p *protoCodec) Name() string   { return vanguard.CodecProto }
func (p *protoCodec) IsBinary() bool { return true }

func (p *protoCodec) MarshalAppend(base []byte, msg proto.Message) ([]byte, error) {
	return proto.MarshalOptions{AllowPartial: true}.MarshalAppend(base, msg)
}

func (p *protoCodec) MarshalAppendStable(base []byte, msg proto.Message) ([]byte, error) {
	return proto.MarshalOptions{AllowPartial: true, Deterministic: true}.MarshalAppend(base, msg)
}

func (p *protoCodec) Unmarshal(data []byte, msg proto.Message) error {
	return p.unmarshal.Unmarshal(data, msg)
}

func newJSONCodec(res vanguard.TypeResolver) vanguard.Codec {
	codec := vanguard.NewJSONCodec(res)
	codec.MarshalOptions.EmitUnpopulated = false
	codec.MarshalOptions.AllowPartial = true
	codec.UnmarshalOptions.AllowPartial = true
	return fastJSONCodec{codec} // jsonwriter.go
}

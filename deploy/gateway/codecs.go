package main

// Codecs of the transcoder, tuned for a gateway that decodes only to
// re-encode: binary protobuf without the proto2 required-field walk (proto3
// has no required fields; the walk cost an eighth of a Connect JSON call),
// and JSON as Connect's own servers write it (fields at their default value
// left out; vanguard's default writes them all: larger and slower).

import (
	"connectrpc.com/connect"
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

// Unmarshal: a request that is not its message is the client's fault
// (INVALID_ARGUMENT; refusal_writer.go names it MALFORMED_REQUEST), not an
// UNKNOWN error of the gateway's. Answers keep their bytes and do not fail.
func (p *protoCodec) Unmarshal(data []byte, msg proto.Message) error {
	if err := p.unmarshal.Unmarshal(data, msg); err != nil {
		if _, answer := msg.(*rawAnswer); !answer {
			return connect.NewError(connect.CodeInvalidArgument, err)
		}
		return err
	}
	return nil
}

func newJSONCodec(res vanguard.TypeResolver) vanguard.Codec {
	codec := vanguard.NewJSONCodec(res)
	codec.MarshalOptions.EmitUnpopulated = false
	codec.MarshalOptions.AllowPartial = true
	codec.UnmarshalOptions.AllowPartial = true
	return fastJSONCodec{codec} // jsonwriter.go
}

// Unmarshal: JSON that is not the request's message is INVALID_ARGUMENT
// (MALFORMED_REQUEST), as for binary. Unknown fields are ignored, as
// Connect's servers do, so that a newer client may call an older gateway.
func (c fastJSONCodec) Unmarshal(data []byte, msg proto.Message) error {
	if err := c.JSONCodec.Unmarshal(data, msg); err != nil {
		return connect.NewError(connect.CodeInvalidArgument, err)
	}
	return nil
}

// @lifelong/client: typed clients of the Lifelong APIs through the gateway.
// README.md beside this folder: install, log in, attach the token, page
// through search, handle each refusal.

export * from "./clients.js";
export * from "./errors.js";
export * from "./messages.js";
export * from "./search.js";
export * from "./roster.js";
export * from "./staff.js";
export * from "./gen/google/rpc/error_details_pb.js";
export * as identityV1 from "./gen/lifelong/identity/v1/identity_service_pb.js";
export * as catalogueV1 from "./gen/lifelong/catalogue/v1/catalogue_service_pb.js";
export * as enrolmentV1 from "./gen/lifelong/enrolment/v1/enrolment_service_pb.js";
export * as consultingV1 from "./gen/lifelong/consulting/v1/consulting_service_pb.js";
export * as communityV1 from "./gen/lifelong/community/v1/community_service_pb.js";
export * as typesV1 from "./gen/lifelong/types/v1/types_pb.js";
export { ConnectError, Code } from "@connectrpc/connect";
export { StatusSchema } from "./gen/google/rpc/status_pb.js";
export { create, toBinary, fromBinary, toJson } from "@bufbuild/protobuf";
export { timestampFromDate, timestampDate } from "@bufbuild/protobuf/wkt";

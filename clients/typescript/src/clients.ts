// Clients of every Lifelong service through the gateway, over Connect (JSON
// by default) or gRPC-Web, with the session token attached to each call.
//
//   const session = createSession();
//   const api = createLifelongClients({ baseUrl: "https://api.hanam.example", session });
//   const { sessionToken } = await api.identity.login({ login, password });
//   session.token = sessionToken;
//   const mine = await api.enrolment.listMyApplications({});

import { createClient, type Client, type Interceptor, type Transport } from "@connectrpc/connect";
import { createConnectTransport, createGrpcWebTransport } from "@connectrpc/connect-web";
import { MethodOptions_IdempotencyLevel } from "@bufbuild/protobuf/wkt";
import { IdentityService } from "./gen/lifelong/identity/v1/identity_service_pb.js";
import { CatalogueService } from "./gen/lifelong/catalogue/v1/catalogue_service_pb.js";
import { EnrolmentService } from "./gen/lifelong/enrolment/v1/enrolment_service_pb.js";
import { ConsultingService } from "./gen/lifelong/consulting/v1/consulting_service_pb.js";
import { CommunityService } from "./gen/lifelong/community/v1/community_service_pb.js";
import { acceptLanguage } from "./errors.js";
import type { Language } from "./messages.js";

/** Where the session token lives; set `token` after Login, clear it on Logout. */
export interface Session {
  token?: string;
}

export function createSession(): Session {
  return {};
}

export type Protocol = "connect" | "connect-binary" | "grpc-web";

export interface ClientOptions {
  /** The gateway's base URL, e.g. "https://api.hanam.example". */
  baseUrl: string;
  session?: Session;
  /** "connect" (JSON, readable in the browser's network tab; the default),
   * "connect-binary" (protobuf) or "grpc-web". */
  protocol?: Protocol;
  /** Deadline of each call unless the call gives its own (timeoutMs). */
  timeoutMs?: number;
  /** Connect only: public reads (search, offerings, centres) go as
   * cacheable GETs. Default true. */
  useHttpGet?: boolean;
  /** The language of refusals' messages ("ko" or "en"), sent as
   * accept-language. Default: the browser's own Accept-Language (the server
   * answers Korean when it names neither). */
  language?: Language;
  /** For Node.js before 18 or tests; browsers use their fetch. */
  fetch?: typeof globalThis.fetch;
}

export interface LifelongClients {
  identity: Client<typeof IdentityService>;
  catalogue: Client<typeof CatalogueService>;
  enrolment: Client<typeof EnrolmentService>;
  consulting: Client<typeof ConsultingService>;
  community: Client<typeof CommunityService>;
  transport: Transport;
}

/** Adds `authorization: Bearer <token>` while the session has a token. */
export function bearer(session: Session): Interceptor {
  return (next) => async (req) => {
    if (session.token) req.header.set("authorization", `Bearer ${session.token}`);
    return next(req);
  };
}

/**
 * The catalogue's public reads, as the gateway's LIFELONG_GATEWAY_GET_METHODS
 * names them. Released protos cannot mark them NO_SIDE_EFFECTS without
 * breaking their contract (buf's RPC_SAME_IDEMPOTENCY_LEVEL), so the client
 * marks them here, which lets Connect send them as cacheable GETs. New read
 * RPCs carry the option in their proto instead.
 */
export const PUBLIC_READS = [
  CatalogueService.method.searchOfferings,
  CatalogueService.method.getOffering,
  CatalogueService.method.listOfferings,
  CatalogueService.method.getCentre,
  CatalogueService.method.listCentres,
  CatalogueService.method.getVenue,
  CatalogueService.method.listVenues,
  CatalogueService.method.listCategories,
  CatalogueService.method.getProgramme,
  CatalogueService.method.listProgrammes,
  EnrolmentService.method.verifyCertificate,
];
for (const m of PUBLIC_READS) {
  (m as { idempotency: MethodOptions_IdempotencyLevel }).idempotency =
    MethodOptions_IdempotencyLevel.NO_SIDE_EFFECTS;
}

export function createLifelongClients(options: ClientOptions): LifelongClients {
  const session = options.session ?? createSession();
  const common = {
    baseUrl: options.baseUrl.replace(/\/$/, ""),
    interceptors: options.language
      ? [bearer(session), acceptLanguage(options.language)]
      : [bearer(session)],
    defaultTimeoutMs: options.timeoutMs ?? 15000,
    fetch: options.fetch,
  };
  const protocol = options.protocol ?? "connect";
  const transport =
    protocol === "grpc-web"
      ? createGrpcWebTransport({ ...common, useBinaryFormat: true })
      : createConnectTransport({
          ...common,
          useBinaryFormat: protocol === "connect-binary",
          useHttpGet: options.useHttpGet ?? true,
        });
  return {
    identity: createClient(IdentityService, transport),
    catalogue: createClient(CatalogueService, transport),
    enrolment: createClient(EnrolmentService, transport),
    consulting: createClient(ConsultingService, transport),
    community: createClient(CommunityService, transport),
    transport,
  };
}

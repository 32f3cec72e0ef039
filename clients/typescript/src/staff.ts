// Staff display names for a course page or a whole page of search results:
// one BatchGetStaffProfiles call per 100 distinct names (public, cacheable
// GET), instead of one call per offering.
//
//   const res = await api.catalogue.searchOfferings({ text, view: catalogueV1.OfferingView.FULL });
//   const names = await staffDisplayNames(api.identity, res.offerings.map((o) => o.instructor));
//   names.get(o.instructor)   // "Moon Jaehyun"

import type { Client } from "@connectrpc/connect";
import { IdentityService } from "./gen/lifelong/identity/v1/identity_service_pb.js";

/** "staff/{uuid}" -> display name, for the non-empty names given (each asked
 * once). The call is all or nothing (AIP-231): an unknown name fails it with
 * NOT_FOUND (STAFF_NOT_FOUND; its message names the account). */
export async function staffDisplayNames(
  identity: Client<typeof IdentityService>,
  names: Iterable<string>,
): Promise<Map<string, string>> {
  const distinct = [...new Set([...names].filter((n) => n !== ""))];
  const out = new Map<string, string>();
  for (let i = 0; i < distinct.length; i += 100) {
    const { profiles } = await identity.batchGetStaffProfiles({ names: distinct.slice(i, i + 100) });
    for (const p of profiles) out.set(p.name, p.displayName);
  }
  return out;
}

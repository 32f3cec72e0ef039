// Staff display names for a course page or a whole page of search results:
// one BatchGetStaffProfiles call per 100 distinct names (public, cacheable
// GET), instead of one call per offering.
//
//   const res = await api.catalogue.searchOfferings({ text, view: catalogueV1.OfferingView.FULL });
//   const names = await staffDisplayNames(api.identity, res.offerings.map((o) => o.instructor));
//   names.get(o.instructor)   // "Moon Jaehyun"; undefined for a name identity does not know

import { Code, ConnectError, type Client } from "@connectrpc/connect";
import { IdentityService } from "./gen/lifelong/identity/v1/identity_service_pb.js";

/** "staff/{uuid}" -> display name, for the non-empty names given (each asked
 * once). The batch is all or nothing (AIP-231): when one name is unknown
 * (NOT_FOUND, e.g. an offering naming a staff account that does not exist),
 * the names of that batch are asked one by one and the unknown ones left
 * out, so one bad name never blanks a whole page. */
export async function staffDisplayNames(
  identity: Client<typeof IdentityService>,
  names: Iterable<string>,
): Promise<Map<string, string>> {
  const distinct = [...new Set([...names].filter((n) => n !== ""))];
  const out = new Map<string, string>();
  const ask = async (batch: string[]) => {
    const { profiles } = await identity.batchGetStaffProfiles({ names: batch });
    for (const p of profiles) out.set(p.name, p.displayName);
  };
  for (let i = 0; i < distinct.length; i += 100) {
    const batch = distinct.slice(i, i + 100);
    try {
      await ask(batch);
    } catch (e) {
      if (ConnectError.from(e).code !== Code.NotFound) throw e;
      if (batch.length === 1) continue;
      for (const name of batch) {
        await ask([name]).catch((one) => {
          if (ConnectError.from(one).code !== Code.NotFound) throw one;
        });
      }
    }
  }
  return out;
}

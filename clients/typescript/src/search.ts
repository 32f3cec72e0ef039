// Paging through search: each page's next_page_token asks for the next.
//
//   for await (const offering of searchAll(api.catalogue, { text: "탄소", pageSize: 50 })) ...

import type { Client } from "@connectrpc/connect";
import type { MessageInitShape } from "@bufbuild/protobuf";
import {
  CatalogueService,
  SearchOfferingsRequestSchema,
  type Offering,
} from "./gen/lifelong/catalogue/v1/catalogue_service_pb.js";

export async function* searchAll(
  catalogue: Client<typeof CatalogueService>,
  request: MessageInitShape<typeof SearchOfferingsRequestSchema>,
  maxPages = 100,
): AsyncGenerator<Offering> {
  let pageToken = "";
  for (let page = 0; page < maxPages; page++) {
    const res = await catalogue.searchOfferings({ ...request, pageToken });
    yield* res.offerings;
    if (!res.nextPageToken) return;
    pageToken = res.nextPageToken;
  }
}

/** A REST URL for search, for pages and open-data portals that want a plain
 * cacheable GET (docs/frontend/README.md lists the paths). */
export function searchUrl(baseUrl: string, query: Record<string, string | number | boolean | string[]>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    for (const one of Array.isArray(v) ? v : [v]) params.append(k, String(one));
  }
  return `${baseUrl.replace(/\/$/, "")}/v1/offerings:search?${params}`;
}

// The staff roster in two calls: a page of an offering's applications
// (enrolment's ListOfferingApplications) and the names and contacts of that
// page's people (identity's BatchGetCitizenContacts with the page's
// contact ticket). The ticket is good for 10 minutes and for the staff
// member who listed the page only; each person shown is recorded in their
// own access log (reason ROSTER, about the offering), so read contacts only
// for a page a person is going to see.
//
//   const page = await rosterPage(api, { parent: offering.name, filter: ROSTER_CONFIRMED, pageSize: 20 });
//   for (const { application, contact } of page.rows)
//     show(application.status, contact?.displayName ?? "", contact?.phone ?? "");
//   if (page.nextPageToken) next = await rosterPage(api, { parent, filter, pageSize: 20, pageToken: page.nextPageToken });

import type { Client } from "@connectrpc/connect";
import type { MessageInitShape } from "@bufbuild/protobuf";
import {
  EnrolmentService,
  ListOfferingApplicationsRequestSchema,
  type Application,
} from "./gen/lifelong/enrolment/v1/enrolment_service_pb.js";
import { IdentityService, type CitizenContact } from "./gen/lifelong/identity/v1/identity_service_pb.js";

/** The roster: those holding a seat. */
export const ROSTER_CONFIRMED = "status = CONFIRMED";
/** The waitlist, in waitlist order. */
export const ROSTER_WAITLISTED = "status = WAITLISTED";

export interface RosterRow {
  application: Application;
  /** Absent when the citizen's account was erased (or contacts were not asked for). */
  contact?: CitizenContact;
}

export interface RosterPage {
  rows: RosterRow[];
  /** Pass back as `pageToken` for the next page; "" on the last. */
  nextPageToken: string;
  /** When the page's contact ticket lapses (10 minutes after the list, by
   * this clock): list the page again to read contacts after that. */
  contactsValidUntil?: Date;
}

export interface RosterOptions {
  /** false: the applications only, no contact read (nothing is logged). */
  withContacts?: boolean;
}

/** One page of an offering's roster (`parent` "offerings/{uuid}", `filter`
 * e.g. ROSTER_CONFIRMED) with each person's name and contact: two calls. */
export async function rosterPage(
  api: { enrolment: Client<typeof EnrolmentService>; identity: Client<typeof IdentityService> },
  request: MessageInitShape<typeof ListOfferingApplicationsRequestSchema>,
  options: RosterOptions = {},
): Promise<RosterPage> {
  const listed = Date.now();
  const page = await api.enrolment.listOfferingApplications(request);
  const rows: RosterRow[] = page.applications.map((application) => ({ application }));
  if (options.withContacts === false || !page.contactTicket) {
    return { rows, nextPageToken: page.nextPageToken };
  }
  const { contacts } = await api.identity.batchGetCitizenContacts({ ticket: page.contactTicket });
  const byCitizen = new Map(contacts.map((c) => [c.citizen, c]));
  for (const row of rows) row.contact = byCitizen.get(row.application.citizen);
  return { rows, nextPageToken: page.nextPageToken, contactsValidUntil: new Date(listed + 10 * 60 * 1000) };
}

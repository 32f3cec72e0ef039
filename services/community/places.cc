#include "services/community/places.h"

#include "services/community/community_events.h"
#include "services/community/promotion.h"

namespace lifelong::community {
namespace {

constexpr char kWaiting[] = R"sql(
  SELECT id, group_size, COALESCE(person, '') FROM rsvps
  WHERE event_id = $1 AND status = 'waitlisted' ORDER BY seq FOR UPDATE)sql";

constexpr char kPromote[] =
    "UPDATE rsvps SET status = 'confirmed' WHERE id = $1 AND status = "
    "'waitlisted'";

constexpr char kPosition[] = R"sql(
  SELECT count(*) FROM rsvps w, rsvps me
  WHERE me.id = $2 AND w.event_id = $1 AND w.status = 'waitlisted'
    AND w.seq <= me.seq)sql";

}  // namespace

std::vector<std::string> SettlePlaces(pqxx::work& tx, const EventRow& event,
                                      PlacesRow& places) {
  std::vector<std::string> promoted;
  int free = places.capacity - places.confirmed - places.held;
  if (free > 0 && places.waitlisted > 0) {
    pqxx::result rows = tx.exec_params(kWaiting, event.id);
    std::vector<WaitingRsvp> queue;
    for (const pqxx::row& r : rows) {
      queue.push_back({r[0].as<std::string>(), r[1].as<int>()});
    }
    promoted = PickPromotions(free, queue);
    for (size_t i = 0; i < promoted.size(); ++i) {
      tx.exec_params(kPromote, promoted[i]);
      places.confirmed += queue[i].group_size;
      places.waitlisted -= queue[i].group_size;
    }
    for (size_t i = 0; i < promoted.size(); ++i) {
      ev::RsvpPromoted e;
      *e.mutable_activity() = ActivityOf(event);
      e.set_rsvp("rsvps/" + promoted[i]);
      e.set_person(rows[i][2].as<std::string>());
      e.set_group_size(queue[i].group_size);
      *e.mutable_counts() = CountsOf(places);
      AddEventToOutbox(tx, event, e);
    }
  }
  WritePlaces(tx, event.id, places);
  return promoted;
}

int WaitlistPosition(pqxx::work& tx, const std::string& event_id,
                     const std::string& rsvp_id) {
  return tx.exec_params(kPosition, event_id, rsvp_id)[0][0].as<int>();
}

}  // namespace lifelong::community

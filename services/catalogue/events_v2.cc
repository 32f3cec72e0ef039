#include "services/catalogue/events_v2.h"

#include "common/resource_name.h"

namespace lifelong::catalogue {
namespace {

namespace ev2 = events::v2;
namespace types = lifelong::types::v1;

ev2::LocalizedName NameV2(const v1::LocalizedText& t) {
  ev2::LocalizedName out;
  out.set_ko(t.ko());
  out.set_en(t.en());
  return out;
}

ev2::ApplicationWindow WindowV2(const v1::ApplicationWindow& w) {
  ev2::ApplicationWindow out;
  out.set_audience(static_cast<ev2::WindowAudience>(w.audience()));
  if (w.has_open_time()) *out.mutable_open_time() = w.open_time();
  if (w.has_close_time()) *out.mutable_close_time() = w.close_time();
  return out;
}

ev2::Fees FeesV2(const v1::Fees& f) {
  ev2::Fees out;
  out.set_fee_krw(f.fee_krw());
  out.set_over_65_discount_percent(f.over_65_discount_percent());
  for (int g : f.waived_for())
    out.add_waived_for(PriorityGroupV2(static_cast<v1::PriorityGroup>(g)));
  return out;
}

ev2::Eligibility EligibilityV2(const v1::Eligibility& e) {
  ev2::Eligibility out;
  out.set_residents_only(e.residents_only());
  out.set_workplace_counts(e.workplace_counts());
  out.set_min_age(e.min_age());
  out.set_max_age(e.max_age());
  for (int g : e.priority_groups_only()) {
    out.add_priority_groups_only(
        PriorityGroupV2(static_cast<v1::PriorityGroup>(g)));
  }
  return out;
}

}  // namespace

types::PriorityGroup PriorityGroupV2(v1::PriorityGroup g) {
  switch (g) {
    case v1::PRIORITY_GROUP_BASIC_LIVELIHOOD:
      return types::PRIORITY_GROUP_BASIC_LIVELIHOOD;
    case v1::PRIORITY_GROUP_DISABILITY:
      return types::PRIORITY_GROUP_DISABILITY;
    case v1::PRIORITY_GROUP_NATIONAL_MERIT:
      return types::PRIORITY_GROUP_NATIONAL_MERIT;
    case v1::PRIORITY_GROUP_SINGLE_PARENT:
      return types::PRIORITY_GROUP_SINGLE_PARENT;
    case v1::PRIORITY_GROUP_OVER_65:
      return types::PRIORITY_GROUP_OVER_65;
    default:
      return types::PRIORITY_GROUP_UNSPECIFIED;
  }
}

types::Language LanguageV2(const std::string& code) {
  std::string lower = common::CanonicalName(code);
  if (lower == "ko") return types::LANGUAGE_KO;
  if (lower == "en") return types::LANGUAGE_EN;
  return types::LANGUAGE_UNSPECIFIED;
}

ev2::Session SessionV2(const v1::Session& s) {
  ev2::Session out;
  out.set_session_id(s.session_id());
  if (s.has_start_time()) *out.mutable_start_time() = s.start_time();
  if (s.has_end_time()) *out.mutable_end_time() = s.end_time();
  out.set_state(static_cast<ev2::SessionState>(s.state()));
  return out;
}

ev2::Programme ProgrammeV2(const v1::Programme& p) {
  ev2::Programme out;
  out.set_name(common::CanonicalName(p.name()));
  out.set_centre(p.centre());
  if (p.has_title()) *out.mutable_title() = NameV2(p.title());
  out.set_category(p.category());
  for (int a : p.audiences()) out.add_audiences(static_cast<ev2::Audience>(a));
  out.set_min_age(p.min_age());
  out.set_max_age(p.max_age());
  out.set_instruction_language(LanguageV2(p.instruction_language()));
  out.set_level(static_cast<ev2::Level>(p.level()));
  for (const std::string& tag : p.sdg_tags()) out.add_sdg_tags(tag);
  out.set_training_step(static_cast<ev2::TrainingStep>(p.training_step()));
  for (const std::string& prerequisite : p.prerequisites())
    out.add_prerequisites(common::CanonicalName(prerequisite));
  out.set_state(static_cast<ev2::ProgrammeState>(p.state()));
  out.set_etag(p.etag());
  if (p.has_create_time()) *out.mutable_create_time() = p.create_time();
  if (p.has_update_time()) *out.mutable_update_time() = p.update_time();
  return out;
}

ev2::Offering OfferingV2(const v1::Offering& o) {
  ev2::Offering out;
  out.set_name(common::CanonicalName(o.name()));
  out.set_programme(common::CanonicalName(o.programme()));
  out.set_centre(o.centre());
  if (o.has_centre_display_name())
    *out.mutable_centre_display_name() = NameV2(o.centre_display_name());
  out.set_term(o.term());
  out.set_venue(o.venue());
  if (o.has_venue_display_name())
    *out.mutable_venue_display_name() = NameV2(o.venue_display_name());
  out.set_room(o.room());
  out.set_delivery(static_cast<ev2::Delivery>(o.delivery()));
  out.set_capacity(o.capacity());
  out.set_min_enrolment(o.min_enrolment());
  if (o.has_fees()) *out.mutable_fees() = FeesV2(o.fees());
  if (o.has_eligibility())
    *out.mutable_eligibility() = EligibilityV2(o.eligibility());
  out.set_selection(static_cast<ev2::SelectionMethod>(o.selection()));
  for (const v1::ApplicationWindow& w : o.windows())
    *out.add_windows() = WindowV2(w);
  out.set_limit_group(o.limit_group());
  for (const v1::SeatQuota& q : o.quotas()) {
    ev2::SeatQuota* quota = out.add_quotas();
    quota->set_group(PriorityGroupV2(q.group()));
    quota->set_seats(q.seats());
  }
  for (const v1::Session& s : o.sessions()) *out.add_sessions() = SessionV2(s);
  out.set_state(static_cast<ev2::OfferingState>(o.state()));
  if (o.has_title()) *out.mutable_title() = NameV2(o.title());
  out.set_etag(o.etag());
  if (o.has_create_time()) *out.mutable_create_time() = o.create_time();
  if (o.has_update_time()) *out.mutable_update_time() = o.update_time();
  return out;
}

ev2::ProgrammePublished ToV2(const events::v1::ProgrammePublished& e) {
  ev2::ProgrammePublished out;
  if (e.has_programme()) *out.mutable_programme() = ProgrammeV2(e.programme());
  return out;
}

ev2::OfferingPublished ToV2(const events::v1::OfferingPublished& e) {
  ev2::OfferingPublished out;
  if (e.has_offering()) *out.mutable_offering() = OfferingV2(e.offering());
  return out;
}

ev2::OfferingUpdated ToV2(const events::v1::OfferingUpdated& e) {
  ev2::OfferingUpdated out;
  if (e.has_offering()) *out.mutable_offering() = OfferingV2(e.offering());
  for (const std::string& field : e.changed_fields())
    out.add_changed_fields(field);
  return out;
}

ev2::OfferingCancelled ToV2(const events::v1::OfferingCancelled& e) {
  ev2::OfferingCancelled out;  // reason: free text, left out
  if (e.has_offering()) *out.mutable_offering() = OfferingV2(e.offering());
  return out;
}

ev2::SessionRescheduled ToV2(const events::v1::SessionRescheduled& e) {
  ev2::SessionRescheduled out;
  out.set_offering(common::CanonicalName(e.offering()));
  if (e.has_session()) *out.mutable_session() = SessionV2(e.session());
  out.set_etag(e.etag());
  return out;
}

ev2::SessionCancelled ToV2(const events::v1::SessionCancelled& e) {
  ev2::SessionCancelled out;
  out.set_offering(common::CanonicalName(e.offering()));
  if (e.has_session()) *out.mutable_session() = SessionV2(e.session());
  out.set_etag(e.etag());
  return out;
}

}  // namespace lifelong::catalogue

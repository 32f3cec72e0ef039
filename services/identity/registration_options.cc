#include "services/identity/registration_options.h"

namespace lifelong::identity {
namespace {

struct Group {
  v1::PriorityGroup group;
  const char* name_ko;
  const char* name_en;
  std::vector<const char*> documents_ko;
  std::vector<const char*> documents_en;
};

// Korean municipal practice: the groups that get priority places or fee
// waivers, and the certificates a community centre (주민센터) or
// Government24 issues for each.
const std::vector<Group>& Groups() {
  static const std::vector<Group> kGroups = {
      {v1::PRIORITY_GROUP_BASIC_LIVELIHOOD,
       "기초생활수급자",
       "Basic livelihood security recipient",
       {"수급자 증명서"},
       {"Certificate of basic livelihood security recipient"}},
      {v1::PRIORITY_GROUP_DISABILITY,
       "등록 장애인",
       "Registered person with a disability",
       {"장애인 등록증 (복지카드)", "장애인 증명서"},
       {"Disability registration card (welfare card)",
        "Certificate of disability"}},
      {v1::PRIORITY_GROUP_NATIONAL_MERIT,
       "국가유공자 및 그 가족",
       "Person of national merit, or their family",
       {"국가유공자증 또는 유족증", "국가유공자 (유족) 확인원"},
       {"National merit card or bereaved family card",
        "Confirmation of national merit (or bereaved family) status"}},
      {v1::PRIORITY_GROUP_SINGLE_PARENT,
       "한부모가족",
       "Single-parent family",
       {"한부모가족 증명서"},
       {"Certificate of single-parent family"}},
  };
  return kGroups;
}

}  // namespace

v1::GetRegistrationOptionsResponse RegistrationOptions(
    const std::vector<std::string>& districts,
    const std::map<std::string, std::string>& names_ko, int current_year) {
  v1::GetRegistrationOptionsResponse form;
  for (const std::string& code : districts) {
    v1::DistrictOption* d = form.add_districts();
    d->set_code(code);
    auto ko = names_ko.find(code);
    d->set_name_ko(ko == names_ko.end() ? code : ko->second);
    d->set_name_en(code + "-dong");
  }
  struct {
    v1::Language language;
    const char* ko;
    const char* en;
  } const kLanguages[] = {{v1::LANGUAGE_KO, "한국어", "Korean"},
                          {v1::LANGUAGE_EN, "영어", "English"}};
  for (const auto& l : kLanguages) {
    v1::LanguageOption* o = form.add_languages();
    o->set_language(l.language);
    o->set_name_ko(l.ko);
    o->set_name_en(l.en);
  }
  for (const Group& g : Groups()) {
    v1::PriorityGroupOption* o = form.add_priority_groups();
    o->set_group(g.group);
    o->set_name_ko(g.name_ko);
    o->set_name_en(g.name_en);
    for (const char* d : g.documents_ko) o->add_documents_ko(d);
    for (const char* d : g.documents_en) o->add_documents_en(d);
  }
  form.set_senior_age(kSeniorAge);
  form.set_min_birth_year(1900);
  form.set_max_birth_year(current_year);
  return form;
}

}  // namespace lifelong::identity

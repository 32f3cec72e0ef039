// Checks that a message maps every field of another, for event payloads
// that own their messages (v2) beside ones that embed the API's (v1): fill
// every field of the source, map it, and expect each field carried by name
// or listed as left out. The check walks descriptors, so a field added to
// the source later fails until someone decides what the mapping does.
//
//   v1::Offering o;
//   FillEveryField(&o);
//   ExpectCarried(o, OfferingV2(o), "Offering", {"...Offering.instructor"});
#pragma once

#include <google/protobuf/message.h>

#include <set>
#include <string>

namespace lifelong::testing {

// Sets every field of `m`, recursively (one element of each repeated
// field), to a value that is not the default: enums their highest value,
// strings a name with an upper-case uuid, numbers distinct per field.
void FillEveryField(google::protobuf::Message* m);

// Every field of `from` whose full name is not in `left_out` has a field of
// the same name in `to` holding the same value: strings equal or made
// lower-case (a canonical name), or an enum that is set (a code mapped to
// an enum); enums keep their numbers; messages compared field by field.
void ExpectCarried(const google::protobuf::Message& from,
                   const google::protobuf::Message& to, const std::string& path,
                   const std::set<std::string>& left_out);

}  // namespace lifelong::testing

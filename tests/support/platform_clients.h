// Clients of the running platform for system tests: channels to the services
// of the test stack, sessions, and the few steps every cross-service test
// takes (a registered citizen, an offering open for applications).
//
//   auto identity = iv1::IdentityService::NewStub(ServiceChannel("IDENTITY"));
//   std::string admin = LogIn(*identity, kAdminEmail, kAdminPassword);
//   std::string offering = OpenFirstComeOffering(*catalogue, admin, "run1",
//   40);
#pragma once

#include <grpcpp/grpcpp.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "lifelong/catalogue/v1/catalogue_service.grpc.pb.h"
#include "lifelong/identity/v1/identity_service.grpc.pb.h"

namespace lifelong::testing {

// The first admin that deploy/local configures.
inline constexpr char kAdminEmail[] = "admin@hanam.example";
inline constexpr char kAdminPassword[] = "Hanam-Lifelong-2026!";
inline constexpr char kCitizenPassword[] = "Correct-Horse-42";

// LIFELONG_<SERVICE>_ADDR of the test stack ("IDENTITY", "CATALOGUE", ...).
std::shared_ptr<grpc::Channel> ServiceChannel(const std::string& service);

// A context with `authorization: Bearer <token>` (none when empty) and a
// 10-second deadline.
std::unique_ptr<grpc::ClientContext> Bearer(const std::string& token);

std::string LogIn(identity::v1::IdentityService::Stub& identity,
                  const std::string& login, const std::string& password);

// Registers a citizen of Misa (email "<key>@example.kr") and returns the
// response; the password is kCitizenPassword.
identity::v1::RegisterCitizenResponse RegisterCitizen(
    identity::v1::IdentityService::Stub& identity, const std::string& key,
    int birth_year);

// A new staff account ("<key>-staff@hanam.example", password
// kCitizenPassword) granted `role` in each of `scopes` ("centres/misa"; ""
// for a city-wide role). Returns its name, "staff/{uuid}".
std::string CreateStaff(identity::v1::IdentityService::Stub& identity,
                        const std::string& admin, const std::string& key,
                        identity::v1::Role role,
                        const std::vector<std::string>& scopes);

// A new centre with a published programme and a published online
// offering whose window opened an hour ago; `edit` changes the offering
// before it is created (the defaults: first-come, window open 7 days, one
// session 10 days ahead). Returns the offering's name.
std::string OpenOffering(
    catalogue::v1::CatalogueService::Stub& catalogue, const std::string& admin,
    const std::string& key,
    const std::function<void(catalogue::v1::Offering&)>& edit);

// OpenOffering with `capacity` seats, first-come.
std::string OpenFirstComeOffering(
    catalogue::v1::CatalogueService::Stub& catalogue, const std::string& admin,
    const std::string& key, int capacity);

}  // namespace lifelong::testing

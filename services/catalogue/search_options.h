// The search form's lists (GetSearchOptions): each value of the enums a
// search filters on, with its Korean and English names, built from the
// enums' descriptors so that a new value without names is caught by a test.
//
//   v1::GetSearchOptionsResponse lists = SearchOptions();
#pragma once

#include <string>

#include "lifelong/catalogue/v1/catalogue_service.pb.h"

namespace lifelong::catalogue {

// Every list; a value without names is left out (SearchOptionsTest fails).
v1::GetSearchOptionsResponse SearchOptions();

// The names of one value ("AUDIENCE_OLDER_ADULTS"), or nullptr.
const v1::LocalizedText* SearchOptionName(const std::string& value);

}  // namespace lifelong::catalogue

#pragma once

#include <string>
#include <vector>

#include "config/config_error.h"
#include "config/model/policy_model.h"

namespace schoolgate::config {

/// What `schoolgate catalogue check` says beyond what compile_policy() refuses: the catalogue's own
/// bookkeeping, which the engine never reads but people keeping the list rely on.
struct CatalogueReview {
    ConfigErrors errors;  ///< mistakes: the file should not be shipped (or used) as it is
    ConfigErrors notes;   ///< facts worth knowing: overlapping suffixes and which one decides
};

/// Reviews the services of `model` (the shipped catalogue's and any a school or trust adds):
///  * every `sources:` key is a reference the catalogue defines, and names only the service's own domains
///    and ranges ('*' for all its ranges); with `sources_required`, the catalogue's own services must have
///    a source for every domain and range, and the catalogue a version and a date;
///  * every `shares:` entry names a known service and domains that service lists;
///  * a domain listed under one service inside another service's domain is a note: the longest suffix
///    decides (youtubei.googleapis.com is youtube even if a school lists googleapis.com for another).
CatalogueReview review_catalogue(const model::PolicyModel& model, bool sources_required);

}  // namespace schoolgate::config

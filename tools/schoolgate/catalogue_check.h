#pragma once

#include <string>

namespace schoolgate::tools {

/// `schoolgate catalogue check [FILE]`. Without FILE: the catalogue itself (shape, conflicts, groups, a
/// version and date, a source for every domain and range, `shares:` naming real entries, nDPI names this
/// nDPI knows). With FILE: a trust's additions (a YAML file of services:, groups:, references:) or a school's
/// policy, checked together with the catalogue; or a plain domains or ranges list file (docs/policy.md, "Big
/// lists"), whose entries the catalogue already names are pointed out. Prints mistakes as FILE:LINE:COL:
/// path: message, facts as "note: ...", then one summary line. Exit 0, or 2 on any mistake.
int run_catalogue_check(const std::string& catalogue_path, const std::string& file);

}  // namespace schoolgate::tools

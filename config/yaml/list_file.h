#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "common/net/cidr.h"
#include "config/config_error.h"
#include "config/model/policy_model_base.h"

namespace schoolgate::config::yaml {

/// Plain list files: the way to big lists (docs/policy.md, "Big lists"). A service in the policy or the
/// catalogue names one with `domains_file:` or `ip_ranges_file:`, written relative to that YAML file.
///
/// Format: UTF-8 text, one entry a line (a domain as in `domains:`, or a block or bare address as in
/// `ip_ranges:`). Everything from `#` to the end of a line is a comment; blank lines are skipped; spaces,
/// tabs and the CR of a Windows line end around an entry are trimmed; a UTF-8 byte-order mark is skipped.
///
/// YAML files stay capped at 4 MiB (kMaxYamlFileBytes); a list file may be far bigger, because it is read
/// line by line with no parser in between. This cap only stops a wrong file (a disk image, a log) from
/// being read into memory: 256 MiB is about ten million domains.
inline constexpr std::uintmax_t kMaxListFileBytes = 256 * 1024 * 1024;
/// Bad lines reported one by one before the rest are summed up in one more error: a wrong file (a CSV, a
/// hosts file of a million lines) should not print a million lines.
inline constexpr std::size_t kMaxListFileErrors = 100;

/// Appends the domains of the list file at `path` (resolved) to `domains`, normalised as `domains:`
/// entries are. Each mistake is appended to `errors` under `key_path` ("services.gambling.domains_file"):
/// a bad line at its line and column with what to write instead (up to kMaxListFileErrors of them), a
/// domain listed twice at its second line (and left out), a file over kMaxListFileBytes, a file that is not
/// UTF-8 text and a file with no entries at the file; a file that cannot be read at `named_at`, where the
/// YAML names it. Lines and columns are 1-based. Throws nothing. Returns the number of domains appended.
std::size_t read_domains_file(const std::string& path, const std::string& key_path, const model::SourceMark& named_at,
                              std::vector<std::string>& domains, ConfigErrors& errors);

/// The same for address blocks (`ip_ranges_file:`): each line a block such as 157.240.0.0/16 or
/// 2a03:2880::/32, or a bare address (a /32 or /128); host bits set are an error, as in `ip_ranges:`.
std::size_t read_ranges_file(const std::string& path, const std::string& key_path, const model::SourceMark& named_at,
                             std::vector<net::Cidr>& ranges, ConfigErrors& errors);

}  // namespace schoolgate::config::yaml

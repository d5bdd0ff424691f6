#include "config/yaml/list_file.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string_view>
#include <utility>

#include "classifiers/host_name.h"
#include "common/net/keyed_hash.h"
#include "config/yaml/yaml_file.h"

namespace schoolgate::config::yaml {

namespace {

// Blanks around and inside entries. Tested byte by byte with a switch: string_view's find_first_not_of
// searches the set with a call per byte, which made it a third of the time to read a million lines.
constexpr bool is_blank(char c) noexcept { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }

bool has_blank(std::string_view text) noexcept { return std::any_of(text.begin(), text.end(), is_blank); }

std::string_view trimmed(std::string_view text) noexcept {
    while (!text.empty() && is_blank(text.front())) text.remove_prefix(1);
    while (!text.empty() && is_blank(text.back())) text.remove_suffix(1);
    return text;
}
constexpr std::size_t kNone = static_cast<std::size_t>(-1);

// Bad lines of one file, reported one by one up to kMaxListFileErrors and then summed up.
class LineErrors {
public:
    LineErrors(const std::string& path, const std::string& key_path, ConfigErrors& errors)
        : path_(path), key_path_(key_path), errors_(errors) {}

    void report(int line, int column, std::string message) {
        if (++count_ <= kMaxListFileErrors) {
            errors_.push_back({path_, line, column, key_path_, std::move(message)});
        } else if (count_ == kMaxListFileErrors + 1) {
            hidden_line_ = line;
            hidden_column_ = column;
        }
    }
    void finish() {
        if (count_ <= kMaxListFileErrors) return;
        errors_.push_back({path_, hidden_line_, hidden_column_, key_path_,
                           std::to_string(count_ - kMaxListFileErrors) +
                               " more bad lines from here on are not shown (fix the ones above first; check this is "
                               "the right file)"});
    }
    std::size_t count() const noexcept { return count_; }

private:
    const std::string& path_;
    const std::string& key_path_;
    ConfigErrors& errors_;
    std::size_t count_ = 0;
    int hidden_line_ = 0;
    int hidden_column_ = 0;
};

// Finds entries of one file seen before without a node per entry: an open-addressing set of indices into
// the entries kept so far (4 bytes a slot, at most half full), keyed with a random seed so that a list
// cannot be written to make this quadratic.
template <typename T, typename Hash>
class RepeatFinder {
public:
    RepeatFinder(const std::vector<T>& entries, Hash hash) : entries_(entries), hash_(std::move(hash)) {}

    // Remembers entries[index] and returns kNone, or returns the index of an equal entry remembered before.
    std::size_t remember(std::size_t index) {
        if ((used_ + 1) * 2 > slots_.size()) grow();
        const std::size_t mask = slots_.size() - 1;
        std::size_t i = hash_(entries_[index]) & mask;
        for (; slots_[i] != 0; i = (i + 1) & mask) {
            if (entries_[slots_[i] - 1] == entries_[index]) return slots_[i] - 1;
        }
        slots_[i] = static_cast<std::uint32_t>(index + 1);  // a 256 MiB file has far fewer than 2^32 lines
        ++used_;
        return kNone;
    }

private:
    void grow() {
        std::vector<std::uint32_t> bigger(std::max<std::size_t>(1024, slots_.size() * 2), 0);
        const std::size_t mask = bigger.size() - 1;
        for (const std::uint32_t slot : slots_) {
            if (slot == 0) continue;
            std::size_t i = hash_(entries_[slot - 1]) & mask;
            while (bigger[i] != 0) i = (i + 1) & mask;
            bigger[i] = slot;
        }
        slots_ = std::move(bigger);
    }

    const std::vector<T>& entries_;
    Hash hash_;
    std::vector<std::uint32_t> slots_;  ///< index + 1; 0 = empty
    std::size_t used_ = 0;
};

// An entry as it appears in a message: at most 80 bytes (cut on a character boundary), control bytes as \xNN,
// so that a line of binary or a terminal escape cannot garble `schoolgate check`.
std::string quoted(std::string_view entry) {
    constexpr std::size_t kShown = 80;
    bool cut = false;
    if (entry.size() > kShown) {
        std::size_t end = kShown;
        while (end > 0 && (static_cast<unsigned char>(entry[end]) & 0xC0) == 0x80) --end;
        entry = entry.substr(0, end);
        cut = true;
    }
    std::string text = "'";
    for (const char c : entry) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte == 0x7f) {
            char hex[8];
            std::snprintf(hex, sizeof hex, "\\x%02x", static_cast<unsigned>(byte));
            text += hex;
        } else {
            text += c;
        }
    }
    return text + (cut ? "...'" : "'");
}

// The file's text, or std::nullopt after reporting why it cannot be used.
std::optional<std::string> load_text(const std::string& path, const std::string& key_path,
                                     const model::SourceMark& named_at, ConfigErrors& errors) {
    std::error_code error;
    const auto unreadable = [&] {
        errors.push_back({named_at.file, named_at.line, named_at.column, key_path,
                          "cannot read the list file " + path +
                              " (check the path, written relative to this file, and that it is a regular file)"});
        return std::nullopt;
    };
    if (!std::filesystem::is_regular_file(path, error)) return unreadable();
    const auto size = std::filesystem::file_size(path, error);
    if (error) return unreadable();
    if (size > kMaxListFileBytes) {
        errors.push_back({path, 0, 0, key_path,
                          "is " + std::to_string(size) + " bytes, more than the " + std::to_string(kMaxListFileBytes) +
                              " (256 MiB, about ten million domains) a list file may have (check this is the right "
                              "file)"});
        return std::nullopt;
    }
    std::ifstream in{path, std::ios::binary};
    std::string text(static_cast<std::size_t>(size), '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    if (!in || in.gcount() != static_cast<std::streamsize>(text.size())) return unreadable();  // changed under us
    if (const auto bad = first_non_text_byte(text); bad != std::string_view::npos) {
        const std::string_view before = std::string_view{text}.substr(0, bad);
        const auto line_start = before.rfind('\n');
        const int line = 1 + static_cast<int>(std::count(before.begin(), before.end(), '\n'));
        const std::string_view row = line_start == std::string_view::npos ? before : before.substr(line_start + 1);
        const int column = 1 + static_cast<int>(std::count_if(row.begin(), row.end(), [](char c) {
                               return (static_cast<unsigned char>(c) & 0xC0) != 0x80;  // characters, not bytes
                           }));
        char hex[8];
        std::snprintf(hex, sizeof hex, "0x%02x", static_cast<unsigned>(static_cast<unsigned char>(text[bad])));
        errors.push_back({path, line, column, key_path,
                          std::string{"is not a text file: byte "} + hex +
                              " is not UTF-8 text (save it as UTF-8 text, one entry a line; check this is the right "
                              "file)"});
        return std::nullopt;
    }
    return text;
}

// Calls on_entry(entry, line, column) for each line that holds anything once its comment and the blanks
// around it are gone.
template <typename OnEntry>
void for_each_entry(std::string_view text, OnEntry&& on_entry) {
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // a UTF-8 byte-order mark (Windows Notepad)
    int line = 0;
    while (!text.empty()) {
        ++line;
        const auto newline = text.find('\n');
        std::string_view row = text.substr(0, newline);
        text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
        const std::string_view entry = trimmed(row.substr(0, row.find('#')));
        if (entry.empty()) continue;
        on_entry(entry, line, static_cast<int>(entry.data() - row.data()) + 1);
    }
}

// What a list holds, for messages.
struct Kind {
    std::string_view noun;     // "domain"
    std::string_view example;  // "example.com"
};

// Reads the entries of one file into `out` with parse(entry, report) -> std::optional<T> (which reports a bad
// entry itself), leaving out and reporting repeats.
template <typename T, typename Parse, typename Hash>
std::size_t read_list(const std::string& path, const std::string& key_path, const model::SourceMark& named_at,
                      const Kind& kind, std::vector<T>& out, ConfigErrors& errors, Parse&& parse, Hash hash) {
    const auto text = load_text(path, key_path, named_at, errors);
    if (!text) return 0;
    LineErrors bad{path, key_path, errors};
    RepeatFinder<T, Hash> repeats{out, std::move(hash)};
    std::vector<int> lines;  // the line of each entry kept, from out[first] on
    const std::size_t first = out.size();
    std::size_t entries = 0;
    for_each_entry(*text, [&](std::string_view entry, int line, int column) {
        ++entries;
        auto value = parse(entry, [&](std::string message) { bad.report(line, column, std::move(message)); });
        if (!value) return;
        out.push_back(std::move(*value));
        if (const auto earlier = repeats.remember(out.size() - 1); earlier != kNone) {
            out.pop_back();
            bad.report(line, column, quoted(entry) + " is listed twice (first on line " +
                                         std::to_string(lines[earlier - first]) + "; list each " +
                                         std::string{kind.noun} + " once)");
            return;
        }
        lines.push_back(line);
    });
    bad.finish();
    if (entries == 0) {
        errors.push_back({path, 0, 0, key_path,
                          "holds no entries (write one " + std::string{kind.noun} + " a line, as " +
                              std::string{kind.example} + "; an empty list is often a download that failed)"});
    }
    return out.size() - first;
}

// The words of an entry that holds blanks inside: "0.0.0.0 ads.example" -> ["0.0.0.0", "ads.example"].
std::vector<std::string_view> words_of(std::string_view entry) {
    std::vector<std::string_view> words;
    while (!entry.empty()) {
        const auto end = static_cast<std::size_t>(std::find_if(entry.begin(), entry.end(), is_blank) - entry.begin());
        words.push_back(entry.substr(0, end));
        entry = trimmed(entry.substr(end));
    }
    return words;
}

bool is_printable(std::string_view text) {
    return std::none_of(text.begin(), text.end(), [](char c) {
        return static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) == 0x7f;
    });
}

}  // namespace

std::size_t read_domains_file(const std::string& path, const std::string& key_path, const model::SourceMark& named_at,
                              std::vector<std::string>& domains, ConfigErrors& errors) {
    const auto parse = [](std::string_view entry, const auto& report) -> std::optional<std::string> {
        if (has_blank(entry)) {
            const auto words = words_of(entry);
            // "0.0.0.0 ads.example" (a hosts file, the usual shape of downloaded blocklists).
            const bool hosts_line = words.size() == 2 && net::IpAddress::parse(words[0]).has_value();
            report(quoted(entry) + " holds more than one entry (write one domain a line" +
                   (hosts_line ? ": of a hosts-file line only the name, " + quoted(words[1]) : std::string{", as example.com"}) +
                   ")");
            return std::nullopt;
        }
        if (entry.starts_with("*.")) {
            report(quoted(entry) + " is not a domain name (write " + quoted(entry.substr(2)) +
                   " without '*.': a domain already matches all its subdomains)");
            return std::nullopt;
        }
        auto normalised = classifiers::normalise_host_name(entry);
        if (!normalised || normalised->find('*') != std::string::npos) {
            report(quoted(entry) + " is not a domain name (write it as example.com: no scheme, path or wildcard)");
            return std::nullopt;
        }
        return normalised;
    };
    const auto hash = [seed = net::hash_start(net::random_hash_seed())](const std::string& domain) {
        return net::absorb_bytes(seed, domain);
    };
    return read_list(path, key_path, named_at, Kind{"domain", "example.com"}, domains, errors, parse, hash);
}

std::size_t read_ranges_file(const std::string& path, const std::string& key_path, const model::SourceMark& named_at,
                             std::vector<net::Cidr>& ranges, ConfigErrors& errors) {
    constexpr std::string_view kHow = "write a block as 157.240.0.0/16 or 2a03:2880::/32";
    const auto parse = [&](std::string_view entry, const auto& report) -> std::optional<net::Cidr> {
        if (has_blank(entry)) {
            report(quoted(entry) + " holds more than one entry (write one block a line, as 157.240.0.0/16; a range " +
                   "such as 10.0.0.0 - 10.0.0.255 as the blocks that cover it)");
            return std::nullopt;
        }
        auto cidr = net::Cidr::parse(entry);
        if (!cidr.ok()) {
            // The same words as an ip_ranges: entry (Cidr::parse quotes what it could not read).
            report((is_printable(entry) ? cidr.error() : quoted(entry) + " is not an address block") + " (" +
                   std::string{kHow} + ")");
            return std::nullopt;
        }
        return cidr.value();
    };
    const auto hash = [seed = net::hash_start(net::random_hash_seed())](const net::Cidr& block) {
        const auto bytes = block.network().bytes();
        const std::string_view text{reinterpret_cast<const char*>(bytes.data()), bytes.size()};  // 4 or 16 bytes
        return net::absorb_bytes(seed ^ block.prefix_length(), text);
    };
    return read_list(path, key_path, named_at, Kind{"block", "157.240.0.0/16"}, ranges, errors, parse, hash);
}

}  // namespace schoolgate::config::yaml

#include "config/identity/directory.h"

#include <algorithm>

#include "config/identity/limits.h"
#include "config/identity/text_lines.h"

namespace schoolgate::config::identity {

namespace {

constexpr std::string_view kPath = "identity.directory";
constexpr std::size_t kColumns = 4;

std::string lower(std::string_view text) {
    std::string out{text};
    for (auto& c : out) c = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    return out;
}

// One CSV line's fields (RFC 4180, one line: a quoted field may hold commas and "" but not a line end).
struct CsvField {
    std::string text;
    std::uint32_t column = 0;
};

std::optional<std::vector<CsvField>> csv_fields(std::string_view line, std::uint32_t number, const std::string& file,
                                                ConfigErrors& errors) {
    std::vector<CsvField> fields;
    std::size_t i = 0;
    for (;;) {
        CsvField field{{}, static_cast<std::uint32_t>(i + 1)};
        if (i < line.size() && line[i] == '"') {
            ++i;
            for (;; ++i) {
                if (i >= line.size()) {
                    errors.push_back({file, static_cast<int>(number), static_cast<int>(field.column), std::string{kPath},
                                      "the quote opened here is not closed on this line (close it with \", write a "
                                      "quote inside as \"\")"});
                    return std::nullopt;
                }
                if (line[i] == '"' && i + 1 < line.size() && line[i + 1] == '"') {
                    field.text.push_back('"');
                    ++i;
                } else if (line[i] == '"') {
                    ++i;
                    break;
                } else {
                    field.text.push_back(line[i]);
                }
            }
        }
        while (i < line.size() && line[i] != ',') field.text.push_back(line[i++]);
        if (field.text.size() > kMaxFieldBytes || fields.size() >= kColumns) {
            errors.push_back({file, static_cast<int>(number), static_cast<int>(field.column), std::string{kPath},
                              field.text.size() > kMaxFieldBytes ? "this field is longer than 256 bytes (is this the directory export?)"
                                                                 : "more than 4 fields (quote a field that holds a comma: \"Smith, Jo\")"});
            return std::nullopt;
        }
        fields.push_back(std::move(field));
        if (i >= line.size()) return fields;
        ++i;  // the comma
    }
}

bool good_username(std::string_view name) {
    return std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
               c == '_' || c == '@';
    });
}

}  // namespace

class DirectoryBuilder {
public:
    DirectoryBuilder(const std::string& file, ConfigErrors& errors) : errors_(errors) { directory_.file_ = file; }
    void header(const std::vector<CsvField>& fields, std::uint32_t line);
    void person(std::vector<CsvField> fields, std::uint32_t line);
    Directory take() { return std::move(directory_); }

private:
    void error(std::uint32_t line, std::uint32_t column, std::string message) {
        errors_.push_back({directory_.file_, static_cast<int>(line), static_cast<int>(column), std::string{kPath},
                           std::move(message)});
    }
    bool add_device(Person& person, std::string_view device, std::uint32_t line, std::uint32_t column);

    Directory directory_;
    ConfigErrors& errors_;
};

void DirectoryBuilder::header(const std::vector<CsvField>& fields, std::uint32_t line) {
    static const std::string_view kNames[kColumns] = {"username", "display_name", "role", "devices"};
    for (std::size_t i = 0; i < kColumns; ++i) {
        if (i >= fields.size() || lower(fields[i].text) != kNames[i]) {
            error(line, i < fields.size() ? fields[i].column : 1,
                  "the first line must be the header 'username,display_name,role,devices' (export those four columns "
                  "in that order)");
            return;
        }
    }
}

bool DirectoryBuilder::add_device(Person& person, std::string_view device, std::uint32_t line, std::uint32_t column) {
    const std::size_t index = directory_.people_.size();
    if (const auto mac = net::MacAddress::parse(device)) {
        if (!directory_.by_mac_.emplace(*mac, index).second) {
            error(line, column, "device " + mac->to_string() + " is listed for " +
                                    directory_.people_[directory_.by_mac_[*mac]].username + " already (a device has one owner)");
            return false;
        }
        person.macs.push_back(*mac);
        return true;
    }
    auto host = host_name(device);
    if (!host) {
        error(line, column, "device '" + shown(device) + "' is neither a MAC address (02:00:5e:10:00:01) nor a DHCP host name (letters, digits, '-')");
        return false;
    }
    if (const auto it = directory_.by_host_.find(*host); it != directory_.by_host_.end()) {
        error(line, column, "device " + *host + " is listed for " + directory_.people_[it->second].username +
                                " already (a device has one owner)");
        return false;
    }
    directory_.by_host_.emplace(*host, index);
    person.hosts.push_back(std::move(*host));
    return true;
}

void DirectoryBuilder::person(std::vector<CsvField> fields, std::uint32_t line) {
    if (fields.size() != kColumns) {
        error(line, 1, "has " + std::to_string(fields.size()) + " fields, not 4 (username,display_name,role,devices; leave devices empty if none)");
        return;
    }
    Person person{fields[0].text, fields[1].text, fields[2].text, {}, {}, line, fields[2].column};
    if (person.username.empty() || !good_username(person.username)) {
        error(line, fields[0].column, person.username.empty() ? "the username is empty (every person needs the id events will carry)"
                                                              : "username '" + shown(person.username) + "' may hold only letters, digits, '.', '-', '_' and '@'");
        return;
    }
    if (person.role.empty()) {
        error(line, fields[2].column, "the role is empty (name one of the policy's roles, e.g. pupil or staff)");
        return;
    }
    if (!directory_.by_username_.emplace(lower(person.username), directory_.people_.size()).second) {
        error(line, fields[0].column, "username " + person.username + " is listed twice (keep one line per person)");
        return;
    }
    const auto devices = split_words(fields[3].text, kMaxDevicesPerPerson);
    if (devices.size() > kMaxDevicesPerPerson) error(line, fields[3].column, "more than 64 devices for one person");
    bool good = devices.size() <= kMaxDevicesPerPerson;
    for (std::size_t i = 0; good && i < devices.size(); ++i) {
        good = add_device(person, devices[i].text, line, fields[3].column + devices[i].column - 1);
    }
    directory_.people_.push_back(std::move(person));
}

Result<Directory, ConfigErrors> parse_directory_csv(std::span<const std::uint8_t> bytes, const std::string& file) {
    using Parsed = Result<Directory, ConfigErrors>;
    ConfigErrors errors;
    std::string_view text = as_text(bytes);
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // the BOM spreadsheets write
    if (bytes.size() > kMaxDirectoryBytes) {
        errors.push_back({file, 0, 0, std::string{kPath}, "is larger than 16 MiB (is this the directory export?)"});
        return Parsed::failure(std::move(errors));
    }
    DirectoryBuilder builder{file, errors};
    LineCursor lines{text};
    TextLine line;
    bool header_seen = false;
    std::size_t people = 0;
    while (lines.next(line) && errors.size() < kMaxIssues) {
        if (line.text.empty()) continue;
        auto fields = csv_fields(line.text, line.number, file, errors);
        if (!fields) continue;
        if (!header_seen) {
            builder.header(*fields, line.number);
            header_seen = true;
        } else if (++people > kMaxDirectoryPeople) {
            errors.push_back({file, static_cast<int>(line.number), 1, std::string{kPath}, "more than 100,000 people"});
            break;
        } else {
            builder.person(std::move(*fields), line.number);
        }
    }
    if (!header_seen) errors.push_back({file, 0, 0, std::string{kPath}, "is empty (export username,display_name,role,devices)"});
    if (!errors.empty()) return Parsed::failure(std::move(errors));
    return Parsed::success(builder.take());
}

const Person* Directory::find_user(std::string_view username) const {
    // The engine asks with the directory's own (usually lower-case) usernames: no copy for those.
    if (const auto exact = by_username_.find(username); exact != by_username_.end()) return &people_[exact->second];
    auto key = lower(username);
    auto it = by_username_.find(key);
    if (it == by_username_.end()) {
        const auto at = key.find('@');
        if (at != std::string::npos) it = by_username_.find(key.substr(0, at));
    }
    return it == by_username_.end() ? nullptr : &people_[it->second];
}

const Person* Directory::find_device(const std::optional<net::MacAddress>& mac, std::string_view host) const {
    if (mac) {
        if (const auto it = by_mac_.find(*mac); it != by_mac_.end()) return &people_[it->second];
    }
    if (!host.empty()) {
        if (const auto it = by_host_.find(host); it != by_host_.end()) return &people_[it->second];
    }
    return nullptr;
}

}  // namespace schoolgate::config::identity

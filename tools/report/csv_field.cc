#include "tools/report/csv_field.h"

namespace schoolgate::tools::report {

namespace {

bool starts_a_formula(std::string_view text) {
    if (text.empty()) return false;
    switch (text.front()) {
    case '=':
    case '+':
    case '-':
    case '@':
    case '\t':
    case '\r': return true;
    default: return false;
    }
}

}  // namespace

std::string csv_field(std::string_view text) {
    std::string value = starts_a_formula(text) ? "'" + std::string{text} : std::string{text};
    if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
    std::string quoted = "\"";
    for (const char c : value) {
        if (c == '"') quoted += "\"\"";
        else quoted.push_back(c);
    }
    quoted.push_back('"');
    return quoted;
}

std::string csv_row(const std::vector<std::string>& fields) {
    std::string row;
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i > 0) row.push_back(',');
        row += csv_field(fields[i]);
    }
    row += "\r\n";
    return row;
}

}  // namespace schoolgate::tools::report

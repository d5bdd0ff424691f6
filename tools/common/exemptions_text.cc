#include "tools/common/exemptions_text.h"

#include <vector>

namespace schoolgate::tools {

namespace {

// Lines with their line ends, so that joining them gives back the exact text.
std::vector<std::string> split_lines(const std::string& text) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        const auto end = text.find('\n', start);
        const auto stop = end == std::string::npos ? text.size() : end + 1;
        lines.push_back(text.substr(start, stop - start));
        start = stop;
    }
    return lines;
}

std::string join(const std::vector<std::string>& lines) {
    std::string text;
    for (const auto& line : lines) text += line;
    return text;
}

std::string without_line_end(const std::string& line) {
    auto end = line.size();
    while (end > 0 && (line[end - 1] == '\n' || line[end - 1] == '\r')) --end;
    return line.substr(0, end);
}

std::size_t indent_of(const std::string& line) { return line.find_first_not_of(' '); }

// Blank or only a comment: belongs to no entry.
bool is_filler(const std::string& line) {
    const auto body = without_line_end(line);
    const auto first = body.find_first_not_of(" \t");
    return first == std::string::npos || body[first] == '#';
}

bool starts_item(const std::string& line, std::size_t column) {
    const auto body = without_line_end(line);
    return body.size() > column && body[column] == '-' && (body.size() == column + 1 || body[column + 1] == ' ');
}

struct Entry {
    std::size_t first = 0;  ///< its `-` line
    std::size_t end = 0;    ///< one past its last content line
};

struct Layout {
    std::size_t key_line = 0;
    std::string key_comment;  ///< what followed the key, e.g. " # none yet"
    std::size_t dash_column = 2;  ///< where an empty list's first item goes
    std::vector<Entry> entries;
};

// The `exemptions:` key and its block sequence; nullopt for any shape this editor does not know.
std::optional<Layout> find_layout(const std::vector<std::string>& lines) {
    Layout layout;
    std::size_t i = 0;
    while (i < lines.size() && without_line_end(lines[i]).rfind("exemptions:", 0) != 0) ++i;
    if (i == lines.size()) return std::nullopt;
    layout.key_line = i;
    std::string rest = without_line_end(lines[i]).substr(11);
    const auto hash = rest.find('#');
    if (hash != std::string::npos) {
        const auto before = rest.find_last_not_of(" \t", hash == 0 ? 0 : hash - 1);
        layout.key_comment = rest.substr(before == std::string::npos || hash == 0 ? 0 : before + 1);  // " # ..." as written
    }
    rest = rest.substr(0, hash == std::string::npos ? rest.size() : hash);
    const auto value = rest.find_first_not_of(" \t");
    if (value != std::string::npos) {
        const auto last = rest.find_last_not_of(" \t");
        if (rest.substr(value, last - value + 1) != "[]") return std::nullopt;  // a flow sequence with items
        return layout;
    }
    std::optional<std::size_t> dash;
    for (++i; i < lines.size(); ++i) {
        if (is_filler(lines[i])) continue;
        const auto indent = indent_of(lines[i]);
        if (indent == std::string::npos || lines[i][indent] == '\t') return std::nullopt;
        if (!dash) {
            if (!starts_item(lines[i], indent)) break;  // the key held nothing: another key follows
            dash = indent;
        }
        if (indent == *dash && starts_item(lines[i], indent)) {
            layout.entries.push_back({i, i + 1});
        } else if (indent > *dash && !layout.entries.empty()) {
            layout.entries.back().end = i + 1;
        } else {
            break;  // the sequence has ended
        }
    }
    if (dash) layout.dash_column = *dash;
    return layout;
}

}  // namespace

std::optional<std::string> ExemptionsText::with_entry_added(const std::string& text, const std::string& entry) {
    auto lines = split_lines(text);
    if (!lines.empty() && lines.back().back() != '\n') lines.back() += '\n';
    const auto layout = find_layout(lines);
    std::vector<std::string> added;
    std::size_t at = lines.size();
    if (!layout) {
        for (const auto& line : lines) {
            if (line.rfind("exemptions:", 0) == 0) return std::nullopt;  // a shape not understood
        }
        added.push_back("exemptions:\n");  // a file of comments only: the key goes at the end
    } else if (layout->entries.empty()) {
        lines[layout->key_line] = "exemptions:" + layout->key_comment + "\n";
        at = layout->key_line + 1;
    } else {
        at = layout->entries.back().end;
    }
    const std::string indent(layout ? layout->dash_column : 2, ' ');
    for (const auto& line : split_lines(entry)) {
        // Every line of the entry moves right, a block scalar's too; only empty lines stay empty.
        added.push_back(without_line_end(line).empty() ? line : indent + line);
        if (added.back().back() != '\n') added.back() += '\n';
    }
    lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(at), added.begin(), added.end());
    return join(lines);
}

std::optional<std::string> ExemptionsText::with_entry_removed(const std::string& text, std::size_t index) {
    auto lines = split_lines(text);
    const auto layout = find_layout(lines);
    if (!layout || index >= layout->entries.size()) return std::nullopt;
    const auto& entry = layout->entries[index];
    lines.erase(lines.begin() + static_cast<std::ptrdiff_t>(entry.first), lines.begin() + static_cast<std::ptrdiff_t>(entry.end));
    // The last one gone: an explicit empty list (a bare `exemptions:` would be null, not a list).
    if (layout->entries.size() == 1) lines[layout->key_line] = "exemptions: []" + layout->key_comment + "\n";
    return join(lines);
}

}  // namespace schoolgate::tools

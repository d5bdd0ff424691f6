#include "tools/report/line_reader.h"

namespace schoolgate::tools::report {

LineStatus BoundedLineReader::next(std::string& line) {
    line.clear();
    bool too_long = false;
    bool any = false;
    using Traits = std::istream::traits_type;
    // The stream buffer directly: one virtual call per byte is plenty for event logs of a few hundred MB.
    std::streambuf* buffer = in_.rdbuf();
    Traits::int_type c = Traits::eof();
    while (buffer && (c = buffer->sbumpc()) != Traits::eof()) {
        any = true;
        if (c == '\n') break;
        if (line.size() < max_bytes_) {
            line.push_back(static_cast<char>(c));
        } else {
            too_long = true;  // keep reading to the newline, keep nothing
        }
    }
    if (!any) return LineStatus::End;
    ++line_number_;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (too_long) {
        line.clear();
        return LineStatus::TooLong;
    }
    return c == '\n' ? LineStatus::Line : LineStatus::LastLine;
}

}  // namespace schoolgate::tools::report

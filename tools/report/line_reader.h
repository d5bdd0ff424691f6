#pragma once

#include <cstddef>
#include <istream>
#include <string>

namespace schoolgate::tools::report {

/// What one call to BoundedLineReader::next() found.
enum class LineStatus {
    Line,      ///< a whole line (without its '\n' or "\r\n")
    LastLine,  ///< text after the final '\n' (a writer killed mid-line leaves one)
    TooLong,   ///< longer than the limit; the rest of it was read and thrown away
    End,
};

/// Reads lines of at most `max_bytes` without ever holding more than that in memory, so one enormous
/// "line" (a corrupt or hostile file) costs a bounded buffer, not all of RAM.
class BoundedLineReader {
public:
    BoundedLineReader(std::istream& in, std::size_t max_bytes) : in_{in}, max_bytes_{max_bytes} {}

    LineStatus next(std::string& line);
    std::size_t line_number() const noexcept { return line_number_; }  ///< 1-based number of the last line read

private:
    std::istream& in_;
    std::size_t max_bytes_;
    std::size_t line_number_ = 0;
};

}  // namespace schoolgate::tools::report

#include "tools/report/terminal_text.h"

namespace schoolgate::tools::report {

std::string terminal_safe(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if (byte < 0x20 || byte == 0x7f) {
            out.push_back('?');
        } else if (byte == 0xc2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
                   static_cast<unsigned char>(text[i + 1]) <= 0x9f) {
            out.push_back('?');  // U+0080..U+009F in UTF-8: C1 controls (0x9b is CSI)
            ++i;
        } else {
            out.push_back(text[i]);
        }
    }
    return out;
}

}  // namespace schoolgate::tools::report

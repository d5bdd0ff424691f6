// Fuzz target: the Timetable page's import of a local authority's term dates (tools/console/ics_import.h,
// read with libical): the bytes of an uploaded .ics file, as a dsl or headteacher account can send them.
// Besides "no crash, no UB, and it ends" it checks what the preview relies on: every date read is a real
// day, a term's half terms lie inside it, and the import survives the trip through the confirm form's JSON
// (import_json, then import_from_json, gives the same terms and closures).

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "tools/console/ics_import.h"

namespace console = schoolgate::tools::console;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text{reinterpret_cast<const char*>(data), size};
    const std::vector<console::IcsTerm> existing{{"Spring term", date::local_days{date::year{2028} / 1 / 4},
                                                  date::local_days{date::year{2028} / 3 / 31}, {}}};
    const auto read = console::read_term_dates_ics(text, existing);
    if (!read.ok()) return 0;
    const auto& import = read.value();
    for (const auto& term : import.terms) {
        if (term.last < term.first) std::abort();
        for (const auto& half : term.half_terms) {
            if (half.first < term.first || term.last < half.last) std::abort();
        }
    }
    for (const auto& closure : import.closures) {
        if (closure.last < closure.first || (closure.kind != "inset" && closure.kind != "closure")) std::abort();
    }
    const auto again = console::import_from_json(console::import_json(import).dump());
    if (!again.ok() || again.value().terms.size() != import.terms.size() || again.value().closures.size() != import.closures.size()) {
        std::abort();
    }
    return 0;
}

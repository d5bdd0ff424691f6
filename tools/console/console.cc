#include "tools/console/console.h"

#include <chrono>

#include "tools/common/policy_loading.h"

namespace schoolgate::tools::console {

std::int64_t Console::now() const {
    return std::chrono::duration_cast<std::chrono::seconds>(clock->wall_now().time_since_epoch()).count();
}

bool Console::audit(const std::string& who, const std::string& action, const std::string& what, const std::string& before,
                    const std::string& after) {
    return store->append_audit({now(), who, action, what, before, after}).ok();
}

std::string display_name(const Console&, const std::string& person) {
    // The policy's ids are what the events carry; the directory's display names are resolved here once the
    // identity sources exist (docs/console.md, "Names").
    return person;
}

}  // namespace schoolgate::tools::console

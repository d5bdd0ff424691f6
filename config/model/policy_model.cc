#include "config/model/policy_model.h"

namespace schoolgate::config::model {

std::string_view action_name(Action action) noexcept {
    switch (action) {
        case Action::Allow: return "allow";
        case Action::Block: return "block";
        case Action::Monitor: return "monitor";
    }
    return "allow";
}

}  // namespace schoolgate::config::model

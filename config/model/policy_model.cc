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

namespace schoolgate::config::model {

std::string_view technique_action_name(TechniqueAction action) noexcept {
    switch (action) {
        case TechniqueAction::Log: return "log";
        case TechniqueAction::Block: return "block";
        case TechniqueAction::Alert: return "alert";
    }
    return "log";
}

}  // namespace schoolgate::config::model

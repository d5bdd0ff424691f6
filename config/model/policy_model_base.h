#pragma once

#include <string>
#include <vector>

namespace schoolgate::config::model {

/// Where a value was written, so that compile-time checks can point at it.
struct SourceMark {
    std::string file;
    int line = 0;
    int column = 0;
};

enum class Action { Allow, Block, Monitor };

/// Who a rule applies to; a subject matches if any list names it. All empty = everyone.
struct WhoModel {
    std::vector<std::string> roles;
    std::vector<std::string> users;
    std::vector<std::string> networks;
    SourceMark mark;
};

}  // namespace schoolgate::config::model

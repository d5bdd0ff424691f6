#include "config/config_error.h"

namespace schoolgate::config {

std::string ConfigError::to_string() const {
    std::string text = file;
    if (line > 0) text += ":" + std::to_string(line) + ":" + std::to_string(column);
    text += ": ";
    if (!path.empty()) text += path + ": ";
    return text + message;
}

}  // namespace schoolgate::config

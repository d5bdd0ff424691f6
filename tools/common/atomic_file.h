#pragma once

#include <string>

#include "common/result.h"

namespace schoolgate::tools {

/// Replaces `path` with `contents` so that a crash leaves either the old file or the new one, never a
/// mix: write a temporary file in the same directory, fsync it, keep the old file as `path.bak`, rename
/// the temporary over `path`, fsync the directory. The new file gets `mode`. On failure `path` is unchanged.
Result<void, std::string> replace_file_atomically(const std::string& path, const std::string& contents, unsigned mode);

/// Appends one line (a newline is added) to `path` with O_APPEND, creating it with `mode`; fsyncs.
Result<void, std::string> append_line(const std::string& path, const std::string& line, unsigned mode);

}  // namespace schoolgate::tools

// Must NOT compile cleanly: a Result that nobody looks at is an error dropped on the floor, and Result is
// [[nodiscard]] so that the compiler says so (tests/CMakeLists.txt expects the warning in the output).
#include <string>

#include "common/result.h"

namespace {
schoolgate::Result<int, std::string> might_fail() { return schoolgate::Result<int, std::string>::success(1); }
schoolgate::Result<void, std::string> might_fail_too() { return schoolgate::Result<void, std::string>::success(); }
}  // namespace

int main() {
    might_fail();
    might_fail_too();
}

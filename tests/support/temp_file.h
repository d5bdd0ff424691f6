#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

namespace schoolgate::test {

/// A file with the given contents that is deleted when the object goes out of scope.
class TempFile {
public:
    explicit TempFile(const std::string& contents, const std::string& suffix = ".yaml") {
        std::string pattern = (std::filesystem::temp_directory_path() / ("sg-test-XXXXXX" + suffix)).string();
        const int fd = mkstemps(pattern.data(), static_cast<int>(suffix.size()));
        if (fd >= 0) close(fd);
        path_ = pattern;
        std::ofstream{path_, std::ios::binary} << contents;
    }
    ~TempFile() { std::filesystem::remove(path_); }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;

    const std::string& path() const { return path_; }

private:
    std::string path_;
};

}  // namespace schoolgate::test

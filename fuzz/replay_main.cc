// The corpus-replay driver: with the normal compiler (no libFuzzer), each fuzz target is linked with this
// main and feeds every file of the directories (or the files) named on its command line to
// LLVMFuzzerTestOneInput, in name order. CTest runs it over fuzz/corpus/<target>/ in the default build and
// under ASan+UBSan (preset `sanitize`); a crash, sanitizer report or abort fails the test.
//
// Usage: <target>_fuzz_replay DIR_OR_FILE...

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

std::vector<std::filesystem::path> inputs_of(const std::filesystem::path& place) {
    std::vector<std::filesystem::path> files;
    if (std::filesystem::is_directory(place)) {
        for (const auto& entry : std::filesystem::directory_iterator{place}) {
            if (entry.is_regular_file()) files.push_back(entry.path());
        }
        std::sort(files.begin(), files.end());
    } else {
        files.push_back(place);
    }
    return files;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: " << argv[0] << " DIR_OR_FILE...\n";
        return 64;
    }
    std::size_t replayed = 0;
    for (int i = 1; i < argc; ++i) {
        for (const auto& path : inputs_of(argv[i])) {
            std::ifstream in{path, std::ios::binary};
            if (!in) {
                std::cerr << path.string() << ": cannot read\n";
                return 1;
            }
            const std::vector<char> bytes{std::istreambuf_iterator<char>{in}, std::istreambuf_iterator<char>{}};
            std::cout << "replaying " << path.filename().string() << " (" << bytes.size() << " bytes)" << std::endl;
            // A zero-length input still needs a valid pointer, as libFuzzer gives.
            static const std::uint8_t empty = 0;
            const auto* data = bytes.empty() ? &empty : reinterpret_cast<const std::uint8_t*>(bytes.data());
            LLVMFuzzerTestOneInput(data, bytes.size());
            ++replayed;
        }
    }
    if (replayed == 0) {
        std::cerr << "no inputs found\n";
        return 1;
    }
    std::cout << replayed << " inputs replayed, no crash\n";
    return 0;
}

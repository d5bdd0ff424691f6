#pragma once

// Helpers shared by the fuzz targets: a small reader that turns the first bytes of a fuzz input into
// choices (segment sizes, order, link type), splitting a stream into segments, and a scratch file for the
// loaders whose API takes a path. Header-only; std-only except for mkdtemp/getpid.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <span>
#include <string>
#include <unistd.h>
#include <vector>

namespace schoolgate::fuzz {

using Bytes = std::span<const std::uint8_t>;

/// Reads choices from the front of a fuzz input. Past the end every read yields 0, so any input is usable.
class Choices {
public:
    explicit Choices(Bytes data) noexcept : data_(data) {}

    std::uint8_t u8() noexcept {
        if (data_.empty()) return 0;
        const std::uint8_t value = data_.front();
        data_ = data_.subspan(1);
        return value;
    }
    // Big-endian. The two reads are separate statements: C++ leaves the evaluation order of `|`'s operands
    // unspecified, so `(u8() << 8) | u8()` may read the bytes in either order, and a seed could mean one
    // thing to clang's libFuzzer build and another to GCC's corpus replay.
    std::uint16_t u16() noexcept {
        const std::uint8_t high = u8();
        const std::uint8_t low = u8();
        return static_cast<std::uint16_t>((high << 8) | low);
    }
    std::uint32_t u32() noexcept {
        const std::uint16_t high = u16();
        const std::uint16_t low = u16();
        return (std::uint32_t{high} << 16) | low;
    }
    /// Up to `count` bytes (fewer at the end).
    Bytes take(std::size_t count) noexcept {
        const std::size_t n = std::min(count, data_.size());
        const Bytes out = data_.first(n);
        data_ = data_.subspan(n);
        return out;
    }
    /// Everything not read yet.
    Bytes rest() const noexcept { return data_; }

private:
    Bytes data_;
};

/// One piece of a stream: where it starts and its bytes (a view of the stream).
struct Piece {
    std::size_t offset = 0;
    Bytes bytes;
};

/// Cuts `stream` into pieces at the positions weights[i] / 255 of its length (duplicate cuts merge), then
/// reorders them with a small deterministic shuffle seeded by `order` (0 keeps stream order).
inline std::vector<Piece> split_stream(Bytes stream, std::span<const std::uint8_t> weights, std::uint8_t order) {
    std::vector<std::size_t> cuts{0, stream.size()};
    for (const std::uint8_t weight : weights) cuts.push_back(stream.size() * weight / 255);
    std::sort(cuts.begin(), cuts.end());
    cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
    std::vector<Piece> pieces;
    for (std::size_t i = 0; i + 1 < cuts.size(); ++i) {
        pieces.push_back({cuts[i], stream.subspan(cuts[i], cuts[i + 1] - cuts[i])});
    }
    std::uint32_t state = order;
    for (std::size_t i = pieces.size(); order != 0 && i > 1; --i) {
        state = state * 1103515245u + 12345u;  // an LCG is enough: the fuzzer explores the seed byte
        std::swap(pieces[i - 1], pieces[(state >> 16) % i]);
    }
    return pieces;
}

/// A file under a private temporary directory, rewritten for each input (the policy, exemptions and pcap
/// readers take a path). Removed at exit. Not thread-safe: libFuzzer runs one input at a time.
class ScratchFile {
public:
    explicit ScratchFile(const std::string& name) {
        std::string pattern = (std::filesystem::temp_directory_path() / "sg-fuzz-XXXXXX").string();
        if (mkdtemp(pattern.data()) == nullptr) std::abort();
        dir_ = pattern;
        path_ = (std::filesystem::path{dir_} / name).string();
    }
    ~ScratchFile() {
        std::error_code ignored;
        std::filesystem::remove_all(dir_, ignored);
    }
    ScratchFile(const ScratchFile&) = delete;
    ScratchFile& operator=(const ScratchFile&) = delete;

    /// Replaces the file's contents with `data`; returns its path.
    const std::string& write(Bytes data) const {
        std::FILE* file = std::fopen(path_.c_str(), "wb");
        if (file == nullptr) std::abort();
        if (!data.empty() && std::fwrite(data.data(), 1, data.size(), file) != data.size()) std::abort();
        std::fclose(file);
        return path_;
    }
    const std::string& path() const noexcept { return path_; }
    const std::string& dir() const noexcept { return dir_; }

private:
    std::string dir_;
    std::string path_;
};

}  // namespace schoolgate::fuzz

#include "config/timetable/civil_text.h"

#include <array>
#include <charconv>
#include <cstdio>
#include <vector>

namespace schoolgate::config::timetable {

namespace {

// Splits on any of `separators` into unsigned numbers of 1..max_digits digits; std::nullopt on anything else.
std::optional<std::vector<unsigned>> numbers(std::string_view text, std::string_view separators,
                                             std::size_t max_digits) {
    std::vector<unsigned> parts;
    while (true) {
        const std::size_t cut = text.find_first_of(separators);
        const std::string_view part = text.substr(0, cut);
        unsigned value = 0;
        const auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), value);
        if (part.empty() || part.size() > max_digits || ec != std::errc{} || end != part.data() + part.size()) {
            return std::nullopt;
        }
        parts.push_back(value);
        if (cut == std::string_view::npos) return parts;
        text.remove_prefix(cut + 1);
    }
}

std::optional<date::local_days> make_date(unsigned y, unsigned m, unsigned d) {
    // date::day and date::month keep only a byte, so 271 would wrap to a valid 15.
    if (m > 12 || d > 31) return std::nullopt;
    const date::year_month_day ymd{date::year{static_cast<int>(y)}, date::month{m}, date::day{d}};
    if (!ymd.ok()) return std::nullopt;
    return date::local_days{ymd};
}

// The date someone most likely meant: ISO with missing zeros, or the UK day/month/year order.
std::optional<date::local_days> lenient_date(std::string_view text) {
    if (const auto parts = numbers(text, "-", 4); parts && parts->size() == 3 && (*parts)[0] >= 1000) {
        return make_date((*parts)[0], (*parts)[1], (*parts)[2]);
    }
    if (const auto parts = numbers(text, "/.", 4); parts && parts->size() == 3 && (*parts)[2] >= 1000) {
        return make_date((*parts)[2], (*parts)[1], (*parts)[0]);
    }
    return std::nullopt;
}

}  // namespace

std::optional<std::chrono::minutes> parse_clock(std::string_view text) noexcept {
    if (text.size() != 5 || text[2] != ':') return std::nullopt;
    const auto parts = numbers(text, ":", 2);
    if (!parts || parts->size() != 2 || (*parts)[0] > 23 || (*parts)[1] > 59) return std::nullopt;
    return std::chrono::hours{(*parts)[0]} + std::chrono::minutes{(*parts)[1]};
}

std::string clock_fix(std::string_view text) {
    const auto parts = numbers(text, ":.", 2);
    if (parts && parts->size() == 2 && (*parts)[0] <= 23 && (*parts)[1] <= 59) {
        return "write it as " + format_clock(std::chrono::hours{(*parts)[0]} + std::chrono::minutes{(*parts)[1]});
    }
    return "write it as HH:MM in 24-hour time, e.g. 13:15";
}

std::string format_clock(std::chrono::minutes time) {
    std::array<char, 8> text{};
    std::snprintf(text.data(), text.size(), "%02d:%02d", static_cast<int>(time.count() / 60),
                  static_cast<int>(time.count() % 60));
    return text.data();
}

std::optional<date::local_days> parse_date(std::string_view text) noexcept {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    const auto parts = numbers(text, "-", 4);
    if (!parts || parts->size() != 3) return std::nullopt;
    return make_date((*parts)[0], (*parts)[1], (*parts)[2]);
}

std::string date_fix(std::string_view text) {
    if (const auto meant = lenient_date(text)) return "write it as " + format_date(*meant);
    return "write it as YYYY-MM-DD, e.g. 2025-09-03";
}

std::string format_date(date::local_days day) {
    const date::year_month_day ymd{day};
    std::array<char, 16> text{};
    std::snprintf(text.data(), text.size(), "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    return text.data();
}

}  // namespace schoolgate::config::timetable

#include "tools/report/svg_chart.h"

#include <algorithm>

#include "tools/report/html_escape.h"

namespace schoolgate::tools::report {

namespace {

constexpr int kBarChartWidth = 640;
constexpr int kLabelWidth = 300;
constexpr int kBarRowHeight = 24;
constexpr int kBarAreaWidth = kBarChartWidth - kLabelWidth - 60;  // room for the count after the bar
constexpr std::size_t kMaxLabelBytes = 44;

constexpr int kTimelineHeight = 260;
constexpr int kTimelinePlotHeight = 170;
constexpr int kTimelineMaxWidth = 1100;  // a term of days still fits the page: columns get narrower
constexpr int kTimelineLeft = 50;
constexpr const char* kBlockedColour = "#c0392b";
constexpr const char* kCircumventionColour = "#d68910";
constexpr const char* kMonitoredColour = "#2e86c1";

std::string number(long long value) { return std::to_string(value); }

std::string text_element(int x, int y, std::string_view anchor, std::string_view text, std::string_view extra = "") {
    return "<text x=\"" + number(x) + "\" y=\"" + number(y) + "\" text-anchor=\"" + std::string{anchor} + "\"" +
           std::string{extra} + ">" + html_escape(text) + "</text>";
}

std::string rect(long long x, long long y, long long width, long long height, std::string_view colour) {
    return "<rect x=\"" + number(x) + "\" y=\"" + number(y) + "\" width=\"" + number(width) + "\" height=\"" +
           number(height) + "\" fill=\"" + std::string{colour} + "\"/>";
}

}  // namespace

std::string fit_label(std::string_view text, std::size_t max_bytes) {
    if (text.size() <= max_bytes) return std::string{text};
    std::size_t cut = max_bytes;
    // Back up to the start of a UTF-8 character (continuation bytes are 10xxxxxx).
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xc0) == 0x80) --cut;
    return std::string{text.substr(0, cut)} + "\xE2\x80\xA6";
}

std::string svg_bar_chart(std::string_view title, const Tally& rows, std::string_view colour) {
    const int height = 30 + kBarRowHeight * std::max<int>(1, static_cast<int>(rows.size()));
    std::size_t largest = 1;
    for (const auto& row : rows) largest = std::max(largest, row.second);
    std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"" + number(kBarChartWidth) +
                      "\" height=\"" + number(height) + "\" role=\"img\" aria-label=\"" + html_escape(title) + "\">";
    svg += "<title>" + html_escape(title) + "</title>";
    svg += text_element(0, 16, "start", title, " class=\"chart-title\"");
    if (rows.empty()) return svg + text_element(0, 44, "start", "none") + "</svg>";
    int y = 30;
    for (const auto& [label, count] : rows) {
        const auto width = static_cast<long long>(count) * kBarAreaWidth / static_cast<long long>(largest);
        svg += text_element(kLabelWidth - 8, y + 16, "end", fit_label(label, kMaxLabelBytes));
        svg += rect(kLabelWidth, y + 3, std::max<long long>(width, 2), kBarRowHeight - 6, colour);
        svg += text_element(kLabelWidth + static_cast<int>(width) + 6, y + 16, "start", number(static_cast<long long>(count)));
        y += kBarRowHeight;
    }
    return svg + "</svg>";
}

std::string svg_timeline(std::string_view title, const std::vector<TimelineBucket>& buckets) {
    const int columns = std::max<int>(1, static_cast<int>(buckets.size()));
    const int column_width = std::clamp(kTimelineMaxWidth / columns, 12, 84);
    const int label_every = (80 + column_width - 1) / column_width;  // labels need about 80 px
    const int width = kTimelineLeft + columns * column_width + 20;
    std::size_t largest = 1;
    for (const auto& b : buckets) largest = std::max(largest, b.blocked + b.circumvention + b.monitored);
    std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"" + number(std::max(width, 420)) +
                      "\" height=\"" + number(kTimelineHeight) + "\" role=\"img\" aria-label=\"" + html_escape(title) + "\">";
    svg += "<title>" + html_escape(title) + "</title>";
    svg += text_element(0, 16, "start", title, " class=\"chart-title\"");
    const int base = 30 + kTimelinePlotHeight;
    svg += "<line x1=\"" + number(kTimelineLeft) + "\" y1=\"" + number(base) + "\" x2=\"" +
           number(kTimelineLeft + columns * column_width) + "\" y2=\"" + number(base) + "\" stroke=\"#555\"/>";
    svg += text_element(kTimelineLeft - 6, 38, "end", number(static_cast<long long>(largest)));
    svg += text_element(kTimelineLeft - 6, base, "end", "0");
    int x = kTimelineLeft + 4;
    int index = 0;
    for (const auto& b : buckets) {
        const int bar_width = std::max(column_width - 8, 6);
        long long top = base;
        const auto segment = [&](std::size_t count, const char* colour) {
            if (count == 0) return;
            const auto h = std::max<long long>(1, static_cast<long long>(count) * kTimelinePlotHeight / static_cast<long long>(largest));
            top -= h;
            svg += rect(x, top, bar_width, h, colour);
        };
        segment(b.blocked, kBlockedColour);
        segment(b.circumvention, kCircumventionColour);
        segment(b.monitored, kMonitoredColour);
        const auto total = static_cast<long long>(b.blocked + b.circumvention + b.monitored);
        if (column_width >= 30) svg += text_element(x + bar_width / 2, static_cast<int>(top) - 4, "middle", number(total));
        if (index++ % label_every == 0) {
            svg += text_element(x + bar_width / 2, base + 16, "middle", fit_label(b.label, 10), " class=\"axis\"");
        }
        x += column_width;
    }
    const int legend_y = kTimelineHeight - 18;
    int legend_x = kTimelineLeft;
    for (const auto& [label, colour] : {std::pair{"blocked", kBlockedColour}, std::pair{"circumvention", kCircumventionColour},
                                        std::pair{"monitored", kMonitoredColour}}) {
        svg += rect(legend_x, legend_y - 10, 12, 12, colour);
        svg += text_element(legend_x + 16, legend_y, "start", label);
        legend_x += 130;
    }
    return svg + "</svg>";
}

}  // namespace schoolgate::tools::report

#include "classifiers/circumvention/technique.h"

#include <array>

namespace schoolgate::classifiers {

namespace {

struct TechniqueText {
    std::string_view name;
    std::string_view family;
    std::string_view label;
};

constexpr std::array<TechniqueText, kTechniqueCount> kTexts{{
#define SG_TECHNIQUE_TEXT(name, wire, family, label) {wire, family, label},
    SG_TECHNIQUE_LIST(SG_TECHNIQUE_TEXT)
#undef SG_TECHNIQUE_TEXT
}};

const TechniqueText& text(Technique technique) noexcept { return kTexts[static_cast<std::size_t>(technique)]; }

}  // namespace

std::string_view technique_name(Technique technique) noexcept { return text(technique).name; }
std::string_view technique_family(Technique technique) noexcept { return text(technique).family; }
std::string_view technique_label(Technique technique) noexcept { return text(technique).label; }

std::optional<Technique> technique_from_name(std::string_view name) noexcept {
    for (std::size_t i = 0; i < kTexts.size(); ++i) {
        if (kTexts[i].name == name) return static_cast<Technique>(i);
    }
    return std::nullopt;
}

std::string_view confidence_name(Confidence confidence) noexcept {
    switch (confidence) {
        case Confidence::Low: return "low";
        case Confidence::Medium: return "medium";
        case Confidence::High: return "high";
    }
    return "low";
}

}  // namespace schoolgate::classifiers

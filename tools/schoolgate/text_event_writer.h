#pragma once

#include <cstdio>

#include "gateway/events/event_sink.h"

namespace schoolgate::tools {

/// One readable line per event, for people watching a replay (`replay --format text`):
/// "10:15:00 BLOCK  pupil 10.20.0.50 -> www.instagram.com [instagram, tls] pupils-never, P2 (lesson)".
/// The JSON lines stay the product format; this is a view of them.
class TextEventWriter final : public gateway::events::EventSink {
public:
    explicit TextEventWriter(std::FILE* out) noexcept : out_(out) {}
    void record(const gateway::events::VerdictEvent& event) override;
    void record(const gateway::events::AlertEvent& event) override;

private:
    std::FILE* out_;
};

}  // namespace schoolgate::tools

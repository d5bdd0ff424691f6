#include "gateway/engine/inspection_engine.h"
#include "gateway/events/verdict_event_builder.h"

namespace schoolgate::gateway::engine {

// A decided flow's event, then the alert its technique raises, if any.
void InspectionEngine::record(const flow::FlowEntry& flow, const classifiers::Observations& observations,
                              const config::Subject& subject, const policy::Assessment& assessment,
                              std::uint64_t at_us) {
    const WallTime at{std::chrono::microseconds{at_us}};
    sink_.record(events::build_verdict_event(events::record_facts(flow), observations, subject, assessment, *snapshot_, at));
    ++counters_.events_written;
    const DecidedFlow decided{flow.client_address(), subject, observations, assessment.decision, at};
    if (auto alert = alerts_.for_technique(*snapshot_, decided)) {
        sink_.record(*alert);
        ++counters_.alerts_raised;
    }
}

}  // namespace schoolgate::gateway::engine

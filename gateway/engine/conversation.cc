// Conversations: flows that carry one message after another on the same 5-tuple (DNS queries on one
// socket, HTTP/1.x requests on a keep-alive or pipelined connection, QUIC client Initials). Each message is
// decided on its own by the one decision path (decide_and_record -> policy::assess_flow), and the flow stays
// inspected while it can still carry a new one.
#include "classifiers/limits.h"
#include "gateway/engine/inspection_engine.h"

namespace schoolgate::gateway::engine {

// Every message the last packet named, in order: a pipelined request or a second DNS message in the same
// segment is decided too, not only the last. A block holds for the rest of the flow, except where each
// message is a datagram of its own (DNS over UDP): there this packet's verdict is its own messages'.
void InspectionEngine::decide_messages(flow::FlowEntry& flow) {
    auto& seen = flow.inspector->observations();
    bool blocked = flow.blocked;
    // Read in place (deciding reads the observations, never new_messages), then freed: a conversation may
    // wait long for its next message, and a buffer kept by every waiting flow cost 10 MB of 262,144 DNS
    // flows (bench/under-attack).
    for (const auto& message : seen.new_messages) {
        // The same name as the message before, with no new technique: the same facts, so the same answer
        // (a resolver's A and AAAA queries, a page's requests to its own host). Not assessed again.
        const bool same = flow.decided && message.same_as_last && seen.techniques.size() == flow.recorded_techniques;
        if (!same) {
            const auto recording = flow.decided ? Recording::LaterMessage : Recording::AsPolicySays;
            seen.host.assign(message.host);  // into the host's own buffer
            seen.host_source = message.source;
            decide_and_record(flow, flow.last_seen_us, recording);
            flow.message_blocked = flow.blocked;
        }
        blocked = blocked || flow.message_blocked;
    }
    flow.blocked = blocked;
    counters_.conversation_messages += seen.new_messages.size();
    seen.new_messages.clear();
    seen.new_messages.shrink_to_fit();
}

// A conversation that has named a message is read past the packet budget and the padding net (neither
// bounds a conversation: its packets carry messages, or ACKs and answers, not padding) until the classifier
// is done (FIN or RST, a CONNECT's tunnel, the QUIC handshake over, something unreadable), the flow is
// blocked for good, or it reaches limits::kMaxConversationMessages.
void InspectionEngine::follow_conversation(flow::FlowEntry& flow, classifiers::InspectStatus status) {
    auto& seen = flow.inspector->observations();
    if (flow.blocked && !seen.verdict_per_message) {
        settle(flow, flow.last_seen_us);  // the kernel resets or drops the rest of it
    } else if (seen.messages >= classifiers::limits::kMaxConversationMessages) {
        seen.note_anomaly(classifiers::Anomaly::ConversationTooLong);
        end_conversation(flow);
    } else if (status == classifiers::InspectStatus::Done) {
        // Stopped on something it could not read (an anomaly) rather than the connection's end: its later
        // messages go unread, so that is said in an event, never left silent.
        if (!seen.anomalies.empty()) {
            end_conversation(flow);
        } else {
            settle(flow, flow.last_seen_us);
        }
    }
}

void InspectionEngine::end_conversation(flow::FlowEntry& flow) {
    ++counters_.conversations_cut;
    decide_and_record(flow, flow.last_seen_us, Recording::Always);
    settle(flow, flow.last_seen_us);
}

}  // namespace schoolgate::gateway::engine

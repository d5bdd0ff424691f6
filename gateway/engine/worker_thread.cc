#include "gateway/engine/worker_thread.h"

namespace schoolgate::gateway::engine {

WorkerThread::~WorkerThread() {
    request_stop();
    join();
}

void WorkerThread::start() { thread_ = std::thread{[this] { run(); }}; }

void WorkerThread::join() {
    if (thread_.joinable()) thread_.join();
}

void WorkerThread::run() {
    while (!stop_.load(std::memory_order_relaxed)) {
        if (hang_after_ != 0 && rounds_.load(std::memory_order_relaxed) >= hang_after_) {
            std::this_thread::sleep_for(kPollInterval);  // tests only: hung, as far as anyone can tell
            continue;
        }
        if (!source_.serve(kPollInterval)) {
            failed_.store(true, std::memory_order_release);  // after the source noted why
            break;
        }
        engine_.tick();
        source_.after_batch();
        rounds_.fetch_add(1, std::memory_order_relaxed);
    }
    source_.drain();
    engine_.finish();
    source_.after_batch();
}

}  // namespace schoolgate::gateway::engine

#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/time/wall_time.h"
#include "gateway/capture/pcap_file_source.h"
#include "gateway/time/school_time_shift.h"

namespace schoolgate::gateway::capture {

/// How SharedWalk cuts the walk (tests make it small, to run through many chunks and round the ring).
struct WalkShape {
    std::size_t chunk_bytes = 512 * 1024;  ///< of the file a chunk lists, at least
    std::size_t slots = 16;  ///< chunks listed and not yet done with by every worker, at most
    std::size_t ahead = 2;  ///< a worker lists up to this many chunks past the one it takes
};

/// The walk of a mapped capture done once for several workers (ParallelReplay), a chunk at a time, by
/// whichever worker needs the next chunk first: it reads the chunk's records, places each frame with
/// engine::quick_shard and publishes the list; every worker then runs through every chunk's list, in
/// order, and takes its own frames. So the reading and the pre-parse (a tenth of one engine's time on the
/// reference capture) are paid once, by the worker that is ahead, which slows it down to the others'
/// pace; nothing is copied (entries view the mapped file). Chunks live in a ring of WalkShape::slots, reused when
/// every worker is done with one. Thread-safe; the lock is taken a few times a chunk (a few thousand
/// packets), never per packet.
class SharedWalk {
public:
    static constexpr std::uint8_t kEveryone = 0xff;  ///< not placed: every worker decodes it

    using Shape = WalkShape;

    struct Entry {
        std::span<const std::uint8_t> frame;
        WallTime ts{};  ///< school time (shifted)
        std::uint8_t worker = kEveryone;
    };
    struct Chunk {
        std::size_t number = 0;
        std::size_t begin = 0;  ///< file offset of its first record
        std::vector<Entry> entries;
        bool last = false;  ///< the capture ends with this chunk
        std::string error;  ///< why it ended, when it ended badly (the reader's words)
    };

    /// `cursor` reads the file for everyone (a reader of PcapFileSource::open_shared).
    SharedWalk(std::unique_ptr<PcapFileSource> cursor, std::size_t workers, std::optional<WallTime> first_packet_at,
               Shape shape = {});

    /// Chunk `number` (each worker asks for 0, 1, 2... in turn, until one is `last`), indexed by this call
    /// when nobody has yet. Valid until release(number).
    const Chunk& acquire(std::size_t number);
    void release(std::size_t number);

private:
    struct Slot {
        Chunk chunk;
        bool used = false;  ///< holds a chunk not yet released by every worker
        bool ready = false;  ///< indexed
        std::size_t released = 0;
    };

    bool can_index(std::size_t number) const noexcept;
    void index_next(std::unique_lock<std::mutex>& lock);
    void fill(Chunk& chunk);

    std::unique_ptr<PcapFileSource> cursor_;  ///< used by one indexing worker at a time
    time::SchoolTimeShift shift_;
    std::size_t workers_;
    Shape shape_;
    std::mutex mutex_;
    std::condition_variable changed_;
    std::vector<Slot> slots_;
    std::size_t next_ = 0;  ///< the next chunk to index
    bool indexing_ = false;
    bool ended_ = false;
};

}  // namespace schoolgate::gateway::capture

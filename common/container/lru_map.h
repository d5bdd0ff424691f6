#pragma once

#include <cstddef>
#include <functional>
#include <unordered_map>
#include <utility>

namespace schoolgate::container {

/// A hash map that also keeps its entries in recency order (an intrusive doubly linked list through the
/// map's own nodes), so that finding, inserting, making an entry the newest and forgetting the oldest are
/// each O(1). Bounded tables whose keys come from outside (people, domains) use it to forget the idlest
/// entry without scanning: a scan made each new key cost the whole table once a flood had filled it.
///
/// The caller decides what "recent" means by calling make_newest(): a tracker of last activity calls it on
/// every use, a window tracker only when the window restarts. With packet time that never runs backwards,
/// the oldest entry is then exactly the one a min_element over that time would pick. Pass a keyed hash
/// (net::KeyedStringHash) for keys an attacker chooses. Not thread-safe.
template <class Key, class Value, class Hash = std::hash<Key>, class Equal = std::equal_to<Key>>
class LruMap {
    struct Node {
        Value value;
        const Key* key = nullptr;  ///< the map's own key: node addresses are stable across rehashing
        Node* older = nullptr;
        Node* newer = nullptr;
    };

public:
    explicit LruMap(Hash hash = Hash{}) : nodes_(0, std::move(hash)) {}
    LruMap(const LruMap&) = delete;  // the list points into nodes_
    LruMap& operator=(const LruMap&) = delete;

    /// The value for `key`, or nullptr; its place in the order is unchanged.
    Value* find(const Key& key) {
        const auto found = nodes_.find(key);
        return found == nodes_.end() ? nullptr : &found->second.value;
    }

    bool contains(const Key& key) const { return nodes_.find(key) != nodes_.end(); }

    /// Adds `key` as the newest entry. `key` must not be present.
    Value& insert_newest(Key key, Value value) {
        auto [it, inserted] = nodes_.emplace(std::move(key), Node{std::move(value)});
        Node& node = it->second;
        node.key = &it->first;
        link_newest(node);
        return node.value;
    }

    /// find() that also makes the entry found the newest: one lookup for "seen again".
    Value* find_and_make_newest(const Key& key) {
        const auto found = nodes_.find(key);
        if (found == nodes_.end()) return nullptr;
        if (newest_ != &found->second) {
            unlink(found->second);
            link_newest(found->second);
        }
        return &found->second.value;
    }

    /// Moves the entry of `key` to the newest end; a key not present is ignored.
    void make_newest(const Key& key) {
        const auto found = nodes_.find(key);
        if (found == nodes_.end() || newest_ == &found->second) return;
        unlink(found->second);
        link_newest(found->second);
    }

    /// The oldest entry's key, or nullptr when empty.
    const Key* oldest_key() const noexcept { return oldest_ ? oldest_->key : nullptr; }

    /// Forgets the oldest entry; nothing when empty.
    void erase_oldest() {
        if (!oldest_) return;
        Node& node = *oldest_;
        unlink(node);
        nodes_.erase(nodes_.find(*node.key));  // by iterator: the key lives in the node being erased
    }

    void reserve(std::size_t count) { nodes_.reserve(count); }
    std::size_t size() const noexcept { return nodes_.size(); }
    bool empty() const noexcept { return nodes_.empty(); }

private:
    void link_newest(Node& node) noexcept {
        node.older = newest_;
        node.newer = nullptr;
        if (newest_) newest_->newer = &node;
        newest_ = &node;
        if (!oldest_) oldest_ = &node;
    }
    void unlink(Node& node) noexcept {
        (node.older ? node.older->newer : oldest_) = node.newer;
        (node.newer ? node.newer->older : newest_) = node.older;
        node.older = node.newer = nullptr;
    }

    std::unordered_map<Key, Node, Hash, Equal> nodes_;
    Node* oldest_ = nullptr;
    Node* newest_ = nullptr;
};

}  // namespace schoolgate::container

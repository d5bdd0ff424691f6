#pragma once

#include <utility>
#include <variant>

namespace schoolgate {

/// Either a value or an error, for control-plane APIs (config loading, CLI). The packet path uses the
/// parsers' ParseResult instead. Accessing the wrong alternative is a programming error (std::get throws
/// std::bad_variant_access), so callers check ok() first.
template <typename T, typename E>
class Result {
public:
    static Result success(T value) { return Result{std::in_place_index<0>, std::move(value)}; }
    static Result failure(E error) { return Result{std::in_place_index<1>, std::move(error)}; }

    bool ok() const noexcept { return state_.index() == 0; }
    explicit operator bool() const noexcept { return ok(); }

    const T& value() const& { return std::get<0>(state_); }
    T& value() & { return std::get<0>(state_); }
    T&& value() && { return std::get<0>(std::move(state_)); }
    const E& error() const& { return std::get<1>(state_); }
    E&& error() && { return std::get<1>(std::move(state_)); }

private:
    template <std::size_t I, typename V>
    Result(std::in_place_index_t<I> index, V&& v) : state_(index, std::forward<V>(v)) {}
    std::variant<T, E> state_;
};

}  // namespace schoolgate

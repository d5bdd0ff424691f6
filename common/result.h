#pragma once

#include <optional>
#include <utility>
#include <variant>

namespace schoolgate {

/// Either a value or an error: the one way control-plane APIs (config loading, CLI, opening sockets and
/// captures, the daemon's set-up) report failure. The packet path uses the parsers' ParseResult instead.
/// Accessing the wrong alternative is a programming error (std::get throws std::bad_variant_access), so
/// callers check ok() first.
///
/// [[nodiscard]]: a Result nobody looks at is an error dropped on the floor, so the compiler says so
/// (the build treats warnings as errors). Where ignoring really is right, say why and cast to void.
///
/// For an operation that has no value to return, use Result<void, E> (below): success() or failure(error).
/// A reader that reports every error rather than the first (config/: R8, R10) collects them in a sink as
/// it goes; its public entry point still returns them all in one Result<T, std::vector<ConfigError>>.
template <typename T, typename E>
class [[nodiscard]] Result {
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

/// An operation that either worked or failed with an error, and has nothing else to say: opening a
/// socket into a member, dropping privileges, loading a system call filter. It replaces both the
/// `bool f(..., std::string& error)` out-parameter and the `std::optional<std::string>` that meant
/// "empty is success", which read backwards at the call site (`if (auto failure = f())`).
template <typename E>
class [[nodiscard]] Result<void, E> {
public:
    static Result success() { return Result{}; }
    static Result failure(E error) { return Result{std::move(error)}; }

    bool ok() const noexcept { return !error_.has_value(); }
    explicit operator bool() const noexcept { return ok(); }

    /// Throws std::bad_optional_access on success, like Result<T, E>::error() does: check ok() first.
    const E& error() const& { return error_.value(); }
    E&& error() && { return std::move(error_).value(); }

private:
    Result() = default;
    explicit Result(E error) : error_(std::move(error)) {}
    std::optional<E> error_;
};

}  // namespace schoolgate

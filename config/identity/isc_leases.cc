#include <chrono>

#include "config/identity/lease.h"
#include "config/identity/limits.h"
#include "config/identity/text_lines.h"

namespace schoolgate::config::identity {

namespace {

enum class TokenKind : std::uint8_t { Word, String, Open, Close, Semicolon, End };

struct Token {
    TokenKind kind = TokenKind::End;
    std::string_view text;
    std::uint32_t line = 0;
    std::uint32_t column = 0;
};

// dhcpd.leases' tokens (common/conflex.c): words, "strings", { } ;, and # comments to the line's end.
class Tokenizer {
public:
    explicit Tokenizer(std::string_view text) noexcept : text_(text) {}
    Token next() noexcept {
        skip_blanks_and_comments();
        Token token{TokenKind::End, {}, line_, static_cast<std::uint32_t>(at_ - line_start_ + 1)};
        if (at_ >= text_.size()) return token;
        const char c = text_[at_];
        if (c == '{' || c == '}' || c == ';') {
            token.kind = c == '{' ? TokenKind::Open : c == '}' ? TokenKind::Close : TokenKind::Semicolon;
            token.text = text_.substr(at_++, 1);
            return token;
        }
        if (c == '"') return quoted(token);
        const std::size_t start = at_;
        while (at_ < text_.size() && !is_space(text_[at_]) && text_[at_] != '{' && text_[at_] != '}' &&
               text_[at_] != ';' && text_[at_] != '"' && text_[at_] != '#') {
            ++at_;
        }
        token.kind = TokenKind::Word;
        token.text = text_.substr(start, at_ - start);
        return token;
    }

private:
    static bool is_space(char c) noexcept { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
    void skip_blanks_and_comments() noexcept {
        while (at_ < text_.size()) {
            const char c = text_[at_];
            if (c == '#') {
                while (at_ < text_.size() && text_[at_] != '\n') ++at_;
            } else if (is_space(c)) {
                if (c == '\n') {
                    ++line_;
                    line_start_ = at_ + 1;
                }
                ++at_;
            } else {
                return;
            }
        }
    }
    Token quoted(Token token) noexcept {
        const std::size_t start = ++at_;
        while (at_ < text_.size() && text_[at_] != '"' && text_[at_] != '\n') at_ += text_[at_] == '\\' ? 2 : 1;
        if (at_ >= text_.size() || text_[at_] != '"') {
            token.kind = TokenKind::End;  // an unterminated string ends what can be read
            token.text = "\"";
            return token;
        }
        token.kind = TokenKind::String;
        token.text = text_.substr(start, at_++ - start);
        return token;
    }

    std::string_view text_;
    std::size_t at_ = 0;
    std::size_t line_start_ = 0;
    std::uint32_t line_ = 1;
};

// One statement's tokens up to its ';' (or a nested block, skipped whole); false at the end of the text or
// the block's '}' (left in `closing`).
struct Statement {
    std::vector<Token> words;
    bool block = false;
};

bool skip_block(Tokenizer& tokens, std::size_t depth) noexcept {
    for (Token t = tokens.next(); t.kind != TokenKind::End; t = tokens.next()) {
        if (t.kind == TokenKind::Open && ++depth > kMaxIscBlockDepth) return false;
        if (t.kind == TokenKind::Close && --depth == 0) return true;
    }
    return false;
}

// Reads the next statement; returns the token that ended it (Semicolon, Close of a nested block,
// the enclosing block's Close, or End).
Token read_statement(Tokenizer& tokens, Statement& statement) {
    statement = {};
    for (Token t = tokens.next();; t = tokens.next()) {
        if (t.kind == TokenKind::Semicolon || t.kind == TokenKind::End) return t;
        if (t.kind == TokenKind::Close) return t;
        if (t.kind == TokenKind::Open) {
            statement.block = true;
            if (!skip_block(tokens, 1)) return Token{TokenKind::End, {}, t.line, t.column};
            return Token{TokenKind::Semicolon, {}, t.line, t.column};
        }
        if (statement.words.size() < 16) statement.words.push_back(t);
    }
}

// "W YYYY/MM/DD HH:MM:SS" (UTC) or "epoch N" or "never" (0).
std::optional<std::int64_t> isc_time(const std::vector<Token>& words) {
    if (words.size() == 2 && words[1].text == "never") return 0;
    if (words.size() == 3 && words[1].text == "epoch") return whole_number(words[2].text);
    if (words.size() != 4) return std::nullopt;
    const auto date = split_on(words[2].text, '/', 3);
    const auto time = split_on(words[3].text, ':', 3);
    if (date.size() != 3 || time.size() != 3) return std::nullopt;
    const auto y = whole_number(date[0].text), m = whole_number(date[1].text), d = whole_number(date[2].text);
    const auto hh = whole_number(time[0].text), mm = whole_number(time[1].text), ss = whole_number(time[2].text);
    if (!y || !m || !d || !hh || !mm || !ss || *y > 9999 || *m > 12 || *d > 31 || *hh > 23 || *mm > 59 || *ss > 60) {
        return std::nullopt;
    }
    using namespace std::chrono;
    const year_month_day day{year{static_cast<int>(*y)}, month{static_cast<unsigned>(*m)}, std::chrono::day{static_cast<unsigned>(*d)}};
    if (!day.ok()) return std::nullopt;
    return sys_days{day}.time_since_epoch().count() * 86400 + *hh * 3600 + *mm * 60 + *ss;
}

// Applies one statement of a lease block; false (with an issue) when it is one we read and it is wrong.
bool apply(const Statement& s, Lease& lease, LeaseFile& file) {
    if (s.block || s.words.empty()) return true;
    const auto& first = s.words.front();
    if (first.text == "starts" || first.text == "ends") {
        const auto value = isc_time(s.words);
        if (!value) {
            file.issue(first.line, first.column,
                       std::string{first.text} + " is not 'W YYYY/MM/DD HH:MM:SS', 'epoch N' or 'never'");
            return false;
        }
        (first.text == "starts" ? lease.starts : lease.ends) = *value;
    } else if (first.text == "binding" && s.words.size() == 3 && s.words[1].text == "state") {
        lease.active = s.words[2].text == "active";
    } else if (first.text == "hardware" && s.words.size() == 3) {
        lease.mac = net::MacAddress::parse(s.words[2].text);
        if (!lease.mac) {
            file.issue(s.words[2].line, s.words[2].column, "'" + shown(s.words[2].text) + "' is not a MAC address");
            return false;
        }
    } else if (first.text == "client-hostname" && s.words.size() == 2) {
        auto host = host_name(s.words[1].text);
        if (host) lease.host = std::move(*host);  // a client's own name with odd bytes is no name, not a bad file
    }
    return true;
}

// After `lease`: ADDRESS { statements }.
void read_lease(Tokenizer& tokens, const Token& keyword, LeaseFile& file) {
    const Token address = tokens.next();
    const Token open = tokens.next();
    const auto ip = address.kind == TokenKind::Word ? net::IpAddress::parse(address.text) : std::nullopt;
    if (!ip || open.kind != TokenKind::Open) {
        file.issue(address.line, address.column, "expected 'lease ADDRESS {' (an IPv4 address, then '{')");
        if (open.kind == TokenKind::Open) (void)skip_block(tokens, 1);  // skipping is all that is left to do
        return;
    }
    Lease lease;
    lease.ip = *ip;
    lease.line = keyword.line;
    bool good = true;
    Statement statement;
    for (;;) {
        const Token end = read_statement(tokens, statement);
        if (end.kind == TokenKind::End) {
            file.issue(keyword.line, keyword.column, "the lease block has no closing '}' (a torn write?)");
            return;
        }
        good = apply(statement, lease, file) && good;
        if (end.kind == TokenKind::Close) break;
    }
    if (good) file.leases.push_back(std::move(lease));
}

}  // namespace

LeaseFile parse_isc_leases(std::span<const std::uint8_t> bytes) noexcept {
    LeaseFile file;
    Tokenizer tokens{as_text(bytes)};
    Statement statement;
    for (Token t = tokens.next(); t.kind != TokenKind::End; t = tokens.next()) {
        if (file.leases.size() >= kMaxLeases) {
            file.truncated = true;
            break;
        }
        if (t.kind == TokenKind::Word && t.text == "lease") {
            read_lease(tokens, t, file);
            continue;
        }
        if (t.kind == TokenKind::Semicolon) continue;
        if (t.kind == TokenKind::Open) {
            if (!skip_block(tokens, 1)) break;
            continue;
        }
        if (t.kind == TokenKind::Close) {
            file.issue(t.line, t.column, "'}' closes no block");
            continue;
        }
        // Any other top-level statement (authoring-byte-order, server-duid, failover peer, ia-na ...):
        // skip it, block and all. dhcpd's DHCPv6 leases (ia-na) are not read.
        const Token end = read_statement(tokens, statement);
        if (end.kind == TokenKind::Close) file.issue(end.line, end.column, "'}' closes no block");
        if (end.kind == TokenKind::End) break;
    }
    return file;
}

}  // namespace schoolgate::config::identity

#pragma once

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <stdexcept>
#include <vector>

namespace schoolgate::test {

/// Builds protected QUIC Initial packets for tests (RFC 9000 §17.2.2, RFC 9001 §5): the header, a payload of
/// frames sealed with AES-128-GCM, then header protection with AES-128-ECB. It is an independent sealing
/// implementation (straight OpenSSL calls), so it can check the classifier's opening code; it reproduces the
/// RFC 9001 Appendix A.2 packet byte for byte. Keys are given as raw bytes; the caller derives them.
/// Header-only; throws std::runtime_error if libcrypto fails.
class QuicInitialBuilder {
public:
    using Bytes = std::vector<std::uint8_t>;

    struct Keys {
        std::array<std::uint8_t, 16> key{};
        std::array<std::uint8_t, 12> iv{};
        std::array<std::uint8_t, 16> hp{};
    };

    static constexpr std::uint32_t kVersion1 = 0x00000001;
    static constexpr std::uint32_t kVersion2 = 0x6b3343cf;
    static constexpr std::uint32_t kDraft29 = 0xff00001d;

    /// RFC 9000 §16 variable-length integer in its shortest form.
    static Bytes varint(std::uint64_t value) {
        if (value < 64) return {static_cast<std::uint8_t>(value)};
        if (value < 16384) return {static_cast<std::uint8_t>(0x40 | (value >> 8)), static_cast<std::uint8_t>(value)};
        Bytes out{static_cast<std::uint8_t>(0x80 | (value >> 24))};
        for (int shift = 16; shift >= 0; shift -= 8) out.push_back(static_cast<std::uint8_t>(value >> shift));
        return out;
    }

    /// A CRYPTO frame (type 0x06) carrying `data` at `offset`.
    static Bytes crypto_frame(std::uint64_t offset, std::span<const std::uint8_t> data) {
        Bytes out{0x06};
        append(out, varint(offset));
        append(out, varint(data.size()));
        out.insert(out.end(), data.begin(), data.end());
        return out;
    }

    /// The long-header type bits of an Initial for `version` (v2 rotates them, RFC 9369 §3.2).
    static std::uint8_t initial_type_bits(std::uint32_t version) { return version == kVersion2 ? 0x01 : 0x00; }

    /// The unprotected header of an Initial with an empty token and a 2-byte Length.
    static Bytes header(std::uint32_t version, std::span<const std::uint8_t> dcid, std::span<const std::uint8_t> scid,
                        std::uint64_t packet_number, std::size_t packet_number_bytes, std::size_t payload_bytes) {
        Bytes out{static_cast<std::uint8_t>(0xc0 | (initial_type_bits(version) << 4) | (packet_number_bytes - 1))};
        for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<std::uint8_t>(version >> shift));
        out.push_back(static_cast<std::uint8_t>(dcid.size()));
        out.insert(out.end(), dcid.begin(), dcid.end());
        out.push_back(static_cast<std::uint8_t>(scid.size()));
        out.insert(out.end(), scid.begin(), scid.end());
        out.push_back(0);  // token length
        const std::size_t length = packet_number_bytes + payload_bytes + 16;
        out.push_back(static_cast<std::uint8_t>(0x40 | (length >> 8)));
        out.push_back(static_cast<std::uint8_t>(length));
        for (std::size_t i = packet_number_bytes; i > 0; --i) {
            out.push_back(static_cast<std::uint8_t>(packet_number >> (8 * (i - 1))));
        }
        return out;
    }

    /// Seals `frames` (padded with PADDING to at least 4 bytes, the header-protection sample's need) into a
    /// protected Initial.
    static Bytes seal(const Keys& keys, std::uint32_t version, std::span<const std::uint8_t> dcid,
                      std::span<const std::uint8_t> scid, std::uint64_t packet_number, std::size_t packet_number_bytes,
                      std::span<const std::uint8_t> frames) {
        Bytes payload(frames.begin(), frames.end());
        if (payload.size() < 4) payload.resize(4, 0x00);
        const Bytes plain_header = header(version, dcid, scid, packet_number, packet_number_bytes, payload.size());
        return protect(keys, plain_header, packet_number_bytes, packet_number, payload);
    }

    /// Seals `payload` behind an already-built unprotected `plain_header` whose last `packet_number_bytes`
    /// bytes are the packet number.
    static Bytes protect(const Keys& keys, const Bytes& plain_header, std::size_t packet_number_bytes,
                         std::uint64_t packet_number, const Bytes& payload) {
        auto nonce = keys.iv;
        for (std::size_t i = 0; i < 8; ++i) nonce[11 - i] ^= static_cast<std::uint8_t>(packet_number >> (8 * i));
        Context context{EVP_CIPHER_CTX_new()};
        Bytes sealed(payload.size() + 16);
        int written = 0;
        int ignored = 0;
        check(context != nullptr);
        check(EVP_EncryptInit_ex(context.get(), EVP_aes_128_gcm(), nullptr, keys.key.data(), nonce.data()) == 1);
        check(EVP_EncryptUpdate(context.get(), nullptr, &ignored, plain_header.data(),
                                static_cast<int>(plain_header.size())) == 1);
        check(EVP_EncryptUpdate(context.get(), sealed.data(), &written, payload.data(),
                                static_cast<int>(payload.size())) == 1);
        check(EVP_EncryptFinal_ex(context.get(), sealed.data() + written, &ignored) == 1);
        check(EVP_CIPHER_CTX_ctrl(context.get(), EVP_CTRL_GCM_GET_TAG, 16, sealed.data() + payload.size()) == 1);

        Bytes packet = plain_header;
        append(packet, sealed);
        const std::size_t pn_offset = plain_header.size() - packet_number_bytes;
        const auto mask = ecb_mask(keys.hp, std::span{packet}.subspan(pn_offset + 4, 16));
        packet[0] = static_cast<std::uint8_t>(packet[0] ^ (mask[0] & 0x0f));
        for (std::size_t i = 0; i < packet_number_bytes; ++i) packet[pn_offset + i] ^= mask[i + 1];
        return packet;
    }

    static void append(Bytes& out, std::span<const std::uint8_t> more) { out.insert(out.end(), more.begin(), more.end()); }

private:
    struct Free {
        void operator()(EVP_CIPHER_CTX* context) const { EVP_CIPHER_CTX_free(context); }
    };
    using Context = std::unique_ptr<EVP_CIPHER_CTX, Free>;

    static void check(bool ok) {
        if (!ok) throw std::runtime_error("QuicInitialBuilder: libcrypto failed");
    }

    static std::array<std::uint8_t, 16> ecb_mask(const std::array<std::uint8_t, 16>& hp,
                                                 std::span<const std::uint8_t> sample) {
        Context context{EVP_CIPHER_CTX_new()};
        std::array<std::uint8_t, 32> out{};
        int written = 0;
        check(context != nullptr);
        check(EVP_EncryptInit_ex(context.get(), EVP_aes_128_ecb(), nullptr, hp.data(), nullptr) == 1);
        check(EVP_CIPHER_CTX_set_padding(context.get(), 0) == 1);
        check(EVP_EncryptUpdate(context.get(), out.data(), &written, sample.data(), 16) == 1 && written == 16);
        std::array<std::uint8_t, 16> mask{};
        std::copy_n(out.begin(), 16, mask.begin());
        return mask;
    }
};

}  // namespace schoolgate::test

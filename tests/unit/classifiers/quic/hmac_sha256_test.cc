// The precomputed-pad HMAC and the Initial key derivation built on it, against OpenSSL's own HMAC and HKDF
// (EVP_Q_mac, EVP_KDF "HKDF"): byte for byte, on random keys, messages and connection IDs of every length
// that matters (empty, shorter than a block, a block, longer than a block; DCIDs 0-20 bytes).
#include "classifiers/quic/hmac_sha256.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>

#include <boost/test/unit_test.hpp>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "classifiers/quic/initial_keys.h"

namespace {

namespace quic = schoolgate::classifiers::quic;
using Bytes = std::vector<std::uint8_t>;

Bytes random_bytes(std::mt19937& random, std::size_t size) {
    Bytes out(size);
    for (auto& byte : out) byte = static_cast<std::uint8_t>(random() & 0xff);
    return out;
}

// OpenSSL refuses a null pointer for an empty input in some places (an empty key with an empty message).
std::uint8_t* data_of(const Bytes& bytes) {
    static std::uint8_t none = 0;
    return bytes.empty() ? &none : const_cast<std::uint8_t*>(bytes.data());  // OSSL_PARAM's fields are not const
}

quic::Sha256Digest openssl_hmac(const Bytes& key, const Bytes& message) {
    quic::Sha256Digest out{};
    std::size_t length = 0;
    const auto* made = EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA256", nullptr, data_of(key), key.size(), data_of(message),
                                 message.size(), out.data(), out.size(), &length);
    BOOST_REQUIRE(made != nullptr && length == out.size());
    return out;
}

// OpenSSL's HKDF in one mode: extract (salt, key) or expand (key, info), `length` bytes out.
Bytes openssl_hkdf(int mode, const Bytes& salt, const Bytes& key, const Bytes& info, std::size_t length) {
    EVP_KDF* kdf = EVP_KDF_fetch(nullptr, "HKDF", nullptr);
    EVP_KDF_CTX* context = EVP_KDF_CTX_new(kdf);
    BOOST_REQUIRE(kdf && context);
    char digest[] = "SHA256";
    auto* salt_data = data_of(salt);
    auto* key_data = data_of(key);
    auto* info_data = data_of(info);
    const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest, 0),
                                 OSSL_PARAM_construct_int(OSSL_KDF_PARAM_MODE, &mode),
                                 OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, salt_data, salt.size()),
                                 OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, key_data, key.size()),
                                 OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, info_data, info.size()),
                                 OSSL_PARAM_construct_end()};
    Bytes out(length);
    const bool ok = EVP_KDF_derive(context, out.data(), out.size(), params) == 1;
    EVP_KDF_CTX_free(context);
    EVP_KDF_free(kdf);
    BOOST_REQUIRE(ok);
    return out;
}

Bytes expand_label(const Bytes& secret, std::string_view label, std::size_t length) {
    const std::string full = "tls13 " + std::string(label);
    Bytes info{0, static_cast<std::uint8_t>(length), static_cast<std::uint8_t>(full.size())};
    info.insert(info.end(), full.begin(), full.end());
    info.push_back(0);
    return openssl_hkdf(EVP_KDF_HKDF_MODE_EXPAND_ONLY, {}, secret, info, length);
}

// RFC 9001 §5.2 (RFC 9369 §3.3 for v2) written out with OpenSSL's HKDF.
quic::InitialKeys plain_derivation(quic::QuicVersion version, const Bytes& dcid) {
    static const Bytes v1{0x38, 0x76, 0x2c, 0xf7, 0xf5, 0x59, 0x34, 0xb3, 0x4d, 0x17,
                          0x9a, 0xe6, 0xa4, 0xc8, 0x0c, 0xad, 0xcc, 0xbb, 0x7f, 0x0a};
    static const Bytes v2{0x0d, 0xed, 0xe3, 0xde, 0xf7, 0x00, 0xa6, 0xdb, 0x81, 0x93,
                          0x81, 0xbe, 0x6e, 0x26, 0x9d, 0xcb, 0xf9, 0xbd, 0x2e, 0xd9};
    static const Bytes draft29{0xaf, 0xbf, 0xec, 0x28, 0x99, 0x93, 0xd2, 0x4c, 0x9e, 0x97,
                               0x86, 0xf1, 0x9c, 0x61, 0x11, 0xe0, 0x43, 0x90, 0xa8, 0x99};
    const bool is_v2 = version == quic::QuicVersion::V2;
    const Bytes& salt = is_v2 ? v2 : version == quic::QuicVersion::Draft29 ? draft29 : v1;
    const std::string prefix = is_v2 ? "quicv2 " : "quic ";
    const auto initial = openssl_hkdf(EVP_KDF_HKDF_MODE_EXTRACT_ONLY, salt, dcid, {}, 32);
    const auto client = expand_label(initial, "client in", 32);
    quic::InitialKeys keys;
    const auto key = expand_label(client, prefix + "key", 16);
    const auto iv = expand_label(client, prefix + "iv", 12);
    const auto hp = expand_label(client, prefix + "hp", 16);
    std::copy(key.begin(), key.end(), keys.key.begin());
    std::copy(iv.begin(), iv.end(), keys.iv.begin());
    std::copy(hp.begin(), hp.end(), keys.hp.begin());
    return keys;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(hmac_sha256)

BOOST_AUTO_TEST_CASE(a_key_macs_as_openssl_does_and_can_be_set_again) {
    std::mt19937 random(19);
    quic::HmacSha256Key key;
    for (const std::size_t key_size : {0, 1, 20, 32, 63, 64, 65, 100, 200}) {
        const auto key_bytes = random_bytes(random, key_size);
        BOOST_REQUIRE(key.set(key_bytes));
        for (const std::size_t message_size : {0, 1, 18, 32, 55, 56, 64, 119, 300}) {
            const auto message = random_bytes(random, message_size);
            quic::Sha256Digest ours{};
            BOOST_REQUIRE(key.mac(message, ours));
            BOOST_TEST((ours == openssl_hmac(key_bytes, message)), "key " << key_size << " message " << message_size);
        }
    }
}

BOOST_AUTO_TEST_CASE(an_unset_key_macs_nothing) {
    const quic::HmacSha256Key key;
    quic::Sha256Digest out{};
    BOOST_TEST(!key.mac({}, out));
}

BOOST_AUTO_TEST_CASE(initial_keys_match_a_plain_hkdf_for_random_connection_ids) {
    std::mt19937 random(9001);
    for (const auto version : {quic::QuicVersion::V1, quic::QuicVersion::V2, quic::QuicVersion::Draft29}) {
        for (std::size_t dcid_size = 0; dcid_size <= 20; ++dcid_size) {
            const auto dcid = random_bytes(random, dcid_size);
            const auto ours = quic::derive_client_initial_keys(version, dcid);
            BOOST_REQUIRE(ours.has_value());
            const auto plain = plain_derivation(version, dcid);
            BOOST_TEST((ours->key == plain.key && ours->iv == plain.iv && ours->hp == plain.hp),
                       "version " << static_cast<int>(version) << " dcid " << dcid_size << " bytes");
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()

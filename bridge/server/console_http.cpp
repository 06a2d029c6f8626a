#include "bridge/server/console_http.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <spdlog/spdlog.h>

#include "bridge/server/console_assets.hpp"

namespace bridge {

namespace http = boost::beast::http;

namespace {

// Base64 (RFC 4648) to bytes; nullopt when it is not base64.
std::optional<std::string> base64_decode(const std::string& in) {
    if (in.empty() || in.size() % 4 != 0 || in.size() > 4096) return std::nullopt;
    std::string out(in.size() / 4 * 3, '\0');
    const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                  reinterpret_cast<const unsigned char*>(in.data()), static_cast<int>(in.size()));
    if (n < 0) return std::nullopt;
    // EVP_DecodeBlock counts the padding as zero bytes.
    std::size_t size = static_cast<std::size_t>(n);
    if (in.ends_with("==")) size -= 2;
    else if (in.ends_with("=")) size -= 1;
    out.resize(size);
    return out;
}

bool same_secret(const std::string& a, const std::string& b) {
    return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::string url_decode(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '+') {
            out += ' ';
        } else if (s[i] == '%' && i + 2 < s.size() && hex_digit(s[i + 1]) >= 0 && hex_digit(s[i + 2]) >= 0) {
            out += static_cast<char>(hex_digit(s[i + 1]) * 16 + hex_digit(s[i + 2]));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

ConsoleHttp::Response text(http::status status, std::string body) {
    ConsoleHttp::Response r;
    r.result(status);
    r.set(http::field::content_type, "text/plain; charset=utf-8");
    r.body() = std::move(body);
    return r;
}

ConsoleHttp::Response json_response(std::string body) {
    ConsoleHttp::Response r;
    r.result(http::status::ok);
    r.set(http::field::content_type, "application/json");
    r.body() = std::move(body);
    return r;
}

}  // namespace

std::string query_parameter(const std::string& query, const std::string& name) {
    std::string_view rest = query;
    while (!rest.empty()) {
        const auto amp = rest.find('&');
        const auto pair = rest.substr(0, amp);
        const auto eq = pair.find('=');
        if (url_decode(pair.substr(0, eq)) == name) return eq == std::string_view::npos ? "" : url_decode(pair.substr(eq + 1));
        if (amp == std::string_view::npos) break;
        rest.remove_prefix(amp + 1);
    }
    return {};
}

const UserConfig* ConsoleHttp::login(const Request& request, const boost::asio::ip::address& peer) const {
    const auto header = request[http::field::authorization];
    if (header.empty()) return nullptr;  // the browser asks the person after the 401
    const std::string prefix = "Basic ";
    const auto decoded = header.starts_with(prefix) ? base64_decode(std::string(header.substr(prefix.size()))) : std::nullopt;
    const auto colon = decoded ? decoded->find(':') : std::string::npos;
    if (colon == std::string::npos) {
        spdlog::warn("console: malformed Authorization header from {}", peer.to_string());
        return nullptr;
    }
    const auto name = decoded->substr(0, colon);
    const auto* user = config_.find_user(name);
    if (!user || !user->console || !same_secret(user->secret, decoded->substr(colon + 1))) {
        spdlog::warn("console: login of '{}' from {} refused (unknown user, wrong secret or no console = yes)", name,
                     peer.to_string());
        return nullptr;
    }
    if (!user->acl.allows(peer)) {
        spdlog::warn("console: user '{}' may not log in from {}", name, peer.to_string());
        return nullptr;
    }
    return user;
}

ConsoleHttp::Answer ConsoleHttp::answer(const Request& request, const boost::asio::ip::address& peer) {
    Answer a;
    const std::string target(request.target());
    const auto question = target.find('?');
    const auto path = target.substr(0, question);
    const auto query = question == std::string::npos ? std::string() : target.substr(question + 1);

    if (!login(request, peer)) {
        a.response = text(http::status::unauthorized, "the csta-bridge console needs the login of a user with console = yes\n");
        a.response.set(http::field::www_authenticate, "Basic realm=\"csta-bridge console\", charset=\"UTF-8\"");
        return a;
    }
    if (path == "/api/links") {
        a.response = json_response(api_.links());
    } else if (path == "/api/sessions") {
        a.response = json_response(api_.sessions());
    } else if (path == "/api/devices") {
        a.response = json_response(api_.devices());
    } else if (path == "/api/calls") {
        a.response = json_response(api_.calls());
    } else if (path == "/api/events") {
        const auto device = query_parameter(query, "device");
        if (device.empty()) a.response = text(http::status::bad_request, "/api/events needs ?device=DEVICE\n");
        else a.response = json_response(api_.events(device));
    } else if (path == "/api/stream") {
        a.stream = true;
        a.response.result(http::status::ok);
        a.response.set(http::field::content_type, "text/event-stream");
    } else {
        const std::string name = path == "/" ? "index.html" : path.starts_with("/console/") ? path.substr(9) : "";
        a.response = text(http::status::not_found, "no such page: try /\n");
        for (const auto& asset : console_assets())
            if (!name.empty() && asset.name == name) {
                a.response = text(http::status::ok, std::string(asset.body));
                a.response.set(http::field::content_type, std::string(asset.content_type));
            }
    }
    // Nothing is cached (the data is live), nothing framed or sniffed, no script from elsewhere.
    a.response.set(http::field::cache_control, "no-store");
    a.response.set("X-Content-Type-Options", "nosniff");
    a.response.set("X-Frame-Options", "DENY");
    a.response.set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'");
    return a;
}

}  // namespace bridge

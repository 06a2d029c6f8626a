#pragma once
// The web console's HTTP side: who may look (HTTP Basic login of a [user:NAME] with
// console = yes, from a network its permit/deny allow), the pages compiled into the binary
// (/ and /console/NAME) and the JSON API (/api/...). Read-only: GET and HEAD only. The live
// event stream (/api/stream) is set up here and carried by the HTTP connection.
#include <boost/asio/ip/address.hpp>
#include <boost/beast/http.hpp>
#include <string>

#include "bridge/server/config.hpp"
#include "bridge/server/console_api.hpp"

namespace bridge {

class ConsoleHttp {
public:
    using Request = boost::beast::http::request<boost::beast::http::string_body>;
    using Response = boost::beast::http::response<boost::beast::http::string_body>;

    ConsoleHttp(const Config& config, ConsoleApi& api) : config_(config), api_(api) {}

    struct Answer {
        Response response;
        bool stream = false;  // /api/stream: send the header, then the feed's events
    };
    Answer answer(const Request& request, const boost::asio::ip::address& peer);
    ConsoleFeed& feed() { return api_.feed(); }

private:
    // The console user the request logs in as, or nullptr.
    const UserConfig* login(const Request& request, const boost::asio::ip::address& peer) const;

    const Config& config_;
    ConsoleApi& api_;
};

// "device=1001&x=y" -> the value of one parameter, %XX and + decoded ("" if absent).
std::string query_parameter(const std::string& query, const std::string& name);

}  // namespace bridge

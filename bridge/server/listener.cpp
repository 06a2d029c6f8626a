#include "bridge/server/listener.hpp"

#include "bridge/server/tls_policy.hpp"

#include <openssl/ssl.h>
#include <spdlog/spdlog.h>

namespace bridge {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

Listener::Listener(asio::io_context& io, const ListenerConfig& config, SessionHost& host, SessionCreated created)
    : io_(io), config_(config), host_(host), created_(std::move(created)), acceptor_(io) {}

std::string Listener::setup_tls() {
    try {
        tls_.emplace(asio::ssl::context::tls_server);
        tls_->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                          asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 | asio::ssl::context::no_tlsv1_1 |
                          asio::ssl::context::single_dh_use);
        if (auto err = restrict_tls(tls_->native_handle(), config_.tls_min_version, config_.tls_ciphers); !err.empty()) {
            tls_.reset();
            return "listener '" + config_.name + "': " + err;
        }
        tls_->use_certificate_chain_file(config_.cert_file);
        tls_->use_private_key_file(config_.key_file, asio::ssl::context::pem);
        if (!config_.ca_file.empty()) tls_->load_verify_file(config_.ca_file);
        if (config_.require_client_cert)
            tls_->set_verify_mode(asio::ssl::verify_peer | asio::ssl::verify_fail_if_no_peer_cert);
    } catch (const boost::system::system_error& e) {
        tls_.reset();
        return "TLS setup of listener '" + config_.name + "' failed (cert-file " + config_.cert_file + ", key-file " +
               config_.key_file + "): " + e.code().message();
    }
    return {};
}

std::string Listener::start() {
    if (config_.tls)
        if (auto err = setup_tls(); !err.empty()) return err;
    boost::system::error_code ec;
    auto address = asio::ip::make_address(config_.bind, ec);
    if (ec) return "listener '" + config_.name + "': bad bind address " + config_.bind;
    tcp::endpoint ep(address, config_.port);
    acceptor_.open(ep.protocol(), ec);
    if (!ec) acceptor_.set_option(tcp::acceptor::reuse_address(true), ec);
    if (!ec) acceptor_.bind(ep, ec);
    if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec)
        return "listener '" + config_.name + "': cannot listen on " + config_.bind + ":" + std::to_string(config_.port) +
               ": " + ec.message();
    spdlog::info("listener '{}': {} on {}:{} ({}{}{})", config_.name, config_.tls ? "TLS" : "TCP", config_.bind, port(),
                 config_.allow_xml ? "XML" : "", config_.allow_xml && config_.allow_ber ? "+" : "",
                 config_.allow_ber ? "BER" : "");
    accept();
    return {};
}

void Listener::stop() {
    boost::system::error_code ec;
    acceptor_.close(ec);
}

unsigned short Listener::port() const {
    boost::system::error_code ec;
    auto ep = acceptor_.local_endpoint(ec);
    return ec ? 0 : ep.port();
}

void Listener::accept() {
    acceptor_.async_accept(io_, [this](boost::system::error_code ec, tcp::socket socket) {
        if (ec == asio::error::operation_aborted) return;
        if (ec) {
            // Out of descriptors and the like: log, keep accepting (a pause avoids a hot loop).
            spdlog::error("listener '{}': accept failed: {}", config_.name, ec.message());
        } else {
            boost::system::error_code peer_ec;
            auto peer = socket.remote_endpoint(peer_ec);
            if (peer_ec) {
                socket.close(peer_ec);
            } else if (!config_.acl.allows(peer.address())) {
                spdlog::warn("listener '{}': connection from {} refused by permit/deny rules", config_.name,
                             peer.address().to_string());
                socket.close(peer_ec);
            } else {
                socket.set_option(tcp::no_delay(true), peer_ec);
                auto session = std::make_shared<Session>(std::move(socket), tls_ ? &*tls_ : nullptr, config_, host_,
                                                         next_session_id_++);
                created_(session);
                session->start();
            }
        }
        accept();
    });
}

}  // namespace bridge

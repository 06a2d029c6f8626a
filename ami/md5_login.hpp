#pragma once
// The key of an AMI MD5 login: Login AuthType=MD5 carries Key = hex(md5(challenge + secret)),
// the challenge being the value Asterisk returned to "Action: Challenge / AuthType: MD5".
#include <string>
#include <string_view>

namespace ami {

// Lower-case hexadecimal MD5 of challenge followed by secret (OpenSSL EVP).
std::string md5_login_key(std::string_view challenge, std::string_view secret);

}  // namespace ami

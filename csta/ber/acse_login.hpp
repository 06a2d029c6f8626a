#pragma once
// Who an ACSE peer says it is. ECMA-285 leaves the AARQ's authentication to the peers; the
// bridge accepts the forms CSTA clients are seen to use:
//   1. calling-authentication-value (charstring) "user:password";
//   2. calling-AP-title naming the user (AP-title-form1: the commonName of a directory name;
//      form2: the dotted object identifier; form3: the string) and calling-authentication-value
//      holding the password alone;
//   3. Siemens/Unify OpenScape: user-information EXTERNAL, direct-reference 1.3.12.2.218.1.1.1,
//      whose single-ASN1-type is CSTAPrivateData (manufacturer 1.3.12.2.218.200) carrying the
//      string "user=NAME,passwd=SECRET".
// Whatever the form, the result is one user name and password for the same login check.
#include <optional>
#include <string>

#include "csta/ber/envelope.hpp"

namespace csta::ber {

struct AcseLogin {
    bool has_credentials = false;  // false: the AARQ names nobody (trusted networks may allow it)
    std::string user;
    std::string password;
    std::string form;   // which form named the user, for logs
    std::string error;  // set when the AARQ tries to log in but cannot be read: refuse it
};

// The direct-reference of the Siemens login EXTERNAL and the manufacturer of its private data.
inline constexpr const char* kSiemensLoginReference = "1.3.12.2.218.1.1.1";
inline constexpr const char* kSiemensManufacturer = "1.3.12.2.218.200";

AcseLogin login_from_aarq(const Aarq& aarq);

// One line naming the accepted forms (--check-config, logs).
std::string describe_login_forms();

}  // namespace csta::ber

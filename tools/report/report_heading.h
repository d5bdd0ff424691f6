#pragma once

#include <string>

namespace schoolgate::tools::report {

/// What a report is about, said once at its top by every format that has a top.
struct ReportHeading {
    std::string school;  ///< the policy's school name; empty without --policy
    std::string zone;    ///< "Europe/London", or "UTC" when times were given in UTC
    std::string since;   ///< as given on the command line; empty = from the first event
    std::string until;   ///< as given; empty = to the last event
    std::string person;  ///< "user alice" or "device 10.20.0.50"; empty for the whole school
};

}  // namespace schoolgate::tools::report

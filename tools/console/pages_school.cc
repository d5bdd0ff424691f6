#include <httplib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "config/yaml/policy_loader.h"
#include "tools/console/daemon_status.h"
#include "tools/console/explain_request.h"
#include "tools/console/governor_copy.h"
#include "tools/console/handlers.h"
#include "tools/console/html.h"
#include "tools/console/policy_words.h"
#include "tools/report/csv_renderer.h"
#include "tools/report/event_reader.h"
#include "tools/report/html_renderer.h"
#include "tools/report/report_model.h"

namespace schoolgate::tools::console::handlers {

namespace {

report::EventLog read_event_files(const Console& console) {
    report::EventLog log;
    std::error_code ec;
    std::vector<std::string> files;
    for (const auto& entry : std::filesystem::directory_iterator(console.config.events_directory, ec)) {
        if (entry.path().extension() == ".jsonl") files.push_back(entry.path().string());
    }
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
        std::ifstream in{file};
        report::read_event_stream(in, file, log);
        log.files.push_back(file);
    }
    report::sort_chronologically(log);
    return log;
}

std::string stats_rows(const nlohmann::json& stats) {
    std::string html = "<div class=\"scroll\"><table><tr><th scope=\"col\">counter</th><th scope=\"col\">value</th></tr>";
    for (const auto& [section, values] : stats.items()) {
        if (!values.is_object()) {
            html += "<tr><td>" + esc(section) + "</td><td>" + esc(values.dump()) + "</td></tr>";
            continue;
        }
        for (const auto& [key, value] : values.items()) {
            html += "<tr><td>" + esc(section + "." + key) + "</td><td>" + esc(value.is_string() ? value.get<std::string>() : value.dump()) +
                    "</td></tr>";
        }
    }
    return html + "</table></div>";
}

}  // namespace

void policy_page(Console& console, const httplib::Request&, httplib::Response& response, const Caller& caller) {
    const auto catalogue = console.config.catalogue_file.empty() ? config::yaml::default_catalogue_path() : console.config.catalogue_file;
    auto model = config::yaml::load_policy(console.config.policy_file, catalogue);
    std::string body;
    if (!model.ok()) {
        body = "<p class=\"error\">The policy does not load:</p><ul>";
        for (const auto& error : model.error()) body += "<li>" + esc(error.to_string()) + "</li>";
        body += "</ul>";
    } else {
        body = "<p>" + esc(model.value().school.name) + ". The first rule that matches decides; exemptions come before the rules. "
               "<a href=\"/explain\">Ask why something was blocked</a>.</p>" +
               policy_rules_html(model.value(), caller.account.role != Role::Governor);  // a governor reads no one's name
    }
    send_html(response, page(&caller, "Policy", body));
}

void explain_page(Console& console, const httplib::Request& request, httplib::Response& response, const Caller& caller) {
    auto v = [&](const char* key) { return request.get_param_value(key); };
    std::string body = "<p>Why was something blocked or allowed? The answer comes from the same decision code the gateway runs.</p>"
                       "<form method=\"get\" action=\"/explain\"><label for=\"user\">User id</label><input type=\"text\" id=\"user\" "
                       "name=\"user\" value=\"" + esc(v("user")) + "\"><label for=\"ip\">or device address</label><input type=\"text\" "
                       "id=\"ip\" name=\"ip\" value=\"" + esc(v("ip")) + "\"><label for=\"host\">Site (host name)</label>"
                       "<input type=\"text\" id=\"host\" name=\"host\" value=\"" + esc(v("host")) + "\"><label for=\"service\">or "
                       "service</label><input type=\"text\" id=\"service\" name=\"service\" value=\"" + esc(v("service")) +
                       "\"><label for=\"at\">When (school time)</label><input type=\"text\" id=\"at\" name=\"at\" value=\"" +
                       esc(v("at")) + "\" placeholder=\"2026-03-04T10:15\"><p><button type=\"submit\">Explain</button></p></form>";
    if (!v("host").empty() || !v("service").empty()) {
        const auto answer = explain_flow(console, request);
        body += answer.ok ? "<h2>Answer</h2><pre>" + esc(answer.text) + "</pre>" : "<p class=\"error\" role=\"alert\">" + esc(answer.text) + "</p>";
    }
    send_html(response, page(&caller, "Explain a decision", body));
}

void reports_page(Console& console, const httplib::Request& request, httplib::Response& response, const Caller&) {
    const auto log = read_event_files(console);
    auto model = report::build_report(log.events, log);
    report::ReportHeading heading;
    heading.school = console.config.policy_file;
    std::ostringstream html;
    report::render_html(model, heading, html);
    (void)request;
    // The report's own page (tools/report) carries its styles inline: this route alone allows inline styles.
    response.headers.erase("Content-Security-Policy");
    response.set_header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
                                                   "base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
    send_html(response, html.str());
}

void report_csv(Console& console, const httplib::Request&, httplib::Response& response, const Caller&) {
    const auto log = read_event_files(console);
    auto model = report::build_report(log.events, log);
    std::ostringstream csv;
    report::render_csv(model, csv);
    response.set_header("Content-Disposition", "attachment; filename=\"report.csv\"");
    response.set_content(csv.str(), "text/csv; charset=utf-8");
}

void status_page(Console& console, const httplib::Request&, httplib::Response& response, const Caller& caller) {
    const auto stats = daemon_stats(console.config.stats_socket);
    std::string body;
    if (stats.contains("error")) {
        body = "<p class=\"error\" role=\"alert\">The daemon does not answer: " + esc(stats["error"].get<std::string>()) + "</p>";
    } else {
        const auto policy = stats.value("policy", nlohmann::json::object());
        body = "<div class=\"card\"><p>Policy generation in force: <strong id=\"generation\">" +
               esc(policy.value("generation", nlohmann::json{}).dump()) + "</strong>; reloads published " +
               esc(policy.value("reloads_published", nlohmann::json{}).dump()) + ", refused " +
               esc(policy.value("reloads_failed", nlohmann::json{}).dump()) + ".</p></div>" + stats_rows(stats);
    }
    send_html(response, page(&caller, "Status", body));
}

void audit_page(Console& console, const httplib::Request&, httplib::Response& response, const Caller& caller) {
    auto records = console.store->audit(500);
    // The before/after text can hold people's data (an incident note, an exemption's reason): shown only to the roles
    // that may see people (the headteacher and the dsl); a governor reads who did what and when.
    const bool details = role_may(caller.account.role, Access::People);
    std::string body = "<p>Every action in the console, newest first. Changes to the exemptions file are also in its own audit "
                       "log beside it.</p>" +
                       std::string{details ? "" : "<p>The before and after details, and whom an action was about, are shown to the headteacher and the dsl.</p>"} +
                       "<div class=\"scroll\"><table><tr><th scope=\"col\">when</th><th scope=\"col\">who</th>"
                       "<th scope=\"col\">action</th><th scope=\"col\">what</th>" +
                       std::string{details ? "<th scope=\"col\">before</th><th scope=\"col\">after</th>" : ""} + "</tr>";
    for (const auto& r : records.ok() ? records.value() : std::vector<AuditRecord>{}) {
        body += "<tr><td>" + esc(utc_text(r.at)) + "</td><td>" + esc(r.who) + "</td><td>" + esc(r.action) + "</td><td>" +
                esc(details ? r.what : what_for_governor(r)) + "</td>" +
                (details ? "<td>" + esc(r.before) + "</td><td>" + esc(r.after) + "</td>" : std::string{}) + "</tr>";
    }
    send_html(response, page(&caller, "Audit", body + "</table></div>"));
}

}  // namespace schoolgate::tools::console::handlers

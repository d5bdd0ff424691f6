#include <httplib.h>

#include "tools/console/html.h"
#include "tools/console/ics_import.h"
#include "tools/console/timetable_handlers.h"
#include "tools/console/timetable_view.h"

namespace schoolgate::tools::console::handlers {

namespace {

std::string upload_form(const Caller& caller) {
    return "<form method=\"post\" action=\"/timetable/import\" enctype=\"multipart/form-data\">" + csrf_field(caller) +
           "<label for=\"ics\">The local authority's term dates (.ics, at most " + std::to_string(kMaxIcsBytes / 1024) +
           " KiB)</label><input type=\"file\" id=\"ics\" name=\"ics\" accept=\".ics,text/calendar\" required>"
           "<p><button type=\"submit\">Preview the import</button></p></form><p class=\"muted\">Nothing is changed until you "
           "confirm on the next page. How events are read: <a href=\"/timetable\">Timetable</a>, docs/console.md (Term dates "
           "from an ICS file).</p>";
}

std::string skipped_html(const IcsImport& import) {
    if (import.skipped.empty()) return "";
    std::string html = "<h2>Not imported</h2><div class=\"scroll\"><table><tr><th scope=\"col\">Event</th><th scope=\"col\">Dates"
                       "</th><th scope=\"col\">Why</th></tr>";
    for (const auto& s : import.skipped) {
        html += "<tr><td>" + esc(s.summary) + "</td><td>" + esc(s.dates.empty() ? "-" : s.dates) + "</td><td>" + esc(s.reason) + "</td></tr>";
    }
    return html + "</table></div>";
}

std::string steps_html(const ImportPlan& plan) {
    std::string html = "<h2>What would change</h2><ul class=\"steps\">";
    for (const auto& step : plan.steps) {
        html += std::string{"<li class=\""} + (step.change ? "add" : "muted") + "\">" + esc(step.text) + "</li>";
    }
    if (plan.steps.empty()) html += "<li class=\"muted\">Nothing: the file holds no term dates the import reads.</li>";
    return html + "</ul>";
}

void show_import(httplib::Response& response, const Caller& caller, const std::string& body, int status) {
    send_html(response, page(&caller, "Import term dates", body + "<p><a href=\"/timetable\">Back to the timetable</a></p>"), status);
}

}  // namespace

void timetable_import_form(Console& console, const httplib::Request&, httplib::Response& response, const Caller& caller) {
    const auto file = read_timetable_file(console);
    if (file.file.empty()) return show_import(response, caller, "<p class=\"error\">The timetable is written inside the policy: move it to its own file to import into it (see the Timetable page).</p>", 409);
    show_import(response, caller, upload_form(caller), 200);
}

void timetable_import_preview(Console& console, const httplib::Request& request, httplib::Response& response, const Caller& caller) {
    const auto file = read_timetable_file(console);
    if (file.file.empty() || !file.model) return show_import(response, caller, "<p class=\"error\">There is no timetable file to import into.</p>", 409);
    if (!request.has_file("ics")) return show_import(response, caller, "<p class=\"error\" role=\"alert\">Choose the .ics file first.</p>" + upload_form(caller), 400);
    const auto read = read_term_dates_ics(request.get_file_value("ics").content, terms_of(*file.model));
    if (!read.ok()) {
        return show_import(response, caller, "<p class=\"error\" role=\"alert\">" + esc(read.error()) + " Nothing was changed.</p>" + upload_form(caller), 422);
    }
    const auto plan = plan_import(read.value(), *file.model);
    std::string body = "<p>" + std::to_string(read.value().events) + " events read.</p>" + steps_html(plan);
    // The same check as the real change, so the preview says now whether the school's policy would accept it.
    auto context = timetable_context(console, caller, file.digest);
    context.dry_run = true;
    const auto check = plan.edits.empty() ? FileChangeOutcome{} : change_timetable(context, plan.edits, "imported");
    for (const auto& m : check.messages) body += "<p class=\"error\" role=\"alert\">" + esc(m) + "</p>";
    body += skipped_html(read.value());
    if (check.ok() && !plan.edits.empty()) {
        body += "<form method=\"post\" action=\"/timetable/import/apply\">" + csrf_field(caller) + "<input type=\"hidden\" name=\"digest\" value=\"" +
                esc(file.digest) + "\"><input type=\"hidden\" name=\"plan\" value=\"" + esc(import_json(read.value()).dump()) +
                "\"><p><button type=\"submit\">Import " + std::to_string(plan.edits.size()) + " changes</button></p></form>";
    }
    show_import(response, caller, body, check.ok() ? 200 : 422);
}

void timetable_import_apply(Console& console, const httplib::Request& request, httplib::Response& response, const Caller& caller) {
    const auto import = import_from_json(request.get_param_value("plan"));
    const auto file = read_timetable_file(console);
    if (!import.ok() || !file.model) {
        return show_import(response, caller, "<p class=\"error\" role=\"alert\">" + esc(import.ok() ? "There is no timetable file." : import.error()) + "</p>", 400);
    }
    const auto plan = plan_import(import.value(), *file.model);
    const auto outcome = change_timetable(timetable_context(console, caller, request.get_param_value("digest")), plan.edits, "imported");
    if (!outcome.ok()) {
        std::string body;
        for (const auto& m : outcome.messages) body += "<p class=\"error\" role=\"alert\">" + esc(m) + "</p>";
        return show_import(response, caller, body + upload_form(caller), outcome.stale ? 409 : 422);
    }
    (void)console.audit(caller.account.name, "timetable_imported", outcome.done, outcome.before, outcome.after);
    response.set_redirect("/timetable?done=imported", 303);
}

}  // namespace schoolgate::tools::console::handlers

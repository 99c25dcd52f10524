using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Marketplace.Tests.Infrastructure;
using static Marketplace.Tests.Infrastructure.ApiClient;

namespace Marketplace.Tests.Api;

/// <summary>
/// The inputs a schema-driven fuzz of every operation found (issue 18): each is refused with a 400 problem naming the
/// field, and nothing stored changes.
/// </summary>
public class BadInputTests(BadInputTests.Targets targets) : IClassFixture<BadInputTests.Targets>
{
    private sealed record Row(string Label, string Method, string Url, string? Body, string Field);

    private static string Long(int length) => new('x', length);

    private static string Many(int count, string entry) => "[" + string.Join(",", Enumerable.Repeat($"\"{entry}\"", count)) + "]";

    private const string Company = """{"name":"A","industry":"B","employeeCount":5,"monthlyFee":1,"csOwnerId":"{cs}","signedOn":"2026-01-01","purposes":[]}""";
    private const string Worker = """{"name":"W","email":"bad-input@example.jp","jobType":"engineer","skills":[],"mainJobStyle":"employee","weeklyHours":1,"conciergeId":"{cc}"}""";
    private const string Terms = """{"companyId":"{company}","workerId":"{available}","title":"t","jobType":"engineer","startOn":"2026-02-01","monthlyHours":10,"monthlyFee":1}""";
    private const string Kickoff = """{"heldOn":"2026-02-01","csAttendeeId":"{cs}","attendees":[]}""";
    private const string FollowUp = """{"heldOn":"2026-03-02","companySatisfaction":3,"workerEvaluation":3}""";
    private const string End = """{"endedOn":"2026-04-01","initiatedBy":"mutual","reasons":["other"]}""";
    private const string Note = """{"kind":"call","heldOn":"2026-03-01","body":"x"}""";

    /// <summary>A valid body with one field's JSON value replaced.</summary>
    private static string With(string body, string field, string json) =>
        Regex.Replace(body, $"\"{field}\":(\"[^\"]*\"|\\[[^\\]]*\\]|[^,}}]+)", $"\"{field}\":{json}");

    private static readonly Row[] Table =
    [
        // Dates out of the calendar's room: the date arithmetic behind these ran off the end (500) or the date was stored.
        new("churn-risk asOf 0001-01-01", "GET", "/api/insights/churn-risk?asOf=0001-01-01", null, "asOf"),
        new("churn-risk asOf 9999-12-31", "GET", "/api/insights/churn-risk?asOf=9999-12-31", null, "asOf"),
        new("follow-ups asOf 9999-12-31", "GET", "/api/follow-ups?asOf=9999-12-31", null, "asOf"),
        new("follow-ups asOf 0001-01-01", "GET", "/api/follow-ups?asOf=0001-01-01", null, "asOf"),
        new("audit to 9999-12-31", "GET", "/api/audit?to=9999-12-31", null, "to"),
        new("audit from 0001-01-01", "GET", "/api/audit?from=0001-01-01", null, "from"),
        new("tenure asOf 0001-01-01", "GET", "/api/insights/tenure?kind=company&asOf=0001-01-01", null, "asOf"),
        new("engagement churns from 1989-12-31", "GET", "/api/churn/engagements?from=1989-12-31", null, "from"),
        new("company churns to 2101-01-01", "GET", "/api/churn/companies?to=2101-01-01", null, "to"),
        new("churn-rates to 0001-01", "GET", "/api/insights/churn-rates?kind=company&to=0001-01", null, "to"),
        new("churn-rates from 9999-12", "GET", "/api/insights/churn-rates?kind=engagement&from=9999-12&to=9999-12", null, "from"),
        new("reasons to 9999-12", "GET", "/api/insights/reasons?kind=engagement&to=9999-12", null, "to"),
        new("company signedOn 0001-01-01", "POST", "/api/companies", With(Company, "signedOn", "\"0001-01-01\""), "signedOn"),
        new("company update signedOn 9999-12-31", "PUT", "/api/companies/{company}", With(Company, "signedOn", "\"9999-12-31\""), "signedOn"),
        new("reactivate signedOn 9999-12-31", "POST", "/api/companies/{churned}/reactivate", """{"signedOn":"9999-12-31"}""", "signedOn"),
        new("satisfaction surveyedOn 9999-12-31", "POST", "/api/companies/{company}/satisfaction", """{"surveyedOn":"9999-12-31","score":5}""", "surveyedOn"),
        new("expansion lead tossedOn 0001-01-01", "POST", "/api/companies/{company}/expansion-leads", """{"tossedOn":"0001-01-01","description":"x"}""", "tossedOn"),
        new("propose startOn 0001-01-01", "POST", "/api/engagements", With(Terms, "startOn", "\"0001-01-01\""), "startOn"),
        new("terms startOn 2101-01-01", "PUT", "/api/engagements/{engagement}", With(Terms, "startOn", "\"2101-01-01\""), "startOn"),
        new("contract contractedOn 0001-01-01", "POST", "/api/engagements/{proposed}/contract", """{"contractedOn":"0001-01-01"}""", "contractedOn"),
        new("kickoff heldOn 9999-12-31", "POST", "/api/engagements/{contracted}/kickoff", With(Kickoff, "heldOn", "\"9999-12-31\""), "heldOn"),
        new("kickoff heldOn 2101-01-01", "POST", "/api/engagements/{contracted}/kickoff", With(Kickoff, "heldOn", "\"2101-01-01\""), "heldOn"),
        new("kickoff correction heldOn 1989-12-31", "PUT", "/api/engagements/{engagement}/kickoff", With(Kickoff, "heldOn", "\"1989-12-31\""), "heldOn"),
        new("follow-up heldOn 9999-12-31", "POST", "/api/engagements/{engagement}/follow-ups", With(FollowUp, "heldOn", "\"9999-12-31\""), "heldOn"),
        new("follow-up correction heldOn 9999-12-31", "PUT", "/api/follow-ups/{followUp}", With(FollowUp, "heldOn", "\"9999-12-31\""), "heldOn"),
        new("end endedOn 9999-12-31", "POST", "/api/engagements/{engagement}/end", With(End, "endedOn", "\"9999-12-31\""), "endedOn"),
        new("end correction endedOn 0001-01-01", "PUT", "/api/engagements/{ended}/end", With(End, "endedOn", "\"0001-01-01\""), "endedOn"),
        new("company churn churnedOn 9999-12-31", "POST", "/api/companies/{company}/churn", """{"churnedOn":"9999-12-31","reasons":["budget"],"endActiveEngagements":true}""", "churnedOn"),
        new("company churn correction churnedOn 0001-01-01", "PUT", "/api/company-churns/{companyChurn}", """{"churnedOn":"0001-01-01","reasons":["budget"]}""", "churnedOn"),
        new("company note heldOn 9999-12-31", "POST", "/api/companies/{company}/notes", With(Note, "heldOn", "\"9999-12-31\""), "heldOn"),
        new("worker note heldOn 0001-01-01", "POST", "/api/workers/{available}/notes", With(Note, "heldOn", "\"0001-01-01\""), "heldOn"),
        new("signedOn 2026-02-30", "POST", "/api/companies", With(Company, "signedOn", "\"2026-02-30\""), "signedOn"),
        new("signedOn as a number", "POST", "/api/companies", With(Company, "signedOn", "20260101"), "signedOn"),

        // Collections: every entry is checked (a null checklist item was a 500).
        new("checklist items [null]", "PUT", "/api/engagements/{engagement}/kickoff/checklist", """{"items":[null]}""", "items[0]"),
        new("checklist null after an item", "PUT", "/api/engagements/{engagement}/kickoff/checklist", """{"items":[{"key":"parties","done":true},null]}""", "items[1]"),
        new("checklist item without key", "PUT", "/api/engagements/{engagement}/kickoff/checklist", """{"items":[{"done":true}]}""", "items[0].key"),
        new("checklist items not a list", "PUT", "/api/engagements/{engagement}/kickoff/checklist", """{"items":"parties"}""", "items"),
        new("checklist key twice", "PUT", "/api/engagements/{engagement}/kickoff/checklist", """{"items":[{"key":"parties","done":true},{"key":"parties","done":false}]}""", "items"),
        new("skills [null]", "POST", "/api/workers", With(Worker, "skills", "[null]"), "skills[0]"),
        new("skills [NUL]", "POST", "/api/workers", With(Worker, "skills", "[\"\\u0000\"]"), "skills[0]"),
        new("skills [zero-width space]", "POST", "/api/workers", With(Worker, "skills", "[\"C#\",\"\\u200b\"]"), "skills[1]"),
        new("skills [101 characters]", "POST", "/api/workers", With(Worker, "skills", $"[\"{Long(101)}\"]"), "skills[0]"),
        new("skills 51 entries", "POST", "/api/workers", With(Worker, "skills", Many(51, "C#")), "skills"),
        new("skills [number]", "POST", "/api/workers", With(Worker, "skills", "[1]"), "skills[0]"),
        new("attendees [null]", "POST", "/api/engagements/{contracted}/kickoff", With(Kickoff, "attendees", "[null]"), "attendees[0]"),
        new("attendees [BEL]", "POST", "/api/engagements/{contracted}/kickoff", With(Kickoff, "attendees", "[\"\\u0007\"]"), "attendees[0]"),
        new("attendees [201 characters]", "POST", "/api/engagements/{contracted}/kickoff", With(Kickoff, "attendees", $"[\"{Long(201)}\"]"), "attendees[0]"),
        new("attendees 51 entries", "POST", "/api/engagements/{contracted}/kickoff", With(Kickoff, "attendees", Many(51, "山田")), "attendees"),
        new("end reasons [null]", "POST", "/api/engagements/{engagement}/end", With(End, "reasons", "[null]"), "reasons[0]"),
        new("end reasons [41 characters]", "POST", "/api/engagements/{engagement}/end", With(End, "reasons", $"[\"{Long(41)}\"]"), "reasons[0]"),
        new("end reasons 21 entries", "POST", "/api/engagements/{engagement}/end", With(End, "reasons", Many(21, "other")), "reasons"),
        new("company churn reasons [NUL]", "POST", "/api/companies/{company}/churn", """{"churnedOn":"2026-05-01","reasons":["\u0000"]}""", "reasons[0]"),
        new("company churn reasons not a list", "POST", "/api/companies/{company}/churn", """{"churnedOn":"2026-05-01","reasons":"budget"}""", "reasons"),
        new("purposes [null]", "POST", "/api/companies", With(Company, "purposes", "[null]"), "purposes[0]"),
        new("purposes repeated", "POST", "/api/companies", With(Company, "purposes", "[\"know_how\",\"know_how\"]"), "purposes"),

        // Text: nothing visible is blank; control characters are refused; lengths and encodings are checked.
        new("company name of control characters", "POST", "/api/companies", With(Company, "name", "\"\\u0000\\u0001\""), "name"),
        new("company name of zero-width space and BOM", "POST", "/api/companies", With(Company, "name", "\"\\u200b\\ufeff\""), "name"),
        new("company industry of an ideographic space", "POST", "/api/companies", With(Company, "industry", "\"\\u3000\""), "industry"),
        new("company name 201 characters", "POST", "/api/companies", With(Company, "name", $"\"{Long(201)}\""), "name"),
        new("company name 300,000 characters", "POST", "/api/companies", With(Company, "name", $"\"{Long(300_000)}\""), "name"),
        new("company name a lone surrogate", "POST", "/api/companies", With(Company, "name", "\"\\ud800\""), "name"),
        new("company name a number", "POST", "/api/companies", With(Company, "name", "123"), "name"),
        new("member name of tab and line breaks", "POST", "/api/members", """{"name":"\t\n\u000b","email":"bad-input@example.jp","team":"cs"}""", "name"),
        new("member email with NUL", "POST", "/api/members", """{"name":"x","email":"\u0000@example.jp","team":"cs"}""", "email"),
        new("worker name ESC", "POST", "/api/workers", With(Worker, "name", "\"\\u001b\""), "name"),
        new("engagement title with NUL", "POST", "/api/engagements", With(Terms, "title", "\"API\\u0000開発\""), "title"),
        new("decline note with NUL", "POST", "/api/engagements/{proposed}/decline", """{"note":"\u0000"}""", "note"),
        new("status note with BEL", "POST", "/api/workers/{available}/status", """{"status":"screening","note":"\u0007"}""", "note"),
        new("satisfaction comment with NUL", "POST", "/api/companies/{company}/satisfaction", """{"surveyedOn":"2026-03-01","score":5,"comment":"\u0000"}""", "comment"),
        new("lead description zero-width", "POST", "/api/companies/{company}/expansion-leads", """{"tossedOn":"2026-03-01","description":"\u200b"}""", "description"),
        new("company note body with NUL", "POST", "/api/companies/{company}/notes", With(Note, "body", "\"\\u0000\""), "body"),
        new("worker note body of an ideographic space", "POST", "/api/workers/{available}/notes", With(Note, "body", "\"\\u3000\""), "body"),
        new("worker note body 4001 characters", "POST", "/api/workers/{available}/notes", With(Note, "body", $"\"{Long(4001)}\""), "body"),
        new("company note kind unknown", "POST", "/api/companies/{company}/notes", With(Note, "kind", "\"visit\""), "kind"),
        new("worker note kind null", "POST", "/api/workers/{available}/notes", With(Note, "kind", "null"), "kind"),
        new("template restore with a blank name", "POST", "/api/templates/%20/versions/1/restore", null, "name"),
        new("template restore of version -1", "POST", "/api/templates/onboarding-guide.ja.html/versions/-1/restore", null, "version"),
        new("template read with a blank name", "GET", "/api/templates/%20", null, "name"),
        new("template versions with a blank name", "GET", "/api/templates/%20/versions", null, "name"),
        new("template save with a blank name", "PUT", "/api/templates/%20", """{"content":"x"}""", "name"),
        new("template preview with a blank name", "POST", "/api/templates/%20/preview?companyId={company}", """{"content":"x"}""", "name"),

        // Numbers at and past their types' ends, and of the wrong type.
        new("engagement monthlyFee 2^31", "POST", "/api/engagements", With(Terms, "monthlyFee", "2147483648"), "monthlyFee"),
        new("engagement monthlyHours 745", "POST", "/api/engagements", With(Terms, "monthlyHours", "745"), "monthlyHours"),
        new("company monthlyFee 2^63", "POST", "/api/companies", With(Company, "monthlyFee", "9223372036854775808"), "monthlyFee"),
        new("company monthlyFee negative", "POST", "/api/companies", With(Company, "monthlyFee", "-1"), "monthlyFee"),
        new("company monthlyFee 1.5", "POST", "/api/companies", With(Company, "monthlyFee", "1.5"), "monthlyFee"),
        new("company employeeCount 2^31", "POST", "/api/companies", With(Company, "employeeCount", "2147483648"), "employeeCount"),
        new("company employeeCount huge", "POST", "/api/companies", With(Company, "employeeCount", "2147483647"), "employeeCount"),
        new("company employeeCount negative", "POST", "/api/companies", With(Company, "employeeCount", "-5"), "employeeCount"),
        new("company employeeCount text", "POST", "/api/companies", With(Company, "employeeCount", "\"many\""), "employeeCount"),
        new("worker weeklyHours negative", "POST", "/api/workers", With(Worker, "weeklyHours", "-1"), "weeklyHours"),
        new("satisfaction score 2^31", "POST", "/api/companies/{company}/satisfaction", """{"surveyedOn":"2026-03-01","score":2147483648}""", "score"),
        new("follow-up companySatisfaction 0", "POST", "/api/engagements/{engagement}/follow-ups", With(FollowUp, "companySatisfaction", "0"), "companySatisfaction"),
        new("page 2^33", "GET", "/api/engagements?page=8589934592", null, "page"),
        new("page 0", "GET", "/api/companies?page=0", null, "page"),
        new("pageSize 201", "GET", "/api/workers?pageSize=201", null, "pageSize"),
        new("company timeline page 0", "GET", "/api/companies/{company}/timeline?page=0", null, "page"),
        new("worker timeline pageSize 201", "GET", "/api/workers/{available}/timeline?pageSize=201", null, "pageSize"),
        new("worker timeline page text", "GET", "/api/workers/{available}/timeline?page=first", null, "page"),
        // A list's order comes from its fixed keys: anything else is refused, never written into the statement.
        new("companies sort unknown key", "GET", "/api/companies?sort=stage", null, "sort"),
        new("companies sort of SQL", "GET", "/api/companies?sort=name%3B%20DROP%20TABLE%20companies", null, "sort"),
        new("companies sort a column name", "GET", "/api/companies?sort=c.name", null, "sort"),
        new("companies sort a lone minus", "GET", "/api/companies?sort=-", null, "sort"),
        new("companies sort twice descending", "GET", "/api/companies?sort=--name", null, "sort"),
        new("companies sort with the stage filter", "GET", "/api/companies?stage=entry&sort=NAME", null, "sort"),
        new("companies sort of a NUL", "GET", "/api/companies?sort=%00", null, "sort"),
        new("body an array", "POST", "/api/companies", "[]", "body"),
        new("body null", "POST", "/api/companies", "null", "body"),
        // Notifications: a day out of range, a digest time or a switch of the wrong type.
        new("digest run day 9999-12-31", "POST", "/api/notifications/digests/run?day=9999-12-31", "{}", "day"),
        new("digests day 0001-01-01", "GET", "/api/notifications?day=0001-01-01", null, "day"),
        new("digests status unknown", "GET", "/api/notifications?status=bounced", null, "status"),
        new("notifications digestTime a number", "PUT", "/api/members/{cs}/notifications", """{"email":true,"digestTime":800}""", "digestTime"),
        new("notifications digestTime 24:00", "PUT", "/api/members/{cs}/notifications", """{"email":true,"digestTime":"24:00"}""", "digestTime"),
        new("notifications email text", "PUT", "/api/members/{cs}/notifications", """{"email":"yes","digestTime":"08:00"}""", "email"),
        new("notifications slack javascript:", "PUT", "/api/members/{cs}/notifications", """{"email":true,"digestTime":"08:00","slackWebhookUrl":"javascript:alert(1)"}""", "slackWebhookUrl"),
    ];

    public static TheoryData<string> Labels()
    {
        var labels = new TheoryData<string>();
        foreach (var row in Table) labels.Add(row.Label);
        return labels;
    }

    [Theory, MemberData(nameof(Labels))]
    public async Task Is_refused_naming_the_field_and_nothing_stored_changes(string label)
    {
        var row = Table.Single(r => r.Label == label);
        var before = targets.Given.Snapshot();
        var request = new HttpRequestMessage(new HttpMethod(row.Method), targets.Fill(row.Url));
        if (row.Body is not null) request.Content = new StringContent(targets.Fill(row.Body), Encoding.UTF8, "application/json");
        await FieldError(await targets.Given.Admin.Http.SendAsync(request), row.Field);
        Assert.Equal(before, targets.Given.Snapshot());
    }

    [Theory]
    [InlineData("/api/companies")]
    [InlineData("/api/companies?stage=onboard")]
    [InlineData("/api/companies?sort=-activeEngagements")]
    [InlineData("/api/companies?stage=entry&sort=csOwnerName")]
    [InlineData("/api/workers")]
    [InlineData("/api/engagements")]
    [InlineData("/api/members")]
    [InlineData("/api/audit")]
    [InlineData("/api/follow-ups")]
    [InlineData("/api/churn/engagements")]
    [InlineData("/api/churn/companies")]
    [InlineData("/api/expansion-leads")]
    public async Task A_page_beyond_the_data_is_empty_and_counts_it_all(string list)
    {
        var separator = list.Contains('?') ? '&' : '?';
        foreach (var pageSize in new[] { 1, 50, 200 })
        {
            var first = await targets.Given.Admin.GetOk($"{list}{separator}pageSize={pageSize}");
            var far = await targets.Given.Admin.GetOk($"{list}{separator}page={int.MaxValue}&pageSize={pageSize}");
            Assert.Empty(far["items"]!.AsArray());
            Assert.Equal(first["total"]!.GetValue<int>(), far["total"]!.GetValue<int>());
            Assert.Equal(int.MaxValue, far["page"]!.GetValue<int>());
        }
    }

    [Theory]
    [InlineData("/api/insights/churn-risk?asOf=1990-01-01&format=csv", "companyId,name,csOwnerId,csOwnerName,monthlyFee,signals")]
    [InlineData("/api/insights/reasons?kind=company&from=1990-01&to=1990-12&format=csv", "bucket,code,labelJa,labelEn,negative,count,share")]
    public async Task An_insight_with_nothing_to_list_is_a_csv_of_its_header(string url, string header)
    {
        var response = await targets.Given.Admin.Get(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(header, (await response.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Trim());
    }

    [Fact]
    public async Task The_ends_of_the_range_are_accepted()
    {
        var admin = targets.Given.Admin;
        await admin.PostCreated("/api/companies", new { name = "株式会社 一九九〇", industry = "SaaS", employeeCount = 5, monthlyFee = 1, csOwnerId = targets.Fill("{cs}"), signedOn = "1990-01-01", purposes = Array.Empty<string>() });
        await admin.GetOk("/api/follow-ups?asOf=2100-12-31");
        await admin.GetOk("/api/insights/churn-risk?asOf=1990-01-01");
        await admin.GetOk("/api/insights/churn-risk?asOf=2100-12-31");
        await admin.GetOk("/api/insights/tenure?kind=engagement&asOf=1990-01-01");
        await admin.GetOk("/api/insights/churn-rates?kind=company&from=2100-01&to=2100-12");
        await admin.GetOk("/api/insights/reasons?kind=engagement&to=1990-01");
        await admin.GetOk("/api/audit?from=1990-01-01&to=2100-12-31");
        await admin.GetOk("/api/churn/companies?from=1990-01-01&to=2100-12-31");
    }

    /// <summary>One app and the records the bad inputs aim at, made once for the table.</summary>
    public sealed class Targets : IAsyncLifetime
    {
        private readonly MarketplaceApp app = new();
        private readonly Dictionary<string, string> ids = [];

        public Scenario Given { get; private set; } = null!;

        /// <summary>The text with every {name} of a target replaced by its id.</summary>
        public string Fill(string text) => Regex.Replace(text, @"\{(\w+)\}", m => ids.GetValueOrDefault(m.Groups[1].Value, m.Value));

        public async Task InitializeAsync()
        {
            Given = new Scenario(app);
            var (company, _, engagement, cs, cc) = await Given.ActiveEngagement();
            (ids["company"], ids["engagement"], ids["cs"], ids["cc"]) = (company, engagement, cs, cc);
            ids["followUp"] = (await Given.Admin.PostCreated($"/api/engagements/{engagement}/follow-ups", new { heldOn = "2026-03-02", companySatisfaction = 4, workerEvaluation = 4 }))["id"]!.GetValue<string>();
            ids["available"] = await Given.AvailableWorker(cc);
            ids["proposed"] = await Given.Engagement(company, await Given.AvailableWorker(cc));
            ids["contracted"] = await Given.Engagement(company, await Given.AvailableWorker(cc));
            await Given.Admin.PostOk($"/api/engagements/{ids["contracted"]}/contract", new { contractedOn = "2026-01-20" });
            var (_, _, ended, _, _) = await Given.ActiveEngagement();
            ids["ended"] = ended;
            await Given.Admin.PostCreated($"/api/engagements/{ended}/end", new { endedOn = "2026-04-01", initiatedBy = "mutual", reasons = new[] { "other" } });
            ids["churned"] = await Given.Company(cs);
            ids["companyChurn"] = (await Given.Admin.PostCreated($"/api/companies/{ids["churned"]}/churn", new { churnedOn = "2026-05-01", reasons = new[] { "budget" } }))["id"]!.GetValue<string>();
        }

        public Task DisposeAsync()
        {
            app.Dispose();
            return Task.CompletedTask;
        }
    }
}

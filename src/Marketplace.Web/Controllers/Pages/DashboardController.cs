using System.Globalization;
using Marketplace.Core.Domain;
using Marketplace.Core.Features.Insights;
using Marketplace.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Marketplace.Web.Controllers.Pages;

/// <summary>The dashboard's filters as typed into the form or the address bar; <see cref="Risk"/> orders the risk list.</summary>
public sealed record DashboardFilter(string? From, string? To, string? CompanyBy, string? EngagementBy, string? AsOf = null, string? Risk = null)
{
    /// <summary>The page's one query, with the filters the reader gave; riskTake companies of the risk list (all when null).</summary>
    public Dashboard.Query Query(DateOnly? asOf, int? riskTake) => new()
    {
        From = NullIfBlank(From), To = NullIfBlank(To), CompanyBy = NullIfBlank(CompanyBy), EngagementBy = NullIfBlank(EngagementBy), AsOf = asOf,
        RiskOrder = RiskOrder, RiskTake = riskTake,
    };

    /// <summary>The risk list's order the reader chose: most signals first unless they chose name, owner or fee.</summary>
    public ChurnRisk.Order RiskOrder => Wire.TryParse<ChurnRisk.Order>(Risk, out var order) ? order : ChurnRisk.Order.Signals;

    private static string? NullIfBlank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

    /// <summary>The filters as a query string, for the CSV links and the risk list's order links.</summary>
    public string QueryString(string? risk = null) =>
        string.Join("&", new[] { ("from", From), ("to", To), ("companyBy", CompanyBy), ("engagementBy", EngagementBy), ("asOf", AsOf), ("risk", risk ?? Risk) }
            .Where(p => !string.IsNullOrWhiteSpace(p.Item2)).Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2!)}")) is { Length: > 0 } q ? "?" + q : "";
}

public sealed record DashboardPage(DashboardFilter Filter, Dashboard.Result Cards)
{
    /// <summary>The risk list's order as its word in the page's links.</summary>
    public string RiskOrder => Wire.Name(Filter.RiskOrder);
}

/// <summary>The insights as charts, with the same filters as the API (sent through the same handlers), and readable CSV.</summary>
[Route("dashboard"), Authorize(Policies.Read)]
public sealed class DashboardController : PageController
{
    /// <summary>How many companies of the risk list the page shows; the CSV has them all.</summary>
    public const int RiskShown = 30;

    [HttpGet("")]
    public async Task<IActionResult> Index([FromQuery] DashboardFilter filter, CancellationToken ct)
    {
        var (cards, used) = await Load(filter, RiskShown, ct);
        return View(new DashboardPage(used, cards));
    }

    /// <summary>The dashboard's CSV downloads, as people read them (<see cref="ReadableCsv"/>).</summary>
    [HttpGet("csv/{insight}")]
    public async Task<IActionResult> Csv(string insight, [FromQuery] DashboardFilter filter, CancellationToken ct)
    {
        var (cards, _) = await Load(filter, insight == "churn-risk" ? null : RiskShown, ct);
        var csv = new DashboardCsv(T);
        return insight switch
        {
            "company-churn-rates" => csv.Rates(insight, cards.CompanyRates, T["期首の企業数"]),
            "engagement-churn-rates" => csv.Rates(insight, cards.EngagementRates, T["期首の案件数"]),
            "revenue-churn" => csv.Revenue(insight, cards.Revenue),
            "company-reasons" => csv.Reasons(insight, cards.CompanyReasons),
            "reasons" => csv.Reasons(insight, cards.EngagementReasons),
            "tenure" => csv.Tenure(insight, cards.Tenure),
            "rep-load" => csv.RepLoad(insight, cards.RepLoad),
            "churn-risk" => csv.Risk(insight, cards.Risk.Companies),
            _ => NotFound(),
        };
    }

    /// <summary>The cards for the filters, or — when the filters are refused — for the defaults, with the refusal at its field.</summary>
    private async Task<(Dashboard.Result Cards, DashboardFilter Used)> Load(DashboardFilter filter, int? riskTake, CancellationToken ct)
    {
        DateOnly? asOf = null;
        if (!string.IsNullOrWhiteSpace(filter.AsOf))
        {
            if (DateOnly.TryParseExact(filter.AsOf, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)) asOf = day;
            else
            {
                ModelState.AddModelError("asOf", T["日付は yyyy-MM-dd で入力してください。"]);
                ViewData[FormError] = T["絞り込み条件を確認してください。既定の条件で表示しています。"];
                filter = filter with { AsOf = null };
            }
        }
        try
        {
            return (await Mediator.Send(filter.Query(asOf, riskTake), ct), filter);
        }
        catch (FluentValidation.ValidationException e)
        {
            Refused(e, T["絞り込み条件を確認してください。既定の条件で表示しています。"]);
            var plain = new DashboardFilter(null, null, null, null, null, filter.Risk);
            return (await Mediator.Send(plain.Query(null, riskTake), ct), plain);
        }
    }
}

/// <summary>The dashboard's cards as readable tables: the reader's language, names, rounded percentages.</summary>
public sealed class DashboardCsv(UiText t)
{
    private string Yes(bool value) => value ? t["はい"] : "";

    public ReadableCsv Rates(string name, ChurnRates.Result r, string atStart) => new($"{name}.csv",
        [t["内訳"], t["月"], atStart, t["解約"], t["うちネガ"], t["解約率"], t["ネガ解約率"], t["3か月移動平均"], t["途中の月"]],
        r.Months.Select(m => (Group: t["全体"], Month: m))
            .Concat(r.Groups.SelectMany(g => g.Months.Select(m => (Group: t.Word(g.Label ?? g.Key), Month: m))))
            .Select(x => (IReadOnlyList<string?>)[x.Group, t.Month(x.Month.Month), Count(x.Month.ActiveAtStart), Count(x.Month.Churned), Count(x.Month.NegativeChurned),
                UiText.Percent(x.Month.Rate), UiText.Percent(x.Month.NegativeRate), UiText.Percent(x.Month.RollingRate), Yes(x.Month.Partial)]));

    public ReadableCsv Revenue(string name, RevenueChurn.Result r) => new($"{name}.csv",
        [t["月"], t["期首の企業数"], t["期首の月額合計（MRR）"], t["解約した企業"], t["解約した月額"], t["うちネガ解約の月額"], t["売上の解約率"], t["途中の月"]],
        r.Months.Select(m => (IReadOnlyList<string?>)[t.Month(m.Month), Count(m.CompaniesAtStart), UiText.Yen(m.MrrAtStart), Count(m.ChurnedCompanies),
            UiText.Yen(m.ChurnedMrr), UiText.Yen(m.NegativeChurnedMrr), UiText.Percent(m.Rate), Yes(m.Partial)]));

    public ReadableCsv Reasons(string name, ChurnReasonInsight.Result r) => new($"{name}.csv",
        [t["継続期間"], t["理由"], t["ネガティブ"], t["件数"], t["割合"]],
        r.Reasons.Select(x => (Bucket: t["全体"], Reason: x))
            .Concat(r.ByTenure.SelectMany(b => b.Reasons.Select(x => (Bucket: TenureLabel(t, b.Bucket), Reason: x))))
            .Select(x => (IReadOnlyList<string?>)[x.Bucket, t.Stored(x.Reason.LabelJa, x.Reason.LabelEn), Yes(x.Reason.Negative), Count(x.Reason.Count), UiText.Percent(x.Reason.Share)]));

    public ReadableCsv Tenure(string name, TenureInsight.Result r) => new($"{name}.csv",
        [t["経過日数"], t["対象（継続中を含む）"], t["終了"], t["継続率"], t["95%下限"], t["95%上限"], t["十分な件数"]],
        r.Survival.Select(p => (IReadOnlyList<string?>)[Count(p.Day), Count(p.AtRisk), Count(p.Ended), UiText.Percent(p.Survival),
            UiText.Percent(p.Lower), UiText.Percent(p.Upper), Yes(p.Reliable)]));

    public ReadableCsv RepLoad(string name, RepLoad.Result r) => new($"{name}.csv",
        [t["担当者"], t["チーム"], t["担当企業"], t["稼働案件"], t["稼働人材"]],
        r.Members.Select(m => (IReadOnlyList<string?>)[m.Name, t.Word(m.Team), Count(m.ActiveCompanies), Count(m.ActiveEngagements), Count(m.ActiveWorkers)]));

    public ReadableCsv Risk(string name, IEnumerable<ChurnRisk.Company> companies) => new($"{name}.csv",
        [t["企業名"], t["CS担当"], t["月額"], t["シグナル"]],
        companies.Select(c => (IReadOnlyList<string?>)[c.Name, c.CsOwnerName, UiText.Yen(c.MonthlyFee), string.Join("、", c.Signals.Select(s => RiskLabels.Label(t, s)))]));

    private static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);

    /// <summary>A tenure bucket as people say it.</summary>
    public static string TenureLabel(UiText t, string bucket) => bucket switch
    {
        "<1m" => t["1か月未満"],
        "1-3m" => t["1〜3か月"],
        "3-6m" => t["3〜6か月"],
        "6-12m" => t["6〜12か月"],
        ">=12m" => t["12か月以上"],
        _ => bucket,
    };
}

using System.Globalization;
using Marketplace.Core.Domain;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Infrastructure;

/// <summary>
/// The UI speaks Japanese first: views write the Japanese text (<c>@T["ホーム"]</c>), which is the key of
/// <c>Resources/SharedText.en.resx</c>, and request localization (the language switch's cookie, then
/// Accept-Language) picks the culture. A Japanese word that reads differently in English by context carries the
/// context after a bar (<c>@T["企業|list"]</c>); Japanese shows the part before it.
/// </summary>
public sealed class UiText(IStringLocalizer<SharedText> text, Marketplace.Core.Documents.DocumentContent content, Marketplace.Core.Pipeline.BusinessTime business)
{
    public const string Cookie = "mcs.lang";

    public bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";
    public string Lang => English ? "en" : "ja";

    public string this[string key] => text[key] is { ResourceNotFound: false } found ? found.Value : JapaneseOf(key);

    /// <summary>A text with values put in its {0}, {1}… places, in the reader's language.</summary>
    public string Format(string key, params object[] values) => string.Format(CultureInfo.CurrentCulture, this[key], values);

    /// <summary>A label the data itself holds in both languages (the reason catalog).</summary>
    public string Stored(string ja, string en) => English ? en : ja;

    private static string JapaneseOf(string key) => key.IndexOf('|') is var bar and >= 0 ? key[..bar] : key;

    /// <summary>A stored (UTC) time as the team reads it: in the business time zone, with the zone named.</summary>
    public string Time(DateTime utc) => $"{business.LocalOf(utc):yyyy-MM-dd HH:mm} {business.Abbreviation(utc)}";

    /// <summary>The label of one of the API's enum words (a status, job type, purpose…).</summary>
    public string Word(string? word) =>
        word is not null && WordLabels.Japanese.TryGetValue(word, out var label) ? this[label] : word ?? "";

    /// <summary>
    /// An enum's label; where one word means different things by type (a company's "active" is its contract, a
    /// stage's "active" its use of the service), the type's own label.
    /// </summary>
    public string Word<T>(T value) where T : struct, Enum => this[WordLabels.JapaneseOf(value)];


    /// <summary>A kickoff checklist item, worded as on the printable checklist (the documents' content data).</summary>
    public string ChecklistItem(string key) =>
        content.Entry(English ? Marketplace.Core.Documents.DocumentLanguage.En : Marketplace.Core.Documents.DocumentLanguage.Ja, "kickoff_agenda", key)
            .GetProperty("title").GetString() ?? key;

    public string Reason(Core.Features.Churn.ListChurnReasons.Item reason) => Stored(reason.LabelJa, reason.LabelEn);

    /// <summary>A month (yyyy-MM) as people read it: 2026年1月, or Jan 2026.</summary>
    public string Month(string yearMonth)
    {
        var m = YearMonth.Parse(yearMonth);
        return English ? m.FirstDay.ToString("MMM yyyy", CultureInfo.InvariantCulture) : $"{m.Year}年{m.Month}月";
    }

    /// <summary>A fraction as a rounded percentage (12.3%), or a dash when there is nothing to divide by.</summary>
    public static string Percent(double? fraction) =>
        fraction is { } f ? (f * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%" : "—";

    /// <summary>An amount of yen as people write it: ¥1,200,000.</summary>
    public static string Yen(long amount) => "¥" + amount.ToString("#,0", CultureInfo.InvariantCulture);
}

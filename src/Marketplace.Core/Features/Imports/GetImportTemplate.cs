using System.Text;
using FluentValidation;
using Marketplace.Core.Imports;
using Marketplace.Core.Pipeline;
using MediatR;
using MiniExcelLibs;

namespace Marketplace.Core.Features.Imports;

/// <summary>An empty sheet per kind with its Japanese headers and one example row, as CSV (UTF-8 with BOM, which Excel opens) or XLSX.</summary>
public static class GetImportTemplate
{
    public sealed record Query(string Kind, string? Format) : IRequest<Template>;

    public sealed record Template(string FileName, string ContentType, byte[] Content);

    /// <summary>What a filled-in row looks like, in the team's own words (labels, not codes).</summary>
    private static readonly IReadOnlyDictionary<string, string[]> Examples = new Dictionary<string, string[]>
    {
        [ImportCompanies.Kind] = ["株式会社サンプル", "製造業", "450", "150000", "cs@example.jp", "2026-04-01", "リソース不足、ノウハウ不足", "C-001", "", ""],
        [ImportWorkers.Kind] = ["山田 太郎", "taro@example.jp", "エンジニア", "C#、SQL", "会社員", "10", "concierge@example.jp", "稼働可能"],
        [ImportEngagements.Kind] = ["株式会社サンプル", "", "taro@example.jp", "基幹システム改修", "エンジニア", "2026-05-01", "40", "200000", "2026-04-20",
            "2026-05-01", "cs@example.jp", "2026-06-01", "4", "4", "", "", ""],
    };

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Kind).OneOf(ImportKinds.All).OverridePropertyName("kind");
            RuleFor(q => q.Format).OneOf(["csv", "xlsx"]).OverridePropertyName("format");
        }
    }

    public sealed class Handler : IRequestHandler<Query, Template>
    {
        public Task<Template> Handle(Query q, CancellationToken ct)
        {
            var columns = ImportKinds.ColumnsOf(q.Kind)!;
            var example = Examples[q.Kind];
            if (q.Format == "xlsx")
            {
                var row = new Dictionary<string, object?>();
                for (var i = 0; i < columns.Count; i++) row[columns[i].Japanese] = example[i];
                using var stream = new MemoryStream();
                stream.SaveAs(new[] { row }, sheetName: q.Kind);
                return Task.FromResult(new Template($"{q.Kind}.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", stream.ToArray()));
            }
            var csv = new StringBuilder();
            csv.AppendLine(string.Join(",", columns.Select(c => Quote(c.Japanese))));
            csv.AppendLine(string.Join(",", example.Select(Quote)));
            return Task.FromResult(new Template($"{q.Kind}.csv", "text/csv; charset=utf-8", [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv.ToString())]));
        }

        private static string Quote(string cell) => cell.IndexOfAny([',', '"', '\n', '、']) >= 0 ? $"\"{cell.Replace("\"", "\"\"")}\"" : cell;
    }
}

using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Marketplace.Tests.Infrastructure;

/// <summary>
/// The repository documents itself: a clone has everything README.md and docs/ point to, and no file refers to
/// documents kept outside the repository.
/// </summary>
public partial class RepositoryDocsTests
{
    // Spelled in pieces so this file does not match itself.
    private static readonly string OutsideFolder = ".." + "/shared";
    private static readonly string[] OutsideDocuments = ["DESIGN" + ".md", "API" + ".md"];

    /// <summary>Applied migrations are checksummed: their text cannot change without stopping existing databases.</summary>
    private const string AppliedMigrations = "db/migrations/";

    [Fact]
    public void No_file_refers_to_documents_outside_the_repository()
    {
        var offenders = new List<string>();
        foreach (var file in Repository.Files.Where(Repository.IsText))
        {
            var lines = File.ReadAllLines(Repository.PathOf(file));
            for (var i = 0; i < lines.Length; i++)
            {
                var line = lines[i];
                var named = file.StartsWith(AppliedMigrations, StringComparison.Ordinal)
                    ? null
                    : OutsideDocuments.FirstOrDefault(d => line.Contains(d, StringComparison.Ordinal));
                if (line.Contains(OutsideFolder, StringComparison.Ordinal) || named is not null)
                    offenders.Add($"{file}:{i + 1}: {line.Trim()}");
            }
        }
        Assert.True(offenders.Count == 0,
            "These lines refer to documents a clone does not have; point to docs/ instead:\n" + string.Join("\n", offenders));
    }

    [Fact]
    public void Every_relative_link_in_the_readme_and_docs_resolves()
    {
        var pages = Repository.Files.Where(f => f == "README.md" || (f.StartsWith("docs/", StringComparison.Ordinal) && f.EndsWith(".md", StringComparison.Ordinal))).ToList();
        Assert.Contains("docs/api.md", pages);
        Assert.Contains("docs/domain.md", pages);

        var broken = new List<string>();
        foreach (var page in pages)
        {
            var folder = Path.GetDirectoryName(page)!.Replace('\\', '/');
            foreach (var target in Markdown.Links(File.ReadAllText(Repository.PathOf(page))))
            {
                if (target.Contains("://", StringComparison.Ordinal) || target.StartsWith("mailto:", StringComparison.Ordinal)) continue;
                var hash = target.IndexOf('#');
                var path = Uri.UnescapeDataString(hash < 0 ? target : target[..hash]);
                var anchor = hash < 0 ? null : Uri.UnescapeDataString(target[(hash + 1)..]);
                var resolved = path.Length == 0 ? page : Repository.Normalize(folder, path);
                if (resolved is null || !Repository.Exists(resolved))
                {
                    broken.Add($"{page}: ({target}) names no file in the repository");
                    continue;
                }
                if (anchor is { Length: > 0 } && resolved.EndsWith(".md", StringComparison.Ordinal)
                    && !Markdown.Anchors(File.ReadAllText(Repository.PathOf(resolved))).Contains(anchor))
                    broken.Add($"{page}: ({target}) names no heading of {resolved}");
            }
        }
        Assert.True(broken.Count == 0, "Broken links:\n" + string.Join("\n", broken));
    }

    [Fact]
    public void Anchors_are_made_as_GitHub_makes_them()
    {
        var anchors = Markdown.Anchors("# Run it\n## Follow-ups (経過面談)\n### Versions: ETag and If-Match\n## Run it\n```\n# not a heading\n```\n");
        Assert.Equal(new[] { "run-it", "follow-ups-経過面談", "versions-etag-and-if-match", "run-it-1" }, anchors);
    }

    internal static class Repository
    {
        public static readonly string Root = FindRoot();

        /// <summary>The files a commit would hold: tracked ones and new ones not ignored, as paths with '/'.</summary>
        public static readonly IReadOnlyList<string> Files = ListFiles();

        private static readonly HashSet<string> FileSet = [.. Files];

        private static readonly HashSet<string> TextExtensions =
            [".md", ".cs", ".cshtml", ".sql", ".json", ".html", ".css", ".js", ".txt", ".yml", ".yaml", ".xml", ".csproj", ".props", ".targets", ".sln", ".sh", ".config", ""];

        public static string PathOf(string file) => Path.Combine(Root, file);

        public static bool IsText(string file) => TextExtensions.Contains(Path.GetExtension(file).ToLowerInvariant());

        public static bool Exists(string path) =>
            FileSet.Contains(path) || Files.Any(f => f.StartsWith(path.TrimEnd('/') + "/", StringComparison.Ordinal));

        /// <summary>A path relative to a folder of the repository, as a repository path; null when it leaves the repository.</summary>
        public static string? Normalize(string folder, string relative)
        {
            var parts = new List<string>();
            foreach (var part in (folder.Length == 0 ? relative : folder + "/" + relative).Split('/'))
            {
                if (part is "" or ".") continue;
                if (part == "..")
                {
                    if (parts.Count == 0) return null;
                    parts.RemoveAt(parts.Count - 1);
                }
                else parts.Add(part);
            }
            return string.Join('/', parts);
        }

        private static string FindRoot()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Marketplace.sln")))
                    return dir.FullName;
            throw new InvalidOperationException("Marketplace.sln not found above " + AppContext.BaseDirectory);
        }

        private static IReadOnlyList<string> ListFiles()
        {
            var start = new ProcessStartInfo("git", "ls-files -z --cached --others --exclude-standard")
            {
                WorkingDirectory = Root,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                StandardOutputEncoding = Encoding.UTF8,
            };
            using var git = Process.Start(start) ?? throw new InvalidOperationException("git could not be started.");
            var output = git.StandardOutput.ReadToEnd();
            git.WaitForExit();
            if (git.ExitCode != 0) throw new InvalidOperationException("git ls-files failed: " + git.StandardError.ReadToEnd());
            return output.Split('\0', StringSplitOptions.RemoveEmptyEntries)
                .Where(f => File.Exists(PathOf(f)))
                .Order(StringComparer.Ordinal)
                .ToList();
        }
    }

    private static partial class Markdown
    {
        [GeneratedRegex(@"^\s*(```|~~~).*?^\s*\1", RegexOptions.Multiline | RegexOptions.Singleline)]
        private static partial Regex Fence();

        [GeneratedRegex(@"`[^`\n]*`")]
        private static partial Regex CodeSpan();

        [GeneratedRegex(@"\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+""[^""]*"")?\s*\)")]
        private static partial Regex Link();

        [GeneratedRegex(@"^(#{1,6})\s+(.*?)\s*#*\s*$")]
        private static partial Regex Heading();

        [GeneratedRegex(@"\[([^\]]*)\]\([^)]*\)")]
        private static partial Regex LinkText();

        /// <summary>The targets of inline links and images, outside code.</summary>
        public static IEnumerable<string> Links(string markdown) =>
            Link().Matches(CodeSpan().Replace(Fence().Replace(markdown, ""), "")).Select(m => m.Groups[1].Value);

        /// <summary>The anchors GitHub gives the headings: lower case, punctuation dropped, spaces as hyphens, repeats numbered.</summary>
        public static List<string> Anchors(string markdown)
        {
            var anchors = new List<string>();
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var line in Fence().Replace(markdown, "").Split('\n'))
            {
                var heading = Heading().Match(line.TrimEnd('\r'));
                if (!heading.Success) continue;
                var text = LinkText().Replace(heading.Groups[2].Value, "$1").Replace("`", "");
                var slug = new string(text.ToLowerInvariant()
                    .Where(c => char.IsLetterOrDigit(c) || c is ' ' or '-' or '_' || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.NonSpacingMark)
                    .Select(c => c == ' ' ? '-' : c).ToArray());
                var n = seen.GetValueOrDefault(slug);
                seen[slug] = n + 1;
                anchors.Add(n == 0 ? slug : $"{slug}-{n}");
            }
            return anchors;
        }
    }
}

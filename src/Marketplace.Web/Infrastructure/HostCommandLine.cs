namespace Marketplace.Web.Infrastructure;

/// <summary>
/// Splits the command line into the app's verb (migrate, seed-demo, backup &lt;file&gt;, send-digests [day]) with its operands and the
/// standard host options (<c>--urls</c>, <c>--environment</c>, <c>--contentRoot</c>, any <c>--Section:Key</c>).
/// An option written <c>--key value</c> takes the next argument as its value, as the host's own parser does,
/// so that value is never mistaken for a verb.
/// </summary>
public sealed record HostCommandLine(string? Verb, IReadOnlyList<string> Operands, string[] HostArgs)
{
    public const string Usage = "Commands: migrate, seed-demo, backup <file>, send-digests [yyyy-MM-dd]; with none the web app runs. "
        + "Host options such as --urls, --environment and --contentRoot go before or after the command.";

    /// <summary>Each verb and how many operands it takes.</summary>
    private static readonly Dictionary<string, int> Verbs = new() { ["migrate"] = 0, ["seed-demo"] = 0, ["backup"] = 1, ["send-digests"] = 1 };

    /// <summary>Why the command line cannot run, or null when it can.</summary>
    public string? Refusal =>
        Verb is null || (Verbs.TryGetValue(Verb, out var arity) && Operands.Count <= arity) ? null
            : $"Unknown command '{string.Join(' ', [Verb, .. Operands])}'. {Usage}";

    public static HostCommandLine Parse(IReadOnlyList<string> args)
    {
        string? verb = null;
        var operands = new List<string>();
        var host = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                host.Add(arg);
                // "--key value": the value belongs to the option, unless the option is the last argument.
                if (!arg.Contains('=') && i + 1 < args.Count) host.Add(args[++i]);
            }
            // A single-dash switch without '=' carries no value in the host's parser.
            else if (arg.StartsWith('-') && arg.Length > 1) host.Add(arg);
            else if (verb is null) verb = arg;
            else operands.Add(arg);
        }
        return new HostCommandLine(verb, operands, [.. host]);
    }
}

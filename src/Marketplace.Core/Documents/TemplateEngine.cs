using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Marketplace.Core.Pipeline;
using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;
using Scriban.Syntax;

namespace Marketplace.Core.Documents;

public sealed record DocumentOptions
{
    /// <summary>Headless Chromium used for PDF output.</summary>
    public string ChromiumPath { get; init; } = "/usr/bin/chromium";
    public int PdfTimeoutSeconds { get; init; } = 60;
    /// <summary>A template that runs longer than this is stopped.</summary>
    public int RenderTimeoutSeconds { get; init; } = 5;
    public int LoopLimit { get; init; } = 10_000;
    public int RecursiveLimit { get; init; } = 50;
    public int OutputLimit { get; init; } = 2_000_000;
}

/// <summary>How a template's output is escaped: every value a template writes goes through this, only template text does not.</summary>
public enum OutputEscaping { Html, Markdown }

/// <summary>
/// Compiles and runs Scriban templates in a sandbox: the model is a tree of ScriptObjects built by
/// <see cref="DocumentModel"/> (no .NET object is ever imported, so no CLR member or type is reachable),
/// variables and members must exist (a typo is an error, not an empty string), loops, recursion, output
/// size and running time are bounded, and every value written is escaped for the output format.
/// Compiled templates are cached by content hash, so a template edited on another instance is compiled here
/// on first use and the old entry simply stops being asked for.
/// </summary>
public sealed class TemplateEngine(DocumentOptions options)
{
    private const int MaxCached = 256;
    private readonly ConcurrentDictionary<string, Template> compiled = new(StringComparer.Ordinal);

    public static string Hash(string content) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)));

    public static OutputEscaping EscapingFor(string templateName) =>
        templateName.EndsWith(".md", StringComparison.Ordinal) ? OutputEscaping.Markdown : OutputEscaping.Html;

    public bool TryGetCompiled(string name, string hash, out Template template) =>
        compiled.TryGetValue(name + "\n" + hash, out template!);

    /// <summary>The compiled template for this content, from the cache when it was compiled before.</summary>
    public Template Compile(string name, string content, bool cache = true)
    {
        var key = name + "\n" + Hash(content);
        if (compiled.TryGetValue(key, out var hit)) return hit;
        var template = Parse(name, content);
        if (cache)
        {
            if (compiled.Count >= MaxCached) compiled.Clear();
            compiled[key] = template;
        }
        return template;
    }

    private static Template Parse(string name, string content)
    {
        var template = Template.Parse(content, name);
        if (!template.HasErrors) return template;
        var errors = template.Messages.Where(m => m.Type == ParserMessageType.Error)
            .Select(m => new TemplateErrorDto(name, m.Span.Start.Line + 1, m.Span.Start.Column + 1, m.Message))
            .ToList();
        var first = errors[0];
        throw new BusinessRuleException("template_syntax",
            $"Template '{name}' has a syntax error at line {first.Line}, column {first.Column}: {first.Message}",
            new Dictionary<string, object?> { ["template"] = name, ["line"] = first.Line, ["column"] = first.Column, ["engineMessage"] = first.Message, ["messages"] = errors });
    }

    /// <summary>
    /// Renders <paramref name="name"/> from <paramref name="templates"/> (which also holds every partial it may
    /// include) with the model as its only globals.
    /// </summary>
    public string Render(IReadOnlyDictionary<string, Template> templates, string name, ScriptObject model, CancellationToken ct)
    {
        if (!templates.TryGetValue(name, out var template))
            throw new NotFoundException("template", name);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.RenderTimeoutSeconds));
        var context = new SandboxContext(EscapingFor(name))
        {
            StrictVariables = true,
            EnableRelaxedMemberAccess = false,
            EnableRelaxedTargetAccess = false,
            EnableRelaxedFunctionAccess = false,
            LoopLimit = options.LoopLimit,
            RecursiveLimit = options.RecursiveLimit,
            LimitToString = options.OutputLimit,
            OutputLimit = options.OutputLimit,
            OnOutputLimit = ScriptLimitBehavior.Throw,
            RegexTimeOut = TimeSpan.FromSeconds(1),
            TemplateLoader = new PartialLoader(templates),
            CancellationToken = timeout.Token,
        };
        // include returns the partial's output, already escaped value by value: mark it so it is not escaped twice.
        var include = (IScriptCustomFunction)context.BuiltinObject["include"]!;
        context.BuiltinObject.SetValue("include", new AlreadyEscapedResult(include), true);
        context.PushGlobal(model);
        try
        {
            return template.Render(context);
        }
        catch (ScriptAbortException) when (!ct.IsCancellationRequested)
        {
            throw new BusinessRuleException("template_timeout",
                $"Template '{name}' ran longer than {options.RenderTimeoutSeconds} seconds and was stopped.",
                new Dictionary<string, object?> { ["template"] = name });
        }
        catch (ScriptRuntimeException e) when (e is not ScriptAbortException)
        {
            // Partials are compiled before the render, so a failure here is a runtime one; its span names the
            // template (main or partial) it happened in.
            var inner = (File: e.Span.FileName, Line: e.Span.Start.Line + 1, Column: e.Span.Start.Column + 1, Message: e.OriginalMessage);
            var where = string.IsNullOrEmpty(inner.File) ? name : inner.File;
            throw new BusinessRuleException("template_render",
                $"Template '{where}' failed at line {inner.Line}, column {inner.Column}: {inner.Message}",
                new Dictionary<string, object?> { ["template"] = where, ["line"] = inner.Line, ["column"] = inner.Column, ["engineMessage"] = inner.Message });
        }
    }

    private sealed class SandboxContext(OutputEscaping escaping) : TemplateContext
    {
        public override TemplateContext Write(SourceSpan span, object? textAsObject)
        {
            if (textAsObject is null) return this;
            if (textAsObject is EscapedText escaped) return Write(escaped.Text);
            var text = ObjectToString(textAsObject) ?? "";
            return Write(escaping == OutputEscaping.Html ? WebUtility.HtmlEncode(text) : MarkdownEscape(text));
        }
    }

    /// <summary>Backslash-escapes what Markdown would read as markup or raw HTML, so user text shows as typed.</summary>
    public static string MarkdownEscape(string text)
    {
        var result = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (c is '\\' or '`' or '*' or '_' or '[' or ']' or '<' or '>' or '|' or '#' or '!') result.Append('\\');
            result.Append(c);
        }
        return result.ToString();
    }

    private sealed record EscapedText(string Text)
    {
        public override string ToString() => Text;
    }

    private sealed class AlreadyEscapedResult(IScriptCustomFunction include) : IScriptCustomFunction
    {
        public object? Invoke(TemplateContext context, ScriptNode? callerContext, ScriptArray arguments, ScriptBlockStatement? blockStatement) =>
            include.Invoke(context, callerContext, arguments, blockStatement) is { } result ? new EscapedText(context.ObjectToString(result) ?? "") : null;

        public ValueTask<object?> InvokeAsync(TemplateContext context, ScriptNode? callerContext, ScriptArray arguments, ScriptBlockStatement? blockStatement) =>
            new(Invoke(context, callerContext, arguments, blockStatement));

        public int RequiredParameterCount => include.RequiredParameterCount;
        public int ParameterCount => include.ParameterCount;
        public ScriptVarParamKind VarParamKind => include.VarParamKind;
        public Type ReturnType => include.ReturnType;
        public ScriptParameterInfo GetParameterInfo(int index) => include.GetParameterInfo(index);
    }

    /// <summary>Partials come from the already compiled set of this render; nothing is read from disk.</summary>
    private sealed class PartialLoader(IReadOnlyDictionary<string, Template> templates) : ITemplateLoader
    {
        public string GetPath(TemplateContext context, SourceSpan callerSpan, string templateName)
        {
            if (!templates.TryGetValue(templateName, out var template))
                throw new ScriptRuntimeException(callerSpan, $"There is no template named '{templateName}' to include.");
            context.CachedTemplates[templateName] = template;
            return templateName;
        }

        public string Load(TemplateContext context, SourceSpan callerSpan, string templatePath) =>
            throw new ScriptRuntimeException(callerSpan, $"There is no template named '{templatePath}' to include.");

        public ValueTask<string?> LoadAsync(TemplateContext context, SourceSpan callerSpan, string templatePath) =>
            new(Load(context, callerSpan, templatePath));
    }
}

public sealed record TemplateErrorDto(string Template, int Line, int Column, string Message);

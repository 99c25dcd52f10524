using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Infrastructure;

/// <summary>
/// MVC's own refusals of a value it cannot bind (a date that is not a date, a word in a number field) in the
/// reader's language, through the UI text like every other page word; a date, a number or an id is told how to
/// be written. The message does not name the field: a page shows it beside the field, the API under its key.
/// </summary>
public sealed class BindingMessages(IStringLocalizer<SharedText> text) : IBindingMetadataProvider
{
    // Read when a value is refused, so in that request's language (Japanese is the key itself).
    private IStringLocalizer<SharedText> T => text;

    public static void Configure(MvcOptions options, IStringLocalizer<SharedText> text)
    {
        var messages = new BindingMessages(text);
        messages.Set(options.ModelBindingMessageProvider, null);
        // After MVC's own provider, which gives every type a copy of the options' messages.
        options.ModelMetadataDetailsProviders.Add(messages);
    }

    public void CreateBindingMetadata(BindingMetadataProviderContext context)
    {
        var type = Nullable.GetUnderlyingType(context.Key.ModelType) ?? context.Key.ModelType;
        if (!Told.Contains(type) || context.BindingMetadata.ModelBindingMessageProvider is not DefaultModelBindingMessageProvider inherited) return;
        var messages = new DefaultModelBindingMessageProvider(inherited);
        Set(messages, type);
        context.BindingMetadata.ModelBindingMessageProvider = messages;
    }

    /// <summary>The types whose refusal says how to write the value.</summary>
    private static readonly HashSet<Type> Told =
        [typeof(DateOnly), typeof(DateTime), typeof(DateTimeOffset), typeof(int), typeof(long), typeof(short), typeof(decimal), typeof(double), typeof(float), typeof(Guid), typeof(bool)];

    private string Invalid(Type? type, string? value) =>
        (type == typeof(DateOnly) || type == typeof(DateTime) || type == typeof(DateTimeOffset) ? T["日付は年月日（例: 2026-04-01）で入力してください。"]
            : type == typeof(int) || type == typeof(long) || type == typeof(short) ? T["整数で入力してください。"]
            : type == typeof(decimal) || type == typeof(double) || type == typeof(float) ? T["数値で入力してください。"]
            : type == typeof(Guid) ? T["一覧から選んでください。"]
            : type == typeof(bool) ? T["はい・いいえのどちらかを選んでください。"]
            : T["「{0}」は正しい値ではありません。"]).Value.Replace("{0}", value ?? "");

    private void Set(DefaultModelBindingMessageProvider messages, Type? type)
    {
        messages.SetMissingBindRequiredValueAccessor(_ => T["値を入力してください。"]);
        messages.SetMissingKeyOrValueAccessor(() => T["値を入力してください。"]);
        messages.SetMissingRequestBodyRequiredValueAccessor(() => T["JSON の本文を付けて送ってください。"]);
        messages.SetValueMustNotBeNullAccessor(_ => T["値を入力してください。"]);
        messages.SetAttemptedValueIsInvalidAccessor((value, _) => Invalid(type, value));
        messages.SetNonPropertyAttemptedValueIsInvalidAccessor(value => Invalid(type, value));
        messages.SetUnknownValueIsInvalidAccessor(_ => T["値が正しくありません。"]);
        messages.SetNonPropertyUnknownValueIsInvalidAccessor(() => T["値が正しくありません。"]);
        messages.SetValueIsInvalidAccessor(value => Invalid(type, value));
        messages.SetValueMustBeANumberAccessor(_ => T["数値で入力してください。"]);
        messages.SetNonPropertyValueMustBeANumberAccessor(() => T["数値で入力してください。"]);
    }
}

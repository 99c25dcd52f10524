namespace Marketplace.Web;

/// <summary>Names the UI's text resources (<c>Resources/SharedText.en.resx</c>); the Japanese text is each entry's key.</summary>
public sealed class SharedText;

/// <summary>
/// Names the API's problem texts (<c>Resources/ProblemText.ja.resx</c>): the API answers in English, its keys,
/// and in Japanese when a client asks with <c>Accept-Language: ja</c>. Error keys and rule codes never change.
/// </summary>
public sealed class ProblemText;

namespace Marketplace.Core.Domain;

public sealed record CohortRate(int Companies, int Churned, double? Rate);

/// <summary>How much more often the exposed cohort churned than the rest: rate(exposed) ÷ rate(unexposed).</summary>
public sealed record LiftResult(CohortRate WithNegative, CohortRate Without, double? Ratio)
{
    public static LiftResult Of(int exposed, int exposedChurned, int unexposed, int unexposedChurned)
    {
        var with = new CohortRate(exposed, exposedChurned, ChurnRateBook.Ratio(exposedChurned, exposed));
        var without = new CohortRate(unexposed, unexposedChurned, ChurnRateBook.Ratio(unexposedChurned, unexposed));
        // No ratio when either rate is unknown or the baseline is zero (the lift would be infinite or meaningless).
        double? ratio = with.Rate is { } a && without.Rate is { } b && b > 0 ? a / b : null;
        return new LiftResult(with, without, ratio);
    }
}

namespace Rtu.Forecasting;

/// <summary>
/// A refusal of the library's options as the app's user reads it: "--units: Units must be in [1, 4096]. (got 0)" for the
/// library's "Units must be in [1, 4096]. (Parameter 'Units')" and a second line, which named a property the user never
/// typed.
/// </summary>
internal static class OptionError
{
    // The library's option (the exception's parameter name) → the app's option that sets it.
    private static readonly Dictionary<string, string> Options = new(StringComparer.Ordinal)
    {
        ["Units"] = "--units", ["Lags"] = "--lags", ["LearningRate"] = "--learning-rate", ["Seed"] = "--seed",
        ["Horizon"] = "--horizon", ["SeasonLength"] = "--season", ["SecondSeasonLength"] = "--second-season",
    };

    /// <summary>The one-line message for <paramref name="e"/>: prefixed with the app's option when it refuses one, else as it is.</summary>
    public static string Message(Exception e)
    {
        if (e is not ArgumentException { ParamName: { } name } a || !Options.TryGetValue(name, out var option)) return e.Message;
        string text = a.Message;
        int cut = text.IndexOf(" (Parameter '", StringComparison.Ordinal);
        if (cut >= 0) text = text[..cut];
        return a is ArgumentOutOfRangeException { ActualValue: { } actual } ? $"{option}: {text} (got {actual})" : $"{option}: {text}";
    }
}

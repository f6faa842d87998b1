using Microsoft.ML;

namespace Rtu.MLNet;

/// <summary>MLContext catalog entry points for Recurrent Trace Units.</summary>
public static class RtuExtensionsCatalog
{
    /// <summary>
    /// RTU state features: <paramref name="inputColumnName"/> (Single or Single vector) in, the RTU state vector out,
    /// so any ML.NET trainer can follow. See <see cref="RtuStateFeaturesEstimator"/>.
    /// </summary>
    /// <param name="catalog">mlContext.Transforms.</param>
    /// <param name="outputColumnName">State column (vector of 2·Units Single).</param>
    /// <param name="inputColumnName">Feature column; null: <paramref name="outputColumnName"/>'s name is not reused, "Features" is read.</param>
    /// <param name="options">Further options (units, label to train the RTU, …); the column names given here win.</param>
    public static RtuStateFeaturesEstimator RtuStateFeatures(this TransformsCatalog catalog, string outputColumnName = "RtuState",
        string inputColumnName = "Features", RtuStateFeaturesOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputColumnName);
        ArgumentException.ThrowIfNullOrWhiteSpace(inputColumnName);
        var o = (options ?? new RtuStateFeaturesOptions()).Clone();
        o.OutputColumnName = outputColumnName; o.InputColumnName = inputColumnName;
        return new RtuStateFeaturesEstimator(o);
    }

    /// <summary>RTU state features configured entirely by <paramref name="options"/>.</summary>
    public static RtuStateFeaturesEstimator RtuStateFeatures(this TransformsCatalog catalog, RtuStateFeaturesOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        return new RtuStateFeaturesEstimator(options);
    }

    /// <summary>
    /// TD prediction: at each row, the discounted sum of a future signal, c_{t+1} + γ c_{t+2} + γ² c_{t+3} + …
    /// (e.g. "rain in the coming ~10 days" with γ = 0.9), learned online by an RTU with TD(λ). Outputs the
    /// prediction (<see cref="RtuDiscountedSumOptions.OutputColumnName"/>) and the RTU state. Score it against the
    /// true return with <see cref="RtuDiscountedSum.Evaluate(IDataView, RtuDiscountedSumOptions, int)"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">γ outside (0, 1), or another invalid option (named).</exception>
    public static RtuStateFeaturesEstimator PredictDiscountedSum(this TransformsCatalog catalog, RtuDiscountedSumOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        return new RtuStateFeaturesEstimator(options.ToStateFeatures());
    }

    /// <summary>
    /// Online forecasting of the series <paramref name="inputColumnName"/> with an RTU that learns while it streams:
    /// <paramref name="outputColumnName"/> holds ŷ_{t+1} … ŷ_{t+horizon} made at row t. See <see cref="RtuForecastingEstimator"/>.
    /// </summary>
    /// <param name="catalog">mlContext.Forecasting.</param>
    /// <param name="outputColumnName">Forecast column (vector of horizon Single).</param>
    /// <param name="inputColumnName">Series column (Single; NaN = missing).</param>
    /// <param name="horizon">Forecast horizon H ≥ 1; null: <see cref="RtuForecastingOptions.Horizon"/> of <paramref name="options"/> (default 1).</param>
    /// <param name="seasonLength">Season length m (1: none, 0: decided at Fit); null: <see cref="RtuForecastingOptions.SeasonLength"/> of <paramref name="options"/> (default 1).</param>
    /// <param name="options">Further options; the column names, horizon and season given here win.</param>
    public static RtuForecastingEstimator ForecastByRtu(this ForecastingCatalog catalog, string outputColumnName, string inputColumnName,
        int? horizon = null, int? seasonLength = null, RtuForecastingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputColumnName);
        ArgumentException.ThrowIfNullOrWhiteSpace(inputColumnName);
        var o = (options ?? new RtuForecastingOptions()).Clone();
        o.OutputColumnName = outputColumnName; o.InputColumnName = inputColumnName;
        o.Horizon = horizon ?? o.Horizon; o.SeasonLength = seasonLength ?? o.SeasonLength;
        return new RtuForecastingEstimator(o);
    }

    /// <summary>Online forecasting configured entirely by <paramref name="options"/>.</summary>
    public static RtuForecastingEstimator ForecastByRtu(this ForecastingCatalog catalog, RtuForecastingOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        return new RtuForecastingEstimator(options);
    }

    /// <summary>
    /// Control with recurrent policies trained by PPO on your own environments, served as ML.NET transformers and
    /// keyed streaming engines: <c>mlContext.Control().TrainPpo(factory, options)</c>. See <see cref="RtuControlCatalog"/>.
    /// </summary>
    public static RtuControlCatalog Control(this MLContext mlContext)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        return new RtuControlCatalog(mlContext);
    }

    /// <summary>Saves a model that may contain RTU transformers to one file (atomically). See <see cref="RtuModel"/>.</summary>
    public static void SaveRtu(this ModelOperationsCatalog catalog, ITransformer model, DataViewSchema inputSchema, string path)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        RtuModel.Save(ModelContext(), model, inputSchema, path);
    }

    /// <summary>Loads a model saved by SaveRtu.</summary>
    public static ITransformer LoadRtu(this ModelOperationsCatalog catalog, string path, out DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return RtuModel.Load(ModelContext(), path, out inputSchema);
    }

    /// <summary>
    /// Loads a model saved by SaveRtu as the type it was saved as, e.g. <c>LoadRtu&lt;RtuForecastingTransformer&gt;</c>
    /// for a forecaster saved alone, or <c>LoadRtu&lt;TransformerChain&lt;ITransformer&gt;&gt;</c> for a pipeline.
    /// </summary>
    /// <exception cref="InvalidCastException">The file holds another kind of model (the message names it).</exception>
    public static TTransformer LoadRtu<TTransformer>(this ModelOperationsCatalog catalog, string path, out DataViewSchema inputSchema)
        where TTransformer : class, ITransformer
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return RtuModel.Load<TTransformer>(ModelContext(), path, out inputSchema);
    }

    // ML.NET keeps a catalog's MLContext internal (no public member reaches it), so these extensions cannot use the
    // caller's context: the RTU estimators need none (their seed is the options' Seed, which an MLContext seed does not
    // change), and SaveRtu/LoadRtu hand a fresh context to ML.NET's own Model.Save/Load of the non-RTU parts, whose
    // output does not depend on the context. Callers who want their context used there call RtuModel.Save/Load.
    private static MLContext ModelContext() => new();
}

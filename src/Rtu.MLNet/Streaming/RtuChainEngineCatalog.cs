using Microsoft.ML;

namespace Rtu.MLNet;

/// <summary>The entry point of <see cref="RtuChainEngine{TRow, TOut}"/>.</summary>
public static class RtuChainEngineCatalog
{
    /// <summary>
    /// A keyed streaming engine over a fitted chain with one <see cref="RtuStateFeaturesTransformer"/> inside (ML.NET
    /// transforms before it, a trainer's model after it): <c>engine.Observe(row)</c> serves one row of one series
    /// and returns the chain's outputs. See <see cref="RtuChainEngine{TRow, TOut}"/>.
    /// </summary>
    /// <param name="catalog">mlContext.Model.</param>
    /// <param name="chain">The fitted chain (a <c>TransformerChain</c>, nested chains allowed).</param>
    /// <param name="seriesKeyColumnName">The column naming each row's series; default the RTU transformer's own key column (required when it has none).</param>
    /// <param name="learn">Whether the RTU keeps learning; default the transformer's LearnDuringTransform, which makes the outputs equal <c>chain.Transform</c>'s.</param>
    /// <exception cref="ArgumentException">The chain has no RtuStateFeaturesTransformer, no key column is known, or a column is missing from the rows.</exception>
    /// <exception cref="NotSupportedException">The chain holds more than one RtuStateFeaturesTransformer.</exception>
    public static RtuChainEngine<TRow, TOut> CreateRtuChainEngine<TRow, TOut>(this ModelOperationsCatalog catalog, ITransformer chain,
        string? seriesKeyColumnName = null, bool? learn = null) where TRow : class where TOut : class, new()
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new RtuChainEngine<TRow, TOut>(chain, seriesKeyColumnName, learn);
    }
}

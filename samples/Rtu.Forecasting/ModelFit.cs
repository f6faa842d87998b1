using Microsoft.ML;
using Rtu.MLNet;

namespace Rtu.Forecasting;

/// <summary>
/// The app's Fit of the model it saves, run before the prequential pass. Fit learns exactly as that pass does (the
/// same untrained start, rows and updates), but where the pass's Transform lives with an update the divergence guard
/// refused (a deployed stream keeps its last finite parameters), Fit refuses the whole model: a LearningRate that makes
/// the parameters non-finite stops the run at that row, before the long pass, and never after its results are printed.
/// </summary>
internal static class ModelFit
{
    /// <summary>Fits the deployable model.</summary>
    /// <exception cref="InvalidDataException">Fit refused these rows with these settings (its InvalidOperationException,
    /// e.g. a diverging LearningRate), with Fit's message: the app prints it as a one-line error.</exception>
    public static RtuForecastingTransformer Fit(IEstimator<RtuForecastingTransformer> estimator, IDataView data)
    {
        try { return estimator.Fit(data); }
        catch (InvalidOperationException e) { throw new InvalidDataException(e.Message, e); }
    }
}

using System.Globalization;

namespace Rtu.MLNet;

/// <summary>
/// Fit's divergence check: the online learner refuses any update that would make its parameters non-finite
/// (<see cref="Rtu.Trainers.Online.OnlineRtuLearner.RefusedUpdates"/>), so a model never becomes NaN; a Fit during
/// which an update was refused fails with this error instead of returning a model that learned nothing useful.
/// </summary>
internal static class DivergenceCheck
{
    /// <summary>Throws when <paramref name="refusedUpdates"/> is positive, naming the option and its value.</summary>
    /// <exception cref="InvalidOperationException">An update was refused.</exception>
    public static void ThrowIfRefused(long refusedUpdates, string estimator, double learningRate, double defaultLearningRate, long row, int epoch)
    {
        if (refusedUpdates <= 0) return;
        var c = CultureInfo.InvariantCulture;
        throw new InvalidOperationException(
            $"{estimator}: LearningRate = {learningRate.ToString(c)} makes the parameters non-finite at row {row.ToString(c)} of epoch {(epoch + 1).ToString(c)} " +
            $"(the update was refused; the model keeps its last finite parameters). Lower LearningRate (default {defaultLearningRate.ToString(c)}).");
    }
}

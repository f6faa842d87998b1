using Rtu.Trainers.Online;

namespace Rtu.MLNet;

/// <summary>
/// The shared weights of a global forecaster (<see cref="RtuForecastingOptions.SharedWeights"/>): every series keeps
/// its own <see cref="RtuForecaster"/> (state, traces, history, input normaliser, skill statistics, Adam moments) and
/// steps with these weights (see <see cref="SharedLearnerWeights"/>).
/// </summary>
internal sealed class SharedForecasterWeights(RtuForecaster source) : SharedLearnerWeights(source.Learner)
{
    /// <summary>Writes the shared weights into <paramref name="f"/> (call under <see cref="SharedLearnerWeights.Gate"/>).</summary>
    public void LoadInto(RtuForecaster f) => LoadInto(f.Learner);

    /// <summary>One step of series <paramref name="f"/> with the shared weights (its update, when it learns, is everyone's).</summary>
    public void Observe(RtuForecaster f, double value, ReadOnlySpan<float> exogenous, bool learn, Span<float> forecast, Span<float> state)
    {
        lock (Gate)
        {
            f.SharesWeights = true;   // an undone glitch takes back only its own steps (RtuForecaster.SharesWeights)
            LoadInto(f.Learner);
            f.Observe(value, exogenous, learn, forecast, state);
            if (learn) StoreFrom(f.Learner);
        }
    }

    /// <summary>Takes the weights of <paramref name="f"/> (a restored checkpoint's).</summary>
    public void Adopt(RtuForecaster f) => Adopt(f.Learner);
}

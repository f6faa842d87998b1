using Rtu.Trainers.Online;

namespace Rtu.MLNet;

/// <summary>
/// The shared weights of global state features (<see cref="RtuStateFeaturesOptions.SharedWeights"/>): every series keeps
/// its own <see cref="RtuFeatureModel"/> (state, traces, Adam moments, input statistics) and steps with these weights
/// (see <see cref="SharedLearnerWeights"/>).
/// </summary>
internal sealed class SharedFeatureWeights(RtuFeatureModel source) : SharedLearnerWeights(source.Learner)
{
    /// <summary>Writes the shared weights into <paramref name="m"/> (call under <see cref="SharedLearnerWeights.Gate"/>).</summary>
    public void LoadInto(RtuFeatureModel m) => LoadInto(m.Learner);

    /// <summary>One step of series <paramref name="m"/> with the shared weights (its update, when it learns, is everyone's).</summary>
    public void Observe(RtuFeatureModel m, ReadOnlySpan<float> features, double label, bool learn, Span<float> state, Span<float> predictions, bool updateStatistics)
    {
        lock (Gate)
        {
            LoadInto(m.Learner);
            m.Observe(features, label, learn, state, predictions, updateStatistics);
            if (learn) StoreFrom(m.Learner);
        }
    }

    /// <summary>Takes the weights of <paramref name="m"/> (a restored checkpoint's).</summary>
    public void Adopt(RtuFeatureModel m) => Adopt(m.Learner);
}

using Rtu.Trainers.Online;
using Rtu.Trainers.Parameters;

namespace Rtu.MLNet;

/// <summary>
/// The one set of RTU and head weights of a global model (SharedWeights): every series keeps its own learner
/// (recurrent state, RTRL traces, Adam moments) and steps with these weights, which its update then changes for all.
/// </summary>
/// <remarks>
/// A step loads the weights into the series' learner, steps it and stores its updated weights back, all under
/// <see cref="Gate"/>: steps of different series are serialised, so each sees every earlier update whole and none is
/// lost. The layers read the weights on every step (the RTU's coefficients are recomputed from them), so loading them
/// is all it takes. Copy cost: the parameter count, twice per step; no allocation.
/// </remarks>
internal class SharedLearnerWeights
{
    private readonly float[][] _values;

    public SharedLearnerWeights(OnlineRtuLearner source)
    {
        _values = Sets(source).Select(p => (float[])p.Values.Clone()).ToArray();
    }

    /// <summary>The lock around every use of the weights.</summary>
    public object Gate { get; } = new();

    // The learned parameter sets: the recurrent layer, the one-step head, the h-step heads (when there are any).
    private static IEnumerable<ParameterSet<float>> Sets(OnlineRtuLearner l)
    {
        yield return l.Layer.Parameters;
        yield return l.Head.Parameters;
        if (l.HorizonHeads is { } heads) yield return heads;
    }

    /// <summary>Writes the shared weights into <paramref name="l"/> (call under <see cref="Gate"/>).</summary>
    public void LoadInto(OnlineRtuLearner l)
    {
        // The sets of Sets(l), written out: an iterator would allocate on every step.
        _values[0].CopyTo(l.Layer.Parameters.Values, 0);
        _values[1].CopyTo(l.Head.Parameters.Values, 0);
        if (l.HorizonHeads is { } heads) _values[2].CopyTo(heads.Values, 0);
    }

    /// <summary>Takes the weights of <paramref name="l"/> (call under <see cref="Gate"/>).</summary>
    protected void StoreFrom(OnlineRtuLearner l)
    {
        l.Layer.Parameters.Values.CopyTo(_values[0], 0);
        l.Head.Parameters.Values.CopyTo(_values[1], 0);
        if (l.HorizonHeads is { } heads) heads.Values.CopyTo(_values[2], 0);
    }

    /// <summary>Takes the weights of <paramref name="l"/> (a restored checkpoint's).</summary>
    public void Adopt(OnlineRtuLearner l)
    {
        lock (Gate) StoreFrom(l);
    }
}

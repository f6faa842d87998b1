using Rtu.Trainers.Online;
using Rtu.Trainers.Parameters;

namespace Rtu.MLNet;

/// <summary>
/// The one set of RTU and head weights of a global forecaster (<see cref="RtuForecastingOptions.SharedWeights"/>):
/// every series keeps its own <see cref="RtuForecaster"/> (recurrent state, RTRL traces, history, input normaliser,
/// skill statistics, Adam moments) and steps with these weights, which its update then changes for all.
/// </summary>
/// <remarks>
/// A step loads the weights into the series' forecaster, steps it and stores its updated weights back, all under
/// <see cref="Gate"/>: steps of different series are serialised, so each sees every earlier update whole and none
/// is lost. The weights are read by the layers on every step (the RTU's coefficients are recomputed from them), so
/// loading them into a forecaster is all it takes. Copy cost: the parameter count, twice per step.
/// </remarks>
internal sealed class SharedForecasterWeights
{
    private readonly float[][] _values;

    public SharedForecasterWeights(RtuForecaster source)
    {
        _values = Sets(source).Select(p => (float[])p.Values.Clone()).ToArray();
    }

    private SharedForecasterWeights(float[][] values) { _values = values.Select(v => (float[])v.Clone()).ToArray(); }

    /// <summary>The lock around every use of the weights.</summary>
    public object Gate { get; } = new();

    public SharedForecasterWeights Clone()
    {
        lock (Gate) return new SharedForecasterWeights(_values);
    }

    // The learned parameter sets of a forecaster: the recurrent layer, the one-step head, the h-step heads.
    private static IEnumerable<ParameterSet<float>> Sets(RtuForecaster f)
    {
        yield return f.Learner.Layer.Parameters;
        yield return f.Learner.Head.Parameters;
        if (f.Learner.HorizonHeads is { } heads) yield return heads;
    }

    /// <summary>Writes the shared weights into <paramref name="f"/> (call under <see cref="Gate"/>).</summary>
    public void LoadInto(RtuForecaster f)
    {
        // The sets of Sets(f), written out: an iterator would allocate on every step.
        _values[0].CopyTo(f.Learner.Layer.Parameters.Values, 0);
        _values[1].CopyTo(f.Learner.Head.Parameters.Values, 0);
        if (f.Learner.HorizonHeads is { } heads) _values[2].CopyTo(heads.Values, 0);
    }

    private void StoreFrom(RtuForecaster f)
    {
        f.Learner.Layer.Parameters.Values.CopyTo(_values[0], 0);
        f.Learner.Head.Parameters.Values.CopyTo(_values[1], 0);
        if (f.Learner.HorizonHeads is { } heads) heads.Values.CopyTo(_values[2], 0);
    }

    /// <summary>One step of series <paramref name="f"/> with the shared weights (its update, when it learns, is everyone's).</summary>
    public void Observe(RtuForecaster f, double value, ReadOnlySpan<float> exogenous, bool learn, Span<float> forecast, Span<float> state)
    {
        lock (Gate)
        {
            LoadInto(f);
            f.Observe(value, exogenous, learn, forecast, state);
            if (learn) StoreFrom(f);
        }
    }

    /// <summary>Takes the weights of <paramref name="f"/> (a restored checkpoint's).</summary>
    public void Adopt(RtuForecaster f)
    {
        lock (Gate) StoreFrom(f);
    }
}

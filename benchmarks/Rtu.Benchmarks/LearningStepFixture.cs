using Rtu.Trainers.Cells;
using Rtu.Trainers.Numerics;

namespace Rtu.Benchmarks;

/// <summary>
/// One RTRL layer and its pre-drawn inputs for a learning-step benchmark: the parameters do not move (no optimizer), so
/// every step does the same work; gradients accumulate; inputs cycle through <see cref="StepInputs"/> vectors so the
/// traces stay live and bounded.
/// </summary>
internal sealed class LearningStepFixture
{
    private const int StepInputs = 8;
    private readonly IRecurrentLayer<float> _layer;
    private readonly float[][] _inputs;
    private readonly float[] _outputs, _outputGradients;
    private int _t;

    /// <summary>Builds the layer (B streams of n units over d inputs) and runs a few steps so every trace is non-zero.</summary>
    public LearningStepFixture(RecurrentArchitecture architecture, int units, int inputs, int streams)
    {
        _layer = RecurrentLayerFactory.Create<float>(inputs,
            new RecurrentLayerOptions { Architecture = architecture, LearningRule = LearningRule.Rtrl, Units = units }, streams, new Rng(42));
        _inputs = BenchData.Vectors(StepInputs, streams * inputs, 7);
        _outputGradients = BenchData.Vectors(1, streams * 2 * units, 8)[0];
        _outputs = new float[streams * 2 * units];
        for (int i = 0; i < 2 * StepInputs; i++) Step();
    }

    /// <summary>Step + Backward: one RTRL learning step of every stream.</summary>
    public void Step()
    {
        _layer.Step(_inputs[_t++ & (StepInputs - 1)], _outputs);
        _layer.Backward(_outputGradients, default);
    }
}

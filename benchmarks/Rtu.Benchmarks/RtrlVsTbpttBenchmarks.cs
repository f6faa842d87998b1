using BenchmarkDotNet.Attributes;
using Rtu.Trainers.Cells;
using Rtu.Trainers.Numerics;

namespace Rtu.Benchmarks;

/// <summary>
/// The paper's runtime comparison: one learning step of an RTU with RTRL against a GRU with T-BPTT at an equal
/// recurrent parameter count, for truncation T ∈ {1, 4, 16, 64}. RTRL carries its whole history in the traces, so
/// its time per step does not depend on T (it is measured at every T to show it is flat); T-BPTT replays its last
/// T steps at every step and grows with T. The Ratio column is GRU-T-BPTT / RTU-RTRL.
/// </summary>
public class RtrlVsTbpttBenchmarks
{
    /// <summary>RTU units n.</summary>
    public const int RtuUnits = 256;

    /// <summary>Input width d.</summary>
    public const int InputSize = 64;

    private const int StepInputs = 8;

    /// <summary>Linear or non-linear RTU (both have 2n + 2dn parameters).</summary>
    [Params(RecurrentArchitecture.LinearRtu, RecurrentArchitecture.NonLinearRtu)]
    public RecurrentArchitecture Architecture { get; set; }

    /// <summary>T-BPTT truncation length.</summary>
    [Params(1, 4, 16, 64)]
    public int T { get; set; }

    private IRecurrentLayer<float>? _rtu, _gru;
    private float[][] _inputs = [];
    private float[] _rtuOutputs = [], _rtuGradients = [], _gruOutputs = [], _gruGradients = [];
    private int _t;

    /// <summary>GRU hidden units with at most as many parameters as the RTU.</summary>
    public static int GruUnits(RecurrentArchitecture rtu) =>
        RecurrentLayerFactory.UnitsForParameterBudget(RecurrentArchitecture.Gru, InputSize,
            RecurrentLayerFactory.ParameterCount(rtu, InputSize, RtuUnits));

    /// <summary>Builds both layers and fills the T-BPTT window.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _rtu = RecurrentLayerFactory.Create<float>(InputSize,
            new RecurrentLayerOptions { Architecture = Architecture, LearningRule = LearningRule.Rtrl, Units = RtuUnits }, 1, new Rng(1));
        _gru = RecurrentLayerFactory.Create<float>(InputSize,
            new RecurrentLayerOptions { Architecture = RecurrentArchitecture.Gru, LearningRule = LearningRule.Tbptt, Units = GruUnits(Architecture), Truncation = T },
            1, new Rng(2));
        _inputs = BenchData.Vectors(StepInputs, InputSize, 3);
        _rtuOutputs = new float[_rtu.OutputSize]; _gruOutputs = new float[_gru.OutputSize];
        _rtuGradients = BenchData.Vectors(1, _rtu.OutputSize, 4)[0];
        _gruGradients = BenchData.Vectors(1, _gru.OutputSize, 5)[0];
        for (int i = 0; i < T + 2 * StepInputs; i++) { RtuRtrl(); GruTbptt(); }
    }

    /// <summary>RTU, exact RTRL: Step + Backward.</summary>
    [Benchmark(Baseline = true)]
    public void RtuRtrl()
    {
        _rtu!.Step(_inputs[_t++ & (StepInputs - 1)], _rtuOutputs);
        _rtu.Backward(_rtuGradients, default);
    }

    /// <summary>GRU, T-BPTT over the last T steps: Step + Backward.</summary>
    [Benchmark]
    public void GruTbptt()
    {
        _gru!.Step(_inputs[_t++ & (StepInputs - 1)], _gruOutputs);
        _gru.Backward(_gruGradients, default);
    }
}

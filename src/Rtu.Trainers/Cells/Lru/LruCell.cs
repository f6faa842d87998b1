using System.Numerics;
using Rtu.Trainers.Numerics;

namespace Rtu.Trainers.Cells.Lru;

/// <summary>
/// The LRU (Online LRU with RTRL, LRU with T-BPTT): layout <see cref="LruParameters"/>, coefficients
/// <see cref="LruCoefficients{T}"/> (the same float32 λ, γ in training and in the exported graph), states
/// <c>h_re</c>, <c>h_im</c> [n].
/// </summary>
/// <remarks>
/// The graph, with named nodes:
/// <code>
/// lru/rot_re = lambda_re ⊙ h_re − lambda_im ⊙ h_im     lru/in_re = gamma ⊙ (x·B_re)
/// lru/rot_im = lambda_re ⊙ h_im + lambda_im ⊙ h_re     lru/in_im = gamma ⊙ (x·B_im)
/// next h_re = lru/rot_re + lru/in_re                   next h_im = lru/rot_im + lru/in_im
/// lru/y = act(next h_re·C_re − next h_im·C_im)
/// </code>
/// </remarks>
public sealed class LruCell : CellDefinition
{
    /// <summary>The definition.</summary>
    public static LruCell Instance { get; } = new();

    private LruCell() { }

    /// <inheritdoc />
    public override RecurrentArchitecture Architecture => RecurrentArchitecture.Lru;

    /// <inheritdoc />
    public override string Name => "online_lru";

    /// <inheritdoc />
    public override bool SupportsRtrl => true;

    /// <inheritdoc />
    public override long ParameterCount(int inputSize, int units) => 3L * units + 2L * inputSize * units + 2L * units * (2 * units);

    /// <inheritdoc />
    public override int OutputWidth(int units) => 2 * units;

    /// <inheritdoc />
    public override IReadOnlyList<string> InputWeights { get; } = [LruParameters.BRe, LruParameters.BIm];

    /// <inheritdoc />
    public override string Label(RecurrentLayerOptions options) =>
        options?.LearningRule == LearningRule.Rtrl ? "OnlineLru-RTRL" : base.Label(options!);

    /// <inheritdoc />
    public override IRecurrentLayer<T> Create<T>(int inputSize, RecurrentLayerOptions options, int batchSize, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(options);
        var lru = new LruOptions { Units = options.Units, Activation = options.Activation, RMin = options.RMin, RMax = options.RMax };
        return options.LearningRule == LearningRule.Rtrl
            ? new OnlineLruLayer<T>(inputSize, lru, batchSize, rng)
            : new TruncatedBpttLayer<T>(new LruCore<T>(inputSize, lru, rng), options.Truncation, batchSize);
    }

    /// <inheritdoc />
    public override CellExport? Describe(IRecurrentLayer<float> layer) => layer switch
    {
        OnlineLruLayer<float> l => Export(l.InputSize, l.Options.Units, l.OutputSize, l.Options.Activation, l.Parameters),
        TruncatedBpttLayer<float> { Core: LruCore<float> c } => Export(c.InputSize, c.Options.Units, c.OutputSize, c.Options.Activation, c.Parameters),
        _ => null,
    };

    /// <summary>A description of hand-made LRU weights (B* are [d, n], C* are [n, m]).</summary>
    public CellExport FromArrays(int units, int inputSize, int outputSize, Activation activation, ReadOnlySpan<float> nuLog,
        ReadOnlySpan<float> thetaLog, ReadOnlySpan<float> gammaLog, ReadOnlySpan<float> bRe, ReadOnlySpan<float> bIm,
        ReadOnlySpan<float> cRe, ReadOnlySpan<float> cIm)
    {
        var p = LruParameters.Create<float>(units, inputSize, outputSize);
        nuLog.CopyTo(p.Value(LruParameters.NuLog)); thetaLog.CopyTo(p.Value(LruParameters.ThetaLog));
        gammaLog.CopyTo(p.Value(LruParameters.GammaLog));
        bRe.CopyTo(p.Value(LruParameters.BRe)); bIm.CopyTo(p.Value(LruParameters.BIm));
        cRe.CopyTo(p.Value(LruParameters.CRe)); cIm.CopyTo(p.Value(LruParameters.CIm));
        return Export(inputSize, units, outputSize, activation, p);
    }

    /// <inheritdoc />
    public override IReadOnlyList<StateTensor> States(CellExport cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        return [new("h_re", cell.Units, "Online LRU state, real part; zeros at episode start"),
                new("h_im", cell.Units, "Online LRU state, imaginary part; zeros at episode start")];
    }

    /// <inheritdoc />
    public override string Emit(ICellGraph graph, CellExport cell, string input)
    {
        ArgumentNullException.ThrowIfNull(graph);
        Validate(cell);
        int n = cell.Units, d = cell.InputSize, m = cell.OutputSize;
        var coef = new LruCoefficients<float>(n);
        coef.Update(cell.Value(LruParameters.NuLog), cell.Value(LruParameters.ThetaLog), cell.Value(LruParameters.GammaLog));
        string lre = graph.Constant("lru/lambda_re", coef.LambdaRe, n);
        string lim = graph.Constant("lru/lambda_im", coef.LambdaIm, n);
        string gamma = graph.Constant("lru/gamma", coef.Gamma, n);
        string bRe = graph.Constant("lru/B_re", cell.Value(LruParameters.BRe), d, n);
        string bIm = graph.Constant("lru/B_im", cell.Value(LruParameters.BIm), d, n);
        string cRe = graph.Constant("lru/C_re", cell.Value(LruParameters.CRe), n, m);
        string cIm = graph.Constant("lru/C_im", cell.Value(LruParameters.CIm), n, m);
        var states = States(cell);
        string hre = graph.State(states[0].Suffix, n, states[0].Doc);
        string him = graph.State(states[1].Suffix, n, states[1].Doc);

        string rotRe = graph.Sub("lru/rot_re", graph.Mul("lru/lre_h_re", lre, hre), graph.Mul("lru/lim_h_im", lim, him));
        string rotIm = graph.Add("lru/rot_im", graph.Mul("lru/lre_h_im", lre, him), graph.Mul("lru/lim_h_re", lim, hre));
        string inRe = graph.Mul("lru/in_re", gamma, graph.MatMul("lru/x_B_re", input, bRe));
        string inIm = graph.Mul("lru/in_im", gamma, graph.MatMul("lru/x_B_im", input, bIm));
        string nre = graph.Add(graph.NextStateName("h_re"), rotRe, inRe);
        string nim = graph.Add(graph.NextStateName("h_im"), rotIm, inIm);
        string pre = graph.Sub("lru/pre", graph.MatMul("lru/h_re_C_re", nre, cRe), graph.MatMul("lru/h_im_C_im", nim, cIm));
        return graph.Activate(cell.Activation, pre, "lru/y");
    }
}

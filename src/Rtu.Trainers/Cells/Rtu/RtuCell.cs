using System.Numerics;
using Rtu.Trainers.Numerics;

namespace Rtu.Trainers.Cells.Rtu;

/// <summary>
/// The linear and the non-linear RTU: layout <see cref="RtuParameters"/>, coefficients <see cref="RtuCoefficients{T}"/>
/// (the same float32 g, φ, η in training and in the exported graph), states <c>h1</c>, <c>h2</c> [n].
/// </summary>
/// <remarks>
/// The graph, with named nodes:
/// <code>
/// rtu/g_h1 = g ⊙ h1     rtu/phi_h2 = phi ⊙ h2    rtu/rot1 = rtu/g_h1 − rtu/phi_h2
/// rtu/g_h2 = g ⊙ h2     rtu/phi_h1 = phi ⊙ h1    rtu/rot2 = rtu/g_h2 + rtu/phi_h1
/// rtu/x_W1 = x·W1       rtu/in1 = eta ⊙ rtu/x_W1 rtu/a1 = rtu/rot1 + rtu/in1
/// rtu/x_W2 = x·W2       rtu/in2 = eta ⊙ rtu/x_W2 rtu/a2 = rtu/rot2 + rtu/in2
/// </code>
/// Linear: next h1 = a1, next h2 = a2, y = act(concat(h1', h2')). Non-linear: next h = act(a), y = concat(h1', h2').
/// </remarks>
public sealed class RtuCell : CellDefinition
{
    /// <summary>The linear RTU (activation on the output).</summary>
    public static RtuCell Linear { get; } = new(nonLinear: false);

    /// <summary>The non-linear RTU (activation inside the recurrence).</summary>
    public static RtuCell NonLinear { get; } = new(nonLinear: true);

    private RtuCell(bool nonLinear) => IsNonLinear = nonLinear;

    /// <summary>Whether the activation is inside the recurrence.</summary>
    public bool IsNonLinear { get; }

    /// <inheritdoc />
    public override RecurrentArchitecture Architecture => IsNonLinear ? RecurrentArchitecture.NonLinearRtu : RecurrentArchitecture.LinearRtu;

    /// <inheritdoc />
    public override string Name => IsNonLinear ? "nonlinear_rtu" : "linear_rtu";

    /// <inheritdoc />
    public override bool SupportsRtrl => true;

    /// <inheritdoc />
    public override long ParameterCount(int inputSize, int units) => 2L * units + 2L * inputSize * units;

    /// <inheritdoc />
    public override int OutputWidth(int units) => 2 * units;

    /// <inheritdoc />
    public override IReadOnlyList<string> InputWeights { get; } = [RtuParameters.W1, RtuParameters.W2];

    /// <inheritdoc />
    public override IRecurrentLayer<T> Create<T>(int inputSize, RecurrentLayerOptions options, int batchSize, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(options);
        var rtu = new RtuOptions { Units = options.Units, Activation = options.Activation, RMin = options.RMin, RMax = options.RMax };
        if (options.LearningRule == LearningRule.Rtrl)
            return IsNonLinear ? new NonLinearRtuLayer<T>(inputSize, rtu, batchSize, rng) : new LinearRtuLayer<T>(inputSize, rtu, batchSize, rng);
        return new TruncatedBpttLayer<T>(new RtuCore<T>(inputSize, rtu, nonLinear: IsNonLinear, rng), options.Truncation, batchSize);
    }

    /// <inheritdoc />
    public override CellExport? Describe(IRecurrentLayer<float> layer) => layer switch
    {
        RtuLayer<float> l when l is NonLinearRtuLayer<float> == IsNonLinear => Export(l.InputSize, l.Units, 2 * l.Units, l.Options.Activation, l.Parameters),
        TruncatedBpttLayer<float> { Core: RtuCore<float> c } when c.NonLinear == IsNonLinear => Export(c.InputSize, c.Units, 2 * c.Units, c.Activation, c.Parameters),
        _ => null,
    };

    /// <summary>A description of hand-made RTU weights (W1, W2 are [d, n]).</summary>
    public CellExport FromArrays(int units, int inputSize, Activation activation,
        ReadOnlySpan<float> nuLog, ReadOnlySpan<float> thetaLog, ReadOnlySpan<float> w1, ReadOnlySpan<float> w2)
    {
        var p = RtuParameters.Create<float>(units, inputSize);
        nuLog.CopyTo(p.Value(RtuParameters.NuLog)); thetaLog.CopyTo(p.Value(RtuParameters.ThetaLog));
        w1.CopyTo(p.Value(RtuParameters.W1)); w2.CopyTo(p.Value(RtuParameters.W2));
        return Export(inputSize, units, 2 * units, activation, p);
    }

    /// <inheritdoc />
    public override IReadOnlyList<StateTensor> States(CellExport cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        string kind = IsNonLinear ? "post-activation" : "pre-activation (linear recurrence)";
        return [new("h1", cell.Units, $"RTU real part h1, {kind}; zeros at episode start"),
                new("h2", cell.Units, $"RTU imaginary part h2, {kind}; zeros at episode start")];
    }

    /// <summary>
    /// The float32 (g, φ, η) of each unit, computed by the trainer's own <see cref="RtuCoefficients{T}"/>: the graph's
    /// constants are bit for bit the ones the C# forward pass uses.
    /// </summary>
    public static (float[] G, float[] Phi, float[] Eta) Coefficients(ReadOnlySpan<float> nuLog, ReadOnlySpan<float> thetaLog)
    {
        var c = new RtuCoefficients<float>(nuLog.Length);
        c.Update(nuLog, thetaLog, referenceThetaGradient: false);
        return (c.G, c.Phi, c.Eta);
    }

    /// <inheritdoc />
    public override string Emit(ICellGraph graph, CellExport cell, string input)
    {
        ArgumentNullException.ThrowIfNull(graph);
        Validate(cell);
        int n = cell.Units, d = cell.InputSize;
        var (g, phi, eta) = Coefficients(cell.Value(RtuParameters.NuLog), cell.Value(RtuParameters.ThetaLog));
        string cg = graph.Constant("rtu/g", g, n), cphi = graph.Constant("rtu/phi", phi, n), ceta = graph.Constant("rtu/eta", eta, n);
        string w1 = graph.Constant("rtu/W1", cell.Value(RtuParameters.W1), d, n);
        string w2 = graph.Constant("rtu/W2", cell.Value(RtuParameters.W2), d, n);
        var states = States(cell);
        string h1 = graph.State(states[0].Suffix, n, states[0].Doc);
        string h2 = graph.State(states[1].Suffix, n, states[1].Doc);

        string rot1 = graph.Sub("rtu/rot1", graph.Mul("rtu/g_h1", cg, h1), graph.Mul("rtu/phi_h2", cphi, h2));
        string rot2 = graph.Add("rtu/rot2", graph.Mul("rtu/g_h2", cg, h2), graph.Mul("rtu/phi_h1", cphi, h1));
        string in1 = graph.Mul("rtu/in1", ceta, graph.MatMul("rtu/x_W1", input, w1));
        string in2 = graph.Mul("rtu/in2", ceta, graph.MatMul("rtu/x_W2", input, w2));
        string a1 = graph.Add("rtu/a1", rot1, in1);
        string a2 = graph.Add("rtu/a2", rot2, in2);
        if (!IsNonLinear)
        {
            string n1 = graph.Apply(CellOp.Identity, graph.NextStateName("h1"), a1);
            string n2 = graph.Apply(CellOp.Identity, graph.NextStateName("h2"), a2);
            return graph.Activate(cell.Activation, graph.Concat("rtu/h", n1, n2), "rtu/y");
        }
        string m1 = graph.Activate(cell.Activation, a1, graph.NextStateName("h1"));
        string m2 = graph.Activate(cell.Activation, a2, graph.NextStateName("h2"));
        return graph.Concat("rtu/y", m1, m2);
    }
}

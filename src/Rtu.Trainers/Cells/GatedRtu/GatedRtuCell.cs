using Rtu.Trainers.Numerics;
using Rtu.Trainers.Parameters;
using P = Rtu.Trainers.Cells.GatedRtu.GatedRtuParameters;

namespace Rtu.Trainers.Cells.GatedRtu;

/// <summary>
/// The gated RTU (RTRL layer <see cref="GatedRtuLayer{T}"/>, T-BPTT core <see cref="GatedRtuCore{T}"/>; docs/GATED_RTU.md):
/// layout <see cref="GatedRtuParameters"/>; the gate scale c (an option, not a learned parameter, but the graph needs it)
/// travels as the export description's setting <see cref="GateScale"/>; states
/// <c>h1</c>, <c>h2</c> [n], the first 2n values of the layer's carry.
/// </summary>
/// <remarks>
/// c·ν and c·θ are computed at export time in float64 and stored as float32 constants <c>grtu/c_nu</c>, <c>grtu/c_theta</c>;
/// so are the bounded feedback weights p = p_max·tanh(p_raw), <c>grtu/pa</c>, <c>grtu/pi</c>.
/// The graph, with named nodes:
/// <code>
/// grtu/energy = h1⊙h1 + h2⊙h2                grtu/log1p_energy = log(1 + energy)
/// grtu/a = σ(x·Wa + ba + pa⊙log1p_energy)      grtu/i = σ(x·Wi + bi + pi⊙log1p_energy)
/// grtu/a_phase = σ(x·Wa + ba)                 (version 3; version 2 uses grtu/a)
/// grtu/m = a⊙c_nu (= −ln|λ_t|)               grtu/psi = a_phase⊙c_theta (= arg λ_t)
/// grtu/rho = exp(−m)   grtu/g = rho⊙cos psi   grtu/phi = rho⊙sin psi
/// grtu/one_minus_rho2 = tanh(m)⊙(1 + rho²)   (= 1 − rho² without cancellation when the gate holds, |λ_t| → 1)
/// grtu/eta = √(one_minus_rho2) + 1e-8
/// next h1 = g⊙h1 − phi⊙h2 + eta⊙i⊙(x·W1)    next h2 = g⊙h2 + phi⊙h1 + eta⊙i⊙(x·W2)
/// grtu/y = act(concat(next h1, next h2))
/// </code>
/// </remarks>
public sealed class GatedRtuCell : CellDefinition
{
    /// <summary>The setting (<see cref="CellExport.Settings"/>) holding the gate scale c of λ_t = λ^{c·a_t}.</summary>
    public const string GateScale = "gate_scale";

    /// <summary>The setting holding the bound p_max of the gate-feedback weights p = p_max·tanh(p_raw).</summary>
    public const string FeedbackLimit = "feedback_limit";

    /// <summary>
    /// The setting that says which phase gate the cell has: 1 = version 2 (ψ = c·a·θ, a with the state feedback), 0 or
    /// absent = version 3 (ψ = c·a_φ·θ, a_φ = σ(x·Wa + b_a + q·p_a·log(1 + e))).
    /// </summary>
    public const string PhaseReadsState = "phase_reads_state";

    /// <summary>The setting holding Q of version 3's phase-gate feedback share q = Qν / (Qν + θ) (absent: 0, q = 0).</summary>
    public const string PhaseFeedbackRatio = "phase_feedback_ratio";


    /// <summary>
    /// The setting holding the number of open units (version 4: the first ones, gates fixed open; absent: 0). The graph
    /// keeps its form: their gate constants are written so that every gate is σ(+30) = 1 in float32 and reads no state.
    /// </summary>
    public const string OpenUnits = "open_units";

    // σ(30) = 1 − 9e-14 rounds to 1 in float32: the open units' gates in the graph.
    private const float OpenGateBias = 30f;

    /// <summary>The definition.</summary>
    public static GatedRtuCell Instance { get; } = new();

    private GatedRtuCell() { }

    /// <inheritdoc />
    public override RecurrentArchitecture Architecture => RecurrentArchitecture.GatedRtu;

    /// <inheritdoc />
    public override string Name => "gated_rtu";

    /// <inheritdoc />
    public override bool SupportsRtrl => true;

    /// <inheritdoc />
    public override long ParameterCount(int inputSize, int units) => P.Count(inputSize, units);

    /// <inheritdoc />
    /// <remarks>At the options' <see cref="RecurrentLayerOptions.OpenUnitShare"/>: an open unit trains only ν, θ and its W1, W2 columns.</remarks>
    public override long TrainedParameterCount(int inputSize, int units, RecurrentLayerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return P.TrainedCount(inputSize, units, options.ToGatedRtuOptions().OpenUnits(units));
    }

    /// <inheritdoc />
    public override int OutputWidth(int units) => 2 * units;

    /// <inheritdoc />
    public override IReadOnlyList<string> InputWeights { get; } = [P.W1, P.W2, P.Wa, P.Wi];

    /// <inheritdoc />
    public override IRecurrentLayer<T> Create<T>(int inputSize, RecurrentLayerOptions options, int batchSize, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(options);
        var gated = options.ToGatedRtuOptions();
        return options.LearningRule == LearningRule.Rtrl
            ? new GatedRtuLayer<T>(inputSize, gated, batchSize, rng)
            : new TruncatedBpttLayer<T>(new GatedRtuCore<T>(inputSize, gated, rng), options.Truncation, batchSize);
    }

    /// <inheritdoc />
    public override CellExport? Describe(IRecurrentLayer<float> layer) => layer switch
    {
        GatedRtuLayer<float> l => FromParameters(l.Options, l.InputSize, l.Parameters),
        TruncatedBpttLayer<float> { Core: GatedRtuCore<float> c } => FromParameters(c.Options, c.InputSize, c.Parameters),
        _ => null,
    };

    /// <summary>
    /// A description of gated-RTU parameters (layout <see cref="GatedRtuParameters"/>, e.g. hand-made or from a checkpoint)
    /// with the options' gate scale and activation; the phase gate follows the parameters' layout (version 2 or 3).
    /// </summary>
    public CellExport FromParameters(GatedRtuOptions options, int inputSize, ParameterSet<float> parameters)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(parameters);
        return Export(inputSize, options.Units, 2 * options.Units, options.Activation, parameters,
            new Dictionary<string, double>
            {
                [GateScale] = options.GateScale, [FeedbackLimit] = options.FeedbackLimit,
                [PhaseReadsState] = P.PhaseReadsState(parameters) ? 1 : 0, [PhaseFeedbackRatio] = options.PhaseFeedbackRatio,
                [OpenUnits] = P.OpenUnits(parameters, options),
            });
    }

    /// <inheritdoc />
    public override IReadOnlyList<StateTensor> States(CellExport cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        return [new("h1", cell.Units, "gated RTU real part h1; zeros at episode start"),
                new("h2", cell.Units, "gated RTU imaginary part h2; zeros at episode start")];
    }

    /// <inheritdoc />
    public override IEnumerable<KeyValuePair<string, string>> Metadata(CellExport cell)
    {
        foreach (var kv in base.Metadata(cell)) yield return kv;
        yield return new(GateScale, cell.Setting(GateScale).ToString("R", System.Globalization.CultureInfo.InvariantCulture));
        yield return new(FeedbackLimit, cell.Setting(FeedbackLimit).ToString("R", System.Globalization.CultureInfo.InvariantCulture));
        yield return new(PhaseReadsState, PhaseGateReadsState(cell) ? "1" : "0");
        if (!PhaseGateReadsState(cell))
            yield return new(PhaseFeedbackRatio, PhaseRatio(cell).ToString("R", System.Globalization.CultureInfo.InvariantCulture));
        int open = OpenCount(cell);
        if (open > 0) yield return new(OpenUnits, open.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    // Absent in older descriptions: no open units.
    private static int OpenCount(CellExport cell)
    {
        double v = cell.Settings.TryGetValue(OpenUnits, out double o) ? o : 0;
        if (!(v >= 0 && v <= cell.Units && v == Math.Floor(v)))
            throw new ArgumentException($"gated_rtu.{OpenUnits}: need a whole number in [0, {cell.Units}], got {v}.", nameof(cell));
        return (int)v;
    }

    // The open units' gate constants: weights and feedback 0, biases OpenGateBias (every gate 1, no state read).
    private static float[] Opened(ReadOnlySpan<float> values, int open, int rows, int units, float value)
    {
        var copy = values.ToArray();
        for (int r = 0; r < rows; r++) copy.AsSpan(r * units, open).Fill(value);
        return copy;
    }

    // Absent in hand-made descriptions: the current cell (version 3), with q = 0 when Q is absent.
    private static bool PhaseGateReadsState(CellExport cell) => cell.Settings.TryGetValue(PhaseReadsState, out double v) && v != 0;

    private static double PhaseRatio(CellExport cell)
    {
        double q = cell.Settings.TryGetValue(PhaseFeedbackRatio, out double v) ? v : 0;
        if (!(q >= 0 && double.IsFinite(q)))
            throw new ArgumentException($"gated_rtu.{PhaseFeedbackRatio}: Q must be finite and ≥ 0, got {q}.", nameof(cell));
        return q;
    }

    /// <summary>
    /// The version-3 phase gate's feedback weights q·p per unit (q = Qν / (Qν + θ), p = p_max·tanh(p_raw)), computed in
    /// float64 as the trainer does and rounded once.
    /// </summary>
    public static float[] PhaseFeedback(ReadOnlySpan<float> paRaw, ReadOnlySpan<float> nuLog, ReadOnlySpan<float> thetaLog, double limit, double ratio)
    {
        var qp = new float[paRaw.Length];
        for (int k = 0; k < qp.Length; k++)
            qp[k] = (float)(GatedRtuUnit.PhaseFeedbackShare(nuLog[k], thetaLog[k], ratio, out _) * GatedRtuUnit.BoundedFeedback(paRaw[k], limit, out _));
        return qp;
    }

    /// <summary>
    /// c·ν and c·θ per unit, computed in float64 from the float32 logs as the trainer does (ν = e^{ν_log}, θ = e^{θ_log}),
    /// then rounded once to float32.
    /// </summary>
    public static (float[] CNu, float[] CTheta) ScaledDecay(ReadOnlySpan<float> nuLog, ReadOnlySpan<float> thetaLog, double gateScale)
    {
        var cNu = new float[nuLog.Length];
        var cTheta = new float[thetaLog.Length];
        for (int k = 0; k < cNu.Length; k++)
        {
            cNu[k] = (float)(gateScale * Math.Exp(nuLog[k]));
            cTheta[k] = (float)(gateScale * Math.Exp(thetaLog[k]));
        }
        return (cNu, cTheta);
    }

    /// <summary>The feedback weights the cell uses, p = p_max·tanh(p_raw), computed in float64 and rounded once.</summary>
    public static float[] BoundedFeedback(ReadOnlySpan<float> raw, double limit)
    {
        var p = new float[raw.Length];
        for (int k = 0; k < p.Length; k++) p[k] = (float)GatedRtuUnit.BoundedFeedback(raw[k], limit, out _);
        return p;
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">A gate scale that is not positive (named), or a non-finite parameter.</exception>
    public override string Emit(ICellGraph graph, CellExport cell, string input)
    {
        ArgumentNullException.ThrowIfNull(graph);
        Validate(cell);
        int n = cell.Units, d = cell.InputSize;
        double c = cell.Setting(GateScale);
        if (!(c > 0)) throw new ArgumentException($"{Name}.{GateScale}: the gate scale c must be positive, got {c}.", nameof(cell));
        double pMax = cell.Setting(FeedbackLimit);
        if (!(pMax > 0)) throw new ArgumentException($"{Name}.{FeedbackLimit}: the feedback bound p_max must be positive, got {pMax}.", nameof(cell));
        var (cNuValues, cThetaValues) = ScaledDecay(cell.Value(P.NuLog), cell.Value(P.ThetaLog), c);
        int open = OpenCount(cell);
        string cNu = graph.Constant("grtu/c_nu", cNuValues, n);
        string cTheta = graph.Constant("grtu/c_theta", cThetaValues, n);
        string W(string segment, string name) => graph.Constant($"grtu/{name}", cell.Value(segment), d, n);
        string GateW(string segment, string name) => graph.Constant($"grtu/{name}", Opened(cell.Value(segment), open, d, n, 0f), d, n);
        string V(string segment, string name) => graph.Constant($"grtu/{name}", Opened(cell.Value(segment), open, 1, n, OpenGateBias), n);
        string w1 = W(P.W1, "W1"), w2 = W(P.W2, "W2"), wa = GateW(P.Wa, "Wa"), wi = GateW(P.Wi, "Wi");
        string ba = V(P.Ba, "ba"), bi = V(P.Bi, "bi");
        string pa = graph.Constant("grtu/pa", Opened(BoundedFeedback(cell.Value(P.Pa), pMax), open, 1, n, 0f), n);
        string pi = graph.Constant("grtu/pi", Opened(BoundedFeedback(cell.Value(P.Pi), pMax), open, 1, n, 0f), n);
        string one = graph.Constant("grtu/one", [1f], 1);
        string eps = graph.Constant("grtu/eps", [(float)GatedRtuUnit.EtaEpsilon], 1);
        var states = States(cell);
        string h1 = graph.State(states[0].Suffix, n, states[0].Doc);
        string h2 = graph.State(states[1].Suffix, n, states[1].Doc);

        string rawEnergy = graph.Add("grtu/energy", graph.Mul("grtu/h1_h1", h1, h1), graph.Mul("grtu/h2_h2", h2, h2));
        string energy = graph.Apply(CellOp.Log, "grtu/log1p_energy", graph.Add("grtu/one_plus_energy", one, rawEnergy));
        string Input(string g, string w, string b) => graph.Add($"grtu/x_W{g}_b{g}", graph.MatMul($"grtu/x_W{g}", input, w), b);
        string Gate(string g, string xWb, string p) => graph.Apply(CellOp.Sigmoid, $"grtu/{g}",
            graph.Add($"grtu/z{g}", xWb, graph.Mul($"grtu/p{g}_energy", p, energy)));
        string xWaBa = Input("a", wa, ba);
        string a = Gate("a", xWaBa, pa), i = Gate("i", Input("i", wi, bi), pi);
        // Version 3: the phase gate sees the share q = Qν / (Qν + θ) of the decay gate's feedback (a constant q·p_a).
        string aPhase = PhaseGateReadsState(cell) ? a : graph.Apply(CellOp.Sigmoid, "grtu/a_phase",
            graph.Add("grtu/zphase", xWaBa, graph.Mul("grtu/qpa_energy",
                graph.Constant("grtu/qpa", Opened(PhaseFeedback(cell.Value(P.Pa), cell.Value(P.NuLog), cell.Value(P.ThetaLog), pMax, PhaseRatio(cell)), open, 1, n, 0f), n), energy)));

        string m = graph.Mul("grtu/m", a, cNu);
        string psi = graph.Mul("grtu/psi", aPhase, cTheta);
        string rho = graph.Apply(CellOp.Exp, "grtu/rho", graph.Apply(CellOp.Neg, "grtu/neg_m", m));
        string g = graph.Mul("grtu/g", rho, graph.Apply(CellOp.Cos, "grtu/cos_psi", psi));
        string phi = graph.Mul("grtu/phi", rho, graph.Apply(CellOp.Sin, "grtu/sin_psi", psi));
        // 1 − e^{−2m} = tanh(m)·(1 + e^{−2m}): no cancellation for any m (1 − ρ² would lose digits in float32 as the gate
        // closes and ρ → 1, which slow units then integrate over many steps).
        string onePlus = graph.Add("grtu/one_plus_rho_rho", one, graph.Mul("grtu/rho_rho", rho, rho));
        string oneMinus = graph.Mul("grtu/one_minus_rho2", graph.Apply(CellOp.Tanh, "grtu/tanh_m", m), onePlus);
        string eta = graph.Add("grtu/eta", graph.Apply(CellOp.Sqrt, "grtu/sqrt_one_minus_rho2", oneMinus), eps);
        string scale = graph.Mul("grtu/eta_i", eta, i);

        string rot1 = graph.Sub("grtu/rot1", graph.Mul("grtu/g_h1", g, h1), graph.Mul("grtu/phi_h2", phi, h2));
        string rot2 = graph.Add("grtu/rot2", graph.Mul("grtu/g_h2", g, h2), graph.Mul("grtu/phi_h1", phi, h1));
        string in1 = graph.Mul("grtu/in1", scale, graph.MatMul("grtu/x_W1", input, w1));
        string in2 = graph.Mul("grtu/in2", scale, graph.MatMul("grtu/x_W2", input, w2));
        string n1 = graph.Add(graph.NextStateName(states[0].Suffix), rot1, in1);
        string n2 = graph.Add(graph.NextStateName(states[1].Suffix), rot2, in2);
        return graph.Activate(cell.Activation, graph.Concat("grtu/h", n1, n2), "grtu/y");
    }
}

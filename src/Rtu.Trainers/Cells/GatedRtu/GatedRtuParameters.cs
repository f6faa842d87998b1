using System.Numerics;
using Rtu.Trainers.Numerics;
using Rtu.Trainers.Parameters;

namespace Rtu.Trainers.Cells.GatedRtu;

/// <summary>
/// The gated-RTU parameter layout (4n·d + 6n scalars; docs/GATED_RTU.md): ν_log, θ_log [n]; W1, W2 [d×n] (input);
/// Wa [d×n], b_a, p_a [n] (decay gate); Wi [d×n], b_i, p_i [n] (input gate). Row-vector convention x·W.
/// Shared by the RTRL layer, the BPTT core and the ONNX export.
/// </summary>
public static class GatedRtuParameters
{
    /// <summary>Segment names.</summary>
    public const string NuLog = "nu_log", ThetaLog = "theta_log", W1 = "w1", W2 = "w2",
        Wa = "wa", Ba = "ba", Pa = "pa_raw", Wi = "wi", Bi = "bi", Pi = "pi_raw";

    /// <summary>The n-vector parameters in trace order (each has a two-component trace of n per stream).</summary>
    public static readonly string[] UnitParameters = [NuLog, ThetaLog, Ba, Pa, Bi, Pi];

    /// <summary>The d×n parameters in trace order (each has a two-component trace of d·n per stream).</summary>
    public static readonly string[] WeightParameters = [W1, W2, Wa, Wi];

    /// <summary>
    /// The newest layout's name, stored with saved parameters of a cell with open units
    /// (<see cref="GatedRtuOptions.OpenUnitShare"/> &gt; 0): version 3 with the first ⌈share·n⌉ units' gates fixed open
    /// (exactly linear-RTU units; docs/GATED_RTU.md §2, "Open units"). The share, like Q, c and p_max, comes from the
    /// options. Same segments as versions 2 and 3; a cell without open units keeps the version-3 name, so its files
    /// read as before everywhere.
    /// </summary>
    public const string LayoutName = "gated_rtu_v4";

    /// <summary>
    /// Version 3: the phase of λ_t follows the decay gate with only the share q of its state feedback,
    /// ψ = c·σ(x·Wa + b_a + q·p_a·log(1 + e))·θ (docs/GATED_RTU.md §6, "The phase shear"); every unit gated. A set read
    /// from a version-3 file runs without open units whatever the options say. A version-2 set
    /// (<see cref="LayoutNameV2"/>) keeps its meaning as well (the phase follows the full decay gate). A version-1 set
    /// ("gated_rtu", p stored as used) is refused on load by <see cref="ParameterSet{T}.Read"/> rather than silently
    /// read with another meaning.
    /// </summary>
    public const string LayoutNameV3 = "gated_rtu_v3";

    /// <summary>
    /// Version 2 (p_a and p_i stored raw, p = p_max·tanh(p_raw); the phase ψ = c·a·θ follows the decay gate a with its
    /// state feedback): loaded as such, or chosen with <see cref="GatedRtuOptions.PhaseReadsState"/>.
    /// </summary>
    public const string LayoutNameV2 = "gated_rtu_v2";

    /// <summary>True when the set holds a version-2 cell (phase gate = decay gate, with the state feedback).</summary>
    public static bool PhaseReadsState<T>(ParameterSet<T> parameters) where T : unmanaged, IFloatingPointIeee754<T> =>
        parameters.Name == LayoutNameV2;

    /// <summary>
    /// Number of open units (the first ones) of the cell the set holds: ⌈share·n⌉ for a version-4 set, 0 for versions 2
    /// and 3.
    /// </summary>
    public static int OpenUnits<T>(ParameterSet<T> parameters, GatedRtuOptions options) where T : unmanaged, IFloatingPointIeee754<T> =>
        parameters.Name == LayoutName ? options.OpenUnits(parameters.Segment(NuLog).Length) : 0;

    /// <summary>Number of learnable scalars for the sizes.</summary>
    public static long Count(int inputSize, int units) => 4L * inputSize * units + 6L * units;

    /// <summary>
    /// Number of scalars training moves when the first <paramref name="open"/> units are open: an open unit has only ν_log,
    /// θ_log and its W1, W2 columns (2d + 2, as a linear-RTU unit); its gate entries are stored but never trained.
    /// </summary>
    public static long TrainedCount(int inputSize, int units, int open) => Count(inputSize, units) - open * (2L * inputSize + 4);

    /// <summary>
    /// A zero set with the gated-RTU layout: version 4 when <paramref name="openUnits"/> &gt; 0, version 2 when
    /// <paramref name="phaseReadsState"/>, version 3 otherwise. The share is not stored, so reading a version-4 set checks
    /// that its open units (the leading units whose gate entries are all 0) are exactly the <paramref name="openUnits"/>
    /// this cell was built with: a file written with another <see cref="GatedRtuOptions.OpenUnitShare"/> is refused
    /// instead of being run with other units open.
    /// </summary>
    public static ParameterSet<T> Create<T>(int units, int inputSize, bool phaseReadsState = false, int openUnits = 0) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ParameterSet<T>? set = null;
        set = new ParameterSet<T>(LayoutName, (NuLog, [units]), (ThetaLog, [units]), (W1, [inputSize, units]), (W2, [inputSize, units]),
            (Wa, [inputSize, units]), (Ba, [units]), (Pa, [units]),
            (Wi, [inputSize, units]), (Bi, [units]), (Pi, [units]))
        {
            OlderLayouts = [LayoutNameV3, LayoutNameV2],
            CheckStored = (name, values) => name != LayoutName ? null : CheckOpenUnits(set!, values, phaseReadsState ? 0 : openUnits),
        };
        if (phaseReadsState) set.UseLayout(LayoutNameV2);
        else if (openUnits == 0) set.UseLayout(LayoutNameV3);
        return set;
    }

    private static string? CheckOpenUnits<T>(ParameterSet<T> layout, T[] values, int expected) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = layout.Segment(NuLog).Length, d = layout.Segment(W1).Shape[0];
        bool Open(int k)
        {
            foreach (string name in new[] { Ba, Pa, Bi, Pi })
                if (values[layout.Segment(name).Offset + k] != T.Zero) return false;
            foreach (string name in new[] { Wa, Wi })
                for (int r = 0; r < d; r++)
                    if (values[layout.Segment(name).Offset + r * n + k] != T.Zero) return false;
            return true;
        }
        int stored = 0;
        while (stored < n && Open(stored)) stored++;
        return stored == expected ? null
            : $"Stored '{LayoutName}' parameters have {stored} open unit(s) (gates fixed open, entries 0) of {n}, but this cell was built with {expected} "
              + $"(GatedRtuOptions.OpenUnitShare); read them with the share they were written with.";
    }

    /// <summary>
    /// λ from the ring initialisation is the decay at a fully open gate: λ_t = λ^{c·a} with a = 1 gives the sampled λ, so
    /// ν and θ are the sampled ones divided by c. Input and gate weights lecun_normal, the gate weights then scaled by
    /// <see cref="GatedRtuOptions.DecayGateWeightInitScale"/> and <see cref="GatedRtuOptions.InputGateWeightInitScale"/>; the input-gate bias 0; the decay-gate
    /// bias b_a = logit(a₀) with a₀ log-uniform in [<see cref="GatedRtuOptions.DecayGateInitMin"/>,
    /// <see cref="GatedRtuOptions.DecayGateInitMax"/>] (drawn last, so the other parameters do not depend on it); the decay gate's
    /// feedback weight p_a = <see cref="GatedRtuOptions.DecayFeedbackInit"/> (stored raw, atanh(p_a / p_max)), the input
    /// gate's 0. Without state feedback both stay 0.
    /// </summary>
    public static void Initialize<T>(ParameterSet<T> parameters, GatedRtuOptions options, Rng rng) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int d = parameters.Segment(W1).Shape[0];
        Span<T> nuLog = parameters.Value(NuLog), thetaLog = parameters.Value(ThetaLog);
        RingInitialization.Sample(rng, options.RMin, options.RMax, options.MaxPhase, nuLog, thetaLog);
        T logC = T.CreateTruncating(Math.Log(options.GateScale));
        for (int k = 0; k < nuLog.Length; k++) { nuLog[k] -= logC; thetaLog[k] -= logC; }
        RingInitialization.LecunNormal(rng, d, parameters.Value(W1));
        RingInitialization.LecunNormal(rng, d, parameters.Value(W2));
        RingInitialization.LecunNormal(rng, d, parameters.Value(Wa));
        RingInitialization.LecunNormal(rng, d, parameters.Value(Wi));
        Scale(parameters.Value(Wa), T.CreateTruncating(options.DecayGateWeightInitScale));
        Scale(parameters.Value(Wi), T.CreateTruncating(options.InputGateWeightInitScale));
        if (options.StateFeedback) parameters.Value(Pa).Fill(T.CreateTruncating(Math.Atanh(options.DecayFeedbackInit / options.FeedbackLimit)));
        InitializeDecayBias(parameters.Value(Ba), options.DecayGateInitMin, options.DecayGateInitMax, rng);
        ClearGates(parameters, OpenUnits(parameters, options));
    }

    // Scale 1 leaves the lecun-normal draw as it is (bit for bit); 0 starts the gate input-independent.
    private static void Scale<T>(Span<T> weights, T scale) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (scale == T.One) return;
        for (int j = 0; j < weights.Length; j++) weights[j] *= scale;
    }

    // Open units never use their gate parameters (they get no gradient): 0, so that a saved set shows which they are.
    // Cleared after every draw, so the gated units' values do not depend on the share.
    private static void ClearGates<T>(ParameterSet<T> parameters, int open) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (open == 0) return;
        int n = parameters.Segment(NuLog).Length, d = parameters.Segment(W1).Shape[0];
        foreach (string name in new[] { Ba, Pa, Bi, Pi }) parameters.Value(name)[..open].Clear();
        foreach (string name in new[] { Wa, Wi })
        {
            Span<T> w = parameters.Value(name);
            for (int r = 0; r < d; r++) w.Slice(r * n, open).Clear();
        }
    }

    // A spread of time scales: each unit's initial decay gate a₀ log-uniform in [min, max] (Mamba's Δ, chrono init).
    private static void InitializeDecayBias<T>(Span<T> bias, double min, double max, Rng rng) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (min == max)
        {
            bias.Fill(T.CreateTruncating(Math.Log(min / (1 - min))));
            return;
        }
        double lo = Math.Log(min), hi = Math.Log(max);
        for (int k = 0; k < bias.Length; k++)
        {
            double a0 = Math.Exp(lo + (hi - lo) * rng.NextDouble());
            bias[k] = T.CreateTruncating(Math.Log(a0 / (1 - a0)));
        }
    }
}

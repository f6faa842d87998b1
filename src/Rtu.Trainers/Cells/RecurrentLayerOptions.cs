using Rtu.Trainers.Cells.GatedRtu;
using Rtu.Trainers.Cells.Rtu;
using Rtu.Trainers.Numerics;

namespace Rtu.Trainers.Cells;

/// <summary>The recurrent architectures the library trains.</summary>
public enum RecurrentArchitecture
{
    /// <summary>Linear RTU: linear recurrence, activation on the output.</summary>
    LinearRtu,
    /// <summary>Non-linear RTU: activation inside the recurrence.</summary>
    NonLinearRtu,
    /// <summary>LRU (Orvieto et al.); with RTRL it is the Online LRU.</summary>
    Lru,
    /// <summary>GRU (T-BPTT only).</summary>
    Gru,
    /// <summary>A memoryless feed-forward layer (ablation).</summary>
    Memoryless,
    /// <summary>Gated RTU: input-dependent decay and input gate, exact RTRL at O(n·d) (docs/GATED_RTU.md).</summary>
    GatedRtu,
}

/// <summary>How the recurrent layer computes its gradient.</summary>
public enum LearningRule
{
    /// <summary>Exact real-time recurrent learning (RTUs and LRU).</summary>
    Rtrl,
    /// <summary>Truncated back-propagation through time over the last <see cref="RecurrentLayerOptions.Truncation"/> steps.</summary>
    Tbptt,
}

/// <summary>Everything needed to build a recurrent layer of any architecture.</summary>
public sealed record RecurrentLayerOptions
{
    /// <summary>The architecture.</summary>
    public RecurrentArchitecture Architecture { get; init; } = RecurrentArchitecture.LinearRtu;

    /// <summary>RTRL (RTU, LRU) or T-BPTT (any). GRU and memoryless layers always use T-BPTT.</summary>
    public LearningRule LearningRule { get; init; } = LearningRule.Rtrl;

    /// <summary>Units n: complex units for RTU/LRU (output 2n), hidden units for GRU and memoryless layers.</summary>
    public int Units { get; init; } = 32;

    /// <summary>Activation of RTU, LRU output and memoryless layers (GRU uses its own gates).</summary>
    public Activation Activation { get; init; } = Activation.Relu;

    /// <summary>T-BPTT truncation length T.</summary>
    public int Truncation { get; init; } = 16;

    /// <summary>Largest |λ| at initialisation for RTU/LRU.</summary>
    public double RMax { get; init; } = 1.0;

    /// <summary>Smallest |λ| at initialisation for RTU/LRU.</summary>
    public double RMin { get; init; } = 0.0;

    /// <summary>
    /// Gated RTU only (other architectures ignore it): the share of units whose gates are fixed open, so that they are
    /// exactly linear-RTU units next to gated units that can latch (<see cref="GatedRtuOptions.OpenUnitShare"/>; the
    /// first ⌈share·n⌉ units). 0 ≤ share &lt; 1; default that of <see cref="GatedRtuOptions"/> (0.5, with the slow-started
    /// gates of <see cref="DecayGateInitMin"/>). 0 is the all-gated cell (samples/Rtu.Control/README.md, "Open units").
    /// Files that did not store the share hold <see cref="UnstoredOpenUnitShare"/>.
    /// </summary>
    public double OpenUnitShare { get; init; } = Defaults.OpenUnitShare;

    /// <summary>
    /// Gated RTU only: the smallest initial decay gate a₀ (<see cref="GatedRtuOptions.DecayGateInitMin"/>; default 0.002):
    /// each gated unit's a₀ is drawn log-uniform in [<see cref="DecayGateInitMin"/>, <see cref="DecayGateInitMax"/>].
    /// Init only; 0 &lt; min ≤ max &lt; 1 (else <see cref="ArgumentOutOfRangeException"/> naming <c>DecayGateInitMin</c>).
    /// Files that did not store the range hold [<see cref="UnstoredDecayGateInitMin"/>, <see cref="UnstoredDecayGateInitMax"/>].
    /// </summary>
    public double DecayGateInitMin { get; init; } = Defaults.DecayGateInitMin;

    /// <summary>Gated RTU only: the largest initial decay gate a₀ (<see cref="GatedRtuOptions.DecayGateInitMax"/>; default 0.1); see <see cref="DecayGateInitMin"/>.</summary>
    public double DecayGateInitMax { get; init; } = Defaults.DecayGateInitMax;

    private static readonly GatedRtuOptions Defaults = new();

    /// <summary>
    /// The open-unit share of a gated layer whose file did not store one: 0.25, the default when files stored no share
    /// (a version-2 or -3 gated parameter set has no open units whatever the share).
    /// </summary>
    public const double UnstoredOpenUnitShare = 0.25;

    /// <summary>The a₀ range of a gated layer whose file did not store one: [0.02, 0.5], the default when files stored none.</summary>
    public const double UnstoredDecayGateInitMin = 0.02, UnstoredDecayGateInitMax = 0.5;

    /// <summary>
    /// These options with the open-unit share that a file which did not store one stands for: <see cref="UnstoredOpenUnitShare"/>
    /// for a gated layer, the default for the others (which ignore it, so their files need not store it).
    /// </summary>
    internal RecurrentLayerOptions WithUnstoredOpenUnitShare() =>
        this with { OpenUnitShare = Architecture == RecurrentArchitecture.GatedRtu ? UnstoredOpenUnitShare : Defaults.OpenUnitShare };

    /// <summary>These options with the a₀ range that a file which did not store one stands for (as <see cref="WithUnstoredOpenUnitShare"/>).</summary>
    internal RecurrentLayerOptions WithUnstoredDecayGateInit() => Architecture == RecurrentArchitecture.GatedRtu
        ? this with { DecayGateInitMin = UnstoredDecayGateInitMin, DecayGateInitMax = UnstoredDecayGateInitMax }
        : this with { DecayGateInitMin = Defaults.DecayGateInitMin, DecayGateInitMax = Defaults.DecayGateInitMax };

    /// <summary>A short label such as <c>LinearRtu-RTRL</c> or <c>Gru-TBPTT(16)</c>.</summary>
    public string Label => CellRegistry.Get(Architecture).Label(this);

    /// <summary>
    /// The gated RTU's options for these layer options: <see cref="Units"/>, <see cref="Activation"/>, <see cref="RMin"/>,
    /// <see cref="RMax"/>, <see cref="OpenUnitShare"/>, <see cref="DecayGateInitMin"/> and <see cref="DecayGateInitMax"/>;
    /// the cell's other options keep their defaults. (A method, not a property: the options are stored as JSON in PPO
    /// checkpoints and policy models.)
    /// </summary>
    public GatedRtuOptions ToGatedRtuOptions() => new()
    {
        Units = Units, Activation = Activation, RMin = RMin, RMax = RMax, OpenUnitShare = OpenUnitShare,
        DecayGateInitMin = DecayGateInitMin, DecayGateInitMax = DecayGateInitMax,
    };

    /// <summary>
    /// Throws <see cref="ArgumentOutOfRangeException"/> unless the gated RTU's options here are valid, whatever the
    /// architecture: 0 ≤ <see cref="OpenUnitShare"/> &lt; 1 (ParamName <c>OpenUnitShare</c>) and 0 &lt;
    /// <see cref="DecayGateInitMin"/> ≤ <see cref="DecayGateInitMax"/> &lt; 1 (ParamName <c>DecayGateInitMin</c>); NaN refused.
    /// </summary>
    public void ValidateGatedRtuOptions() =>
        new GatedRtuOptions { OpenUnitShare = OpenUnitShare, DecayGateInitMin = DecayGateInitMin, DecayGateInitMax = DecayGateInitMax }.Validate();
}

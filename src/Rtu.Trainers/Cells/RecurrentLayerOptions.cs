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
    /// first ⌈share·n⌉ units). 0 ≤ share &lt; 1; default that of <see cref="GatedRtuOptions"/> (0.25). 0 is the all-gated
    /// cell; 0.5 suited HalfCheetahP better and RepeatFirst worse (samples/Rtu.Control/README.md, "Open units").
    /// </summary>
    public double OpenUnitShare { get; init; } = DefaultOpenUnitShare;

    private static readonly double DefaultOpenUnitShare = new GatedRtuOptions().OpenUnitShare;

    /// <summary>A short label such as <c>LinearRtu-RTRL</c> or <c>Gru-TBPTT(16)</c>.</summary>
    public string Label => CellRegistry.Get(Architecture).Label(this);

    /// <summary>
    /// The gated RTU's options for these layer options: <see cref="Units"/>, <see cref="Activation"/>, <see cref="RMin"/>,
    /// <see cref="RMax"/> and <see cref="OpenUnitShare"/>; the cell's other options keep their defaults. (A method, not a
    /// property: the options are stored as JSON in PPO checkpoints and policy models.)
    /// </summary>
    public GatedRtuOptions ToGatedRtuOptions() =>
        new() { Units = Units, Activation = Activation, RMin = RMin, RMax = RMax, OpenUnitShare = OpenUnitShare };

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> (ParamName <c>OpenUnitShare</c>) unless 0 ≤ <see cref="OpenUnitShare"/> &lt; 1 (NaN refused).</summary>
    public void ValidateOpenUnitShare() => new GatedRtuOptions { OpenUnitShare = OpenUnitShare }.Validate();
}

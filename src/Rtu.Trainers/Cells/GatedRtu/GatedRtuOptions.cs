using Rtu.Trainers.Numerics;

namespace Rtu.Trainers.Cells.GatedRtu;

/// <summary>Options of the gated RTU (docs/GATED_RTU.md).</summary>
public sealed record GatedRtuOptions
{
    /// <summary>Number of complex units n (the real state and the output have 2n entries).</summary>
    public int Units { get; init; } = 64;

    /// <summary>Activation f on the output y = f([h1, h2]) (the recurrence itself is linear in h given the gates).</summary>
    public Activation Activation { get; init; } = Activation.Relu;

    /// <summary>Smallest |λ_t| at initialisation for a fully open decay gate (a = 1); a closing gate moves |λ_t| towards 1.</summary>
    public double RMin { get; init; } = 0.0;

    /// <summary>Largest |λ_t| at initialisation for a fully open decay gate (a = 1).</summary>
    public double RMax { get; init; } = 1.0;

    /// <summary>Largest phase of λ_t at initialisation for a fully open decay gate.</summary>
    public double MaxPhase { get; init; } = 6.28;

    /// <summary>The constant c of λ_t = λ^{c·a_t} (Griffin's RG-LRU uses 8).</summary>
    public double GateScale { get; init; } = 8.0;

    /// <summary>
    /// True (default): each unit's gates also see that unit's own previous energy e = h1² + h2², as log(1 + e),
    /// through one weight per gate and unit (p_a, p_i), so a unit can tell "empty" from "holding" and write once. False: gates see only x_t,
    /// as in Griffin's RG-LRU (p_a and p_i stay 0 and are not learned).
    /// </summary>
    public bool StateFeedback { get; init; } = true;

    /// <summary>
    /// Bound p_max on the gate-feedback weights: the cell uses p = p_max·tanh(p_raw) of its learned p_raw, so |p| &lt; p_max
    /// and the feedback term of ∂h_t/∂h_{t−1}, which grows with |p|, stays bounded whatever the optimiser does; the slope
    /// p_max at p_raw = 0 also lets an optimiser step move p p_max times as far (docs/GATED_RTU.md §6).
    /// </summary>
    public double FeedbackLimit { get; init; } = 3.0;

    /// <summary>
    /// Initial decay-gate feedback weight p_a (the bounded value; |p_a| &lt; <see cref="FeedbackLimit"/>; default 0).
    /// Negative: a unit that holds a state starts with its decay gate pushed towards closed (towards keeping what it has;
    /// an empty unit, h = 0, is not affected). A task-specific prior: under PPO −4 solved RepeatFirstEasy in 300k steps
    /// but stopped RepeatPreviousEasy from learning (docs/GATED_RTU.md §6), so it is not the default. With half the units
    /// open (<see cref="OpenUnitShare"/> 0.5), −2.5 learned RepeatFirstEasy (0.882) and kept RepeatPreviousEasy (0.984), but
    /// on HalfCheetahP's 1,000-step episodes the exact traces exploded (gradient norms up to 1e23; return 692 on 4 seeds
    /// against the linear RTU's 1,965 on the same seeds): a unit whose gate closes as its energy grows is expansive.
    /// </summary>
    public double DecayFeedbackInit { get; init; }

    /// <summary>
    /// Smallest initial decay gate a₀ = σ(b_a) (default 0.002). Each gated unit's a₀ is drawn log-uniform in
    /// [<see cref="DecayGateInitMin"/>, <see cref="DecayGateInitMax"/>] and b_a = logit(a₀): a spread of time scales
    /// (λ_t = λ^{c·a}, so a₀ scales the unit's decay rate and phase per step), as Mamba's log-uniform Δ and the LSTM's
    /// chrono initialisation; the default [0.002, 0.1] starts the gated units slow, towards holding (docs/GATED_RTU.md §6).
    /// Equal bounds give every unit b_a = logit(a₀) without drawing; 0.5 and 0.5 is the earliest initialisation, b_a = 0.
    /// Why [0.002, 0.1] with <see cref="OpenUnitShare"/> 0.5 (samples/Rtu.Control/README.md, "Latch at half the units
    /// open"): under PPO it is level with the linear RTU on HalfCheetahP (2,144 ± 254 over 8 seeds against 2,262 ± 297;
    /// paired −118 ± 217) and learns RepeatFirstEasy (0.855 ± 0.035 at 500k steps over 5 seeds, 0.967 at 1M), where share
    /// 0.5 with the earlier [0.02, 0.5] lost the latch. Until then the default was [0.02, 0.5], the range that files which
    /// stored none hold (<see cref="RecurrentLayerOptions.UnstoredDecayGateInitMin"/>). Init only.
    /// </summary>
    public double DecayGateInitMin { get; init; } = 0.002;

    /// <summary>
    /// Scale of the decay-gate weights Wa at initialisation (default 1: lecun-normal, as W1 and W2). 0 starts the decay
    /// gates input-independent: a = σ(b_a + p_a·log(1 + e)). Init only (the layout and the step are unchanged); the draw
    /// is made either way, so the other parameters do not depend on it. Under PPO, 0 kept the latch (RepeatFirstEasy 0.918
    /// against 0.957) and did not close the gap to the linear RTU on HalfCheetahP (+95 ± 261 over 1 on 8 seeds), so it is
    /// not the default (docs/GATED_RTU.md §6, "Why the linear RTU still wins").
    /// </summary>
    public double DecayGateWeightInitScale { get; init; } = 1.0;

    /// <summary>
    /// Scale of the input-gate weights Wi at initialisation (default 1: lecun-normal). 0 starts the input gates
    /// input-independent, i = σ(b_i + p_i·log(1 + e)) = ½ at the start, so a gated unit writes its input x·(W1 + iW2)
    /// unmodulated, as a linear-RTU unit, until the gate learns what to keep out. Init only, as
    /// <see cref="DecayGateWeightInitScale"/>; both 0 make every fresh gated unit linear and time-invariant, which under
    /// PPO lost RepeatFirstEasy (0.735), so neither is the default.
    /// </summary>
    public double InputGateWeightInitScale { get; init; } = 1.0;

    /// <summary>Largest initial decay gate a₀ = σ(b_a) (default 0.1; 0.5 before, the earliest b_a = 0); see <see cref="DecayGateInitMin"/>.</summary>
    public double DecayGateInitMax { get; init; } = 0.1;

    /// <summary>
    /// False (default, layout gated_rtu_v3): the phase of λ_t follows the decay gate without its state feedback,
    /// ψ = c·σ(x·Wa + b_a)·θ, while the decay rate m = c·a·ν uses the full gate a (with p_a·log(1 + e)). True: the
    /// version-2 cell, ψ = c·a·θ, whose energy-dependent rotation shears the state and lets the exact traces grow
    /// without bound on long unreset streams (docs/GATED_RTU.md §6). Parameters read from a version-2 file run as
    /// version 2 whatever this option says.
    /// </summary>
    public bool PhaseReadsState { get; init; }

    /// <summary>
    /// Q ≥ 0 of the version-3 phase gate a_φ = σ(x·Wa + b_a + q·p_a·log(1 + e)) with q = Qν / (Qν + θ) per unit: how much
    /// of the decay gate's state feedback the phase gate sees. The energy then turns the phase at most Q times as fast as
    /// it changes the decay (the shear of ∂h_t/∂h_{t−1} relative to its damping; docs/GATED_RTU.md §6), while a unit that
    /// decays faster than it rotates (θ ≪ Qν) still stops rotating when it holds. 0: the phase gate ignores the state.
    /// </summary>
    public double PhaseFeedbackRatio { get; init; } = 4.0;

    /// <summary>
    /// Share of the units whose gates are fixed open (layout gated_rtu_v4; default 0.5; 0 is the all-gated version-3
    /// cell): the first ⌈share·n⌉ units have
    /// a = a_φ = i = 1 and no state feedback, so they are exactly linear-RTU units, λ_t = λ (the sampled eigenvalue) and
    /// h_t = λ h_{t−1} + √(1 − |λ|²)·(x·(W1 + iW2)), next to gated units that can latch. Their gate parameters stay 0 and
    /// are never trained. Parameters read from a version-2 or version-3 file have no open units whatever this says, and
    /// neither has a version-2 cell (<see cref="PhaseReadsState"/>). Why 0.5, with the slow-started gated units of
    /// <see cref="DecayGateInitMin"/> (samples/Rtu.Control/README.md, "Latch at half the units open"): under PPO it is
    /// level with the linear RTU on HalfCheetahP (2,144 ± 254 over 8 seeds against 2,262 ± 297) and learns RepeatFirstEasy
    /// (0.855 ± 0.035 at 500k steps, 0.967 at 1M), RepeatPreviousEasy 0.986, trace conditioning 0 of 48 runs diverged.
    /// The earlier default, 0.25 with a₀ in [0.02, 0.5], latched RepeatFirstEasy faster (0.957 at 500k) but lost
    /// HalfCheetahP (1,592 ± 169); 0.5 with a₀ in [0.02, 0.5] lost the latch. The share is not stored with the parameters:
    /// a gated_rtu_v4 file must be read with the share it was written with (another share is refused with an
    /// InvalidDataException that names both open-unit counts); the library's files store it with the settings, and those
    /// that did not hold 0.25 (<see cref="RecurrentLayerOptions.UnstoredOpenUnitShare"/>).
    /// </summary>
    public double OpenUnitShare { get; init; } = 0.5;

    /// <summary>Number of open units ⌈<see cref="OpenUnitShare"/>·n⌉ of a version-4 cell of <paramref name="units"/> units.</summary>
    public int OpenUnits(int units) => (int)Math.Ceiling(OpenUnitShare * units - 1e-9);

    internal void Validate()
    {
        Guard.Positive(Units, nameof(Units));
        if (!(RMin >= 0 && RMin < RMax && RMax <= 1))
            throw new ArgumentOutOfRangeException(nameof(RMin), $"Need 0 ≤ RMin < RMax ≤ 1, got RMin={RMin}, RMax={RMax}.");
        if (!(MaxPhase > 0)) throw new ArgumentOutOfRangeException(nameof(MaxPhase), MaxPhase, "MaxPhase must be positive.");
        if (!(GateScale > 0 && double.IsFinite(GateScale)))
            throw new ArgumentOutOfRangeException(nameof(GateScale), GateScale, "GateScale c must be positive and finite.");
        if (!(FeedbackLimit > 0 && double.IsFinite(FeedbackLimit)))
            throw new ArgumentOutOfRangeException(nameof(FeedbackLimit), FeedbackLimit, "FeedbackLimit p_max must be positive and finite.");
        if (!(Math.Abs(DecayFeedbackInit) < FeedbackLimit))
            throw new ArgumentOutOfRangeException(nameof(DecayFeedbackInit), DecayFeedbackInit, $"Need |DecayFeedbackInit| < FeedbackLimit = {FeedbackLimit}.");
        if (!(PhaseFeedbackRatio >= 0 && double.IsFinite(PhaseFeedbackRatio)))
            throw new ArgumentOutOfRangeException(nameof(PhaseFeedbackRatio), PhaseFeedbackRatio, "PhaseFeedbackRatio Q must be finite and ≥ 0.");
        if (!(OpenUnitShare >= 0 && OpenUnitShare < 1))
            throw new ArgumentOutOfRangeException(nameof(OpenUnitShare), OpenUnitShare, "OpenUnitShare must be in [0, 1).");
        if (!(DecayGateWeightInitScale >= 0 && double.IsFinite(DecayGateWeightInitScale)))
            throw new ArgumentOutOfRangeException(nameof(DecayGateWeightInitScale), DecayGateWeightInitScale, "DecayGateWeightInitScale must be finite and ≥ 0.");
        if (!(InputGateWeightInitScale >= 0 && double.IsFinite(InputGateWeightInitScale)))
            throw new ArgumentOutOfRangeException(nameof(InputGateWeightInitScale), InputGateWeightInitScale, "InputGateWeightInitScale must be finite and ≥ 0.");
        if (!(DecayGateInitMin > 0 && DecayGateInitMin <= DecayGateInitMax && DecayGateInitMax < 1))
            throw new ArgumentOutOfRangeException(nameof(DecayGateInitMin), DecayGateInitMin,
                $"Need 0 < DecayGateInitMin ≤ DecayGateInitMax < 1, got DecayGateInitMin={DecayGateInitMin}, DecayGateInitMax={DecayGateInitMax}.");
    }
}

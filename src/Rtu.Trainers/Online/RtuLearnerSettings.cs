using Rtu.Trainers.Cells;
using Rtu.Trainers.Learning;
using Rtu.Trainers.Numerics;

namespace Rtu.Trainers.Online;

/// <summary>
/// Hyper-parameters of <see cref="OnlineRtuLearner"/>: the recurrent layer (<see cref="RecurrentLayerOptions"/>), the
/// TD(λ) update (<see cref="TdLambdaOptions"/>, the same type <see cref="TdLambdaLearner{T}"/> takes), the heads.
/// </summary>
public sealed record RtuLearnerSettings
{
    /// <summary>The online models' layer defaults: a linear RTU of 16 complex units (RTRL), |λ| ≤ 0.99 at initialisation.</summary>
    public static RecurrentLayerOptions DefaultLayer { get; } = new() { Units = 16, RMax = 0.99 };

    /// <summary>The online models' update defaults: γ = 0 (one-step online regression), Adam at 3e-3, errors clipped to ±5 (normalised units).</summary>
    public static TdLambdaOptions DefaultTd { get; } = new() { Gamma = 0, Lambda = 0.9, LearningRate = 3e-3, TdErrorClip = 5.0 };

    /// <summary>The recurrent layer. Default <see cref="DefaultLayer"/>.</summary>
    public RecurrentLayerOptions Layer { get; init; } = DefaultLayer;

    /// <summary>
    /// Output 1's TD(λ) update and Adam (the h-step heads use the same Adam settings and clip their error to
    /// <see cref="TdLambdaOptions.TdErrorClip"/>). Default <see cref="DefaultTd"/>. The online models learn with Adam only.
    /// </summary>
    public TdLambdaOptions Td { get; init; } = DefaultTd;

    /// <summary>The head also sees the (normalised) inputs, not only the RTU state: a linear skip path. Default true.</summary>
    public bool SkipConnection { get; init; } = true;

    /// <summary>Outputs: output h (1-based) predicts the sum of the next h labels (output 1 is the TD(λ) prediction). Default 1.</summary>
    public int Horizon { get; init; } = 1;

    /// <summary>Seed of the RTU's initialisation.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Checks every value and names the one that is out of range.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Layer, nameof(Layer));
        ArgumentNullException.ThrowIfNull(Td, nameof(Td));
        var l = Layer;
        if (l.Units < 1 || l.Units > 4096) throw new ArgumentOutOfRangeException(nameof(l.Units), l.Units, "Units must be in [1, 4096].");
        if (l.Truncation < 1) throw new ArgumentOutOfRangeException(nameof(l.Truncation), l.Truncation, "Truncation must be ≥ 1.");
        if (!(l.RMin >= 0 && l.RMin < l.RMax && l.RMax <= 1)) throw new ArgumentOutOfRangeException(nameof(l.RMax), $"Need 0 ≤ RMin < RMax ≤ 1, got RMin={l.RMin}, RMax={l.RMax}.");
        Td.Validate();
        if (Td.Optimizer != OptimizerKind.Adam)
            throw new ArgumentOutOfRangeException(nameof(Td.Optimizer), Td.Optimizer, "The online models learn with Adam (their saved state holds Adam's moments).");
        if (Horizon < 1 || Horizon > 10_000) throw new ArgumentOutOfRangeException(nameof(Horizon), Horizon, "Horizon must be in [1, 10000].");
        l.ValidateGatedRtuOptions();
    }

    // Layout 1 has no marker (it starts with the architecture, ≥ 0) and no gated-RTU options: a gated layer's file loads
    // with the share and a₀ range of files that stored none (RecurrentLayerOptions.UnstoredOpenUnitShare, 0.25, and
    // [0.02, 0.5]: the defaults when those files were written; a version-2 or -3 gated parameter set runs without open
    // units whatever the share). Layout 2 (marker −2) ends with the share; layout 3 (marker −3) with the share and the a₀
    // range (init only, but a key first seen by a loaded model starts from these settings). Settings are written in the
    // oldest layout that holds them, so files that layouts 1 or 2 hold stay byte for byte what they were and readable by
    // older libraries; other architectures ignore these options, and their files store them only when not the defaults.
    private const int LayoutVersion = 3;

    /// <summary>The open-unit share of gated settings stored without one (layout 1, written before the share was stored).</summary>
    public const double UnstoredOpenUnitShare = RecurrentLayerOptions.UnstoredOpenUnitShare;

    /// <summary>The layout <see cref="Write"/> uses: 1, or 2 when it must store the open-unit share, or 3 when it must also store the a₀ range.</summary>
    internal int Layout
    {
        get
        {
            var unstored = Layer.WithUnstoredDecayGateInit();
            if (Layer.DecayGateInitMin != unstored.DecayGateInitMin || Layer.DecayGateInitMax != unstored.DecayGateInitMax) return 3;
            return Layer.OpenUnitShare != Layer.WithUnstoredOpenUnitShare().OpenUnitShare ? 2 : 1;
        }
    }

    /// <summary>True when these settings need a layout that stores the gated RTU's open-unit share (layout 2 or 3; older libraries cannot read it).</summary>
    public bool StoresOpenUnitShare => Layout >= 2;

    /// <summary>True when these settings need the layout that also stores the gated RTU's a₀ range (layout 3; libraries before it cannot read it).</summary>
    public bool StoresDecayGateInit => Layout >= 3;

    internal void Write(BinaryWriter w)
    {
        var l = Layer; var td = Td;
        int layout = Layout;
        if (layout > 1) w.Write(-layout);
        w.Write((int)l.Architecture); w.Write((int)l.LearningRule); w.Write(l.Units); w.Write((int)l.Activation); w.Write(l.Truncation);
        w.Write(l.RMax); w.Write(l.RMin); w.Write(SkipConnection); w.Write(td.Gamma); w.Write(td.Lambda); w.Write(td.LearningRate);
        w.Write(td.Beta1); w.Write(td.Beta2); w.Write(td.Epsilon); w.Write(td.TdErrorClip); w.Write(Horizon); w.Write(Seed);
        if (layout >= 2) w.Write(l.OpenUnitShare);
        if (layout >= 3) { w.Write(l.DecayGateInitMin); w.Write(l.DecayGateInitMax); }
    }

    /// <summary>Reads settings in the binary layout that model files and checkpoints store (the adapter checks declared sizes with it before loading).</summary>
    /// <exception cref="InvalidDataException">The stored settings are invalid.</exception>
    /// <exception cref="EndOfStreamException">The stream ends first.</exception>
    public static RtuLearnerSettings Read(BinaryReader r)
    {
        ArgumentNullException.ThrowIfNull(r);
        int first = r.ReadInt32();
        if (first >= 0) return Read(r, first);
        if (-first > LayoutVersion) throw new InvalidDataException($"Stored learner settings have layout version {-first}, newer than this library reads ({LayoutVersion}).");
        if (first > -2) throw new InvalidDataException($"Stored learner settings have an invalid layout marker {first}.");
        return Read(r, r.ReadInt32(), layout: -first);
    }

    // The rest of layout 1 after its first value, the architecture (a caller that read it to tell layouts apart), or of
    // layout 2 or 3 after its marker and the architecture.
    internal static RtuLearnerSettings Read(BinaryReader r, int architecture, int layout = 1)
    {
        var layer = new RecurrentLayerOptions
        {
            Architecture = (RecurrentArchitecture)architecture, LearningRule = (LearningRule)r.ReadInt32(), Units = r.ReadInt32(),
            Activation = (Activation)r.ReadInt32(), Truncation = r.ReadInt32(), RMax = r.ReadDouble(), RMin = r.ReadDouble(),
        };
        bool skip = r.ReadBoolean();
        var td = new TdLambdaOptions
        {
            Gamma = r.ReadDouble(), Lambda = r.ReadDouble(), LearningRate = r.ReadDouble(),
            Beta1 = r.ReadDouble(), Beta2 = r.ReadDouble(), Epsilon = r.ReadDouble(), TdErrorClip = r.ReadDouble(),
        };
        var s = new RtuLearnerSettings { Layer = layer, Td = td, SkipConnection = skip, Horizon = r.ReadInt32(), Seed = r.ReadUInt64() };
        layer = layout >= 2 ? layer with { OpenUnitShare = r.ReadDouble() } : layer.WithUnstoredOpenUnitShare();
        layer = layout >= 3 ? layer with { DecayGateInitMin = r.ReadDouble(), DecayGateInitMax = r.ReadDouble() } : layer.WithUnstoredDecayGateInit();
        s = s with { Layer = layer };
        if (!Enum.IsDefined(layer.Architecture) || !Enum.IsDefined(layer.LearningRule) || !Enum.IsDefined(layer.Activation))
            throw new InvalidDataException("Stored learner settings name an unknown architecture, learning rule or activation.");
        try { s.Validate(); }
        catch (ArgumentException e) { throw new InvalidDataException($"Stored learner settings are invalid: {e.Message}", e); }
        return s;
    }
}

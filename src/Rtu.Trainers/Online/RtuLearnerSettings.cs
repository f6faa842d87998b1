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
        l.ValidateOpenUnitShare();
    }

    // Layout 1 has no marker (it starts with the architecture, ≥ 0) and no open-unit share: its files load with 0.25,
    // the only share a gated cell had before layout 2 (a version-2 or -3 gated parameter set runs without open units
    // whatever the share; a version-4 set was written with 0.25). Layout 2 (marker −2) ends with the share. Settings
    // whose share is that one are still written in layout 1, so such files stay byte for byte what they were and
    // readable by older libraries.
    private const int LayoutVersion = 2;

    /// <summary>The open-unit share of settings stored without one (layout 1, written before the share was stored).</summary>
    public const double UnstoredOpenUnitShare = 0.25;

    /// <summary>True when these settings need the layout that stores the open-unit share (a share other than <see cref="UnstoredOpenUnitShare"/>).</summary>
    public bool StoresOpenUnitShare => Layer.OpenUnitShare != UnstoredOpenUnitShare;

    internal void Write(BinaryWriter w)
    {
        var l = Layer; var td = Td;
        if (StoresOpenUnitShare) w.Write(-LayoutVersion);
        w.Write((int)l.Architecture); w.Write((int)l.LearningRule); w.Write(l.Units); w.Write((int)l.Activation); w.Write(l.Truncation);
        w.Write(l.RMax); w.Write(l.RMin); w.Write(SkipConnection); w.Write(td.Gamma); w.Write(td.Lambda); w.Write(td.LearningRate);
        w.Write(td.Beta1); w.Write(td.Beta2); w.Write(td.Epsilon); w.Write(td.TdErrorClip); w.Write(Horizon); w.Write(Seed);
        if (StoresOpenUnitShare) w.Write(l.OpenUnitShare);
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
        if (first != -LayoutVersion) throw new InvalidDataException($"Stored learner settings have an invalid layout marker {first}.");
        return Read(r, r.ReadInt32(), storedShare: true);
    }

    // The rest of layout 1 after its first value, the architecture (a caller that read it to tell layouts apart), or of
    // layout 2 after its marker and the architecture.
    internal static RtuLearnerSettings Read(BinaryReader r, int architecture, bool storedShare = false)
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
        s = s with { Layer = layer with { OpenUnitShare = storedShare ? r.ReadDouble() : UnstoredOpenUnitShare } };
        if (!Enum.IsDefined(layer.Architecture) || !Enum.IsDefined(layer.LearningRule) || !Enum.IsDefined(layer.Activation))
            throw new InvalidDataException("Stored learner settings name an unknown architecture, learning rule or activation.");
        try { s.Validate(); }
        catch (ArgumentException e) { throw new InvalidDataException($"Stored learner settings are invalid: {e.Message}", e); }
        return s;
    }
}

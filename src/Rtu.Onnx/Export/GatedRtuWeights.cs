namespace Rtu.Onnx;

/// <summary>
/// Gated RTU (docs/GATED_RTU.md): n units, d inputs. ν = exp(NuLog), θ = exp(ThetaLog), e = log(1 + h1² + h2²);
/// a = σ(x·Wa + Ba + Pa⊙e), i = σ(x·Wi + Bi + Pi⊙e); λ_t = exp(GateScale·a·(−ν + iθ)) = G + iΦ;
/// η = √(1 − |λ_t|²) + 1e-8; h1' = G⊙h1 − Φ⊙h2 + η⊙i⊙(x·W1), h2' = G⊙h2 + Φ⊙h1 + η⊙i⊙(x·W2); y = act(concat(h1', h2')).
/// W1, W2, Wa, Wi are [d, n]. Output width 2n. State: h1 [N,n], h2 [N,n].
/// </summary>
public sealed record GatedRtuWeights(
    int Units, int InputDim, double GateScale, float[] NuLog, float[] ThetaLog, float[] W1, float[] W2,
    float[] Wa, float[] Ba, float[] Pa, float[] Wi, float[] Bi, float[] Pi, Activation Activation) : CellWeights
{
    /// <inheritdoc />
    public override int InputSize => InputDim;

    /// <inheritdoc />
    public override int OutputSize => 2 * Units;

    /// <inheritdoc />
    public override string Architecture => "gated_rtu";

    internal override void Validate()
    {
        if (Units <= 0 || InputDim <= 0) throw new ArgumentException($"Gated RTU: sizes must be positive (units={Units}, inputs={InputDim}).");
        if (!(GateScale > 0 && double.IsFinite(GateScale))) throw new ArgumentException($"Gated RTU: GateScale must be positive and finite, got {GateScale}.");
        foreach (var (v, name) in new[] { (NuLog, "NuLog"), (ThetaLog, "ThetaLog"), (Ba, "Ba"), (Pa, "Pa"), (Bi, "Bi"), (Pi, "Pi") })
            Check.Length(v, Units, $"GatedRtu.{name} [{Units}]");
        foreach (var (w, name) in new[] { (W1, "W1"), (W2, "W2"), (Wa, "Wa"), (Wi, "Wi") })
            Check.Length(w, (long)InputDim * Units, $"GatedRtu.{name} [{InputDim},{Units}]");
    }
}

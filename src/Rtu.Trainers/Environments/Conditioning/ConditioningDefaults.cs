namespace Rtu.Trainers.Environments.Conditioning;

/// <summary>The reference experiment's (exp.py) conventions linking a nominal ISI to its range and discount.</summary>
public static class ConditioningDefaults
{
    /// <summary>
    /// γ for a nominal ISI: exp.py's table {4: .75, 5: .8, 10: .9, 20: .95, 30: .966, 40: .975, 80: .9875}, and
    /// 1 − 1/ISI elsewhere.
    /// </summary>
    public static double GammaForIsi(int isi)
    {
        Numerics.Guard.Positive(isi, nameof(isi));
        return isi switch
        {
            4 => 0.75,
            5 => 0.8,
            10 => 0.9,
            20 => 0.95,
            30 => 0.966,
            40 => 0.975,
            80 => 0.9875,
            _ => 1.0 - 1.0 / isi,
        };
    }

    /// <summary>The ISI range for a nominal ISI: [ISI − ⌊ISI/3⌋, ISI + ⌊ISI/3⌋] (10 → [7, 13], 20 → [14, 26]).</summary>
    public static (int Min, int Max) IsiRange(int isi)
    {
        Numerics.Guard.Positive(isi, nameof(isi));
        return (isi - isi / 3, isi + isi / 3);
    }

    internal static long Binomial(int n, int k)
    {
        long r = 1;
        for (int i = 1; i <= k; i++) r = r * (n - k + i) / i;
        return r;
    }
}

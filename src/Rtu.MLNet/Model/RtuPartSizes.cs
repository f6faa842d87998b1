using Rtu.Trainers.Online;

namespace Rtu.MLNet;

/// <summary>
/// Reads the sizes an RTU part declares (its options, input widths and the model's own settings) and checks them
/// against <see cref="RtuLimits"/> and against the bytes that remain, before the model allocates anything: a crafted,
/// hash-valid part cannot make the loader allocate more than a small multiple of its own size.
/// </summary>
internal static class RtuPartSizes
{
    /// <summary>Reads from the part's options to the model's input size; throws an <see cref="InvalidDataException"/> for sizes beyond the limits.</summary>
    public static void Check(BinaryReader r, string kind)
    {
        int units, width, horizon;
        if (kind == "rtu.forecasting")
        {
            var o = RtuForecastingOptions.Read(r);
            int n = r.ReadInt32();
            if (n != 1 + o.ExogenousColumnNames.Length) throw RtuFormatError.Create("the stored input widths do not match the columns.");
            long exo = 0;
            for (int i = 0; i < n; i++)
            {
                int w = r.ReadInt32();
                if (w < 1) throw RtuFormatError.Create("the stored input widths are invalid.");
                if (i > 0) exo += w;
            }
            var settings = RtuForecasterSettings.Read(r);
            if (settings.ExogenousCount != exo || settings.Learner.Horizon != o.Horizon || settings.Learner.Layer.Units != o.Units)
                throw RtuFormatError.Create("the stored model does not match its options.");
            (units, width, horizon) = (settings.Learner.Layer.Units, settings.InputSize, settings.Learner.Horizon);
        }
        else
        {
            var o = RtuStateFeaturesOptions.Read(r);
            width = r.ReadInt32();
            units = o.Units; horizon = o.Horizon;
        }
        var learner = RtuLearnerSettings.Read(r);
        int d = r.ReadInt32();
        if (d != width || learner.Layer.Units != units || learner.Horizon != horizon)
            throw RtuFormatError.Create($"the stored learner ({learner.Layer.Units} units, {d} inputs, horizon {learner.Horizon}) does not match its options ({units}, {width}, {horizon}).");
        try
        {
            RtuLimits.CheckHorizon(horizon);
            RtuLimits.CheckWidth(units, width, "input width");
        }
        catch (ArgumentOutOfRangeException e) { throw RtuFormatError.Create($"its sizes exceed the library's limits: {e.Message}", inner: e); }
        // The part stores every input weight (8 bytes each) and, for a forecaster, 2·H² pending values: a part that
        // declares more than its remaining bytes can hold is corrupt, and is refused before anything is allocated.
        long remaining = r.BaseStream.Length - r.BaseStream.Position;
        long needed = 8L * units * width + (kind == "rtu.forecasting" ? 16L * horizon * horizon : 0);
        if (needed > remaining) throw RtuFormatError.Create($"it declares {units} units × {width} inputs (horizon {horizon}), which need at least {needed:N0} bytes; only {remaining:N0} remain (corrupt).");
    }
}

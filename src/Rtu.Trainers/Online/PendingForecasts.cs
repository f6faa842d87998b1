using System.Runtime.CompilerServices;

namespace Rtu.Trainers.Online;

/// <summary>
/// Where a forecast of y_{r+h} made at row r waits for its target: horizon h keeps a ring of h slots, slot r mod h, so
/// the forecasts of the last H rows take H(H+1)/2 slots. A ring of H rows by H horizons took H², half of them holding
/// forecasts already scored, and at long horizons those were most of a forecaster's memory. A slot is read when its
/// target arrives, at row r + h, before that row's forecasts take it.
/// </summary>
/// <remarks>
/// Saved files keep the square layout of earlier builds, [row mod H][h], so the layouts of the forecast pool, the
/// intervals and the forecaster did not change with it (and their files' lengths stay the same): a cell whose forecast has
/// been scored is written as NaN (no forecast) and skipped when read. Every use keeps a fixed number of
/// values per slot (the pool's members, the interval levels).
/// </remarks>
internal static class PendingForecasts
{
    /// <summary>Slots for horizons 1..<paramref name="horizon"/>.</summary>
    public static int Slots(int horizon) => checked(horizon * (horizon + 1) / 2);

    /// <summary>The slot of the forecast of y_{row+h} made at <paramref name="row"/> (<paramref name="h"/> 1-based).</summary>
    public static int Slot(long row, int h) => h * (h - 1) / 2 + (int)(row % h);

    // The row whose forecasts cell row q of the square holds after `rows` rows, and how many of its horizons have been
    // scored since (all of them when no row has made forecasts there yet).
    private static (long Made, int Scored) Cell(int q, int horizon, long rows)
    {
        long last = rows - 1;
        long back = last < 0 ? horizon : ((last - q) % horizon + horizon) % horizon;
        return last - back < 0 ? (0, horizon) : (last - back, (int)back);
    }

    /// <summary>
    /// Writes <paramref name="slots"/> (<paramref name="width"/> values each, float or double) in the saved square layout,
    /// <paramref name="none"/> (NaN) in the cells already scored.
    /// </summary>
    public static void WriteSquare<T>(BinaryWriter w, ReadOnlySpan<T> slots, int width, int horizon, long rows, T none) where T : unmanaged
    {
        for (int q = 0; q < horizon; q++)
        {
            var (made, scored) = Cell(q, horizon, rows);
            for (int h = 1; h <= horizon; h++)
            {
                if (h <= scored) { for (int i = 0; i < width; i++) Write(w, none); continue; }
                foreach (T v in slots.Slice(Slot(made, h) * width, width)) Write(w, v);
            }
        }
    }

    // BinaryWriter's own float or double write (the JIT keeps the one branch T needs).
    private static void Write<T>(BinaryWriter w, T v) where T : unmanaged
    {
        if (typeof(T) == typeof(float)) w.Write(Unsafe.As<T, float>(ref v));
        else if (typeof(T) == typeof(double)) w.Write(Unsafe.As<T, double>(ref v));
        else throw new NotSupportedException($"Pending forecasts are float or double, not {typeof(T).Name}.");
    }

    /// <summary>
    /// Takes the live cells of a saved <paramref name="square"/> ([row mod H][h], <paramref name="width"/> values per
    /// cell) into <paramref name="slots"/>; the cells already scored are dropped.
    /// </summary>
    public static void FoldSquare<T>(ReadOnlySpan<T> square, Span<T> slots, int width, int horizon, long rows, T none)
    {
        slots.Fill(none);
        for (int q = 0; q < horizon; q++)
        {
            var (made, scored) = Cell(q, horizon, rows);
            for (int h = scored + 1; h <= horizon; h++)
                square.Slice((q * horizon + h - 1) * width, width).CopyTo(slots.Slice(Slot(made, h) * width, width));
        }
    }
}

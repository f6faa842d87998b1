using System.Buffers;
using Rtu.Trainers.IO;

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
        Span<T> noneRun = stackalloc T[Math.Max(1, Math.Min(64, horizon * width))];
        noneRun.Fill(none);
        for (int q = 0; q < horizon; q++)
        {
            var (made, scored) = Cell(q, horizon, rows);
            // Horizons 1..scored are scored: a run of none, written a stack buffer at a time.
            for (int left = scored * width; left > 0; left -= noneRun.Length) BinaryRuns.Write<T>(w, noneRun[..Math.Min(left, noneRun.Length)]);
            for (int h = Math.Max(1, scored + 1); h <= horizon; h++) BinaryRuns.Write(w, slots.Slice(Slot(made, h) * width, width));
        }
    }

    /// <summary>
    /// Reads a square written by <see cref="WriteSquare{T}"/> and takes its live cells into <paramref name="slots"/>
    /// (<see cref="FoldSquare{T}"/>); the square passes through an array rented from the shared pool.
    /// </summary>
    public static void ReadSquare<T>(BinaryReader r, Span<T> slots, int width, int horizon, long rows, T none) where T : unmanaged
    {
        var square = RentSquare<T>(width, horizon);
        BinaryRuns.Read<T>(r, square);
        FoldSquare<T>(square, slots, width, horizon, rows, none);
        ReturnSquare(square);
    }

    /// <summary>
    /// A square's worth of values (<paramref name="width"/> per cell), rented from the shared pool: a forecaster read back
    /// (a possible spike's snapshot: at a horizon of 168 about 4 MB of squares) does not allocate them. Give it back with
    /// <see cref="ReturnSquare{T}"/>; one not given back (a read that failed) is left to the collector.
    /// </summary>
    public static ArraySegment<T> RentSquare<T>(int width, int horizon)
    {
        int n = checked(horizon * horizon * width);
        return new ArraySegment<T>(ArrayPool<T>.Shared.Rent(n), 0, n);
    }

    /// <summary>Gives back a square from <see cref="RentSquare{T}"/>.</summary>
    public static void ReturnSquare<T>(ArraySegment<T> square) => ArrayPool<T>.Shared.Return(square.Array!);

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

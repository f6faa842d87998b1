using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Rtu.Trainers.Parameters;

/// <summary>
/// Arrays whose first element sits on a 64-byte boundary (a cache line, one 512-bit vector), for the buffers the step
/// kernels stream through with vector loads and stores (parameters, gradients, coefficients, per-stream state).
/// </summary>
/// <remarks>
/// <para>Why: .NET aligns array data to 8 bytes only, so every 512-bit access of a row whose start is not on a cache line
/// touches two lines (every second 256-bit access likewise). The fused trace pass at n = 256, d = 64 took 5.6–6.2 µs with the
/// gradients and coefficients off a line boundary (as they were) and 4.1–4.4 µs with every array on one (the C reference
/// allocates with posix_memalign(64) throughout).</para>
/// <para>How: .NET has no aligned managed allocation, so the array is allocated on the pinned object heap (it never moves):
/// a tiny probe shows where the allocator stands, and a spacer sized from it puts the array's first element on a boundary
/// if the three are placed one after another, as they are unless a free gap intervenes; then it is checked, and retried.
/// Arrays of any alignment are correct (the kernels only run slower), so after a few misses a plain array is returned.
/// The values are the same either way: the kernels that read these arrays compute lane by lane.</para>
/// <para>What it must not do: leave much garbage on the pinned heap. Its dead objects are never compacted away, and an
/// allocation there searches the free gaps they leave: when every attempt left a whole missed array and a spacer behind,
/// creating streams of the engines slowed down faster than linearly (3,000 streams of the default forecaster: over
/// 150 s, 10,000: over 17 minutes; 1,000: 13 s). Hence the probe (a miss is rare and leaves 24–112 bytes), and arrays
/// under <see cref="MinimumBytes"/> are plain: a default-size model (16 units: no array over 768 bytes) never touches
/// the pinned heap, and an array that small spans a handful of cache lines, where the split costs little.</para>
/// </remarks>
internal static class AlignedArrays
{
    private const int Alignment = 64;
    private const int Attempts = 16;

    /// <summary>Arrays of fewer bytes are plain arrays (not pinned, not aligned).</summary>
    public const int MinimumBytes = 1024;

    // 64-bit layout of an array of primitives: object header, method table and length (24 bytes) before element 0.
    private const int ArrayHeader = 24;

    /// <summary>
    /// A zeroed array of <paramref name="length"/> elements: 64-byte aligned if it holds at least <see cref="MinimumBytes"/>
    /// bytes, unless the allocator keeps missing.
    /// </summary>
    public static T[] Allocate<T>(int length) where T : unmanaged
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (length == 0) return [];
        if ((long)length * Unsafe.SizeOf<T>() < MinimumBytes) return new T[length];
        List<T[]>? misses = null; // alive until the end, so the allocator moves on instead of handing the same place back
        for (int attempt = 0; attempt < Attempts; attempt++)
        {
            // An empty array's element 0 is the end of its block: where the next object would begin. The spacer's block
            // (header plus bytes, a multiple of 8, at least 24) then ends where the array's element 0 lands on a boundary.
            var probe = GC.AllocateArray<byte>(0, pinned: true);
            long next = Address(probe);
            int spacerBlock = (int)(((-(next + ArrayHeader)) % Alignment + Alignment) % Alignment);
            if (spacerBlock < ArrayHeader) spacerBlock += Alignment;
            var spacer = GC.AllocateArray<byte>(spacerBlock - ArrayHeader, pinned: true);
            var array = GC.AllocateArray<T>(length, pinned: true);
            GC.KeepAlive(probe);
            GC.KeepAlive(spacer);
            if (Address(array) % Alignment == 0) return array;
            (misses ??= []).Add(array);
        }
        GC.KeepAlive(misses);
        return new T[length];
    }

    /// <summary>Whether the first element of <paramref name="array"/> is on a 64-byte boundary (for tests and checks).</summary>
    public static bool IsAligned<T>(T[] array) where T : unmanaged => array.Length == 0 || Address(array) % Alignment == 0;

    private static unsafe long Address<T>(T[] array) where T : unmanaged =>
        (long)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array));
}

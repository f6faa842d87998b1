using System.Runtime.Intrinsics.X86;

namespace Rtu.Trainers.Numerics;

/// <summary>What the kernels need to know about the core beyond its instruction sets (which .NET reports itself).</summary>
internal static class CpuModel
{
    /// <summary>
    /// True on cores measured to run 512-bit vectors at full width, where 512-bit bodies pay at every size: AMD family 1Ah
    /// (Zen 5) and later. False elsewhere, including AMD family 19h (Zen 4, 512-bit operations split into two 256-bit
    /// halves), and wherever CPUID is not available.
    /// </summary>
    public static bool FullWidth512 { get; } = DetectFullWidth512();

    private static bool DetectFullWidth512()
    {
        if (!X86Base.IsSupported) return false;
        var (_, vendorB, vendorC, vendorD) = X86Base.CpuId(0, 0);
        bool amd = vendorB == 0x68747541 && vendorD == 0x69746E65 && vendorC == 0x444D4163; // "AuthenticAMD"
        if (!amd) return false;
        int signature = X86Base.CpuId(1, 0).Eax;
        int family = ((signature >> 8) & 0xF) + ((signature >> 20) & 0xFF); // base family 0Fh + extended family
        return family >= 0x1A;
    }
}

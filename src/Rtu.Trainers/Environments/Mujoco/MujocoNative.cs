using System.Reflection;
using System.Runtime.InteropServices;

namespace Rtu.Trainers.Environments.Mujoco;

/// <summary>
/// The P/Invoke surface of the MuJoCo 2.2.2 C library (Debian package <c>libmujoco2.2.2</c>) and raw access to the
/// <c>mjModel</c> / <c>mjData</c> fields the locomotion tasks read and write.
/// </summary>
/// <remarks>
/// <para>
/// <c>mjModel</c> and <c>mjData</c> are plain C structs whose layout changes between MuJoCo releases, so the field
/// offsets below are hard-coded for exactly 2.2.2 and <see cref="EnsureLoaded"/> refuses any other version. They were
/// produced once, at development time, by compiling this program against the Debian 2.2.2 headers
/// (<c>gcc off.c -lmujoco</c>, x86-64):
/// </para>
/// <code>
/// #include &lt;stdio.h&gt;
/// #include &lt;stddef.h&gt;
/// #include &lt;mujoco/mujoco.h&gt;
/// #define P(T,f) printf("%s.%s = %zu\n", #T, #f, offsetof(T,f))
/// int main(void) { P(mjModel,nq); P(mjModel,nv); P(mjModel,nu); P(mjModel,na); P(mjModel,nbody); P(mjModel,opt);
///   P(mjModel,qpos0); P(mjModel,body_mass); P(mjModel,actuator_ctrllimited); P(mjModel,actuator_ctrlrange);
///   P(mjData,time); P(mjData,qpos); P(mjData,qvel); P(mjData,act); P(mjData,ctrl); P(mjData,xpos);
///   P(mjData,cfrc_ext); return 0; }
/// </code>
/// <para>
/// Output (mjVERSION_HEADER 222, sizeof(mjtNum) 8): nq 0, nv 4, nu 8, na 12, nbody 16, opt 232 (opt.timestep is the
/// first field of mjOption), qpos0 1096, body_mass 1240, actuator_ctrllimited 2744, actuator_ctrlrange 2792;
/// mjData: time 40336, qpos 40376, qvel 40384, act 40392, ctrl 40408, xpos 40480, cfrc_ext 41168.
/// </para>
/// <para>
/// Every array pointer of <c>mjData</c> is allocated once by <c>mj_makeData</c> and stays valid until
/// <c>mj_deleteData</c>, so callers may cache the pointers.
/// </para>
/// </remarks>
internal static unsafe partial class MujocoNative
{
    /// <summary>The name used in the imports; the resolver maps it to the Debian sonames.</summary>
    internal const string LibraryName = "mujoco";

    /// <summary>The only MuJoCo version whose struct layout these offsets describe (<c>mj_version()</c>).</summary>
    internal const int SupportedVersion = 222;

    /// <summary>The install command quoted by every "library missing" error.</summary>
    internal const string InstallHint = "apt-get install -y libmujoco2.2.2 libmujoco-dev";

    /// <summary><c>mjOBJ_BODY</c> of <c>mjtObj</c>.</summary>
    internal const int ObjectBody = 1;

    // mjModel offsets (bytes), MuJoCo 2.2.2, x86-64. See the class remarks for how they were derived.
    internal const int ModelNq = 0;
    internal const int ModelNv = 4;
    internal const int ModelNu = 8;
    internal const int ModelNa = 12;
    internal const int ModelNbody = 16;
    internal const int ModelOptTimestep = 232;
    internal const int ModelQpos0 = 1096;
    internal const int ModelBodyMass = 1240;
    internal const int ModelActuatorCtrlLimited = 2744;
    internal const int ModelActuatorCtrlRange = 2792;

    // mjData offsets (bytes), MuJoCo 2.2.2, x86-64.
    internal const int DataTime = 40336;
    internal const int DataQpos = 40376;
    internal const int DataQvel = 40384;
    internal const int DataAct = 40392;
    internal const int DataCtrl = 40408;
    internal const int DataXpos = 40480;
    internal const int DataCfrcExt = 41168;

    private static readonly string[] CandidateNames =
        ["libmujoco.so.2.2.2", "libmujoco.so", "libmujoco.so.2", "mujoco"];

    private static readonly object Gate = new();
    private static nint _handle;
    private static string? _failure;
    private static bool _probed;

    static MujocoNative()
    {
        try
        {
            NativeLibrary.SetDllImportResolver(typeof(MujocoNative).Assembly, Resolve);
        }
        catch (InvalidOperationException)
        {
            // Another component of this assembly installed a resolver first; EnsureLoaded still preloads the
            // library by its Debian soname, and the default probing of "mujoco" finds libmujoco.so.
        }
    }

    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (libraryName != LibraryName) return 0;
        return TryLoadLibrary(out _);
    }

    private static nint TryLoadLibrary(out string? failure)
    {
        lock (Gate)
        {
            if (_probed)
            {
                failure = _failure;
                return _handle;
            }

            foreach (string name in CandidateNames)
            {
                if (NativeLibrary.TryLoad(name, typeof(MujocoNative).Assembly, DllImportSearchPath.SafeDirectories | DllImportSearchPath.AssemblyDirectory, out nint handle)
                    || NativeLibrary.TryLoad(name, out handle))
                {
                    _handle = handle;
                    break;
                }
            }

            _failure = _handle == 0
                ? $"The MuJoCo C library was not found (tried {string.Join(", ", CandidateNames)}). " +
                  $"Install it with: {InstallHint}"
                : null;
            _probed = true;
            failure = _failure;
            return _handle;
        }
    }

    /// <summary>True when libmujoco 2.2.2 can be loaded here; otherwise <paramref name="reason"/> says why.</summary>
    internal static bool TryEnsureLoaded(out string? reason)
    {
        if (TryLoadLibrary(out reason) == 0) return false;
        int version = mj_version();
        if (version != SupportedVersion)
        {
            reason = $"MuJoCo version {version} was loaded, but Rtu.Trainers hard-codes the struct layout of " +
                     $"version {SupportedVersion} (2.2.2). Install it with: {InstallHint}";
            return false;
        }

        reason = null;
        return true;
    }

    /// <summary>Loads the library and checks its version.</summary>
    /// <exception cref="DllNotFoundException">libmujoco is not installed (the message gives the apt-get command).</exception>
    /// <exception cref="InvalidOperationException">A MuJoCo other than 2.2.2 was loaded.</exception>
    internal static void EnsureLoaded()
    {
        if (TryEnsureLoaded(out string? reason)) return;
        if (_handle == 0) throw new DllNotFoundException(reason);
        throw new InvalidOperationException(reason);
    }

    /// <summary><c>mjModel* mj_loadXML(const char* filename, const mjVFS* vfs, char* error, int error_sz)</c>.</summary>
    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint mj_loadXML(string filename, nint vfs, byte* error, int errorSize);

    /// <summary><c>mjData* mj_makeData(const mjModel* m)</c>.</summary>
    [LibraryImport(LibraryName)]
    internal static partial nint mj_makeData(nint model);

    /// <summary><c>void mj_step(const mjModel* m, mjData* d)</c>.</summary>
    [LibraryImport(LibraryName)]
    internal static partial void mj_step(nint model, nint data);

    /// <summary><c>void mj_forward(const mjModel* m, mjData* d)</c>.</summary>
    [LibraryImport(LibraryName)]
    internal static partial void mj_forward(nint model, nint data);

    /// <summary><c>void mj_rnePostConstraint(const mjModel* m, mjData* d)</c> (fills cacc, cfrc_int, cfrc_ext).</summary>
    [LibraryImport(LibraryName)]
    internal static partial void mj_rnePostConstraint(nint model, nint data);

    /// <summary><c>void mj_resetData(const mjModel* m, mjData* d)</c>.</summary>
    [LibraryImport(LibraryName)]
    internal static partial void mj_resetData(nint model, nint data);

    /// <summary><c>void mj_deleteData(mjData* d)</c>.</summary>
    [LibraryImport(LibraryName)]
    internal static partial void mj_deleteData(nint data);

    /// <summary><c>void mj_deleteModel(mjModel* m)</c>.</summary>
    [LibraryImport(LibraryName)]
    internal static partial void mj_deleteModel(nint model);

    /// <summary><c>int mj_version(void)</c>: 222 for 2.2.2.</summary>
    [LibraryImport(LibraryName)]
    internal static partial int mj_version();

    /// <summary><c>int mj_name2id(const mjModel* m, int type, const char* name)</c>; -1 when not found.</summary>
    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int mj_name2id(nint model, int type, string name);

    /// <summary>Reads an <c>int</c> field of a struct.</summary>
    internal static int ReadInt(nint structPointer, int offset) => *(int*)(structPointer + offset);

    /// <summary>Reads an <c>mjtNum</c> (double) field of a struct.</summary>
    internal static double ReadDouble(nint structPointer, int offset) => *(double*)(structPointer + offset);

    /// <summary>Reads a pointer field of a struct.</summary>
    internal static T* ReadPointer<T>(nint structPointer, int offset) where T : unmanaged => *(T**)(structPointer + offset);
}

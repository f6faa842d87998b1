namespace Rtu.MLNet;

/// <summary>
/// Builds the one exception every Rtu.MLNet load and restore throws for a file or stream it cannot use: an
/// <see cref="InvalidDataException"/> whose message names the file (when reading one) and the part (manifest entry,
/// pipeline part, checkpoint stream) and says what is wrong. Errors raised while reading, ML.NET's own included, are
/// its inner exception. See docs/RELIABILITY.md.
/// </summary>
/// <remarks>
/// <see cref="InvalidDataException"/> is sealed, so the file and the part also travel in <see cref="Exception.Data"/>
/// under <see cref="FileKey"/> and <see cref="PartKey"/> for callers that want them without parsing the message.
/// </remarks>
public static class RtuFormatError
{
    /// <summary>Key in <see cref="Exception.Data"/> of the file that was read (absent when reading a stream).</summary>
    public const string FileKey = "Rtu.File";

    /// <summary>Key in <see cref="Exception.Data"/> of the part that is wrong (e.g. <c>rtu-model.json</c>, <c>parts/1.rtu</c>, <c>stream 'a'</c>).</summary>
    public const string PartKey = "Rtu.Part";

    private const string ProblemKey = "Rtu.Problem";

    /// <summary>The file named by an error from <see cref="Create"/>, or null.</summary>
    public static string? FileOf(Exception e) => e.Data[FileKey] as string;

    /// <summary>The part named by an error from <see cref="Create"/>, or null.</summary>
    public static string? PartOf(Exception e) => e.Data[PartKey] as string;

    /// <summary>The error: what is wrong, in which file and which part.</summary>
    internal static InvalidDataException Create(string problem, string? file = null, string? part = null, Exception? inner = null)
    {
        var e = new InvalidDataException(Compose(problem, file, part), inner);
        e.Data[ProblemKey] = problem;
        if (file is not null) e.Data[FileKey] = file;
        if (part is not null) e.Data[PartKey] = part;
        return e;
    }

    /// <summary>Whether <paramref name="e"/> was made by <see cref="Create"/>.</summary>
    internal static bool IsOurs(Exception e) => e is InvalidDataException && e.Data[ProblemKey] is string;

    /// <summary>The same error, now naming the file (and the part, if it named none).</summary>
    internal static InvalidDataException With(InvalidDataException e, string? file = null, string? part = null) =>
        Create((string)e.Data[ProblemKey]!, file ?? FileOf(e), PartOf(e) ?? part, e.InnerException);

    private static string Compose(string problem, string? file, string? part) =>
        (file, part) switch
        {
            (null, null) => problem,
            (null, _) => $"{part}: {problem}",
            (_, null) => $"Cannot load '{file}': {problem}",
            _ => $"Cannot load '{file}', {part}: {problem}",
        };
}

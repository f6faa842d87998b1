namespace Rtu.SeasonScreen;

/// <summary>
/// Counts per row label and outcome column, rows in the order they were first declared (or seen), so that a table
/// lists its slices in a fixed order and shows a zero where nothing fell.
/// </summary>
internal sealed class Tally(int columns)
{
    private readonly List<string> _rows = [];
    private readonly Dictionary<string, int[]> _counts = [];

    /// <summary>Declares a row (shown even if it stays at zero).</summary>
    public void Row(string label)
    {
        if (_counts.ContainsKey(label)) return;
        _rows.Add(label);
        _counts[label] = new int[columns];
    }

    /// <summary>Counts one series in <paramref name="column"/> of every row in <paramref name="labels"/>.</summary>
    public void Add(int column, params ReadOnlySpan<string> labels)
    {
        foreach (string label in labels)
        {
            Row(label);
            _counts[label][column]++;
        }
    }

    public IEnumerable<(string Label, int[] Counts)> Rows => _rows.Select(r => (r, _counts[r]));
}

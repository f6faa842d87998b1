using System.Globalization;

namespace Rtu.RepeatFirstSample;

/// <summary>Rebuilds the results of an earlier run from its curves.csv and summary.csv, to redraw its figure without training.</summary>
public static class ResultsReplot
{
    /// <summary>The runs recorded in <paramref name="folder"/>, in the order of summary.csv, and their steps per cell.</summary>
    /// <exception cref="InvalidDataException">A cell the table does not know, or a cell without a curve.</exception>
    public static (IReadOnlyList<RunResult> Results, int Steps) Read(string folder)
    {
        var inv = CultureInfo.InvariantCulture;
        var cells = Cells.All(1).ToDictionary(c => c.Key);   // labels and kinds only: the size is not needed to draw
        var curves = File.ReadLines(Path.Combine(folder, "curves.csv")).Skip(1).Select(l => l.Split(','))
            .GroupBy(f => f[0]).ToDictionary(g => g.Key, g => g.Select(f => (Step: double.Parse(f[1], inv), Accuracy: double.Parse(f[2], inv))).ToArray());
        var results = new List<RunResult>();
        int steps = 0;
        foreach (string line in File.ReadLines(Path.Combine(folder, "summary.csv")).Skip(1))
        {
            // cell,"label",parameters,steps,accuracy_last20,us_per_step,cell_us_per_step: the label may hold commas, so count from the end.
            string key = line[..line.IndexOf(',')];
            string[] tail = line.Split(',')[^5..];
            if (!cells.TryGetValue(key, out var cell)) throw new InvalidDataException($"summary.csv names a cell '{key}' this sample does not have.");
            if (!curves.TryGetValue(key, out var curve)) throw new InvalidDataException($"curves.csv has no curve of '{key}'.");
            steps = int.Parse(tail[1], inv);
            results.Add(new RunResult(cell, int.Parse(tail[0], inv), curve.Select(p => p.Step).ToArray(), curve.Select(p => p.Accuracy).ToArray(),
                double.Parse(tail[2], inv), double.Parse(tail[3], inv)));
        }
        return (results, steps);
    }
}

using Rtu.Forecasting;

namespace Rtu.MLNet.Tests;

/// <summary>The forecasting app's plots (samples/Rtu.Forecasting/Plotting.cs).</summary>
[TestClass]
public sealed class PlottingTests
{
    private static (CsvSeries Series, float[][] Made, float[][] Lower, float[][] Upper) Hourly(int n)
    {
        var stamps = Enumerable.Range(0, n).Select(i => new DateTime(2000, 1, 1).AddHours(i).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var values = Enumerable.Range(0, n).Select(i => (float)(100 + 10 * Math.Sin(i * 2 * Math.PI / 24) + (i * 7919 % 13) / 13.0)).ToArray();
        var made = values.Select(v => new[] { v }).ToArray();
        return (new CsvSeries("value", stamps, values), made, made.Select(f => new[] { f[0] - 1 }).ToArray(), made.Select(f => new[] { f[0] + 1 }).ToArray());
    }

    [TestMethod]
    public void ThePlotsFormatFollowsItsFileName()
    {
        // --plot forecast.svg wrote PNG bytes into forecast.svg.
        var (series, made, lower, upper) = Hourly(200);
        string dir = Path.Combine(Path.GetTempPath(), $"rtu-plot-{Guid.NewGuid():N}");
        try
        {
            foreach (var (name, magic) in new[] { ("p.svg", "<svg"), ("p.png", "\u0089PNG"), ("p.jpg", "\u00FF\u00D8"), ("p.WebP", "WEBP") })
            {
                string path = Path.Combine(dir, name);
                Plotting.SaveActualVsForecast(path, series, made, lower, upper, 1, "t");
                string head = new string(File.ReadAllBytes(path).Take(200).Select(b => (char)b).ToArray());
                StringAssert.Contains(head, magic, name);
            }
            // Any other extension is refused, before a run (the app checks it with the output paths) and here: --plot
            // x.gif wrote PNG bytes into x.gif.
            foreach (string name in new[] { "p.gif", "p.plot", "p" })
            {
                string path = Path.Combine(dir, name);
                var e = Assert.ThrowsExactly<ArgumentException>(() => Plotting.CheckFormat(path), name);
                StringAssert.Contains(e.Message, ".webp");
                Assert.ThrowsExactly<ArgumentException>(() => Plotting.SaveActualVsForecast(path, series, made, lower, upper, 1, "t"), name);
                Assert.IsFalse(File.Exists(path), name);
            }
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, true); }
    }

    [TestMethod]
    public void ThePlotOfTheLastRowsStartsThere()
    {
        // The app draws a long series' last eight seasons again (out/forecast.recent.png): from row 140 of 200 hourly rows
        // (2000-01-06 20:00 on) the time axis no longer reaches back to the first days.
        var (series, made, lower, upper) = Hourly(200);
        string dir = Path.Combine(Path.GetTempPath(), $"rtu-plot-{Guid.NewGuid():N}");
        try
        {
            string all = Path.Combine(dir, "all.svg"), last = Path.Combine(dir, "last.svg");
            Plotting.SaveActualVsForecast(all, series, made, lower, upper, 1, "t");
            Plotting.SaveActualVsForecast(last, series, made, lower, upper, 1, "t", from: 140);
            StringAssert.Contains(File.ReadAllText(all), "2000-01-03");
            Assert.DoesNotContain("2000-01-03", File.ReadAllText(last));
            StringAssert.Contains(File.ReadAllText(last), "2000-01-08");
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, true); }
    }

    [TestMethod]
    public void AFewValuesFarBeyondTheRestLeaveTheAxisToTheRest()
    {
        // An outside audit: one reading of 10^6 on a series of about 100 drew the series, forecast and band as a flat line at 0.
        var (series, made, lower, upper) = Hourly(200);
        var values = series.Values.ToArray();
        values[120] = 1e6f;
        var spiked = new CsvSeries("value", series.Timestamps, values);
        string dir = Path.Combine(Path.GetTempPath(), $"rtu-plot-{Guid.NewGuid():N}");
        try
        {
            string path = Path.Combine(dir, "spike.svg"), clean = Path.Combine(dir, "clean.svg");
            Plotting.SaveActualVsForecast(path, spiked, made, lower, upper, 1, "t");
            Plotting.SaveActualVsForecast(clean, series, made, lower, upper, 1, "t");
            StringAssert.Contains(File.ReadAllText(path), "1 value far beyond the rest off the axis");
            Assert.DoesNotContain("off the axis", File.ReadAllText(clean));
            // The axis itself: no tick label at the spike's height (the limits were once set where a new date axis reset them).
            var labels = System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(path), "<text[^>]*>(.*?)</text>", System.Text.RegularExpressions.RegexOptions.Singleline)
                .Select(m => System.Text.RegularExpressions.Regex.Replace(m.Groups[1].Value, "<[^>]+>", "").Trim().Replace(",", ""))
                .Where(t => double.TryParse(t, System.Globalization.CultureInfo.InvariantCulture, out _)).Select(t => double.Parse(t, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            Assert.IsNotEmpty(labels, "the value axis' tick labels");
            Assert.IsLessThan(200.0, labels.Where(v => v < 1900 || v > 2100).Max(), string.Join(", ", labels));   // the years of the time axis aside

        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, true); }
    }
}

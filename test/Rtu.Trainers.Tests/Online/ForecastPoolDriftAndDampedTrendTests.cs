using Rtu.Tests.Shared;
using Rtu.Trainers.Online;

namespace Rtu.Trainers.Tests.Online;

/// <summary>
/// Pool layout 15: without a season, SES with a fitted drift (<see cref="FittedDriftSmoothing"/>); with a quarterly season,
/// the fitted damped trend on the classically adjusted series (<see cref="FittedDampedTrend"/> on
/// <see cref="ClassicalSeasonalIndices"/>); both combined as every member is. Pool layout 23: without a season, the fitted
/// damped trend on y itself too, and with a season of 5, 7 or 12 on the adjusted series as with 4.
/// </summary>
[TestClass]
public sealed class ForecastPoolDriftAndDampedTrendTests
{
    private static readonly int Drift = ForecastPool.MemberNames.ToList().IndexOf("SES with drift (fitted, without a season; with one and a second season: seasonal ARIMA at the second season)");
    private static readonly int Damped = ForecastPool.MemberNames.ToList().IndexOf("damped trend (fitted, seasonally adjusted with a season)");

    [TestMethod]
    public void WithoutASeasonTheFittedDriftAndDampedTrendForecastAsTheirFitsAloneAndAreCombined()
    {
        // The members' forecasts are those of the fits run alone on the cleaned values (the damped trend on y itself,
        // without seasonal indices), at every row and horizon; on a random walk with drift both carry weight.
        var y = IntegratedSeries.Drifting(200, 3, 0.8);
        var pool = new ForecastPool(1, 3);
        var alone = new FittedDriftSmoothing(3);
        var damped = new FittedDampedTrend(3);
        var model = new float[3]; Array.Fill(model, float.NaN);
        var forecast = new float[3];
        var members = new double[ForecastPool.MemberCount];
        var path = new double[3]; var dampedPath = new double[3];
        double weight = 0, dampedWeight = 0;
        for (int t = 0; t < y.Length; t++)
        {
            double cleaned = pool.Clean(y[t], learn: true);
            pool.Observe(cleaned, learn: true);
            pool.Combine(model, forecast);
            alone.Update(cleaned, learn: true);
            alone.Forecast(path);
            damped.Update(cleaned, learn: true);
            damped.Forecast(dampedPath);
            for (int h = 1; h <= 3; h++)
            {
                pool.WriteMemberForecasts(h, members);
                Assert.AreEqual((float)path[h - 1], (float)members[Drift], $"t={t}, h={h}");
                Assert.AreEqual((float)dampedPath[h - 1], (float)members[Damped], $"damped trend, t={t}, h={h}");
            }
            if (t >= 100) { weight += pool.Weight(1, Drift); dampedWeight += pool.Weight(1, Damped); }
        }
        Assert.IsGreaterThan(0.05, weight / 100, "the drift's mean one-step weight over rows 100–199");
        Assert.IsGreaterThan(0.05, dampedWeight / 100, "the damped trend's");
    }

    [TestMethod]
    [DataRow(4)]
    [DataRow(12)]
    public void WithASeasonTheDampedTrendForecastsTheAdjustedSeriesReseasonalised(int season)
    {
        // The member's forecasts are the damped trend's on the values adjusted by the indices so far, times the index of
        // the row forecast, at every row and horizon (the indices and the fit run alone on the cleaned values): quarterly
        // since layout 15, monthly since layout 23 (CO2's first 160 months).
        var y = season == 4 ? SeasonalSeries.Quarterly(160, 5) : RealSeries.Co2()[..160];
        var pool = new ForecastPool(season, 3);
        var indices = new ClassicalSeasonalIndices(season);
        var alone = new FittedDampedTrend(3);
        var model = new float[3]; Array.Fill(model, float.NaN);
        var forecast = new float[3];
        var members = new double[ForecastPool.MemberCount];
        var path = new double[3];
        double combined = 0;
        for (int t = 0; t < y.Length; t++)
        {
            double cleaned = pool.Clean(y[t], learn: true);
            pool.Observe(cleaned, learn: true);
            pool.Combine(model, forecast);
            indices.Update(cleaned);
            alone.Update(indices.Adjust(cleaned, t), learn: true);
            alone.Forecast(path);
            for (int h = 1; h <= 3; h++)
            {
                pool.WriteMemberForecasts(h, members);
                Assert.AreEqual((float)indices.Reseasonalise(path[h - 1], t + h), (float)members[Damped], $"t={t}, h={h}");
                Assert.IsTrue(double.IsNaN(members[Drift]), "no fitted drift with a season");
            }
            combined = Math.Max(combined, pool.Weight(1, Damped));
        }
        Assert.IsTrue(indices.Multiplicative);
        Assert.IsGreaterThan(0.0, combined, "combined (the learned Holt–Winters fit this series' fixed season better)");
    }

    [TestMethod]
    public void LongerSeasonsHaveNeither()
    {
        // Classical indices cost O(m) per step and need many seasons: a weekly pool with a yearly season has neither.
        Assert.IsFalse(ForecastPool.HasFittedDampedTrend(52));
        Assert.IsFalse(ForecastPool.HasFittedDampedTrend(24));
        var pool = new ForecastPool(52, 2);
        var model = new float[2]; Array.Fill(model, float.NaN);
        var forecast = new float[2];
        var members = new double[ForecastPool.MemberCount];
        var y = RealSeries.Co2();
        for (int t = 0; t < 100; t++) { pool.Observe(pool.Clean(y[t], learn: true), learn: true); pool.Combine(model, forecast); }
        pool.WriteMemberForecasts(1, members);
        Assert.IsTrue(double.IsNaN(members[Drift]) && double.IsNaN(members[Damped]));
    }

    [TestMethod]
    [DataRow(1)]
    [DataRow(4)]
    [DataRow(12)]
    public void SaveLoadPredictReproducesTheMembersAndTheCombination(int season)
    {
        var y = season switch { 1 => IntegratedSeries.Drifting(260, 7, 0.5), 4 => SeasonalSeries.Quarterly(260, 7), _ => RealSeries.Co2()[..260] };
        var pool = new ForecastPool(season, 3);
        var model = new float[3]; Array.Fill(model, float.NaN);
        var a = new float[3]; var b = new float[3];
        for (int t = 0; t < 160; t++) { pool.Observe(pool.Clean(y[t], learn: true), learn: true); pool.Combine(model, a); }
        var copy = pool.Clone();
        var ma = new double[ForecastPool.MemberCount]; var mb = new double[ForecastPool.MemberCount];
        for (int t = 160; t < 260; t++)
        {
            pool.Observe(pool.Clean(y[t], learn: true), learn: true); pool.Combine(model, a);
            copy.Observe(copy.Clean(y[t], learn: true), learn: true); copy.Combine(model, b);
            CollectionAssert.AreEqual(a, b, $"t={t}");
            pool.WriteMemberForecasts(3, ma); copy.WriteMemberForecasts(3, mb);
            CollectionAssert.AreEqual(ma, mb, $"members, t={t}");
        }
        Assert.IsTrue(double.IsFinite(ma[Damped]));
        Assert.AreEqual(season == 1, double.IsFinite(ma[Drift]));
    }
}

using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Rtu.MLNet;
using Rtu.RainPrediction;
using Rtu.Trainers.Cells;

// "How much rain in the coming ~10 days?": the discounted sum of future precipitation, G_t = Σ_k≥1 0.9^(k−1) rain_{t+k},
// predicted each day by TD(λ) from today's weather and the season. Fit on 2012–2013, then predict 2014–2015 online (learning as it goes,
// as deployed), scored by MSRE against the true return computed offline from the data.
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
const double Gamma = 0.9;
const string Usage = "Usage: Rtu.RainPrediction [path.csv] (columns timestamp,precipitation,temp_max,temp_min,wind; daily rows, " +
    "fitted on the years up to 2013 and scored on 2014 on; default: the Seattle data next to the program)";
if (args is ["--help"] or ["-h"]) { Console.WriteLine(Usage); return; }
if (args.Length > 1) { Fail($"Expected at most one argument, got {args.Length}. {Usage}"); return; }
string path = args.Length > 0 ? args[0] : Path.Combine(AppContext.BaseDirectory, "data", "seattle_weather_daily.csv");
WeatherDay[] days;
try { days = WeatherCsv.Load(path); }
catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
{
    Fail($"{(e is InvalidDataException ? e.Message : $"Cannot read {path}: {e.Message}")} {Usage}");   // format errors name the file and line
    return;
}
var train = days.Where(d => d.Year <= 2013).ToArray();
var test = days.Where(d => d.Year >= 2014).ToArray();
if (train.Length == 0 || test.Length == 0)
{
    Fail($"{path} has {train.Length} days up to 2013 and {test.Length} from 2014 on; both are needed (fit, then score). {Usage}");
    return;
}
Console.WriteLine($"Seattle daily weather: {days.Length} days ({days[0].Date} … {days[^1].Date}); fit on {train.Length} days (2012–2013), score {test.Length} days (2014–2015) online; γ = {Gamma}");

var ml = new MLContext(seed: 1);
var trainView = ml.Data.LoadFromEnumerable(train);
var testView = ml.Data.LoadFromEnumerable(test);
var results = new List<(string Name, RtuDiscountedSumMetrics Metrics, string Note)>();

RtuDiscountedSumOptions Options(RecurrentArchitecture architecture) => new()
{
    FeaturesColumnName = nameof(WeatherDay.Features), SignalColumnName = nameof(WeatherDay.Precipitation), Gamma = Gamma, Lambda = 0.9,
    Architecture = architecture, Units = 16, LearningRate = 1e-3, Epochs = 3, LearnDuringTransform = true,
};

float[][]? trainState = null, testState = null;
foreach (var (name, architecture) in new[] { ("RTU (linear, 16 units), TD(λ)", RecurrentArchitecture.LinearRtu), ("memoryless, TD(λ)", RecurrentArchitecture.Memoryless) })
{
    var options = Options(architecture);
    var model = ml.Transforms.PredictDiscountedSum(options).Fit(trainView);
    var scored = model.Transform(testView);
    results.Add((name, RtuDiscountedSum.Evaluate(scored, options), "online on the test years"));
    if (architecture == RecurrentArchitecture.LinearRtu)
    {
        trainState = States(ml, model.Transform(trainView), options.StateColumnName);
        testState = States(ml, scored, options.StateColumnName);
    }
}

var signalTrain = train.Select(d => d.Precipitation).ToArray();
var signalTest = test.Select(d => d.Precipitation).ToArray();
var (gTrain, completeTrain) = RtuDiscountedSum.Returns(signalTrain, Gamma);

// Climatology: the training years' mean return for the same day of the year (±15 days).
var climatology = test.Select(d => (float)train.Select((x, i) => (x, i)).Where(p => p.i < completeTrain && CircularDistance(p.x.DayOfYear, d.DayOfYear) <= 15).Average(p => gTrain[p.i])).ToArray();
results.Add(("seasonal climatology", RtuDiscountedSum.Evaluate(signalTest, climatology, Gamma), "mean 2012–13 return, same day of year ± 15"));
float mean = (float)gTrain.Take(completeTrain).Average();
results.Add(("constant (mean return)", RtuDiscountedSum.Evaluate(signalTest, Enumerable.Repeat(mean, test.Length).ToArray(), Gamma), "2012–13 mean"));

// Oracles: least squares fitted to the TRUE returns of 2012–13 (they see the future during fitting), scored on 2014–15.
var features = (WeatherDay d) => d.Features.Select(x => (double)x).ToArray(); // weather and season, as the TD predictors see them
results.Add(("oracle-fitted linear, today's weather + season", Oracle(train.Select(features).ToArray(), gTrain, completeTrain, test.Select(features).ToArray()), "least squares on the true return"));
results.Add(("oracle-fitted linear on the RTU state + weather + season",
    Oracle(train.Select((d, i) => features(d).Concat(trainState![i].Select(x => (double)x)).ToArray()).ToArray(), gTrain, completeTrain,
        test.Select((d, i) => features(d).Concat(testState![i].Select(x => (double)x)).ToArray()).ToArray()), "least squares on the true return"));
results.Add(("true return (oracle)", RtuDiscountedSum.Evaluate(signalTest, RtuDiscountedSum.Returns(signalTest, Gamma).Returns.Select(x => (float)x).ToArray(), Gamma), "0 by definition"));

Console.WriteLine();
Console.WriteLine($"{"predictor",-58} {"MSRE",9} {"MSRE/Var(G)",12}  note");
foreach (var (name, m, note) in results) Console.WriteLine($"{name,-58} {m.Msre,9:F1} {m.NormalizedMsre,12:F3}  {note}");
Console.WriteLine($"({results[0].Metrics.Rows} days scored; Var(G) = {results[0].Metrics.ReturnVariance:F1} mm²; the last {test.Length - results[0].Metrics.Rows} days lack a complete return)");

RtuDiscountedSumMetrics Oracle(double[][] x, double[] g, int complete, double[][] xTest)
{
    var w = Ridge.Fit(x.Take(complete).ToArray(), g.Take(complete).ToArray(), 1e-3);
    var predictions = xTest.Select(r => (float)Ridge.Predict(w, r)).ToArray();
    return RtuDiscountedSum.Evaluate(signalTest, predictions, Gamma);
}

static int CircularDistance(int a, int b) { int d = Math.Abs(a - b); return Math.Min(d, 365 - d); }

static float[][] States(MLContext ml, IDataView scored, string column)
{
    var col = scored.Schema[column];
    var list = new List<float[]>();
    using var cursor = scored.GetRowCursor([col]);
    var g = cursor.GetGetter<VBuffer<float>>(col);
    VBuffer<float> v = default;
    while (cursor.MoveNext()) { g(ref v); list.Add(v.DenseValues().ToArray()); }
    return list.ToArray();
}

static void Fail(string message)
{
    Console.Error.WriteLine(message);
    Environment.ExitCode = 2;
}

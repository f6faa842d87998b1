// Quick start: a linear RTU learns, online and one step at a time, to recall a bit it saw `delay` steps ago.
// No batches, no epochs, no look-ahead: each step predicts, then learns from that step's error (RTRL + Adam).
// A memoryless network cannot beat an error of 0.25 on this task (the best it can do is predict 0.5);
// the RTU's error falls well below it as its traces learn the delay.
using System.Diagnostics;
using Rtu.Trainers.Cells;
using Rtu.Trainers.Layers;
using Rtu.Trainers.Numerics;
using Rtu.Trainers.Optimization;

int steps = 30_000;
if (args.Length > 1 || (args.Length == 1 && !(int.TryParse(args[0], out steps) && steps > 0)))
{
    Console.Error.WriteLine("Usage: Rtu.QuickStart [steps] (a positive whole number; default 30000)");
    Environment.ExitCode = args is ["--help"] or ["-h"] ? 0 : 2;
    return;
}
const int delay = 4;
const int reportEvery = 2000;   // a row of the table every 2,000 steps, and one at the last step when steps is not a multiple
var rng = new Rng(1);
var layer = RecurrentLayerFactory.Create<float>(1, new RecurrentLayerOptions { Architecture = RecurrentArchitecture.LinearRtu, Units = 16 }, 1, rng.Fork());
var head = new DenseLayer<float>(layer.OutputSize, 1, Activation.Identity, rng.Fork(), name: "head");
var optimizer = new Adam<float>([layer.Parameters, head.Parameters], learningRate: 3e-3);

var history = new Queue<float>();
float[] x = new float[1], y = new float[layer.OutputSize], prediction = new float[1], dPrediction = new float[1], dy = new float[layer.OutputSize];
double windowError = 0;
int windowSteps = 0;
var watch = Stopwatch.StartNew();
Console.WriteLine($"Online recall of the bit seen {delay} steps ago with {layer.Description}; a memoryless model scores 0.250.");
Console.WriteLine($"   step   mean squared error (last {reportEvery} steps)");
for (int t = 1; t <= steps; t++)
{
    x[0] = rng.Bernoulli(0.5) ? 1f : 0f;
    history.Enqueue(x[0]);
    float target = history.Count > delay ? history.Dequeue() : 0f;

    layer.Step(x, y);
    head.Forward(y, prediction);
    float error = prediction[0] - target;
    windowError += error * error;
    windowSteps++;

    // Learn from this step only: dL/dŷ for L = ½(ŷ − target)², back through the head into the RTU's traces.
    dPrediction[0] = error;
    head.Backward(y, prediction, dPrediction, dy);
    layer.Backward(dy, default);
    optimizer.Step();
    ParameterGroup.ZeroGradients([layer.Parameters, head.Parameters]);

    if (t % reportEvery == 0 || t == steps)
    {
        // The last row of a run that does not end on a multiple of reportEvery covers fewer steps: it says how many.
        Console.WriteLine(windowSteps == reportEvery ? $"{t,7}   {windowError / reportEvery:F4}" : $"{t,7}   {windowError / windowSteps:F4}   (last {(windowSteps == 1 ? "step" : $"{windowSteps} steps")})");
        windowError = 0;
        windowSteps = 0;
    }
}
Console.WriteLine($"Done: {steps} online steps in {watch.Elapsed.TotalSeconds:F1} s ({watch.Elapsed.TotalMicroseconds / steps:F1} µs per step).");

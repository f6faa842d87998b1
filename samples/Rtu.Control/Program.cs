// Rtu.Control: PPO with a recurrent trunk trained by exact RTRL (spec §3b) on POPGym and partially observable
// MuJoCo tasks. Writes a learning-curve CSV and PNG and checkpoints that resume exactly.
//
//   dotnet run -c Release --project samples/Rtu.Control -- --env RepeatPreviousEasy --arch rtu-linear --steps 200000
//   dotnet run -c Release --project samples/Rtu.Control -- plot results/a.csv results/b.csv -o results/ab.png
//   dotnet run -c Release --project samples/Rtu.Control -- --env RepeatPreviousEasy --steps 300000 --export policy.onnx
//   dotnet run -c Release --project samples/Rtu.Control -- serve policy.onnx --env RepeatPreviousEasy
using System.CommandLine;
using Rtu.Control;
using Rtu.Trainers.Environments;
using Rtu.Trainers.Learning.Ppo;

var defaults = new PpoOptions();
string envList = string.Join(", ", EnvironmentRegistry.Names);
var env = new Option<string>("--env") { Description = $"Environment. One of: {envList}.", DefaultValueFactory = _ => "StatelessCartPoleEasy" };
var arch = new Option<string>("--arch") { Description = $"Trunk: {string.Join(" | ", Architectures.Names)}.", DefaultValueFactory = _ => "rtu-linear" };
arch.AcceptOnlyFromAmong(Architectures.Names);
var steps = new Option<long>("--steps") { Description = "Environment steps to train (all environments together).", DefaultValueFactory = _ => 200_000 };
var seed = new Option<ulong>("--seed") { Description = "Seed of everything (parameters, sampling, environments).", DefaultValueFactory = _ => 1 };
var envs = new Option<int>("--envs") { Description = "Environments stepped in parallel (the paper: 1).", DefaultValueFactory = _ => defaults.EnvironmentCount };
var rollout = new Option<int>("--rollout") { Description = "Steps per environment per update (the paper: 2048).", DefaultValueFactory = _ => defaults.RolloutSteps };
var minibatches = new Option<int>("--minibatches") { Description = "Minibatches per epoch (the paper: 32).", DefaultValueFactory = _ => defaults.MinibatchCount };
var epochs = new Option<int>("--epochs") { Description = "Epochs per update.", DefaultValueFactory = _ => defaults.Epochs };
var units = new Option<int>("--units") { Description = "RTU units n (other trunks get the same number of recurrent parameters; the paper: 192).", DefaultValueFactory = _ => defaults.Recurrent.Units };
var trunkUnits = new Option<int>("--trunk-units") { Description = "Units of the trunk itself, instead of sizing it to the linear RTU's recurrent parameters (0 = sized; the run is named ENV-ARCH-nUNITS-sSEED).", DefaultValueFactory = _ => 0 };
var openUnitShare = new Option<double?>("--open-unit-share") { Description = "rtu-gated only: share of units whose gates are fixed open (exactly linear-RTU units), in [0, 1); default the cell's (0.5). The trunk is sized by trained parameters and the run named ENV-rtu-gated-openPERCENT-sSEED." };
var decayGateInit = new Option<string?>("--decay-gate-init") { Description = "rtu-gated only: MIN,MAX of the gated units' initial decay gates a0, drawn log-uniform (0 < MIN <= MAX < 1; default the cell's, 0.002,0.1; init only). The run is named ENV-rtu-gated-aMIN-MAX-sSEED." };
var truncation = new Option<int>("--truncation") { Description = "T-BPTT window of the GRU.", DefaultValueFactory = _ => defaults.Recurrent.Truncation };
var activation = new Option<string>("--activation") { Description = "Activation f of the RTU / LRU output / memoryless layer (the paper: relu).", DefaultValueFactory = _ => "relu" };
activation.AcceptOnlyFromAmong("relu", "tanh", "identity");
var lr = new Option<double>("--lr") { Description = "Adam step size.", DefaultValueFactory = _ => defaults.LearningRate };
var entropy = new Option<double>("--ent-coef") { Description = "Entropy bonus weight.", DefaultValueFactory = _ => defaults.EntropyCoefficient };
var freshGradients = new Option<bool>("--fresh-gradients") { Description = "Refresh the stored carries/traces after each epoch (stale_gradient = false)." };
var freshTargets = new Option<bool>("--fresh-targets") { Description = "Recompute values and advantages after each epoch (stale_target = false)." };
var bootstrap = new Option<string>("--bootstrap-truncated") { Description = "Bootstrap V on truncation: auto (off for POPGym, whose fixed-length ends are terminal as in the paper; on otherwise), on, off.", DefaultValueFactory = _ => "auto" };
bootstrap.AcceptOnlyFromAmong("auto", "on", "off");
var prevActionReward = new Option<bool>("--prev-action-reward") { Description = "Append one-hot(previous action) and the previous reward to the observation (AliasRewardPrevAction)." };
var paper = new Option<bool>("--paper") { Description = "Use the paper's released configuration (1 env, 2048 steps, 32 minibatches, n = 192, lr 1e-4); other size options are ignored." };
var output = new Option<string>("--output", "-o") { Description = "Folder for the CSV, PNG and checkpoints.", DefaultValueFactory = _ => "runs" };
var checkpointEvery = new Option<int>("--checkpoint-every") { Description = "Save a checkpoint every this many updates (and at the end); 0 = only at the end.", DefaultValueFactory = _ => 20 };
var resume = new Option<string?>("--resume") { Description = "Resume from a checkpoint file with its settings (environment, seed, trunk, PPO options; a different one given here is refused); --steps is the new total." };
var export = new Option<string?>("--export") { Description = "After training, export the policy (observation normaliser, trunk, actor and critic) to this ONNX file; with --resume and --steps 0 it exports a checkpoint." };
var noProgress = new Option<bool>("--no-progress") { Description = "Print one line per update instead of a progress bar." };

var root = new RootCommand("PPO with an RTRL-trained recurrent trunk (RTU, Online LRU, GRU or memoryless) on POPGym and MuJoCo -P/-V tasks.")
{
    env, arch, steps, seed, envs, rollout, minibatches, epochs, units, trunkUnits, openUnitShare, decayGateInit, truncation, activation, lr, entropy, freshGradients, freshTargets, bootstrap, prevActionReward,
    paper, output, checkpointEvery, resume, export, noProgress,
};
root.SetAction(parse =>
{
    long totalSteps = parse.GetValue(steps);
    string? resumeFrom = parse.GetValue(resume);
    if (totalSteps < 0 || (totalSteps == 0 && resumeFrom is null))
    {
        Console.Error.WriteLine($"--steps must be positive (0 only with --resume, to export a checkpoint), got {totalSteps}.");
        return 2;
    }
    if (parse.GetValue(checkpointEvery) < 0)
    {
        Console.Error.WriteLine($"--checkpoint-every must be 0 (only at the end) or positive, got {parse.GetValue(checkpointEvery)}.");
        return 2;
    }
    if (resumeFrom is not null && !File.Exists(resumeFrom))
    {
        Console.Error.WriteLine($"Checkpoint '{resumeFrom}' does not exist.");
        return 2;
    }
    PpoTrainer<float>? resumed = null;
    try { resumed = resumeFrom is null ? null : PpoTrainer<float>.Load(resumeFrom); }
    catch (InvalidDataException e)
    {
        Console.Error.WriteLine($"Cannot resume from '{resumeFrom}': {e.Message}");
        return 2;
    }
    using var _ = resumed;
    PpoOptions? saved = resumed?.Options;
    // A resumed run continues with its checkpoint's settings: a flag left out takes the checkpoint's value (so the
    // trunk is sized as it was), and a flag given must agree with it (checked below).
    bool Given(Option option) => parse.GetResult(option) is { Implicit: false };
    string envName = saved is null || Given(env) ? parse.GetValue(env)! : resumed!.EnvironmentName;
    if (!EnvironmentRegistry.IsRegistered(envName))
    {
        Console.Error.WriteLine($"Unknown environment '{envName}'. Valid names: {envList}.");
        return 2;
    }
    string archName = saved is null || Given(arch) ? parse.GetValue(arch)! : Architectures.NameOf(saved.Recurrent.Architecture);
    // The checkpoint's gate settings size a gated trunk only if the trunk is (still) gated.
    bool savedGated = saved?.Recurrent.Architecture == Rtu.Trainers.Cells.RecurrentArchitecture.GatedRtu && archName == "rtu-gated";
    double? share = saved is null || Given(openUnitShare) || !savedGated ? parse.GetValue(openUnitShare) : saved.Recurrent.OpenUnitShare;
    if (share is double s && !(s >= 0 && s < 1))
    {
        Console.Error.WriteLine($"--open-unit-share must be in [0, 1), got {s}.");
        return 2;
    }
    if (share is not null && archName != "rtu-gated")
    {
        Console.Error.WriteLine($"--open-unit-share applies to rtu-gated only, not {archName}.");
        return 2;
    }
    (double Min, double Max)? a0Range = saved is not null && savedGated && !Given(decayGateInit)
        ? (saved.Recurrent.DecayGateInitMin, saved.Recurrent.DecayGateInitMax) : null;
    if (parse.GetValue(decayGateInit) is string range)
    {
        if (archName != "rtu-gated")
        {
            Console.Error.WriteLine($"--decay-gate-init applies to rtu-gated only, not {archName}.");
            return 2;
        }
        try { a0Range = Architectures.ParseDecayGateInit(range); }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }
    }
    bool isMujoco = Rtu.Trainers.Environments.Mujoco.MujocoEnvironments.Names.Contains(envName);
    if (isMujoco && !Rtu.Trainers.Environments.Mujoco.MujocoEnvironments.IsAvailable(out string? noMujoco))
    {
        Console.Error.WriteLine($"{envName} needs MuJoCo: {noMujoco}");
        return 2;
    }
    bool bootstrapTruncated = parse.GetValue(bootstrap) switch { "on" => true, "off" => false, _ => isMujoco };
    var basis = parse.GetValue(paper) ? PpoOptions.Paper : new PpoOptions
    {
        EnvironmentCount = parse.GetValue(envs), RolloutSteps = parse.GetValue(rollout), MinibatchCount = parse.GetValue(minibatches),
        LearningRate = parse.GetValue(lr),
    };
    int rtuUnits = parse.GetValue(paper) ? basis.Recurrent.Units : parse.GetValue(units);
    int namedUnits = parse.GetValue(paper) ? 0 : parse.GetValue(trunkUnits);
    if (resumed is not null && !Given(trunkUnits)) namedUnits = ResumedSettings.NamedTrunkUnits(resumeFrom!, saved!);
    var activationOf = parse.GetValue(activation) switch { "tanh" => Rtu.Trainers.Numerics.Activation.Tanh, "identity" => Rtu.Trainers.Numerics.Activation.Identity, _ => Rtu.Trainers.Numerics.Activation.Relu };
    var options = basis with
    {
        Seed = parse.GetValue(seed),
        Epochs = parse.GetValue(epochs),
        EntropyCoefficient = parse.GetValue(entropy),
        StaleGradients = !parse.GetValue(freshGradients),
        StaleTargets = !parse.GetValue(freshTargets),
        BootstrapTruncated = bootstrapTruncated,
        AppendPreviousActionAndReward = parse.GetValue(prevActionReward),
        Recurrent = Architectures.Options(archName, basis.SharedHiddenSize, rtuUnits,
            saved is null || Given(truncation) ? parse.GetValue(truncation) : saved.Recurrent.Truncation,
            saved is null || Given(activation) ? activationOf : saved.Recurrent.Activation,
            namedUnits, share, a0Range),
    };
    if (saved is not null)
    {
        string? contradiction = ResumedSettings.Contradiction(
        [
            (env, Given(env), envName, resumed!.EnvironmentName),
            (seed, Given(seed), options.Seed, saved.Seed),
            (envs, Given(envs), options.EnvironmentCount, saved.EnvironmentCount),
            (rollout, Given(rollout), options.RolloutSteps, saved.RolloutSteps),
            (minibatches, Given(minibatches), options.MinibatchCount, saved.MinibatchCount),
            (epochs, Given(epochs), options.Epochs, saved.Epochs),
            (lr, Given(lr), options.LearningRate, saved.LearningRate),
            (entropy, Given(entropy), options.EntropyCoefficient, saved.EntropyCoefficient),
            (freshGradients, Given(freshGradients), !options.StaleGradients, !saved.StaleGradients),
            (freshTargets, Given(freshTargets), !options.StaleTargets, !saved.StaleTargets),
            (bootstrap, Given(bootstrap), options.BootstrapTruncated, saved.BootstrapTruncated),
            (prevActionReward, Given(prevActionReward), options.AppendPreviousActionAndReward, saved.AppendPreviousActionAndReward),
            (paper, Given(paper), ResumedSettings.PaperSizes(options), ResumedSettings.PaperSizes(saved)),
            (arch, Given(arch), archName, Architectures.NameOf(saved.Recurrent.Architecture)),
            (units, Given(units), options.Recurrent.Units, saved.Recurrent.Units),
            (trunkUnits, Given(trunkUnits), options.Recurrent.Units, saved.Recurrent.Units),
            (openUnitShare, Given(openUnitShare), options.Recurrent.OpenUnitShare, saved.Recurrent.OpenUnitShare),
            (decayGateInit, Given(decayGateInit), (options.Recurrent.DecayGateInitMin, options.Recurrent.DecayGateInitMax),
                (saved.Recurrent.DecayGateInitMin, saved.Recurrent.DecayGateInitMax)),
            (truncation, Given(truncation), options.Recurrent.Truncation, saved.Recurrent.Truncation),
            (activation, Given(activation), options.Recurrent.Activation, saved.Recurrent.Activation),
        ]);
        if (contradiction is not null)
        {
            Console.Error.WriteLine($"Cannot resume from '{resumeFrom}': {contradiction}");
            return 2;
        }
    }
    else
    {
        try { options.Validate(); }
        catch (ArgumentOutOfRangeException e)
        {
            // PpoOptions names its own property; say which flag sets it.
            Console.Error.WriteLine($"{OptionFlags.FlagOf(e.ParamName)}: {e.Message.Split('\n')[0]}");
            return 2;
        }
    }
    var trainer = resumed ?? new PpoTrainer<float>(envName, options);
    var run = new TrainingRun(trainer, namedUnits, totalSteps, parse.GetValue(output)!, parse.GetValue(checkpointEvery),
        resumeFrom, !parse.GetValue(noProgress) && !Console.IsOutputRedirected, parse.GetValue(export));
    return run.Execute();
});

var plotFiles = new Argument<string[]>("csv") { Description = "Learning-curve CSV files; the label is the file name, with as many of its folders as tell files of the same name apart.", Arity = ArgumentArity.OneOrMore };
var plotOut = new Option<string>("--output", "-o") { Description = "PNG to write.", DefaultValueFactory = _ => "curves.png" };
var plotTitle = new Option<string>("--title") { Description = "Plot title.", DefaultValueFactory = _ => "PPO learning curves" };
var plot = new Command("plot", "Plot several learning-curve CSVs together.") { plotFiles, plotOut, plotTitle };
plot.SetAction(parse =>
{
    var files = parse.GetValue(plotFiles)!;
    if (files.FirstOrDefault(f => !File.Exists(f)) is string missing)
    {
        Console.Error.WriteLine($"Learning-curve file '{missing}' does not exist.");
        return 2;
    }
    if (files.FirstOrDefault(f => File.ReadLines(f).FirstOrDefault() != LearningCurve.Header) is string other)
    {
        Console.Error.WriteLine($"'{other}' is not a learning-curve CSV (its header is not {LearningCurve.Header}).");
        return 2;
    }
    LearningCurve.Plot(parse.GetValue(plotTitle)!, CurveLabels.Of(files).Zip(files).ToList(), parse.GetValue(plotOut)!);
    Console.WriteLine($"Wrote {parse.GetValue(plotOut)}");
    return 0;
});
root.Subcommands.Add(plot);

var servePolicy = new Argument<string>("policy") { Description = "ONNX policy written by --export." };
var serveEnv = new Option<string>("--env") { Description = "Environment to play.", DefaultValueFactory = _ => "StatelessCartPoleEasy" };
var serveEnvs = new Option<int>("--envs") { Description = "Environments served together (one batch row each).", DefaultValueFactory = _ => 16 };
var serveEpisodes = new Option<int>("--episodes") { Description = "Episodes to play.", DefaultValueFactory = _ => 100 };
var serveSeed = new Option<ulong>("--seed") { Description = "Seed of the environments.", DefaultValueFactory = _ => 1000 };
var serve = new Command("serve", "Play episodes with an exported ONNX policy on ONNX Runtime (greedy actions), without the training code.")
    { servePolicy, serveEnv, serveEnvs, serveEpisodes, serveSeed };
serve.SetAction(parse => PolicyServing.Run(parse.GetValue(servePolicy)!, parse.GetValue(serveEnv)!, parse.GetValue(serveEnvs), parse.GetValue(serveEpisodes), parse.GetValue(serveSeed)));
root.Subcommands.Add(serve);
return root.Parse(args).Invoke();

using Rtu.Trainers.Learning.Ppo;

namespace Rtu.Control;

/// <summary>Which command-line flag sets a <see cref="PpoOptions"/> property, so a refused option is reported by its flag.</summary>
internal static class OptionFlags
{
    public static string FlagOf(string? property) => property switch
    {
        nameof(PpoOptions.EnvironmentCount) => "--envs",
        nameof(PpoOptions.RolloutSteps) => "--rollout",
        nameof(PpoOptions.MinibatchCount) => "--minibatches",
        nameof(PpoOptions.Epochs) => "--epochs",
        nameof(PpoOptions.LearningRate) => "--lr",
        nameof(PpoOptions.EntropyCoefficient) => "--ent-coef",
        nameof(PpoOptions.Recurrent) => "--units / --trunk-units / --truncation",
        _ => property ?? "an option",
    };
}

namespace Rtu.Trainers.Environments.PopGym;

/// <summary>
/// POPGym HigherLower (original rules): guess whether the next card's rank is higher or lower than the current one.
/// Decks: Easy 1, Medium 2, Hard 3 (N = 52·decks cards).
/// <para>Observation (13 floats): one-hot rank (ace = 0 … king = 12) of the current card. Actions: 0 = higher,
/// 1 = lower.</para>
/// <para>Reset deals card 0. Each step deals the next card and rewards 0 on equal ranks, +1/N for a right guess and
/// −1/N for a wrong one. N − 1 steps, the last one <see cref="StepResult.Terminated"/>. Return ∈ [−1, 1]; a random
/// policy averages 0.</para>
/// </summary>
public sealed class HigherLower : EpisodicEnvironment
{
    private readonly CardDeck _deck;
    private int _dealt;

    /// <summary>Creates the task at <paramref name="difficulty"/>, seeded by <paramref name="seed"/>.</summary>
    public HigherLower(PopGymDifficulty difficulty, ulong seed)
        : base("HigherLower" + difficulty, 13, ActionSpace.Discrete(2), seed)
    {
        _deck = new CardDeck(difficulty switch
        {
            PopGymDifficulty.Easy => 1,
            PopGymDifficulty.Medium => 2,
            PopGymDifficulty.Hard => 3,
            _ => throw new ArgumentOutOfRangeException(nameof(difficulty), difficulty, "Unknown difficulty."),
        });
    }

    /// <summary>Cards in the deck, N.</summary>
    public int CardCount => _deck.Count;

    /// <summary>Steps per episode, N − 1.</summary>
    public int EpisodeLength => _deck.Count - 1;

    /// <summary>Rank of the next card to be dealt (hidden state, for tests and oracles).</summary>
    internal int NextRank => CardDeck.Rank(_deck[_dealt + 1]);

    /// <inheritdoc />
    protected override void ResetCore(Span<float> observation)
    {
        _deck.Shuffle(Rng);
        _dealt = 0;
        observation[CardDeck.Rank(_deck[0])] = 1f;
    }

    /// <inheritdoc />
    protected override StepResult StepCore(int action, Span<float> observation)
    {
        bool guessHigher = action == 0;
        bool terminated = _deck.Count - 1 - _dealt <= 1;
        int current = CardDeck.Rank(_deck[_dealt]);
        _dealt++;
        int next = CardDeck.Rank(_deck[_dealt]);
        double scale = 1.0 / _deck.Count;
        double reward = next == current ? 0 : (next > current) == guessHigher ? scale : -scale;
        observation[next] = 1f;
        return new StepResult(reward, terminated, false);
    }
}

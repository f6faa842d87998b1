namespace Rtu.Trainers.Environments.PopGym;

/// <summary>
/// POPGym RepeatFirst (original rules): the agent must keep outputting the suit of the first card it saw.
/// Decks: Easy 1, Medium 8, Hard 16 (N = 52·decks cards).
/// <para>Observation (4 floats): one-hot suit of the card just dealt. Actions: 4 (a suit).</para>
/// <para>Reset deals card 0. Each of the N − 1 steps rewards ±1/(N − 1) for action == suit(card 0), then deals the next
/// card; the (N − 1)-th step is flagged <see cref="StepResult.Truncated"/> (as in the original, not terminated).
/// Return ∈ [−1, 1]; a uniform random policy averages −0.5.</para>
/// </summary>
public sealed class RepeatFirst : EpisodicEnvironment
{
    private readonly CardDeck _deck;
    private int _dealt;
    private int _firstSuit;

    /// <summary>Creates the task at <paramref name="difficulty"/>, seeded by <paramref name="seed"/>.</summary>
    public RepeatFirst(PopGymDifficulty difficulty, ulong seed)
        : base("RepeatFirst" + difficulty, 4, ActionSpace.Discrete(4), seed)
    {
        _deck = new CardDeck(difficulty switch
        {
            PopGymDifficulty.Easy => 1,
            PopGymDifficulty.Medium => 8,
            PopGymDifficulty.Hard => 16,
            _ => throw new ArgumentOutOfRangeException(nameof(difficulty), difficulty, "Unknown difficulty."),
        });
    }

    /// <summary>Cards in the deck, N.</summary>
    public int CardCount => _deck.Count;

    /// <summary>Steps per episode, N − 1.</summary>
    public int EpisodeLength => _deck.Count - 1;

    /// <summary>The suit the agent must repeat in the current episode.</summary>
    public int TargetSuit => _firstSuit;

    /// <inheritdoc />
    protected override void ResetCore(Span<float> observation)
    {
        _deck.Shuffle(Rng);
        _dealt = 0;
        _firstSuit = CardDeck.Suit(_deck[0]);
        observation[_firstSuit] = 1f;
    }

    /// <inheritdoc />
    protected override StepResult StepCore(int action, Span<float> observation)
    {
        double scale = 1.0 / (_deck.Count - 1);
        double reward = action == _firstSuit ? scale : -scale;
        bool truncated = _deck.Count - 1 - _dealt == 1;
        _dealt++;
        observation[CardDeck.Suit(_deck[_dealt])] = 1f;
        return new StepResult(reward, false, truncated);
    }
}

namespace Rtu.Trainers.Environments.PopGym;

/// <summary>
/// POPGym RepeatPrevious (original rules): output the suit of the card shown k − 1 observations before the current
/// one. Easy: 1 deck, k = 4; Medium: 2 decks, k = 32; Hard: 3 decks, k = 64 (N = 52·decks cards).
/// <para>Observation (4 floats): one-hot suit of the card just dealt. Actions: 4 (a suit).</para>
/// <para>Reset deals card 0 (observation 0). Step j (1-based) rewards 0 while j &lt; k and otherwise
/// ±1/(N − k) for action == suit(card[j − k]); the card just seen is card[j − 1], so the target lies k − 1 cards back
/// (the original's offset). N − 1 steps; the last is flagged <see cref="StepResult.Truncated"/> as in the original.
/// Return ∈ [−1, 1]; a uniform random policy averages −0.5.</para>
/// </summary>
public sealed class RepeatPrevious : EpisodicEnvironment
{
    private readonly CardDeck _deck;
    private int _dealt;

    /// <summary>Creates the task at <paramref name="difficulty"/>, seeded by <paramref name="seed"/>.</summary>
    public RepeatPrevious(PopGymDifficulty difficulty, ulong seed)
        : base("RepeatPrevious" + difficulty, 4, ActionSpace.Discrete(4), seed)
    {
        (int decks, int k) = difficulty switch
        {
            PopGymDifficulty.Easy => (1, 4),
            PopGymDifficulty.Medium => (2, 32),
            PopGymDifficulty.Hard => (3, 64),
            _ => throw new ArgumentOutOfRangeException(nameof(difficulty), difficulty, "Unknown difficulty."),
        };
        _deck = new CardDeck(decks);
        K = k;
    }

    /// <summary>The original's k: step j is scored against card j − k.</summary>
    public int K { get; }

    /// <summary>Cards in the deck, N.</summary>
    public int CardCount => _deck.Count;

    /// <summary>Steps per episode, N − 1.</summary>
    public int EpisodeLength => _deck.Count - 1;

    /// <summary>The suit that scores at the next step, or −1 while the next step is unscored.</summary>
    public int TargetSuit => _dealt + 1 >= K ? CardDeck.Suit(_deck[_dealt + 1 - K]) : -1;

    /// <inheritdoc />
    protected override void ResetCore(Span<float> observation)
    {
        _deck.Shuffle(Rng);
        _dealt = 0;
        observation[CardDeck.Suit(_deck[0])] = 1f;
    }

    /// <inheritdoc />
    protected override StepResult StepCore(int action, Span<float> observation)
    {
        double reward = 0;
        int handSize = _dealt + 1;
        if (handSize >= K)
        {
            double scale = 1.0 / (_deck.Count - K);
            reward = action == CardDeck.Suit(_deck[handSize - K]) ? scale : -scale;
        }
        bool truncated = _deck.Count - 1 - _dealt == 1;
        _dealt++;
        observation[CardDeck.Suit(_deck[_dealt])] = 1f;
        return new StepResult(reward, false, truncated);
    }
}

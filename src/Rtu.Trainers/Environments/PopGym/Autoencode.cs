namespace Rtu.Trainers.Environments.PopGym;

/// <summary>
/// POPGym Autoencode (original rules): watch a deck of cards, then recite their suits in reverse order.
/// Decks: Easy 1, Medium 2, Hard 3 (N = 52·decks cards).
/// <para>Observation (5 floats): [watch flag (1 = WATCH, 0 = PLAY), one-hot suit (4)]. During WATCH the suit is the
/// card just dealt. The step that deals the last card already reports PLAY (with that card's suit). During PLAY the
/// original observation is the tuple (0, 0), encoded here as [0, 1, 0, 0, 0]. Actions: 4 (a suit).</para>
/// <para>Reset deals card 0. Steps 1 … N − 1 deal the remaining cards (reward 0). Steps N … 2N − 1 each reward ±1/N
/// for action == suit of the most recently dealt card not yet recited (card N − 1 first, card 0 last); the last one
/// is <see cref="StepResult.Terminated"/>. 2N − 1 steps in all; return ∈ [−1, 1]; random policy ≈ −0.5.</para>
/// </summary>
public sealed class Autoencode : EpisodicEnvironment
{
    private readonly CardDeck _deck;
    private int _dealt;
    private int _remaining;
    private bool _watch;

    /// <summary>Creates the task at <paramref name="difficulty"/>, seeded by <paramref name="seed"/>.</summary>
    public Autoencode(PopGymDifficulty difficulty, ulong seed)
        : base("Autoencode" + difficulty, 5, ActionSpace.Discrete(4), seed)
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

    /// <summary>Steps per episode, 2N − 1.</summary>
    public int EpisodeLength => 2 * _deck.Count - 1;

    /// <summary>True while the next step is part of the WATCH phase (reward 0).</summary>
    public bool Watching => _watch;

    /// <summary>The suit that scores at the next step, or −1 during WATCH.</summary>
    public int TargetSuit => _watch ? -1 : CardDeck.Suit(_deck[_remaining - 1]);

    /// <inheritdoc />
    protected override void ResetCore(Span<float> observation)
    {
        _deck.Shuffle(Rng);
        _dealt = 0;
        _remaining = 0;
        _watch = true;
        observation[0] = 1f;
        observation[1 + CardDeck.Suit(_deck[0])] = 1f;
    }

    /// <inheritdoc />
    protected override StepResult StepCore(int action, Span<float> observation)
    {
        if (_watch)
        {
            _dealt++;
            if (_dealt == _deck.Count - 1)
            {
                _watch = false;
                _remaining = _deck.Count;
            }
            observation[0] = _watch ? 1f : 0f;
            observation[1 + CardDeck.Suit(_deck[_dealt])] = 1f;
            return new StepResult(0, false, false);
        }

        bool terminated = _remaining == 1;
        int correct = CardDeck.Suit(_deck[_remaining - 1]);
        _remaining--;
        double scale = 1.0 / _deck.Count;
        observation[1] = 1f;
        return new StepResult(action == correct ? scale : -scale, terminated, false);
    }
}
